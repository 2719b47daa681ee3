import Foundation
import GRDB

/// How a column's cells become SQLite's values, by the column's type: the same mapping as
/// `PostgresSession.value` (integers and booleans as INTEGER, text as TEXT, bytea as
/// BLOB, floating point as REAL, a numeric without a fraction as INTEGER and with one as
/// REAL). The kinds read by hand are asked for in binary; any other type in text, read as
/// TEXT.
enum WireKind: Equatable {
    case int2, int4, oid, int8, bool, float4, float8, numeric, bytea, text

    init(_ oid: UInt32) {
        switch oid {
        case 21: self = .int2
        case 23: self = .int4
        case 20: self = .int8
        case 26: self = .oid
        case 16: self = .bool
        case 700: self = .float4
        case 701: self = .float8
        case 1700: self = .numeric
        case 17: self = .bytea
        default: self = .text
        }
    }

    /// The result format asked for: binary (1) for the kinds read by hand, text (0) otherwise.
    var format: Int16 { self == .text ? 0 : 1 }

    func value(_ bytes: ArraySlice<UInt8>) throws -> DatabaseValue {
        switch self {
        case .int2:
            guard bytes.count == 2 else { throw Self.wrongLength(self, bytes.count) }
            return Int64(Int16(bitPattern: UInt16(Self.unsigned(bytes)))).databaseValue
        case .int4:
            guard bytes.count == 4 else { throw Self.wrongLength(self, bytes.count) }
            return Int64(Int32(bitPattern: UInt32(Self.unsigned(bytes)))).databaseValue
        case .oid:
            guard bytes.count == 4 else { throw Self.wrongLength(self, bytes.count) }
            return Int64(Self.unsigned(bytes)).databaseValue
        case .int8:
            guard bytes.count == 8 else { throw Self.wrongLength(self, bytes.count) }
            return Int64(bitPattern: Self.unsigned(bytes)).databaseValue
        case .bool:
            guard bytes.count == 1 else { throw Self.wrongLength(self, bytes.count) }
            return Int64(bytes.first! == 0 ? 0 : 1).databaseValue
        case .float4:
            guard bytes.count == 4 else { throw Self.wrongLength(self, bytes.count) }
            return Double(Float(bitPattern: UInt32(Self.unsigned(bytes)))).databaseValue
        case .float8:
            guard bytes.count == 8 else { throw Self.wrongLength(self, bytes.count) }
            return Double(bitPattern: Self.unsigned(bytes)).databaseValue
        case .numeric:
            return try Self.numeric(bytes)
        case .bytea:
            return Data(bytes).databaseValue
        case .text:
            return String(decoding: bytes, as: UTF8.self).databaseValue
        }
    }

    /// Big-endian bytes as an unsigned integer (up to eight).
    @inline(__always)
    private static func unsigned(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        var value: UInt64 = 0
        for byte in bytes { value = value << 8 | UInt64(byte) }
        return value
    }

    private static func wrongLength(_ kind: WireKind, _ count: Int) -> WireError {
        .protocolViolation("a \(kind) cell was \(count) bytes long")
    }

    /// A binary numeric: digit count, weight, sign and display scale, then base-10000
    /// digits, the first worth 10000^weight. Whole and within Int64: INTEGER; else REAL.
    static func numeric(_ bytes: ArraySlice<UInt8>) throws -> DatabaseValue {
        var reader = WireReader(bytes)
        let count = Int(try reader.int16())
        let weight = Int(try reader.int16())
        let sign = UInt16(bitPattern: try reader.int16())
        _ = try reader.int16()
        guard count >= 0, reader.remaining == count * 2 else { throw WireError.protocolViolation("a numeric cell's digits did not add up") }
        if sign == 0xC000 { return Double.nan.databaseValue }
        var digits: [Int] = []
        digits.reserveCapacity(count)
        for _ in 0..<count { digits.append(Int(try reader.int16())) }
        let negative = sign == 0x4000
        // The base-10000 places before the point; digits not sent there are zeros.
        let places = max(0, weight + 1)
        if digits.dropFirst(places).allSatisfy({ $0 == 0 }), let whole = whole(digits, places: places),
           whole < 9_200_000_000_000_000_000 {
            return (negative ? -whole : whole).databaseValue
        }
        // Written out in decimal, 0.<digits>e<exponent>, and read as the nearest double.
        var text = negative ? "-0." : "0."
        for digit in digits { text += String(format: "%04d", digit) }
        text += "e\(4 * (weight + 1))"
        return (Double(text) ?? .nan).databaseValue
    }

    private static func whole(_ digits: [Int], places: Int) -> Int64? {
        var value: Int64 = 0
        for place in 0..<places {
            let digit = place < digits.count ? digits[place] : 0
            let (times, overflowed) = value.multipliedReportingOverflow(by: 10_000)
            let (sum, overflowedToo) = times.addingReportingOverflow(Int64(digit))
            if overflowed || overflowedToo { return nil }
            value = sum
        }
        return value
    }
}
