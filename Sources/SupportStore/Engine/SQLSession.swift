import Foundation
import GRDB

/// Which SQL a session speaks. The services' SQL is written once in the subset SQLite and
/// PostgreSQL share (`?` placeholders, row values, `ON CONFLICT DO NOTHING`, `LIKE … ESCAPE`);
/// the few places where the two differ (full-text search) ask the session's dialect.
public enum SQLDialect: Sendable {
    case sqlite, postgresql
}

/// The values a statement binds, in placeholder order.
public typealias SQLArguments = [(any DatabaseValueConvertible)?]

/// One connection inside one transaction, as the store's services see it: run a
/// statement, read rows. GRDB's `Database` is one (SQLite); the PostgreSQL store supplies
/// another. Rows are GRDB `Row`s either way, read by column name, so a service decodes
/// its results with the same code whichever database answered; the hot reads (pages,
/// tickets) decode by position instead, through `fetch(_:_:_:)`.
public protocol SQLSession {
    var dialect: SQLDialect { get }
    /// Every row of a query.
    func fetchRows(_ sql: String, _ arguments: SQLArguments) throws -> [Row]
    /// Every row of a query, each handed to `decode` as it is read. On SQLite the row is
    /// the cursor's own, whose columns are found through a dictionary built once per
    /// statement; a copied row compares every column name lower-cased on each lookup,
    /// some six hundred conversions for a ticket (it showed in intake's profile).
    func fetchDecoded<T>(_ sql: String, _ arguments: SQLArguments, _ decode: (Row) throws -> T) throws -> [T]
    /// Every row of a query, read by position: the decoder finds its columns once for the
    /// statement, then reads each row without a lookup by name (see `SQLRowDecoder`).
    func fetch<D: SQLRowDecoder>(_ decoder: D.Type, _ sql: String, _ arguments: SQLArguments) throws -> [D.Value]
    /// The first column of every row.
    func fetchColumn(_ sql: String, _ arguments: SQLArguments) throws -> [DatabaseValue]
    /// Runs an INSERT, UPDATE or DELETE; returns how many rows it changed.
    @discardableResult
    func run(_ sql: String, _ arguments: SQLArguments) throws -> Int
    /// Runs an INSERT into a table with an `id` it hands out; returns that id.
    func insert(_ sql: String, _ arguments: SQLArguments) throws -> Int64
    /// PostgreSQL only: a planner setting for the rest of the transaction (`SET LOCAL`,
    /// e.g. `enable_sort = off`). A read whose BEGIN is not sent yet sends the setting with
    /// it and its first statement, so the setting costs no round trip of its own.
    func setLocal(_ setting: String) throws
}

extension SQLSession {
    public func fetchRow(_ sql: String, _ arguments: SQLArguments = []) throws -> Row? {
        try fetchRows(sql, arguments).first
    }

    /// The first row, decoded from the cursor (see `fetchDecoded`).
    public func fetchOneDecoded<T>(_ sql: String, _ arguments: SQLArguments, _ decode: (Row) throws -> T) throws -> T? {
        try fetchDecoded(sql, arguments, decode).first
    }

    /// The first column of the first row, as `T`; nil when there is no row or it is NULL.
    public func fetchValue<T: DatabaseValueConvertible>(_ sql: String, _ arguments: SQLArguments = [],
                                                        as type: T.Type = T.self) throws -> T? {
        try fetchColumn(sql, arguments).first.flatMap { T.fromDatabaseValue($0) }
    }

    public func fetchValues<T: DatabaseValueConvertible>(_ sql: String, _ arguments: SQLArguments = [],
                                                         as type: T.Type = T.self) throws -> [T] {
        try fetchColumn(sql, arguments).compactMap { $0.isNull ? nil : T.fromDatabaseValue($0) }
    }

    public func fetchRows(_ sql: String) throws -> [Row] { try fetchRows(sql, []) }

    /// Run as a statement of its own where the session has no read to send it with.
    public func setLocal(_ setting: String) throws { try run("SET LOCAL " + setting, []) }

    /// What ends a SELECT whose rows the transaction goes on to change on their strength:
    /// SQLite's write transaction already excludes every other writer; PostgreSQL's READ
    /// COMMITTED needs the rows locked, or two instances both pass the same check (two
    /// freezes of one account, a fourth code in the hour).
    public var lockingRows: String { dialect == .postgresql ? " FOR UPDATE" : "" }

    /// For a check that a row is absent before inserting it, where there is no row to lock
    /// and no unique key decides: on PostgreSQL, a lock on `name` held to the end of the
    /// transaction (two instances adding one keyword rule take turns); nothing on SQLite,
    /// whose write transaction already excludes every other writer.
    public func serialise(_ name: String) throws {
        guard dialect == .postgresql else { return }
        _ = try fetchRows("SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(hashtext(?))) AS l", [name])
    }

    /// What ends a SELECT that claims rows for work several instances share (the outbox's
    /// due messages): on PostgreSQL the rows are locked and those another transaction holds
    /// are passed over rather than waited for; SQLite's single writer needs nothing.
    public var claimingRows: String { dialect == .postgresql ? " FOR UPDATE SKIP LOCKED" : "" }
}

// SQLite through GRDB: every statement is a cached one, since the services run the same
// few statements over and over (compiling them again cost more than running them).
extension Database: SQLSession {
    public var dialect: SQLDialect { .sqlite }

    public func fetchRows(_ sql: String, _ arguments: SQLArguments) throws -> [Row] {
        try Row.fetchAll(cachedStatement(sql: sql), arguments: StatementArguments(arguments))
    }

    public func fetchDecoded<T>(_ sql: String, _ arguments: SQLArguments, _ decode: (Row) throws -> T) throws -> [T] {
        let cursor = try Row.fetchCursor(cachedStatement(sql: sql), arguments: StatementArguments(arguments))
        var result: [T] = []
        while let row = try cursor.next() { result.append(try decode(row)) }
        return result
    }

    public func fetchColumn(_ sql: String, _ arguments: SQLArguments) throws -> [DatabaseValue] {
        try DatabaseValue.fetchAll(cachedStatement(sql: sql), arguments: StatementArguments(arguments))
    }

    @discardableResult
    public func run(_ sql: String, _ arguments: SQLArguments) throws -> Int {
        try cachedStatement(sql: sql).execute(arguments: StatementArguments(arguments))
        return changesCount
    }

    public func insert(_ sql: String, _ arguments: SQLArguments) throws -> Int64 {
        try cachedStatement(sql: sql).execute(arguments: StatementArguments(arguments))
        return lastInsertedRowID
    }
}
