import GRDB

/// `v17-covering-facts`: the week's first replies and solves read from their indexes alone.
///
/// The supervisor screen reads the period's first replies and solves after every commit
/// (`StoreEngine.firstReplies`, `solvesSQL`): 7,400 and 5,600 rows a week at 10M, found
/// through `tickets_first_reply_at` and `tickets_solved_at`, each row then a visit to the
/// table for its number, creation time and the rest — 2.7 ms of CPU each in sqlite3, about a
/// third of what the screen's refresh still cost. The two indexes keep their names and
/// leading column (everything that used them still does) and now hold every column those
/// reads name, so each is an index walk: 0.6 and 0.9 ms in sqlite3 on the 10M seed (SQLite
/// counts an index as covering only when it holds every column the query names). Same
/// names and columns on PostgreSQL.
package enum CoveringFactsSchema {
    package static let migration = "v17-covering-facts"

    /// The same statements on PostgreSQL (`PostgresPerformanceSchema.v17CoveringFacts`).
    package static let createSQL = """
        DROP INDEX tickets_first_reply_at;
        CREATE INDEX tickets_first_reply_at ON tickets(first_reply_at, number, created_at, first_reply_by)
        WHERE first_reply_at IS NOT NULL;
        DROP INDEX tickets_solved_at;
        CREATE INDEX tickets_solved_at ON tickets(solved_at, status, number, created_at, solved_by, assignee_id)
        WHERE solved_at IS NOT NULL;
        """

    static func create(_ db: Database) throws {
        try db.execute(sql: createSQL)
        if try db.tableExists("sqlite_stat1") {
            try db.execute(sql: "ANALYZE tickets_first_reply_at; ANALYZE tickets_solved_at")
        }
    }
}
