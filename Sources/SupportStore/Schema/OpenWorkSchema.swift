import GRDB

/// `v15-open-work-index`: the supervisor screen's read of the open tickets (`OpenWork`)
/// from one index, without the table.
///
/// The screen reads every active ticket's number, status, category, priority, owner,
/// creation and due time at each change (10,801 at 10M). Through `tickets_active_due` each
/// row was a visit to the table, on pages spread over the whole of it: 50–118 ms on
/// PostgreSQL at 10M. This partial index holds the columns the read needs, over the active
/// tickets only (an index-only scan on PostgreSQL, a covering index on SQLite). The WHERE
/// must stay `StoreEngine.activeStatuses` (SQLite uses a partial index only for a query
/// that repeats its condition). Same name and columns on PostgreSQL.
enum OpenWorkSchema {
    static let migration = "v15-open-work-index"

    static let createSQL = """
        CREATE INDEX tickets_open_work
        ON tickets(assignee_id, status, category, priority, created_at, sla_due_at, number, id)
        WHERE \(ActiveQueueSchema.active)
        """

    static func create(_ db: Database) throws {
        try db.execute(sql: createSQL)
        if try db.tableExists("sqlite_stat1") { try db.execute(sql: "ANALYZE tickets_open_work") }
    }
}
