import Foundation
import GRDB
import SupportPostgres
import TestSupport

/// The rows of a test's database wherever this run keeps them: the SQLite file itself, or,
/// when the command-line suites run through a service on PostgreSQL, the database that
/// service was copied into (copied now if no command has reached it yet). Tests read what
/// commands left behind through it, and tamper with it, without paydesk's own services in
/// between. Write SQL both databases read alike (truth values are INTEGER 0/1 in both).
enum StoreUnderTest {
    /// Every row of `sql`, each column as text (nil for NULL; SQLite blobs as hex).
    static func rows(_ db: String, _ sql: String) throws -> [[String?]] {
        if let postgres = try ServiceRouting.postgresDatabase(for: db) {
            return try psql(postgres, sql)
        }
        return try DatabaseQueue(path: db).read { connection in
            try Row.fetchAll(connection, sql: sql).map { row in row.databaseValues.map(text) }
        }
    }

    /// The first column of the first row, nil when there is no row or it is NULL.
    static func value(_ db: String, _ sql: String) throws -> String? {
        try rows(db, sql).first?.first ?? nil
    }

    static func integer(_ db: String, _ sql: String) throws -> Int64? {
        try value(db, sql).flatMap { Int64($0) }
    }

    /// Runs a statement against the rows, as someone with the database's own tools would.
    static func execute(_ db: String, _ sql: String) throws {
        if let postgres = try ServiceRouting.postgresDatabase(for: db) {
            _ = try psql(postgres, sql)
            return
        }
        let run = try Spawn.run("/usr/bin/sqlite3", [db, sql])
        guard run.status == 0 else { throw failure("sqlite3 \(sql): \(run.stderr)") }
    }

    /// Whether the store under test keeps only text PostgreSQL's `text` can hold: valid
    /// UTF-8 without NUL. SQLite keeps whatever bytes are written into a TEXT column.
    static var holdsOnlyValidText: Bool { ServiceRouting.enabled && ServiceRouting.onPostgres }

    /// An SQL expression for `bytes` read as text, in the dialect of the store under test
    /// (`CAST(X'…' AS TEXT)` on SQLite, `convert_from('\x…'::bytea, 'UTF8')` on PostgreSQL,
    /// which refuses invalid UTF-8 and NUL), so a test can write any text, escapes
    /// and controls included, through a command line without quoting it.
    static func textExpression(_ bytes: [UInt8]) -> String {
        let hex = bytes.map { String(format: "%02X", $0) }.joined()
        return holdsOnlyValidText ? "convert_from('\\x\(hex)'::bytea, 'UTF8')" : "CAST(X'\(hex)' AS TEXT)"
    }

    /// The whole database as SQL text, one statement per line, with the database's own dump
    /// tool (`sqlite3 .dump`, `pg_dump --inserts`); PostgreSQL's `public.` is left off the
    /// table names so the lines read as SQLite's.
    static func dump(_ db: String) throws -> [String] {
        if let postgres = try ServiceRouting.postgresDatabase(for: db) {
            let cluster = try PostgresCluster.start()
            let run = try ProgramRun.run(cluster.binFolder + "/pg_dump",
                                         connection(cluster, postgres) + ["--data-only", "--inserts", "--no-owner"])
            guard run.status == 0 else { throw failure("pg_dump: \(run.stderr)") }
            return run.stdout.replacingOccurrences(of: "INSERT INTO public.", with: "INSERT INTO ").components(separatedBy: "\n")
        }
        let run = try Spawn.run("/usr/bin/sqlite3", [db, ".dump"])
        guard run.status == 0 else { throw failure("sqlite3 .dump: \(run.stderr)") }
        return run.stdout.components(separatedBy: "\n")
    }

    private static let columnSeparator = "\u{1F}", rowSeparator = "\u{1E}", null = "\u{1A}NULL"

    private static func psql(_ location: PostgresLocation, _ sql: String) throws -> [[String?]] {
        let cluster = try PostgresCluster.start()
        let run = try ProgramRun.run(cluster.binFolder + "/psql", connection(cluster, location) + [
            "--no-psqlrc", "--no-align", "--tuples-only", "--quiet", "--set=ON_ERROR_STOP=1",
            "--field-separator=\(columnSeparator)", "--record-separator=\(rowSeparator)", "--pset=null=\(null)",
            "--command=\(sql)"])
        guard run.status == 0 else { throw failure("psql \(sql): \(run.stderr)") }
        var output = run.stdout
        if output.hasSuffix("\n") { output.removeLast() }
        guard !output.isEmpty else { return [] }
        return output.components(separatedBy: rowSeparator).map { line in
            line.components(separatedBy: columnSeparator).map { $0 == null ? nil : $0 }
        }
    }

    private static func connection(_ cluster: PostgresCluster, _ location: PostgresLocation) -> [String] {
        ["--host=\(cluster.folder)", "--port=\(cluster.port)", "--username=\(location.user)", "--dbname=\(location.database)"]
    }

    private static func text(_ value: DatabaseValue) -> String? {
        switch value.storage {
        case .null: nil
        case .int64(let n): String(n)
        case .double(let d): String(d)
        case .string(let s): s
        case .blob(let data): data.map { String(format: "%02x", $0) }.joined()
        }
    }

    private static func failure(_ message: String) -> NSError {
        NSError(domain: "StoreUnderTest", code: 1, userInfo: [NSLocalizedDescriptionKey: message])
    }
}
