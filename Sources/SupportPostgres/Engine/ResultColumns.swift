import Foundation
import GRDB
import NIOCore
import PostgresNIO

/// A result's columns, read once from its first row (the result's RowDescription): their
/// names, for the decoder to find what it reads by name, and how each column's cells
/// become SQLite's values. Every cell after that is read straight from its bytes by the
/// column's kind, instead of going through postgres-nio's generic decoding (its type
/// checks, a decoding context, an error built for each failure) once per cell.
///
/// The cells are binary whatever the column's description says (see `PostgresSession.value`);
/// a kind that is not read by hand here, and a cell whose length is not its type's,
/// goes the general way, so this is never less exact than `PostgresSession.value`.
struct ResultColumns {
    enum Kind {
        case int2, int4, int8, bool, float4, float8, text, general
    }
    let names: [String]
    let kinds: [Kind]

    init(_ row: PostgresRow) {
        var names: [String] = [], kinds: [Kind] = []
        names.reserveCapacity(row.count)
        kinds.reserveCapacity(row.count)
        for cell in row {
            names.append(cell.columnName)
            kinds.append(Self.kind(cell.dataType))
        }
        self.names = names
        self.kinds = kinds
    }

    static func kind(_ type: PostgresDataType) -> Kind {
        switch type {
        case .int2: .int2
        case .int4: .int4
        case .int8: .int8
        case .bool: .bool
        case .float4: .float4
        case .float8: .float8
        case .text, .varchar, .name, .bpchar: .text
        default: .general
        }
    }

    /// The row's values in column order, appended to `values`.
    func append(_ row: PostgresRow, to values: inout ContiguousArray<DatabaseValue>) {
        var column = 0
        for cell in row {
            values.append(Self.value(cell, kinds[column]))
            column += 1
        }
    }

    /// The row as a GRDB row, read by name (a repeated name keeps its last column, as the
    /// dictionary it is built from always did).
    func row(_ row: PostgresRow) -> Row {
        var columns: [String: (any DatabaseValueConvertible)?] = Dictionary(minimumCapacity: names.count)
        var column = 0
        for cell in row {
            columns[names[column]] = Self.value(cell, kinds[column])
            column += 1
        }
        return Row(columns)
    }

    @inline(__always)
    static func value(_ cell: PostgresCell, _ kind: Kind) -> DatabaseValue {
        guard let bytes = cell.bytes else { return .null }
        let at = bytes.readerIndex, length = bytes.readableBytes
        switch kind {
        case .int8 where length == 8:
            return bytes.getInteger(at: at, as: Int64.self).map { $0.databaseValue } ?? .null
        case .int4 where length == 4:
            return bytes.getInteger(at: at, as: Int32.self).map { Int64($0).databaseValue } ?? .null
        case .int2 where length == 2:
            return bytes.getInteger(at: at, as: Int16.self).map { Int64($0).databaseValue } ?? .null
        case .bool where length == 1:
            switch bytes.getInteger(at: at, as: UInt8.self) {
            case 0: return Int64(0).databaseValue
            case 1: return Int64(1).databaseValue
            default: return PostgresSession.value(cell)
            }
        case .float8 where length == 8:
            return bytes.getInteger(at: at, as: UInt64.self).map { Double(bitPattern: $0).databaseValue } ?? .null
        case .float4 where length == 4:
            return bytes.getInteger(at: at, as: UInt32.self).map { Double(Float(bitPattern: $0)).databaseValue } ?? .null
        case .text:
            return bytes.getString(at: at, length: length).map { $0.databaseValue } ?? .null
        default:
            return PostgresSession.value(cell)
        }
    }
}
