import Foundation
import GRDB

/// A statement's result columns: each name's position, found once per statement so that
/// every row after the first is read by position. Looking a column up by name in each row
/// is what made a page slow: GRDB's copied and dictionary-built rows lower-case and compare
/// every column name on every lookup (on PostgreSQL, 6.5 % of a filter's profile alone).
public struct SQLColumns: Sendable {
    public let names: [String]
    private let positions: [String: Int]

    public init(_ names: [String]) {
        self.names = names
        var positions: [String: Int] = [:]
        positions.reserveCapacity(names.count)
        // The leftmost of two equal names wins, as GRDB's lookup by name does.
        for (index, name) in names.enumerated() where positions[name] == nil { positions[name] = index }
        self.positions = positions
    }

    /// Where `name` is; a statement that lacks it is refused (a decoder reading a column its
    /// SELECT left out is the service's mistake, not the data's).
    public func position(_ name: String) throws -> Int {
        guard let position = positions[name] else {
            throw StoreError(.other, "The statement has no column \(name) (it has \(names.joined(separator: ", "))).")
        }
        return position
    }

    /// Where `name` is, if the statement has it.
    public func positionIfPresent(_ name: String) -> Int? { positions[name] }
}

/// One result row, read by position (see `SQLColumns`). On SQLite it is the cursor's own
/// row, read straight from the statement; on PostgreSQL, the row's values in column order.
public struct SQLRow {
    @usableFromInline enum Storage {
        case statement(Row)
        case values(ContiguousArray<DatabaseValue>)
    }
    @usableFromInline let storage: Storage

    public init(statement row: Row) { storage = .statement(row) }
    public init(values: ContiguousArray<DatabaseValue>) { storage = .values(values) }

    /// The value at `index` as `Value`; a NULL or a value that does not convert, read as a
    /// non-optional, is a programming error, as it is for GRDB's own rows.
    @inlinable
    public subscript<Value: DatabaseValueConvertible>(_ index: Int) -> Value {
        switch storage {
        case .statement(let row): return row[index]
        case .values(let values): return Self.converted(values[index], at: index)
        }
    }

    /// SQLite's direct reads for the types that have them (integers, text, booleans).
    @inlinable
    public subscript<Value: DatabaseValueConvertible & StatementColumnConvertible>(_ index: Int) -> Value {
        switch storage {
        case .statement(let row): return row[index]
        case .values(let values): return Self.converted(values[index], at: index)
        }
    }

    @usableFromInline
    static func converted<Value: DatabaseValueConvertible>(_ value: DatabaseValue, at index: Int) -> Value {
        guard let converted = Value.fromDatabaseValue(value) else {
            fatalError("Column \(index) holds \(value), which is not a \(Value.self).")
        }
        return converted
    }

    /// `index` may be absent (a column only some statements select): nil then.
    @inlinable
    public subscript<Value: DatabaseValueConvertible>(ifPresent index: Int?) -> Value? {
        index.flatMap { self[$0] as Value? }
    }
}

/// Turns a statement's rows into values by position: `init` finds the columns it reads
/// once per statement, `decode` reads each row. One decoder serves both stores
/// (`SQLSession.fetch`).
public protocol SQLRowDecoder {
    associatedtype Value
    init(_ columns: SQLColumns) throws
    func decode(_ row: SQLRow) -> Value
}

extension SQLRowDecoder {
    /// One row decoded on its own (the columns looked up for it alone): for a row that was
    /// fetched by name elsewhere.
    public static func decode(_ row: Row) throws -> Value {
        try Self(SQLColumns(Array(row.columnNames))).decode(SQLRow(statement: row))
    }
}

extension SQLSession {
    /// The first row's value, decoded by position.
    public func fetchOne<D: SQLRowDecoder>(_ decoder: D.Type, _ sql: String, _ arguments: SQLArguments) throws -> D.Value? {
        try fetch(decoder, sql, arguments).first
    }
}

// SQLite: the cursor's rows are read in place; the statement (cached) knows its columns.
extension Database {
    public func fetch<D: SQLRowDecoder>(_ decoder: D.Type, _ sql: String, _ arguments: SQLArguments) throws -> [D.Value] {
        let statement = try cachedStatement(sql: sql)
        let cursor = try Row.fetchCursor(statement, arguments: StatementArguments(arguments))
        guard let first = try cursor.next() else { return [] }
        let reader = try D(SQLColumns(statement.columnNames))
        var result = [reader.decode(SQLRow(statement: first))]
        while let row = try cursor.next() { result.append(reader.decode(SQLRow(statement: row))) }
        return result
    }
}
