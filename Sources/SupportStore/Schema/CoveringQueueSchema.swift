import GRDB

/// `v19-covering-active-queue`: marking an active view (`*`) is a walk of its index alone.
///
/// `*` keeps the number and version of a view's first thousand tickets
/// (`StoreEngine.queueTicketVersions`). The active views' indexes (`ActiveQueueSchema`) gave
/// the order but not those two, so each of the thousand was a visit to the table. At 10M the
/// active tickets lie spread over a million rows (a hundred thousand at 1M): the same
/// thousand visits read most of a thousand table pages, and the key took 1.5× as long as at
/// 1M (BENCHMARKS.md, "the keys' figures at 1M against 10M"). Each index keeps its name,
/// leading columns and condition, so every page, count and plan that used it still does, and
/// now also holds the status and deadline (Breaching tests them), the number and the version:
/// the mark reads a thousand index entries, a dozen pages, at any size of history.
///
/// The cost is on writes: every change bumps the version, so it now rewrites its ticket's
/// entry in all four (a claim already did, the assignee being in each). Same names and
/// columns on PostgreSQL, where the walk is an index-only scan.
package enum CoveringQueueSchema {
    package static let migration = "v19-covering-active-queue"

    /// What every view's mark names: its conditions' columns (Breaching tests the status and
    /// the deadline) and the two it keeps.
    static let named = ["status", "sla_due_at", "number", "version"]

    /// Each active index's columns, then those of `named` it lacks.
    static func columns(_ index: (name: String, columns: String)) -> String {
        let own = index.columns.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        return (own + named.filter { !own.contains($0) }).joined(separator: ", ")
    }

    /// The same statements on PostgreSQL (`PostgresPerformanceSchema.v19CoveringActiveQueue`).
    package static var createSQL: String {
        ActiveQueueSchema.indexes.map { index in
            """
            DROP INDEX \(index.name);
            CREATE INDEX \(index.name) ON tickets(\(columns(index))) WHERE \(ActiveQueueSchema.active);
            """
        }.joined(separator: "\n")
    }

    static func create(_ db: Database) throws {
        try db.execute(sql: createSQL)
        if try db.tableExists("sqlite_stat1") {
            for index in ActiveQueueSchema.indexes { try db.execute(sql: "ANALYZE \(index.name)") }
        }
    }
}
