import Foundation
import SupportCore

/// What the service's hand-written replies share (`TransactionRowsJSON`,
/// `TicketSummaryRowsJSON`): pages of flat objects — integers, booleans, whole-second ISO 8601
/// dates, text without escapes, keys in sorted order — written as exactly the bytes
/// `WireJSON.encoder()` writes, and read back as exactly the values `JSONDecoder` gives.
/// Whatever falls outside that shape is left to the encoder and the decoder (`nil` here).
/// The ticket pane's reply (`TicketViewJSON`) needs more: text with any escapes
/// (`FlatJSONEscapedText.swift`), arrays inside objects and dates with fractions
/// (`FlatJSONNested.swift`).
struct FlatJSONWriter {
    var out: [UInt8] = []

    /// A JSON array of `rows`, each written by `row`; nil when any row cannot be.
    static func page<Row>(_ rows: [Row], bytesPerRow: Int, _ row: (Row, inout FlatJSONWriter) -> Bool) -> Data? {
        var writer = FlatJSONWriter()
        writer.out.reserveCapacity(rows.count * bytesPerRow + 2)
        writer.out.append(UInt8(ascii: "["))
        for (index, element) in rows.enumerated() {
            if index > 0 { writer.out.append(UInt8(ascii: ",")) }
            guard row(element, &writer) else { return nil }
        }
        writer.out.append(UInt8(ascii: "]"))
        return Data(writer.out)
    }

    mutating func open() { out.append(UInt8(ascii: "{")) }
    mutating func close() { out.append(UInt8(ascii: "}")) }

    /// `"name":`, after a `,` unless it is the object's first key.
    mutating func key(_ name: StaticString, first: Bool = false) {
        if !first { out.append(UInt8(ascii: ",")) }
        out.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { out.append(contentsOf: $0) }
        out.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
    }

    mutating func number(_ value: Int64) { out.append(contentsOf: String(value).utf8) }

    mutating func boolean(_ value: Bool) { out.append(contentsOf: (value ? "true" : "false").utf8) }

    /// False (nothing written) for text the encoder would escape or might.
    mutating func text(_ value: String) -> Bool {
        guard value.utf8.allSatisfy(Self.isPlain) else { return false }
        out.append(UInt8(ascii: "\""))
        out.append(contentsOf: value.utf8)
        out.append(UInt8(ascii: "\""))
        return true
    }

    /// False (nothing written) for a date `.iso8601` would not write as whole seconds.
    mutating func date(_ value: Date) -> Bool {
        guard let text = Self.isoDate(value) else { return false }
        out.append(UInt8(ascii: "\""))
        out.append(contentsOf: text)
        out.append(UInt8(ascii: "\""))
        return true
    }

    /// A byte JSON writes as itself inside a string: not a control character, DEL, a quote
    /// or a backslash. UTF-8 beyond ASCII is written as it is, except sequences led by 0xE2
    /// (U+2000–U+2FFF, the line and paragraph separators among them), left to the encoder
    /// so that its choices about them are kept.
    static func isPlain(_ byte: UInt8) -> Bool {
        byte >= 0x20 && byte != 0x7F && byte != 0xE2 && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\")
    }

    /// `2026-10-01T05:00:00Z`, for whole seconds in years 0–9999 (what `.iso8601` writes).
    static func isoDate(_ date: Date) -> [UInt8]? {
        let seconds = date.timeIntervalSince1970
        guard seconds == seconds.rounded(.down), abs(seconds) < 3e11 else { return nil }
        let total = Int64(seconds)
        let days = total >= 0 ? total / 86_400 : (total - 86_399) / 86_400
        let secondOfDay = total - days * 86_400
        let civil = LocalClockText.civilDate(daysSince1970: Int(days))
        let (year, month, day) = (Int64(civil.year), Int64(civil.month), Int64(civil.day))
        guard (0...9999).contains(year) else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(20)
        func digits(_ value: Int64, _ count: Int) {
            var divisor: Int64 = 1
            for _ in 1..<count { divisor *= 10 }
            var rest = value
            while divisor > 0 { out.append(UInt8(ascii: "0") + UInt8(rest / divisor)); rest %= divisor; divisor /= 10 }
        }
        digits(year, 4); out.append(UInt8(ascii: "-")); digits(month, 2); out.append(UInt8(ascii: "-")); digits(day, 2)
        out.append(UInt8(ascii: "T"))
        digits(secondOfDay / 3_600, 2); out.append(UInt8(ascii: ":")); digits(secondOfDay / 60 % 60, 2)
        out.append(UInt8(ascii: ":")); digits(secondOfDay % 60, 2); out.append(UInt8(ascii: "Z"))
        return out
    }
}

/// Reads what `FlatJSONWriter` writes; see it for the shape.
struct FlatJSONReader {
    let bytes: UnsafeBufferPointer<UInt8>
    var at = 0

    /// A JSON array of objects each read by `row`, and nothing after it; nil otherwise.
    static func page<Row>(_ data: Data, bytesPerRow: Int, _ row: (inout FlatJSONReader) -> Row?) -> [Row]? {
        data.withUnsafeBytes { raw in
            var reader = FlatJSONReader(bytes: raw.bindMemory(to: UInt8.self))
            guard reader.take(UInt8(ascii: "[")) else { return nil }
            var rows: [Row] = []
            if reader.take(UInt8(ascii: "]")) { return reader.at == reader.bytes.count ? rows : nil }
            rows.reserveCapacity(reader.bytes.count / bytesPerRow + 1)
            repeat {
                guard let element = row(&reader) else { return nil }
                rows.append(element)
            } while reader.take(UInt8(ascii: ","))
            guard reader.take(UInt8(ascii: "]")), reader.at == reader.bytes.count else { return nil }
            return rows
        }
    }

    mutating func take(_ byte: UInt8) -> Bool {
        guard at < bytes.count, bytes[at] == byte else { return false }
        at += 1
        return true
    }

    /// Whether the bytes ahead are `literal`, without moving past them.
    func peek(_ literal: StaticString) -> Bool {
        literal.withUTF8Buffer { expected in
            guard bytes.count - at >= expected.count else { return false }
            for i in 0..<expected.count where bytes[at + i] != expected[i] { return false }
            return true
        }
    }

    /// `"name":`, after a `,` unless it is the object's first key.
    mutating func key(_ name: StaticString, first: Bool = false) -> Bool {
        if !first { guard take(UInt8(ascii: ",")) else { return false } }
        guard take(UInt8(ascii: "\"")) else { return false }
        let matched = name.withUTF8Buffer { expected -> Bool in
            guard bytes.count - at >= expected.count else { return false }
            for i in 0..<expected.count where bytes[at + i] != expected[i] { return false }
            return true
        }
        guard matched else { return false }
        at += name.utf8CodeUnitCount
        return take(UInt8(ascii: "\"")) && take(UInt8(ascii: ":"))
    }

    /// `-?(0|[1-9][0-9]*)` within Int64; "-0", fractions and exponents are left to the decoder.
    mutating func integer() -> Int64? {
        let negative = take(UInt8(ascii: "-"))
        let start = at
        var value: Int64 = 0
        while at < bytes.count, bytes[at] >= UInt8(ascii: "0"), bytes[at] <= UInt8(ascii: "9") {
            let digit = Int64(bytes[at] - UInt8(ascii: "0"))
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (next, o2) = negative ? times10.subtractingReportingOverflow(digit) : times10.addingReportingOverflow(digit)
            guard !o1, !o2 else { return nil }
            value = next
            at += 1
        }
        let count = at - start
        guard count > 0, !(count > 1 && bytes[start] == UInt8(ascii: "0")), !(negative && value == 0) else { return nil }
        if at < bytes.count, [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains(bytes[at]) { return nil }
        return value
    }

    mutating func boolean() -> Bool? {
        if peek("true") { at += 4; return true }
        if peek("false") { at += 5; return false }
        return nil
    }

    /// A string with no escapes and no control characters, valid UTF-8.
    mutating func text() -> String? {
        guard take(UInt8(ascii: "\"")) else { return nil }
        let start = at
        var ascii = true
        while at < bytes.count {
            let byte = bytes[at]
            if byte == UInt8(ascii: "\"") { break }
            if byte < 0x20 || byte == UInt8(ascii: "\\") { return nil }
            if byte >= 0x80 { ascii = false }
            at += 1
        }
        guard at < bytes.count else { return nil }
        let span = UnsafeBufferPointer(rebasing: bytes[start..<at])
        at += 1
        return ascii ? String(decoding: span, as: UTF8.self) : String(validating: span, as: UTF8.self)
    }

    /// `"YYYY-MM-DDTHH:MM:SSZ"` with a real day of a real month, years 1900–9999: the
    /// seconds since 1970 in the proleptic Gregorian calendar, as `.iso8601` reads them.
    mutating func date() -> Date? {
        guard bytes.count - at >= 22, bytes[at] == UInt8(ascii: "\""), bytes[at + 21] == UInt8(ascii: "\""),
              bytes[at + 5] == UInt8(ascii: "-"), bytes[at + 8] == UInt8(ascii: "-"), bytes[at + 11] == UInt8(ascii: "T"),
              bytes[at + 14] == UInt8(ascii: ":"), bytes[at + 17] == UInt8(ascii: ":"), bytes[at + 20] == UInt8(ascii: "Z")
        else { return nil }
        func digits(_ offset: Int, _ count: Int) -> Int64? {
            var value: Int64 = 0
            for i in 0..<count {
                let byte = bytes[at + offset + i]
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int64(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = digits(1, 4), let month = digits(6, 2), let day = digits(9, 2),
              let hour = digits(12, 2), let minute = digits(15, 2), let second = digits(18, 2),
              year >= 1900, (1...12).contains(month), day >= 1, day <= Self.daysIn(month: month, year: year),
              hour < 24, minute < 60, second < 60 else { return nil }
        at += 22
        let days = Int64(LocalClockText.daysSince1970(year: Int(year), month: Int(month), day: Int(day)))
        return Date(timeIntervalSince1970: TimeInterval(days * 86_400 + hour * 3_600 + minute * 60 + second))
    }

    static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
