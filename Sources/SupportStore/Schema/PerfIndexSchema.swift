import GRDB

/// Migration "v8-perf-indexes": the lists that still read without an index at 10M
/// transactions and 1M tickets (issue 16; numbers in BENCHMARKS.md).
///
/// - `tickets_due (sla_due_at, id, assignee_id)`: the "all" view sorted by SLA has no
///   status term, so `tickets_status_due` cannot serve its `ORDER BY sla_due_at, id` and
///   the first page sorted a million tickets (2.6–4.5 s). The assignee rides along so an
///   agent's "all" (own and unassigned only) is filtered in the index too. End walks the
///   same index backwards.
/// - `tickets_priority_due (priority, sla_due_at, id)`: the same for "all" sorted by
///   priority.
/// - `tickets_clock_running` (tickets not both answered and solved) and
///   `tickets_first_response_at`: the SLA report looks for clocks that were running or
///   stopped during its period; these, with `tickets_solved_at`, are the sets it unions
///   instead of testing a million tickets one by one.
/// - Wallet ids stored in upper case, the form every writer already uses, so that lookups
///   normalise the key and seek the unique index instead of comparing each row with
///   `COLLATE NOCASE`. A lower-case id that would collide with an existing one is left as
///   it is (such a pair was ambiguous to the old lookup too).
enum PerfIndexSchema {
    static func create(_ db: Database) throws {
        try db.execute(sql: """
            CREATE INDEX tickets_due ON tickets(sla_due_at, id, assignee_id);
            CREATE INDEX tickets_priority_due ON tickets(priority, sla_due_at, id);
            CREATE INDEX tickets_clock_running ON tickets(created_at) WHERE solved_at IS NULL OR first_response_at IS NULL;
            CREATE INDEX tickets_first_response_at ON tickets(first_response_at) WHERE first_response_at IS NOT NULL;
            """)
        try normalizeWalletIds(db)
    }

    /// SQLite's UPPER folds ASCII only, as `WalletId.normalize` does.
    static func normalizeWalletIds(_ db: Database) throws {
        try db.execute(sql: "UPDATE OR IGNORE customers SET wallet_id = UPPER(wallet_id) WHERE wallet_id <> UPPER(wallet_id)")
    }
}
