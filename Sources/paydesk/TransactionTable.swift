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
    private static let columns = 8

    /// Every cell's shown text, one after another, row after row.
    private var text: [UInt8] = []
    /// Each cell's byte count in `text`.
    private var lengths: [Int32] = []
    /// The few cells whose width is not their byte count (cleaned or wide text): their
    /// indexes, ascending, and their widths. The layout walks them in step with the cells,
    /// where a dictionary looked every cell up once any row held wide text.
    private var unusualCells: [Int] = []
    private var unusualWidths: [Int] = []
    private var widths: [Int]
    /// The column the next recorded cell falls in.
    private var column = 0
    /// The most bytes one row's cells took: with the widths, the longest line laid out.
    private var longestRow = 0
    private var rowBytes = 0
    private let clock = LocalClockText(zone: TimeText.zone)
    /// The last instant the clock wrote, and its fields.
    private var lastTime: (epoch: Int64, fields: LocalClockText.Fields)?
    /// Cells that are not printable ASCII, cleaned and measured, by their stored bytes: on
    /// a large account about a tenth of the rows name a merchant in another script, and
    /// the same few names recur. At most `cleanedLimit` are kept.
    private var cleaned: [[UInt8]: (text: [UInt8], width: Int)] = [:]
    private static let cleanedLimit = 4_096
    /// The last row's reference as stored: the cursor `tx list` prints for the next page.
    private var lastReference: [UInt8] = []
    private(set) var rows = 0

    init(expectedRows: Int) {
        widths = Self.header.map { PlainText.width($0) }
        text.reserveCapacity(min(expectedRows, 100_000) * 100)
        lengths.reserveCapacity(min(expectedRows, 100_000) * Self.columns)
    }

    var lastRowReference: String? { rows == 0 ? nil : String(decoding: lastReference, as: UTF8.self) }

    mutating func add(_ row: TransactionListingRow) {
        rowBytes = 0
        cell(row.reference)
        time(row.at)
        // The names are printable ASCII: copied as their bytes, as any plain cell.
        word(row.type.rawValue)
        word(row.status.rawValue)
        // `Transaction.signedAmount`, the same arithmetic (and the same trap on overflow).
        amount(row.type.isCredit ? row.amount : -row.amount, currency: row.currency)
        cell(row.counterparty)
        cell(row.channel)
        word(row.flagged ? "flagged" : "")
        if rowBytes > longestRow { longestRow = rowBytes }
        lastReference.removeAll(keepingCapacity: true)
        lastReference.append(contentsOf: row.reference)
        rows += 1
    }

    /// The table, header first, as `Output.table` lays it out, handed to `write` in pieces
    /// of about 64 KiB: one small buffer reused stays in the cache, where a copy of the
    /// whole table would fault in as many fresh pages as the cells took. Cells and padding
    /// are copied and filled with `memcpy`/`memset` into a buffer with room for a piece
    /// and the longest line, so no byte is appended one at a time.
    func write(_ write: (UnsafeBufferPointer<UInt8>) -> Void) {
        let chunk = 1 << 16
        let last = Self.columns - 1
        // A line is its cells' bytes plus, between cells, padding up to the width and two spaces.
        let longestLine = max(longestRow, Self.header.reduce(0) { $0 + $1.utf8.count }) + widths.reduce(0, +) + 2 * Self.columns + 1
        let out = UnsafeMutablePointer<UInt8>.allocate(capacity: chunk + longestLine)
        defer { out.deallocate() }
        var used = 0
        func put(_ bytes: UnsafeBufferPointer<UInt8>, width: Int, column: Int) {
            if bytes.count > 0 { memcpy(out + used, bytes.baseAddress!, bytes.count) }
            used += bytes.count
            if column < last {
                let pad = max(0, widths[column] - width) + 2
                memset(out + used, 0x20, pad)
                used += pad
            } else {
                out[used] = 0x0A
                used += 1
            }
        }
        for (column, title) in Self.header.enumerated() {
            var title = title
            title.withUTF8 { put($0, width: $0.count, column: column) }
        }
        text.withUnsafeBufferPointer { text in
            lengths.withUnsafeBufferPointer { lengths in
                var offset = 0
                var nextUnusual = 0
                var column = 0
                for index in 0..<lengths.count {
                    let length = Int(lengths[index])
                    var width = length
                    if nextUnusual < unusualCells.count && unusualCells[nextUnusual] == index {
                        width = unusualWidths[nextUnusual]
                        nextUnusual += 1
                    }
                    put(UnsafeBufferPointer(rebasing: text[offset..<offset + length]), width: width, column: column)
                    offset += length
                    if column < last {
                        column += 1
                    } else {
                        column = 0
                        if used >= chunk {
                            write(UnsafeBufferPointer(start: out, count: used))
                            used = 0
                        }
                    }
                }
            }
        }
        write(UnsafeBufferPointer(start: out, count: used))
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
        for byte in bytes where byte < 0x20 || byte >= 0x7F { return unusual(bytes) }
        plain(bytes)
    }

    /// Other text, cleaned as `PlainText.cell` cleans the string SQLite's bytes read as.
    private mutating func unusual(_ bytes: UnsafeBufferPointer<UInt8>) {
        let stored = Array(bytes)
        let shown: (text: [UInt8], width: Int)
        if let known = cleaned[stored] {
            shown = known
        } else {
            let cell = PlainText.cell(String(decoding: bytes, as: UTF8.self))
            shown = (Array(cell.text.utf8), cell.width)
            if cleaned.count < Self.cleanedLimit { cleaned[stored] = shown }
        }
        text.append(contentsOf: shown.text)
        record(length: shown.text.count, width: shown.width)
    }

    private mutating func cell(_ string: String) {
        let shown = PlainText.cell(string)
        text.append(contentsOf: shown.text.utf8)
        record(length: shown.text.utf8.count, width: shown.width)
    }

    /// A name the table shows (a type, a status, "flagged"): its bytes, checked as any cell's.
    private mutating func word(_ string: String) {
        if string.utf8.withContiguousStorageIfAvailable({ cell($0) }) == nil { cell(string) }
    }

    /// Printable ASCII: one column a byte.
    private mutating func plain(_ bytes: UnsafeBufferPointer<UInt8>) {
        text.append(contentsOf: bytes)
        record(length: bytes.count, width: bytes.count)
    }

    private mutating func record(length: Int, width: Int) {
        if width != length {
            unusualCells.append(lengths.count)
            unusualWidths.append(width)
        }
        lengths.append(Int32(length))
        if width > widths[column] { widths[column] = width }
        rowBytes += length
        column = column == Self.columns - 1 ? 0 : column + 1
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
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 16) { b in
            func two(_ at: Int, _ n: Int) { b[at] = UInt8(48 + n / 10); b[at + 1] = UInt8(48 + n % 10) }
            two(0, f.year / 100); two(2, f.year % 100); b[4] = 0x2D; two(5, f.month); b[7] = 0x2D; two(8, f.day)
            b[10] = 0x20; two(11, f.hour); b[13] = 0x3A; two(14, f.minute)
            plain(UnsafeBufferPointer(b))
        }
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
        // At most 28 bytes (a sign, "Rp", 17 digits, 5 dots, a comma and 2 digits), written from the end.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { b in
            var at = b.count
            func put(_ byte: UInt8) { at -= 1; b[at] = byte }
            var whole = signed.magnitude / 100
            let fraction = signed.magnitude % 100
            if fraction != 0 {
                put(UInt8(48 + fraction % 10)); put(UInt8(48 + fraction / 10)); put(0x2C)   // ","
            }
            var written = 0
            repeat {
                if written > 0 && written % 3 == 0 { put(0x2E) }   // "."
                put(UInt8(48 + whole % 10))
                whole /= 10
                written += 1
            } while whole > 0
            put(0x70); put(0x52)   // "Rp"
            if signed > 0 { put(0x2B) } else if signed < 0 { put(0x2D) }
            plain(UnsafeBufferPointer(rebasing: b[at...]))
        }
    }
}
