import GRDB

/// `v13-active-queue-indexes`: the Team and Unassigned views as index walks.
///
/// Their condition is `status IN ('new','open','pending','on_hold')`: four runs of
/// `tickets_status_due`, each in SLA order but not together, so every first page, End and
/// reload sorted all the active tickets (10,801 at 10M: 30–40 ms a read, two reads for End)
/// and every other sort did the same. One partial index per sort, over the active tickets
/// only, is in the page's order: a page reads its 150 entries. The assignee rides along so
/// that Unassigned and an agent's own-or-unassigned rule are tested in the index.
///
/// The WHERE must stay the expression `StoreEngine.activeStatuses` builds (SQLite uses a
/// partial index only for a query that repeats its condition); `StorePlanTests` holds it.
enum ActiveQueueSchema {
    static let migration = "v13-active-queue-indexes"

    static let active = "status IN ('new','open','pending','on_hold')"

    /// The index that serves each sort's order over the active tickets.
    static let indexes: [(name: String, columns: String)] = [
        ("tickets_active_due", "sla_due_at, id, assignee_id"),
        ("tickets_active_priority", "priority, sla_due_at, id, assignee_id"),
        ("tickets_active_created", "created_at, id, assignee_id"),
        ("tickets_active_updated", "updated_at, id, assignee_id"),
    ]

    static var createSQL: String {
        indexes.map { "CREATE INDEX \($0.name) ON tickets(\($0.columns)) WHERE \(active);" }.joined(separator: "\n")
    }

    static func create(_ db: Database) throws {
        try db.execute(sql: createSQL)
        // A file the seed analysed keeps its statistics; the new indexes get theirs (each
        // reads only the active tickets), so the planner weighs them with the others.
        if try db.tableExists("sqlite_stat1") {
            for index in indexes { try db.execute(sql: "ANALYZE \(index.name)") }
        }
    }
}
