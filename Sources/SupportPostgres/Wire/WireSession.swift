import Foundation
import GRDB
import SupportStore

/// A read's or a write's `SQLSession` on a directly spoken connection (`WirePooledConnection`):
/// the services' SQL with `?` numbered and typed as `PostgresSession` does, values sent as
/// text (the casts in the text give their types), cells read by their column's kind
/// (`WireKind`). The transaction's BEGIN and its settings go in the same write as its
/// first statement. A read's session refuses to change anything.
struct WireSession: SQLSession, AppendsAudit {
    let connection: WirePooledConnection
    let location: PostgresLocation
    /// A write's: INSERT, UPDATE and DELETE run (prepared, as its queries are).
    var writes = false
    let settingsInForce = SettingsInForce()
    let appended = AppendedAuditHead()
    var opening: PendingBegin? = nil

    var dialect: SQLDialect { .postgresql }

    func fetchRows(_ sql: String, _ arguments: SQLArguments) throws -> [Row] {
        var names: [String] = []
        var rows: [Row] = []
        try each(sql, arguments, columns: { names = $0.map(\.name) }) { values in
            var columns: [String: (any DatabaseValueConvertible)?] = Dictionary(minimumCapacity: names.count)
            for (index, name) in names.enumerated() { columns[name] = values[index] }
            rows.append(Row(columns))
        }
        return rows
    }

    func fetchDecoded<T>(_ sql: String, _ arguments: SQLArguments, _ decode: (Row) throws -> T) throws -> [T] {
        try fetchRows(sql, arguments).map(decode)
    }

    /// Each row's values straight from its bytes to the decoder, which finds its columns
    /// by name once per statement.
    func fetch<D: SQLRowDecoder>(_ decoder: D.Type, _ sql: String, _ arguments: SQLArguments) throws -> [D.Value] {
        // The decoder is made at the first row: a result without rows answers [] whatever
        // its columns, as on postgres-nio's path.
        var names: [String] = []
        var reader: D?
        var result: [D.Value] = []
        try each(sql, arguments, columns: { names = $0.map(\.name) }) { values in
            if reader == nil { reader = try D(SQLColumns(names)) }
            result.append(reader!.decode(SQLRow(values: values)))
        }
        return result
    }

    func fetchColumn(_ sql: String, _ arguments: SQLArguments) throws -> [DatabaseValue] {
        var column: [DatabaseValue] = []
        try each(sql, arguments, columns: { _ in }) { values in column.append(values.first ?? .null) }
        return column
    }

    /// A write's INSERT, UPDATE or DELETE, prepared, counting its rows in a query of its own
    /// shape (`PreparedQueries.countingChange`); anything else unnamed, its count read from
    /// the server's command tag.
    @discardableResult
    func run(_ sql: String, _ arguments: SQLArguments) throws -> Int {
        guard writes else { throw StoreError(.other, "A read cannot change the database.") }
        if let counting = PreparedQueries.countingChange(sql) {
            return try fetchColumn(counting, arguments).first.flatMap(Int.fromDatabaseValue) ?? 0
        }
        return try each(sql, arguments, columns: { _ in }) { _ in } ?? 0
    }

    func insert(_ sql: String, _ arguments: SQLArguments) throws -> Int64 {
        guard writes else { throw StoreError(.other, "A read cannot change the database.") }
        guard let id = try fetchColumn(sql + " RETURNING id", arguments).first.flatMap(Int64.fromDatabaseValue) else {
            throw PostgresStoreError("An insert returned no id.")
        }
        return id
    }

    /// Held back with the read's BEGIN when that is not sent yet; run at once otherwise.
    func setLocal(_ setting: String) throws {
        settingsInForce.text += setting + ";"
        if let opening, opening.hold("SET LOCAL " + setting) { return }
        try each("SET LOCAL " + setting, [], columns: { _ in }) { _ in }
    }

    /// Runs one statement: a query (and a write's change) as the connection's prepared
    /// statement for it, anything else unnamed. `columns` gets the result's columns before
    /// the first row. Returns the rows its command tag counts.
    @discardableResult
    private func each(_ sql: String, _ arguments: SQLArguments, columns: ([WireColumn]) throws -> Void,
                      row: (inout ContiguousArray<DatabaseValue>) throws -> Void) throws -> Int? {
        let ahead = opening?.take() ?? []
        let parameters = arguments.map(Self.text)
        let key = PreparedQueries.canPrepare(sql, inWrite: writes)
            ? PreparedQueries.key(sql, arguments: arguments, settings: settingsInForce.text) : nil
        var known = false
        do {
            let statement: WireStatement
            if let key {
                let (found, new) = try connection.statement(for: key) { PostgresSession.numbered(sql, typed: arguments) }
                statement = found
                known = !new
            } else {
                statement = try connection.wire.prepare(PostgresSession.numbered(sql, typed: arguments), as: "")
            }
            try columns(statement.columns)
            return try connection.wire.execute(statement, parameters: parameters, ahead: ahead, row: row)
        } catch let error as WireError {
            if known, case .server(let code, let message, _) = error,
               code == "26000" || (code == "0A000" && message.contains("cached plan")) {
                try connection.forget(code == "26000" ? nil : key)
                throw StalePreparedStatement(message: Self.storeError(error, at: location))
            }
            throw Self.storeError(error, at: location)
        }
    }

    /// A value as PostgreSQL's text input takes it; the text's cast gives its type.
    static func text(_ value: (any DatabaseValueConvertible)?) -> String? {
        switch value?.databaseValue.storage ?? .null {
        case .null: nil
        case .int64(let v): String(v)
        case .double(let v): v.isNaN ? "NaN" : v.isInfinite ? (v < 0 ? "-Infinity" : "Infinity") : "\(v)"
        case .string(let v): v
        case .blob(let v): "\\x" + v.map { String(format: "%02x", $0) }.joined()
        }
    }

    /// The server's refusals in the store's words, as `PostgresSession.storeError` gives them.
    static func storeError(_ error: WireError, at location: PostgresLocation) -> Error {
        guard case .server(let code, let message, let detail) = error else {
            return StoreError(.other, "Cannot reach PostgreSQL at \(location.description): \(error.description)")
        }
        if code == "40001" || code == "40P01" { return RetryableTransaction(state: code) }
        if code == "23505" { return StoreError.conflict("That already exists: \(detail ?? "a unique key was repeated").") }
        return StoreError(.other, "PostgreSQL at \(location.description) refused: \(message)\(detail.map { " (\($0))" } ?? "").")
    }
}
