import GRDB

/// Migration "v6-performance": what the 10-million-transaction benchmarks asked for
/// (numbers before and after in BENCHMARKS.md).
///
/// - `transactions_customer_at` gains the columns filters test (type, status, amount), so
///   a filtered page or total reads the index alone and visits the table only for the
///   rows it returns. Same name and same leading keys: keyset paging is unchanged.
/// - `transactions_customer_type_status` lets totals of a type/status filter seek to the
///   matching rows instead of walking a year of a merchant-sized account.
/// - `transaction_totals` keeps each customer's unfiltered count and money in/out, kept
///   by triggers, so selecting a customer no longer sums their whole history.
/// - `tickets_customer_open` orders a customer's tickets (open first, newest first) as the
///   account pane asks, so a customer with thousands of tickets costs twenty rows.
/// - `ticket_status_counts` keeps the number of tickets in each status, so the "all"
///   view's count (shown in the header, recounted on every queue reload) is a lookup
///   instead of a pass over a million index entries.
/// - `tickets_status_due` gains the assignee, so an agent's view counts (their own and
///   unassigned tickets only) are answered from the index without reading each ticket.
///
/// On an existing large database this runs once, at the first open by a newer paydesk
/// (about a minute for ten million transactions).
package enum PerformanceSchema {
    static let creditTypes = "('topup','p2p_in','refund','cashback')"

    static func create(_ db: Database) throws {
        try db.execute(sql: """
            DROP INDEX IF EXISTS transactions_customer_at;
            CREATE INDEX transactions_customer_at ON transactions(customer_id, at DESC, id DESC, type, status, amount);
            CREATE INDEX transactions_customer_type_status ON transactions(customer_id, type, status, at, amount);
            CREATE INDEX tickets_customer_open ON tickets(customer_id, status IN ('solved','closed'), created_at DESC);
            DROP INDEX IF EXISTS tickets_status_due;
            CREATE INDEX tickets_status_due ON tickets(status, sla_due_at, id, assignee_id);

            CREATE TABLE transaction_totals (
                customer_id INTEGER PRIMARY KEY,
                count INTEGER NOT NULL,
                money_in INTEGER NOT NULL,     -- minor units, successful credits
                money_out INTEGER NOT NULL     -- minor units, successful debits
            );
            CREATE TRIGGER transaction_totals_insert AFTER INSERT ON transactions BEGIN
                \(add("NEW", sign: 1))
            END;
            CREATE TRIGGER transaction_totals_delete AFTER DELETE ON transactions BEGIN
                \(add("OLD", sign: -1))
            END;
            CREATE TRIGGER transaction_totals_update AFTER UPDATE OF customer_id, type, status, amount ON transactions BEGIN
                \(add("OLD", sign: -1))
                \(add("NEW", sign: 1))
            END;

            CREATE TABLE ticket_status_counts (status TEXT PRIMARY KEY, count INTEGER NOT NULL) WITHOUT ROWID;
            CREATE TRIGGER ticket_status_counts_insert AFTER INSERT ON tickets BEGIN
                \(countStatus("NEW", sign: 1))
            END;
            CREATE TRIGGER ticket_status_counts_delete AFTER DELETE ON tickets BEGIN
                \(countStatus("OLD", sign: -1))
            END;
            CREATE TRIGGER ticket_status_counts_update AFTER UPDATE OF status ON tickets WHEN OLD.status IS NOT NEW.status BEGIN
                \(countStatus("OLD", sign: -1))
                \(countStatus("NEW", sign: 1))
            END;
            """)
        try rebuildTransactionTotals(db)
        try rebuildTicketCounts(db)
    }

    private static func countStatus(_ row: String, sign: Int) -> String {
        """
        INSERT INTO ticket_status_counts (status, count) VALUES (\(row).status, \(sign))
        ON CONFLICT (status) DO UPDATE SET count = count + excluded.count;
        """
    }

    /// Recomputes the tickets-per-status counts (after the migration, or a bulk load).
    package static func rebuildTicketCounts(_ db: Database) throws {
        guard try db.tableExists("ticket_status_counts") else { return }
        try db.execute(sql: """
            DELETE FROM ticket_status_counts;
            INSERT INTO ticket_status_counts (status, count) SELECT status, COUNT(*) FROM tickets GROUP BY status;
            """)
    }

    /// One row's contribution, added (or taken away) with an upsert.
    private static func add(_ row: String, sign: Int) -> String {
        let money = { (credit: Bool) in
            "CASE WHEN \(row).status = 'success' AND \(row).type \(credit ? "" : "NOT ")IN \(creditTypes) THEN \(sign) * \(row).amount ELSE 0 END"
        }
        return """
            INSERT INTO transaction_totals (customer_id, count, money_in, money_out)
            VALUES (\(row).customer_id, \(sign), \(money(true)), \(money(false)))
            ON CONFLICT (customer_id) DO UPDATE SET count = count + excluded.count,
                money_in = money_in + excluded.money_in, money_out = money_out + excluded.money_out;
            """
    }

    /// Recomputes every customer's totals from the transactions: after the migration on an
    /// existing database, and after a bulk load that ran with the triggers set aside.
    package static func rebuildTransactionTotals(_ db: Database) throws {
        guard try db.tableExists("transaction_totals") else { return }
        try db.execute(sql: """
            DELETE FROM transaction_totals;
            INSERT INTO transaction_totals (customer_id, count, money_in, money_out)
            SELECT customer_id, COUNT(*),
                   COALESCE(SUM(CASE WHEN status = 'success' AND type IN \(creditTypes) THEN amount END), 0),
                   COALESCE(SUM(CASE WHEN status = 'success' AND type NOT IN \(creditTypes) THEN amount END), 0)
            FROM transactions GROUP BY customer_id;
            """)
    }
}
