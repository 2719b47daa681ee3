import Foundation
import GRDB
@testable import SupportStore

/// What `ANALYZE` wrote on a large seed (`paydesk-dev seed --customers 20000 --tickets 100000
/// --transactions 1000000`), loaded into a small test database so that SQLite plans its
/// queries as it does at scale: a plan test on a few hundred rows with their own
/// statistics says little about a merchant account with 400,000 transactions.
enum SeededStatistics {
    /// (table, index, stat) rows of `sqlite_stat1` for the indexes every database has.
    static let rows: [(String, String, String)] = [
        ("customers", "customers_email", "18189 1"),
        ("customers", "customers_phone", "19795 1"),
        ("customers", "sqlite_autoindex_customers_1", "20350 1"),
        ("tickets", "sqlite_autoindex_tickets_1", "111565 1"),
        ("tickets", "tickets_assignee_status_due", "124080 1001 401 10 1"),
        ("tickets", "tickets_created_at", "85995 1"),
        ("tickets", "tickets_customer", "56511 7 1"),
        ("tickets", "tickets_customer_open", "101376 7 7 1"),
        ("tickets", "tickets_solved_at", "85995 1 1 1 1 1 1"),
        ("tickets", "tickets_status_due", "112200 667 7 1 1"),
        ("tickets", "tickets_subcategory_created", "64976 2001 1"),
        ("tickets", "tickets_updated", "46560 1 1"),
        ("transactions", "sqlite_autoindex_transactions_1", "1102600 1"),
        ("transactions", "transactions_customer_at", "826988 167 1 1 1 1 1"),
        ("transactions", "transactions_customer_type_status", "999488 167 22 14 1 1"),
    ]

    /// The v8-perf-indexes indexes as a new seed analyses them. A database migrated to v8
    /// has no statistics for them until its next ANALYZE; tests try both.
    static let perfIndexRows: [(String, String, String)] = [
        ("tickets", "tickets_due", "80960 2 1 1"),
        ("tickets", "tickets_priority_due", "99498 1001 8 1"),
        ("tickets", "tickets_clock_running", "969 1"),
        ("tickets", "tickets_first_response_at", "85995 1"),
    ]

    /// Replaces the database's statistics with the seeded ones (and, with `perfIndexes`,
    /// those of the v8 indexes too), then has SQLite reload them.
    static func apply(to store: SupportStore, perfIndexes: Bool) throws {
        try store.pool.write { db in
            try db.execute(sql: "ANALYZE")
            try db.execute(sql: "DELETE FROM sqlite_stat1")
            for (table, index, stat) in rows + (perfIndexes ? perfIndexRows : []) {
                try db.execute(sql: "INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (?, ?, ?)", arguments: [table, index, stat])
            }
            try db.execute(sql: "ANALYZE sqlite_schema")
        }
    }

    /// The plan lines of a statement.
    static func plan(_ store: SupportStore, _ sql: String, _ arguments: StatementArguments = []) throws -> [String] {
        try store.pool.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments).map { $0["detail"] as String }
        }
    }

    /// A plan line that reads a whole table without an index.
    static func fullScans(_ plan: [String], of aliases: [String]) -> [String] {
        plan.filter { line in
            aliases.contains { line == "SCAN \($0)" || line.hasPrefix("SCAN \($0) ") }
                && !line.contains("USING INDEX") && !line.contains("USING COVERING INDEX")
        }
    }

    static func sorts(_ plan: [String]) -> [String] { plan.filter { $0.contains("TEMP B-TREE") } }
}
