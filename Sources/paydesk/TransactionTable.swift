import Foundation
import SupportAPI
import SupportCore
import SupportStore

extension Int64 {
    /// Division that rounds towards negative infinity (an hour of seconds before 1970 too).
    fileprivate func dividedRoundingDown(by divisor: Int64) -> Int64 { self >= 0 ? self / divisor : (self - divisor + 1) / divisor }
}

/// `tx list`'s table built as bytes from the rows as the store's statement reads them
/// (`EmbeddedClient.listTransactions`): each cell's bytes are copied once into one buffer,
/// the time and the amount are written as digits, and the table is laid out from that
/// buffer once the column widths are known. The general path (`Output.table` over
/// `Transaction`s, kept for `--server` and `--json`) made a `Transaction`, eight strings
/// and an array per row before printing any of them.
///
/// The output is byte for byte the general path's: a cell that is not printable ASCII
/// goes through the same `PlainText.cell`, and a time or an amount this table does not
/// write itself (before 1900, an hour in which the zone's offset changes, a currency other
/// than rupiah) through `TimeText.clock` and `Money.formatSigned`.
struct TransactionTable {
    static let header = ["REFERENCE", "TIME", "TYPE", "STATUS", "AMOUNT", "COUNTERPARTY", "CHANNEL", "FLAG"]

    /// Every cell's shown text, one after another, row after row.
    private var text: [UInt8] = []
    /// Each cell's byte count in `text`.
    private var lengths: [Int32] = []
    /// The few cells whose width is not their byte count (cleaned or wide text), by index.
    private var unusualWidths: [Int: Int] = [:]
    private var widths: [Int]
    private let clock = LocalClockText(zone: TimeText.zone)
    /// The last instant the clock wrote, and its fields.
    private var lastTime: (epoch: Int64, fields: LocalClockText.Fields)?
    /// An amount's digits, written backwards.
    private var digits: [UInt8] = Array(repeating: 0, count: 40)
    /// The last row's reference as stored: the cursor `tx list` prints for the next page.
    private var lastReference: [UInt8] = []
    private(set) var rows = 0

    init(expectedRows: Int) {
        widths = Self.header.map { PlainText.width($0) }
        text.reserveCapacity(min(expectedRows, 100_000) * 100)
        lengths.reserveCapacity(min(expectedRows, 100_000) * Self.header.count)
    }

    var lastRowReference: String? { rows == 0 ? nil : String(decoding: lastReference, as: UTF8.self) }

    mutating func add(_ row: TransactionListingRow) {
        cell(row.reference)
        time(row.at)
        cell(row.type.rawValue)
        cell(row.status.rawValue)
        // `Transaction.signedAmount`, the same arithmetic (and the same trap on overflow).
        amount(row.type.isCredit ? row.amount : -row.amount, currency: row.currency)
        cell(row.counterparty)
        cell(row.channel)
        cell(row.flagged ? "flagged" : "")
        lastReference.removeAll(keepingCapacity: true)
        lastReference.append(contentsOf: row.reference)
        rows += 1
    }

    /// The table, header first, as `Output.table` lays it out, handed to `write` in pieces
    /// of about 64 KiB: one small buffer reused stays in the cache, where a copy of the
    /// whole table would fault in as many fresh pages as the cells took.
    func write(_ write: (UnsafeBufferPointer<UInt8>) -> Void) {
        let chunk = 1 << 16
        var out: [UInt8] = []
        out.reserveCapacity(chunk + 4_096)
        func flush() {
            out.withUnsafeBufferPointer(write)
            out.removeAll(keepingCapacity: true)
        }
        let last = Self.header.count - 1
        for (column, title) in Self.header.enumerated() {
            out.append(contentsOf: title.utf8)
            if column < last { out.append(contentsOf: repeatElement(0x20, count: max(0, widths[column] - title.utf8.count) + 2)) }
        }
        out.append(0x0A)
        text.withUnsafeBufferPointer { text in
            var offset = 0
            for index in lengths.indices {
                let length = Int(lengths[index])
                out.append(contentsOf: UnsafeBufferPointer(rebasing: text[offset..<offset + length]))
                offset += length
                let column = index % Self.header.count
                if column < last {
                    let width = unusualWidths.isEmpty ? length : unusualWidths[index] ?? length
                    out.append(contentsOf: repeatElement(0x20, count: max(0, widths[column] - width) + 2))
                } else {
                    out.append(0x0A)
                    if out.count >= chunk { flush() }
                }
            }
        }
        flush()
    }

    /// Writes the table to standard output. Whatever `print` buffered goes first, so the
    /// lines keep their order; a short write (a pipe) continues where it stopped.
    func print() {
        fflush(nil)
        write { piece in
            var done = 0
            while done < piece.count {
                let wrote = Glibc.write(1, piece.baseAddress! + done, piece.count - done)
                if wrote < 0 && errno == EINTR { continue }
                if wrote <= 0 { return }   // standard output closed: as `print`, nothing to report
                done += wrote
            }
        }
    }

    // MARK: cells

    /// Text as stored: printable ASCII (nearly every cell) is copied as it is.
    private mutating func cell(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard bytes.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else { return cell(String(decoding: bytes, as: UTF8.self)) }
        text.append(contentsOf: bytes)
        record(length: bytes.count, width: bytes.count)
    }

    private mutating func cell(_ string: String) {
        let shown = PlainText.cell(string)
        text.append(contentsOf: shown.text.utf8)
        record(length: shown.text.utf8.count, width: shown.width)
    }

    private mutating func record(length: Int, width: Int) {
        let column = lengths.count % Self.header.count
        if width != length { unusualWidths[lengths.count] = width }
        lengths.append(Int32(length))
        if width > widths[column] { widths[column] = width }
    }

    /// "2026-11-26 14:05" in the team's zone, as `TimeText.clock` writes it.
    private mutating func time(_ epoch: Int64) {
        let f: LocalClockText.Fields
        if let last = lastTime, let moved = Self.fields(after: last, at: epoch) {
            f = moved
        } else {
            let date = Date(timeIntervalSince1970: TimeInterval(epoch))
            guard let found = clock.fields(date) else { return cell(TimeText.clock(date)) }
            f = found
            lastTime = (epoch, found)
        }
        func two(_ n: Int) { text.append(UInt8(48 + n / 10)); text.append(UInt8(48 + n % 10)) }
        two(f.year / 100); two(f.year % 100); text.append(0x2D); two(f.month); text.append(0x2D); two(f.day)
        text.append(0x20); two(f.hour); text.append(0x3A); two(f.minute)
        record(length: 16, width: 16)
    }

    /// The fields of `epoch` from those of an instant in the same hour of UTC that
    /// `LocalClockText` wrote: it keeps one offset for a whole hour, so within the hour the
    /// local time moves with the seconds (a listing runs newest first: most rows share the
    /// hour of the row before, and skip the clock's locked look-up). Nil when the day would
    /// change, or outside the years `LocalClockText` writes.
    private static func fields(after last: (epoch: Int64, fields: LocalClockText.Fields), at epoch: Int64) -> LocalClockText.Fields? {
        guard epoch > -2_208_988_800, epoch < 253_402_214_400,
              epoch.dividedRoundingDown(by: 3600) == last.epoch.dividedRoundingDown(by: 3600) else { return nil }
        let second = last.fields.hour * 3600 + last.fields.minute * 60 + last.fields.second + Int(epoch - last.epoch)
        guard second >= 0, second < 86_400 else { return nil }
        var moved = last.fields
        (moved.hour, moved.minute, moved.second) = (second / 3600, second % 3600 / 60, second % 60)
        return moved
    }

    /// `Money.formatSigned`: `+Rp1.234.567,50`, `-Rp50.000`, `Rp0`; other currencies through it.
    private mutating func amount(_ signed: Int64, currency: UnsafeBufferPointer<UInt8>) {
        guard currency.count == 3, currency[0] == 0x49, currency[1] == 0x44, currency[2] == 0x52 else {   // "IDR"
            return cell(Money.formatSigned(signed, currency: String(decoding: currency, as: UTF8.self)))
        }
        let start = text.count
        if signed > 0 { text.append(0x2B) } else if signed < 0 { text.append(0x2D) }
        text.append(0x52); text.append(0x70)   // "Rp"
        var whole = signed.magnitude / 100
        var fraction = signed.magnitude % 100
        var count = 0
        if fraction != 0 {
            for _ in 0..<2 { digits[count] = UInt8(48 + fraction % 10); fraction /= 10; count += 1 }
            digits[count] = 0x2C; count += 1   // ","
        }
        var written = 0
        repeat {
            if written > 0 && written % 3 == 0 { digits[count] = 0x2E; count += 1 }   // "."
            digits[count] = UInt8(48 + whole % 10); count += 1
            whole /= 10
            written += 1
        } while whole > 0
        for index in stride(from: count - 1, through: 0, by: -1) { text.append(digits[index]) }
        record(length: text.count - start, width: text.count - start)
    }
}
