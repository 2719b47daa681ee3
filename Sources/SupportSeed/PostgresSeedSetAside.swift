import Foundation
import Logging
import PostgresNIO
import SupportPostgres
import SupportStore

/// The indexes and foreign keys a seed sets aside while it copies, and puts back after.
/// A B-tree built once by sorting ten million keys is several times cheaper than ten
/// million insertions in random key order; a foreign key added afterwards is checked by
/// one join instead of a lookup per copied row. The definitions are kept in `meta`
/// (`seed.deferred`), so an interrupted seed puts back exactly what it took away.
enum PostgresSeedSetAside {
    struct Deferred: Codable {
        var kind: String   // "index" or "constraint"
        var table: String
        var name: String
        var definition: String

        var sql: String {
            kind == "index" ? definition
                : "ALTER TABLE \(SQLiteImport.identifier(table)) ADD CONSTRAINT \(SQLiteImport.identifier(name)) \(definition)"
        }
    }

    /// Drops every foreign key from or to `tables` (so each can be emptied with TRUNCATE)
    /// and every index on them that no primary key or unique constraint owns.
    static func setAside(_ session: any SQLSession, tables: [String]) throws {
        let list = tables.map { "'\($0)'" }.joined(separator: ",")
        var deferred: [Deferred] = []
        for row in try session.fetchRows("""
            SELECT c.relname AS table_name, k.conname AS name, pg_get_constraintdef(k.oid) AS definition
            FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class r ON r.oid = k.confrelid
            WHERE k.contype = 'f' AND (c.relname IN (\(list)) OR r.relname IN (\(list)))
            ORDER BY c.relname, k.conname
            """) {
            deferred.append(Deferred(kind: "constraint", table: row["table_name"], name: row["name"], definition: row["definition"]))
        }
        for row in try session.fetchRows("""
            SELECT c.relname AS table_name, x.relname AS name, pg_get_indexdef(i.indexrelid) AS definition
            FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_class x ON x.oid = i.indexrelid
            WHERE c.relname IN (\(list))
              AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.contype IN ('p', 'u', 'x'))
            ORDER BY c.relname, x.relname
            """) {
            deferred.append(Deferred(kind: "index", table: row["table_name"], name: row["name"], definition: row["definition"]))
        }
        for object in deferred {
            let name = SQLiteImport.identifier(object.name)
            try session.run(object.kind == "index" ? "DROP INDEX \(name)"
                            : "ALTER TABLE \(SQLiteImport.identifier(object.table)) DROP CONSTRAINT \(name)", [])
        }
        let json = String(decoding: try JSONEncoder().encode(deferred), as: UTF8.self)
        try SeedBase.setDeferred(session, json)
    }

    /// Builds the indexes, then adds the foreign keys back (each checked against the rows),
    /// one committed statement each, with memory enough to sort in one pass.
    static func restore(_ pool: PostgresPool, log: (String) -> Void) async throws {
        try await pool.withConnection { connection in
            try await connection.run(script: "SET maintenance_work_mem = '1GB'; SET max_parallel_maintenance_workers = 2",
                                     logger: pool.logger)
            while true {
                var remaining: [Deferred] = []
                let rows = try await connection.query("SELECT value FROM meta WHERE key = 'seed.deferred'", logger: pool.logger)
                for try await json in rows.decode(String.self) {
                    remaining = try JSONDecoder().decode([Deferred].self, from: Data(json.utf8))
                }
                // Indexes first: the foreign keys' checks then find the keys they join on.
                guard let next = remaining.first(where: { $0.kind == "index" }) ?? remaining.first else { return }
                let started = Date()
                remaining.removeAll { $0.name == next.name && $0.kind == next.kind }
                let json = String(decoding: try JSONEncoder().encode(remaining), as: UTF8.self)
                try await connection.query("BEGIN", logger: pool.logger)
                do {
                    try await connection.query(PostgresQuery(unsafeSQL: next.sql), logger: pool.logger)
                    try await connection.query("UPDATE meta SET value = \(json) WHERE key = 'seed.deferred'", logger: pool.logger)
                    try await connection.query("COMMIT", logger: pool.logger)
                } catch {
                    _ = try? await connection.query("ROLLBACK", logger: pool.logger)
                    throw error
                }
                log(String(format: "  %@ %@ %.1f s", next.kind, next.name, Date().timeIntervalSince(started)))
            }
        }
    }

    /// The running totals the triggers would have kept (they were off during the copy).
    static func rebuildTotals(_ pool: PostgresPool) async throws {
        try await pool.withTransaction { connection in
            try await connection.run(script: """
                DELETE FROM transaction_totals;
                INSERT INTO transaction_totals (customer_id, count, money_in, money_out)
                    SELECT customer_id, COUNT(*),
                           COALESCE(SUM(amount) FILTER (WHERE status = 'success' AND type IN \(PostgresPerformanceSchema.creditTypes)), 0),
                           COALESCE(SUM(amount) FILTER (WHERE status = 'success' AND type NOT IN \(PostgresPerformanceSchema.creditTypes)), 0)
                    FROM transactions GROUP BY customer_id;
                DELETE FROM ticket_status_counts;
                INSERT INTO ticket_status_counts (status, count) SELECT status, COUNT(*) FROM tickets GROUP BY status
                """, logger: pool.logger)
        }
    }
}
