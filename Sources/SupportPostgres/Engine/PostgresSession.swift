import Foundation
import GRDB
import NIOCore
import PostgresNIO
import SupportStore

/// A `SQLSession` on one PostgreSQL connection, inside the transaction its engine began.
/// The services' SQL arrives with `?` placeholders and GRDB values; it leaves with `$n`
/// and PostgreSQL's binary values, and its rows come back as GRDB `Row`s read by name.
struct PostgresSession: SQLSession, AppendsAudit {
    let connection: PostgresConnection
    let location: PostgresLocation
    /// The connection's prepared statements, a read's or a write's (`PooledConnection`);
    /// nil when the address keeps none (every statement parsed and planned each time).
    var statements: PreparedStatements? = nil
    /// The planner settings this transaction set so far (`setLocal`).
    let settingsInForce = SettingsInForce()
    /// The head this transaction's audit appends left, checkpointed once it commits.
    let appended = AppendedAuditHead()
    /// A read's BEGIN, not sent yet: it goes with the session's first statement.
    var opening: PendingBegin? = nil
    /// A read's: its statements are waited for by watching briefly before parking
    /// (`ReadWait`); a write's park at once.
    var isRead = false

    var dialect: SQLDialect { .postgresql }

    func fetchRows(_ sql: String, _ arguments: SQLArguments) throws -> [Row] {
        let rows = try rows(sql, arguments)
        guard let first = rows.first else { return [] }
        let columns = ResultColumns(first)
        return rows.map(columns.row)
    }

    func fetchDecoded<T>(_ sql: String, _ arguments: SQLArguments, _ decode: (Row) throws -> T) throws -> [T] {
        try fetchRows(sql, arguments).map(decode)
    }

    /// The rows' values in column order, handed to the decoder one row at a time in one
    /// buffer: no dictionary, no GRDB row, no lookup by name per row. The decoder finds its
    /// columns by name once, in the result's own order (`ResultColumns`).
    func fetch<D: SQLRowDecoder>(_ decoder: D.Type, _ sql: String, _ arguments: SQLArguments) throws -> [D.Value] {
        let rows = try self.rows(sql, arguments)
        guard let first = rows.first else { return [] }
        let columns = ResultColumns(first)
        let reader = try D(SQLColumns(columns.names))
        var values = ContiguousArray<DatabaseValue>()
        values.reserveCapacity(columns.kinds.count)
        var result: [D.Value] = []
        result.reserveCapacity(rows.count)
        for row in rows {
            values.removeAll(keepingCapacity: true)
            columns.append(row, to: &values)
            result.append(reader.decode(SQLRow(values: values)))
        }
        return result
    }

    func fetchColumn(_ sql: String, _ arguments: SQLArguments) throws -> [DatabaseValue] {
        let rows = try rows(sql, arguments)
        guard let first = rows.first else { return [] }
        let kind = first.first.map { ResultColumns.kind($0.dataType) } ?? .general
        return rows.map { row in row.first.map { ResultColumns.value($0, kind) } ?? .null }
    }

    /// A write's INSERT, UPDATE or DELETE runs prepared, counting its rows in a query of
    /// its own shape (`PreparedQueries.countingChange`); anything else runs unnamed.
    @discardableResult
    func run(_ sql: String, _ arguments: SQLArguments) throws -> Int {
        if !isRead, statements != nil, let counting = PreparedQueries.countingChange(sql) {
            return try fetchColumn(counting, arguments).first.flatMap(Int.fromDatabaseValue) ?? 0
        }
        return try query(sql, arguments).metadata.rows ?? 0
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
        return try mappingErrors { try send(PostgresQuery(unsafeSQL: Self.numbered(sql), binds: binds)) }
    }

    /// A query's rows. The query runs as the connection's prepared statement for its text
    /// (see `PreparedQueries`), prepared with its first use.
    func rows(_ sql: String, _ arguments: SQLArguments) throws -> [PostgresRow] {
        guard let statements, PreparedQueries.canPrepare(sql, inWrite: !isRead) else { return try query(sql, arguments).rows }
        let key = PreparedQueries.key(sql, arguments: arguments, settings: settingsInForce.text)
        let binds = arguments.map(Self.bind)
        let known = statements.statement(for: key)
        let ahead = opening?.take() ?? []
        let connection = self.connection
        // Made only for a statement to prepare: NIO reports a promise left unkept.
        let preparing = known == nil ? connection.eventLoop.makePromise(of: PreparedQuery.self) : nil
        let text = known == nil ? Self.numbered(sql, typed: arguments) : ""
        let rows: [PostgresRow]
        do {
            // BEGIN and its settings, the Parse and the statement are written in one task on
            // the connection's event loop, which also takes the answer: this thread wakes the
            // loop once and waits once.
            let send: @Sendable () -> EventLoopFuture<[PostgresRow]> = {
                let before = Self.sendAll(ahead, on: connection)
                let statement: EventLoopFuture<PreparedQuery>
                if let known {
                    statement = connection.eventLoop.makeSucceededFuture(known)
                } else {
                    statement = connection.prepare(query: text)
                    statement.cascade(to: preparing)
                }
                return before.and(statement.flatMap { $0.execute(binds) }).map { $0.1 }
            }
            if isRead {
                // A statement's expected answer time is its own, without a BEGIN in front.
                let timed = known != nil && ahead.isEmpty
                let answer = try ReadWait.shared.timedValue(on: connection.eventLoop,
                                                            expected: timed ? statements.expectedAnswer(for: key) : nil, send)
                rows = answer.value
                if timed { statements.noteAnswer(for: key, after: answer.answeredIn) }
            } else {
                rows = try connection.eventLoop.flatSubmit(send).wait()
            }
        } catch {
            if let preparing { Self.keep(preparing, as: key, in: statements) }
            guard known != nil, PreparedQueries.isStale(error) else { throw Self.storeError(error, at: location) }
            // The server lost it or its result changed shape: the read runs again.
            if PreparedQueries.isMissing(error) { statements.forgetAll() } else { statements.forget(key) }
            throw StalePreparedStatement(message: Self.storeError(error, at: location))
        }
        if let preparing { Self.keep(preparing, as: key, in: statements) }
        return rows
    }

    /// Keeps a statement the server prepared, even when its first run failed; one it
    /// refused is not kept. Its answer has come by now, or comes next: the connection
    /// answers in order.
    private static func keep(_ preparing: EventLoopPromise<PreparedQuery>, as key: String, in statements: PreparedStatements) {
        if let statement = try? preparing.futureResult.wait() { statements.add(key, statement) }
    }

    /// Writes `statements` (BEGIN and its settings) one after another; fails if any fails.
    private static func sendAll(_ statements: [String], on connection: PostgresConnection) -> EventLoopFuture<Void> {
        var done = connection.eventLoop.makeSucceededVoidFuture()
        for sql in statements {
            done = done.and(connection.query(PostgresQuery(unsafeSQL: sql), logger: connection.logger)).map { _ in () }
        }
        return done
    }

    /// Sends one statement and waits for it; the read's BEGIN (and its settings), when not
    /// sent yet, go before it in the same task on the event loop. A failed BEGIN or setting
    /// fails the statement too.
    private func send(_ statement: PostgresQuery) throws -> PostgresQueryResult {
        let connection = self.connection
        let ahead = opening?.take() ?? []
        if isRead {
            return try ReadWait.shared.value(on: connection.eventLoop) {
                Self.sendAll(ahead, on: connection).and(connection.query(statement, logger: connection.logger)).map { $0.1 }
            }
        }
        guard !ahead.isEmpty else { return try connection.query(statement, logger: connection.logger).wait() }
        return try connection.eventLoop.flatSubmit {
            Self.sendAll(ahead, on: connection).and(connection.query(statement, logger: connection.logger)).map { $0.1 }
        }.wait()
    }

    private func mappingErrors<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch { throw Self.storeError(error, at: location) }
    }

    /// Held back with a read's BEGIN when that is not sent yet (`SQLSession.setLocal`).
    /// Prepared statements are kept apart by the settings they were planned under.
    func setLocal(_ setting: String) throws {
        settingsInForce.text += setting + ";"
        if let opening, opening.hold("SET LOCAL " + setting) { return }
        _ = try mappingErrors { try send(PostgresQuery(unsafeSQL: "SET LOCAL " + setting)) }
    }

    /// Closes the statements the connection's cache let go, without waiting: sent after
    /// the transaction's COMMIT or ROLLBACK.
    func releaseStatements() {
        guard let statements else { return }
        for statement in statements.takeReleased() { statement.deallocate().whenComplete { _ in } }
    }

    /// Sends a statement without waiting for it; the connection runs it before anything
    /// sent after it.
    @discardableResult
    func send(_ sql: String) -> EventLoopFuture<PostgresQueryResult> {
        connection.query(sql, [])
    }

    /// A refusal the services expect to see as theirs (a unique key: a conflict), the rest
    /// in PostgreSQL's own words.
    static func storeError(_ error: any Error, at location: PostgresLocation) -> Error {
        guard let psql = error as? PSQLError else {
            // The prepared path's older error type (`PreparedQueries`), or ours already.
            guard let older = error as? PostgresError else { return error }
            guard case .server(let response) = older else {
                return StoreError(.other, "Cannot reach PostgreSQL at \(location.description): \(older.description).")
            }
            let state = response.fields[.sqlState]
            if let state, state == "40001" || state == "40P01" { return RetryableTransaction(state: state) }
            if state == "23505" {
                return StoreError.conflict("That already exists: \(response.fields[.detail] ?? "a unique key was repeated").")
            }
            let detail = response.fields[.detail].map { " (\($0))" } ?? ""
            return StoreError(.other, "PostgreSQL at \(location.description) refused: \(response.fields[.message] ?? "\(error)")\(detail).")
        }
        if let state = psql.serverInfo?[.sqlState], state == "40001" || state == "40P01" {
            return RetryableTransaction(state: state)
        }
        if psql.serverInfo?[.sqlState] == "23505" {
            return StoreError.conflict("That already exists: \(psql.serverInfo?[.detail] ?? "a unique key was repeated").")
        }
        return StoreError(.other, PostgresPool.describe(psql, at: location))
    }

    /// `?` → `$1`, `$2`, … outside quoted text and identifiers. Byte by byte: quotes and
    /// `?` are ASCII, which no byte of a longer UTF-8 sequence equals (walking Characters
    /// instead cost a grapheme break test per character of every statement).
    ///
    /// `typed`: each placeholder also cast to the type its value is bound as (`$1::int8`),
    /// for a statement prepared without declared types (`PreparedQueries`), so the server
    /// takes the types an unnamed statement declares rather than inferring its own (an
    /// int8 value bound where it inferred int4 is refused). An untyped NULL stays `$n`.
    static func numbered(_ sql: String, typed arguments: SQLArguments? = nil) -> String {
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
                if let arguments, n <= arguments.count, let type = PreparedQueries.castName(arguments[n - 1]) {
                    out.append(contentsOf: "::".utf8)
                    out.append(contentsOf: type.utf8)
                }
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

    /// PostgreSQL's types as SQLite would have stored them: integers and booleans as
    /// INTEGER, text as TEXT, bytea as BLOB, floating and numeric as REAL (a numeric
    /// without a fraction — SUM of a BIGINT — as INTEGER).
    static func value(_ cell: PostgresCell) -> DatabaseValue {
        guard cell.bytes != nil else { return .null }
        // Every statement asks for its rows in binary (postgres-nio's Bind does, for all
        // columns), but a prepared statement's cells carry the format its Describe gave
        // when it was prepared, text: read them as the binary they are.
        var cell = cell
        cell.format = .binary
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

/// A write's session, on either kind of connection: where `PostgresEngine.appendAudit`
/// leaves the head it appended.
protocol AppendsAudit {
    var appended: AppendedAuditHead { get }
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

/// The `SET LOCAL` settings of one transaction, in order. One transaction's, on the one
/// thread running it.
final class SettingsInForce {
    var text = ""
}
