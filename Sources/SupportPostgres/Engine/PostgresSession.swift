import Foundation
import GRDB
import NIOCore
import PostgresNIO
import SupportStore

/// A `SQLSession` on one PostgreSQL connection, inside the transaction its engine began.
/// The services' SQL arrives with `?` placeholders and GRDB values; it leaves with `$n`
/// and PostgreSQL's binary values, and its rows come back as GRDB `Row`s read by name.
struct PostgresSession: SQLSession {
    let connection: PostgresConnection
    let location: PostgresLocation
    /// The head this transaction's audit appends left, checkpointed once it commits.
    let appended = AppendedAuditHead()
    /// A read's BEGIN, not sent yet: it goes with the session's first statement.
    var opening: PendingBegin? = nil

    var dialect: SQLDialect { .postgresql }

    func fetchRows(_ sql: String, _ arguments: SQLArguments) throws -> [Row] {
        try query(sql, arguments).rows.map(Self.row)
    }

    func fetchDecoded<T>(_ sql: String, _ arguments: SQLArguments, _ decode: (Row) throws -> T) throws -> [T] {
        try fetchRows(sql, arguments).map(decode)
    }

    /// The rows' values in column order, handed to the decoder one row at a time in one
    /// buffer: no dictionary, no GRDB row, no lookup by name per row.
    func fetch<D: SQLRowDecoder>(_ decoder: D.Type, _ sql: String, _ arguments: SQLArguments) throws -> [D.Value] {
        let rows = try query(sql, arguments).rows
        guard let first = rows.first else { return [] }
        let reader = try D(SQLColumns(first.map(\.columnName)))
        var values = ContiguousArray<DatabaseValue>()
        values.reserveCapacity(first.count)
        var result: [D.Value] = []
        result.reserveCapacity(rows.count)
        for row in rows {
            values.removeAll(keepingCapacity: true)
            for cell in row { values.append(Self.value(cell)) }
            result.append(reader.decode(SQLRow(values: values)))
        }
        return result
    }

    func fetchColumn(_ sql: String, _ arguments: SQLArguments) throws -> [DatabaseValue] {
        try query(sql, arguments).rows.map { row in row.first.map(Self.value) ?? .null }
    }

    @discardableResult
    func run(_ sql: String, _ arguments: SQLArguments) throws -> Int {
        try query(sql, arguments).metadata.rows ?? 0
    }

    func insert(_ sql: String, _ arguments: SQLArguments) throws -> Int64 {
        guard let id = try fetchColumn(sql + " RETURNING id", arguments).first.flatMap(Int64.fromDatabaseValue) else {
            throw PostgresStoreError("An insert returned no id.")
        }
        return id
    }

    /// Runs one statement, waiting on this (worker) thread. Its rows are collected on the
    /// connection's event loop as one array (no lock and closure per row).
    func query(_ sql: String, _ arguments: SQLArguments) throws -> PostgresQueryResult {
        var binds = PostgresBindings(capacity: arguments.count)
        for argument in arguments { binds.append(Self.bind(argument)) }
        let statement = PostgresQuery(unsafeSQL: Self.numbered(sql), binds: binds)
        let connection = self.connection
        do {
            guard let opening = opening?.take() else { return try connection.query(statement, logger: connection.logger).wait() }
            // The read's BEGIN (and its settings) and its first statement are written in one
            // task on the connection's event loop: this thread wakes the loop once, not once
            // for each, and waits once. A failed BEGIN or setting fails the statement too.
            return try connection.eventLoop.flatSubmit {
                var before = connection.query(PostgresQuery(unsafeSQL: opening[0]), logger: connection.logger).map { _ in () }
                for setting in opening.dropFirst() {
                    before = before.and(connection.query(PostgresQuery(unsafeSQL: setting), logger: connection.logger)).map { _ in () }
                }
                return before.and(connection.query(statement, logger: connection.logger)).map { $0.1 }
            }.wait()
        } catch let error as PSQLError {
            throw Self.storeError(error, at: location)
        }
    }

    /// Held back with a read's BEGIN when that is not sent yet (`SQLSession.setLocal`).
    func setLocal(_ setting: String) throws {
        if let opening, opening.hold("SET LOCAL " + setting) { return }
        try run("SET LOCAL " + setting, [])
    }

    /// Sends a statement without waiting for it; the connection runs it before anything
    /// sent after it.
    @discardableResult
    func send(_ sql: String) -> EventLoopFuture<PostgresQueryResult> {
        connection.query(sql, [])
    }

    /// A refusal the services expect to see as theirs (a unique key: a conflict), the rest
    /// in PostgreSQL's own words.
    static func storeError(_ error: PSQLError, at location: PostgresLocation) -> Error {
        if let state = error.serverInfo?[.sqlState], state == "40001" || state == "40P01" {
            return RetryableTransaction(state: state)
        }
        if error.serverInfo?[.sqlState] == "23505" {
            return StoreError.conflict("That already exists: \(error.serverInfo?[.detail] ?? "a unique key was repeated").")
        }
        return StoreError(.other, PostgresPool.describe(error, at: location))
    }

    /// `?` → `$1`, `$2`, … outside quoted text and identifiers. Byte by byte: quotes and
    /// `?` are ASCII, which no byte of a longer UTF-8 sequence equals (walking Characters
    /// instead cost a grapheme break test per character of every statement).
    static func numbered(_ sql: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(sql.utf8.count + 16)
        var n = 0
        var quote: UInt8?
        for byte in sql.utf8 {
            if let q = quote {
                if byte == q { quote = nil }
                out.append(byte)
            } else if byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\"") {
                quote = byte
                out.append(byte)
            } else if byte == UInt8(ascii: "?") {
                n += 1
                out.append(UInt8(ascii: "$"))
                out.append(contentsOf: String(n).utf8)
            } else {
                out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func bind(_ value: (any DatabaseValueConvertible)?) -> PostgresData {
        switch value?.databaseValue.storage ?? .null {
        case .null: .null
        case .int64(let v): PostgresData(int64: v)
        case .double(let v): PostgresData(double: v)
        case .string(let v): PostgresData(string: v)
        case .blob(let v): PostgresData(bytes: v)
        }
    }

    static func row(_ row: PostgresRow) -> Row {
        var columns: [String: (any DatabaseValueConvertible)?] = [:]
        for cell in row { columns[cell.columnName] = value(cell) }
        return Row(columns)
    }

    /// PostgreSQL's types as SQLite would have stored them: integers and booleans as
    /// INTEGER, text as TEXT, bytea as BLOB, floating and numeric as REAL (a numeric
    /// without a fraction — SUM of a BIGINT — as INTEGER).
    static func value(_ cell: PostgresCell) -> DatabaseValue {
        guard cell.bytes != nil else { return .null }
        switch cell.dataType {
        case .int2, .int4, .int8, .oid:
            return (try? cell.decode(Int64.self)).map { $0.databaseValue } ?? .null
        case .bool:
            return (try? cell.decode(Bool.self)).map { ($0 ? 1 : 0 as Int64).databaseValue } ?? .null
        case .float4, .float8:
            return (try? cell.decode(Double.self)).map { $0.databaseValue } ?? .null
        case .numeric:
            guard let decimal = try? cell.decode(Decimal.self) else { return .null }
            var rounded = decimal, source = decimal
            NSDecimalRound(&rounded, &source, 0, .plain)
            if rounded == decimal, abs(NSDecimalNumber(decimal: decimal).doubleValue) < 9.2e18 {
                return NSDecimalNumber(decimal: decimal).int64Value.databaseValue
            }
            return NSDecimalNumber(decimal: decimal).doubleValue.databaseValue
        case .bytea:
            var buffer = cell.bytes!
            return Data(buffer.readBytes(length: buffer.readableBytes) ?? []).databaseValue
        default:
            return (try? cell.decode(String.self)).map { $0.databaseValue } ?? .null
        }
    }
}

/// The last audit record a transaction appended (id and hash), for the checkpoint written
/// after its commit. One transaction's, on the one thread running it.
final class AppendedAuditHead {
    var head: (records: Int64, hash: String)?
}

/// A read's BEGIN, held back until its first statement (`PostgresSession.query`) with the
/// settings asked for before it (`SET LOCAL`); whether it was sent tells the read whether
/// there is a transaction to end. One read's, on the one thread running it.
final class PendingBegin {
    private var statements: [String]
    private(set) var sent = false

    init(_ begin: String) { statements = [begin] }

    /// Keeps a statement to go after BEGIN; false once BEGIN is sent (run it now instead).
    func hold(_ sql: String) -> Bool {
        guard !sent else { return false }
        statements.append(sql)
        return true
    }

    /// BEGIN and the statements held with it, to send now; nil once sent.
    func take() -> [String]? {
        guard !sent else { return nil }
        sent = true
        return statements
    }
}
