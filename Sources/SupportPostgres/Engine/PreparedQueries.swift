import Foundation
import GRDB
import PostgresNIO
import SupportStore

/// How a query runs as a prepared statement (a read's, and a write's since writes repeat
/// theirs as much: a claim is some twenty statements, each parsed and planned anew before): postgres-nio's
/// `PostgresConnection.prepare(query:)` (the extended protocol's Parse into a named
/// statement, once per connection) and `PreparedQuery.execute` (Bind and Execute with the
/// values, as before, in binary).
///
/// Why that API: it is the one that takes the SQL text at run time, and the services build
/// theirs at run time (a filter's clauses, a view's order). `PostgresPreparedStatement`
/// takes its SQL as a static property of a type, one type per statement written at
/// compile time. SQL's own `PREPARE … AS` / `EXECUTE name($1, …)` would keep the unnamed
/// path, but PostgreSQL does not bind a protocol parameter into a utility statement's
/// arguments ("there is no parameter $1"); the values would have to be written into the
/// text. What this API costs: a statement's first use waits for its Parse before its Bind
/// is written (one round trip more, once per statement and connection); rows arrive
/// through a closure per row (a few microseconds for a page of a hundred); failures come
/// as the older `PostgresError`, whose SQLSTATE is read the same way (`serverState`). Its
/// Parse declares no parameter types, so the text carries them (`$1::int8`, see
/// `PostgresSession.numbered`), and its cells say text though they are binary
/// (`PostgresSession.value`).
enum PreparedQueries {
    /// Queries are prepared, and in a write its INSERTs, UPDATEs and DELETEs too; anything
    /// else (a setting, BEGIN, a savepoint, DDL) runs as it is.
    static func canPrepare(_ sql: String, inWrite: Bool = false) -> Bool {
        switch firstWord(sql) {
        case "select", "with": true
        case "insert", "update", "delete": inWrite
        default: false
        }
    }

    /// A change a write runs for the number of rows it changed (`SQLSession.run`), as a
    /// query whose one row is that number: a prepared statement's run hands back its rows,
    /// not its command tag. `RETURNING 1` alone would send a row per row changed (a sweep
    /// over thousands of tickets); the count is taken by the server. nil for a statement
    /// this cannot wrap (not a plain INSERT, UPDATE or DELETE; one with its own RETURNING
    /// or a trailing semicolon): it runs unnamed, as before.
    static func countingChange(_ sql: String) -> String? {
        guard ["insert", "update", "delete"].contains(firstWord(sql)) else { return nil }
        let trimmed = sql.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.hasSuffix(";"), trimmed.range(of: "returning", options: .caseInsensitive) == nil else { return nil }
        return "WITH changed AS (\(trimmed) RETURNING 1) SELECT count(*) AS n FROM changed"
    }

    /// The statement's first word in lower case (ASCII), up to seven letters.
    static func firstWord(_ sql: String) -> String {
        var bytes = sql.utf8.drop(while: { $0 == 0x20 || $0 == 0x0A || $0 == 0x09 || $0 == 0x0D }).prefix(7).makeIterator()
        var word: [UInt8] = []
        while let byte = bytes.next(), byte != 0x20, byte != 0x0A, byte != 0x09, byte != 0x0D, byte != 0x28 {
            word.append(byte | 0x20)   // ASCII letters to lower case
        }
        return String(decoding: word, as: UTF8.self)
    }

    /// What tells one prepared statement from another on a connection: its text, the
    /// types its values are bound as (a NULL is bound untyped, so it prepares apart) and
    /// the planner settings in force (a plan kept under a read's `enable_sort = off` is not
    /// one for a read without it).
    static func key(_ sql: String, arguments: SQLArguments, settings: String) -> String {
        var key = settings
        key.reserveCapacity(settings.utf8.count + arguments.count + sql.utf8.count + 2)
        key += "\u{1}"
        for argument in arguments { key.unicodeScalars.append(typeMark(argument)) }
        key += "\u{1}"
        key += sql
        return key
    }

    /// The server no longer has the statement (`DEALLOCATE ALL`, `DISCARD ALL`): 26000.
    static func isMissing(_ error: any Error) -> Bool {
        serverState(error)?.state == "26000"
    }

    /// The statement cannot run as prepared: the server lost it, or a schema change gave
    /// its query another result type ("cached plan must not change result type", 0A000).
    static func isStale(_ error: any Error) -> Bool {
        guard let server = serverState(error) else { return false }
        return server.state == "26000" || (server.state == "0A000" && server.message.contains("cached plan"))
    }

    /// The SQLSTATE and message of a refusal, from either of postgres-nio's errors.
    static func serverState(_ error: any Error) -> (state: String, message: String)? {
        if let error = error as? PSQLError, let state = error.serverInfo?[.sqlState] {
            return (state, error.serverInfo?[.message] ?? "")
        }
        if case .server(let response)? = error as? PostgresError, let state = response.fields[.sqlState] {
            return (state, response.fields[.message] ?? "")
        }
        return nil
    }

    static func typeMark(_ argument: (any DatabaseValueConvertible)?) -> Unicode.Scalar {
        switch argument?.databaseValue.storage ?? .null {
        case .null: "n"
        case .int64: "i"
        case .double: "d"
        case .string: "s"
        case .blob: "b"
        }
    }

    /// The type `PostgresSession.bind` binds a value as; nil for NULL (bound untyped).
    static func castName(_ argument: (any DatabaseValueConvertible)?) -> String? {
        switch argument?.databaseValue.storage ?? .null {
        case .null: nil
        case .int64: "int8"
        case .double: "float8"
        case .string: "text"
        case .blob: "bytea"
        }
    }
}

/// A read or write ran into a statement its connection had prepared and can no longer run
/// as prepared (see `PreparedQueries.isStale`). The statement is forgotten; the read (which
/// changed nothing) or the whole write (rolled back) is run once more and prepares it again.
struct StalePreparedStatement: Error {
    var message: Error
}
