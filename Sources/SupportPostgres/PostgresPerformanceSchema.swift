import SupportStore

/// The PostgreSQL form of SQLite's `v6-performance`: the covering indexes, and the two
/// tables of running totals (transactions per customer, tickets per status) that
/// triggers keep. SQLite's triggers run per row; these run once per statement over its
/// transition table, so a batch of a thousand copied rows costs one upsert per customer
/// instead of a thousand, and an update that changes no total (a flag, a claim) writes
/// no total row at all — which keeps ticket updates from queueing on a shared count row.
package enum PostgresPerformanceSchema {
    package static let creditTypes = "('topup','p2p_in','refund','cashback')"

    static var v6Performance: String {
        """
        CREATE INDEX transactions_customer_at ON transactions(customer_id, at DESC, id DESC, type, status, amount);
        CREATE INDEX transactions_customer_type_status ON transactions(customer_id, type, status, at, amount);
        CREATE INDEX tickets_customer_open ON tickets(customer_id, (status IN ('solved','closed')), created_at DESC);
        CREATE INDEX tickets_status_due ON tickets(status, sla_due_at, id, assignee_id);

        CREATE TABLE transaction_totals (
            customer_id BIGINT PRIMARY KEY,
            count BIGINT NOT NULL,
            money_in BIGINT NOT NULL,
            money_out BIGINT NOT NULL
        );
        CREATE FUNCTION pd_transaction_totals() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'INSERT' THEN
                \(upsertTotals(from: "SELECT \(contribution(sign: 1)) FROM new_rows"))
            ELSIF TG_OP = 'DELETE' THEN
                \(upsertTotals(from: "SELECT \(contribution(sign: -1)) FROM old_rows"))
            ELSE
                \(upsertTotals(from: "SELECT \(contribution(sign: -1)) FROM old_rows UNION ALL SELECT \(contribution(sign: 1)) FROM new_rows"))
            END IF;
            RETURN NULL;
        END $$;
        CREATE TRIGGER transaction_totals_insert AFTER INSERT ON transactions
            REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pd_transaction_totals();
        CREATE TRIGGER transaction_totals_delete AFTER DELETE ON transactions
            REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION pd_transaction_totals();
        CREATE TRIGGER transaction_totals_update AFTER UPDATE ON transactions
            REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pd_transaction_totals();

        CREATE TABLE ticket_status_counts (status TEXT PRIMARY KEY, count BIGINT NOT NULL);
        \(statusCountsFunction("CREATE", upsertCounts))
        CREATE TRIGGER ticket_status_counts_insert AFTER INSERT ON tickets
            REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pd_ticket_status_counts();
        CREATE TRIGGER ticket_status_counts_delete AFTER DELETE ON tickets
            REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION pd_ticket_status_counts();
        CREATE TRIGGER ticket_status_counts_update AFTER UPDATE ON tickets
            REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pd_ticket_status_counts();
        """
    }

    /// One row's count and money, signed: credits in, other successful types out.
    private static func contribution(sign: Int) -> String {
        """
        customer_id, \(sign) AS n,
        CASE WHEN status = 'success' AND type IN \(creditTypes) THEN \(sign) * amount ELSE 0 END AS money_in,
        CASE WHEN status = 'success' AND type NOT IN \(creditTypes) THEN \(sign) * amount ELSE 0 END AS money_out
        """
    }

    private static func upsertTotals(from rows: String) -> String {
        """
        INSERT INTO transaction_totals AS t (customer_id, count, money_in, money_out)
            SELECT customer_id, SUM(n)::bigint, SUM(money_in)::bigint, SUM(money_out)::bigint
            FROM (\(rows)) AS d GROUP BY customer_id
            HAVING SUM(n) <> 0 OR SUM(money_in) <> 0 OR SUM(money_out) <> 0
            ON CONFLICT (customer_id) DO UPDATE SET count = t.count + excluded.count,
                money_in = t.money_in + excluded.money_in, money_out = t.money_out + excluded.money_out;
        """
    }

    /// The trigger function behind the status counts: `write` turns a statement's
    /// changes (a status and +1 or -1 per ticket) into the counts' rows.
    private static func statusCountsFunction(_ create: String, _ write: (String) -> String, after: String = "") -> String {
        """
        \(create) FUNCTION pd_ticket_status_counts() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'INSERT' THEN
                \(write("SELECT status, 1 AS n FROM new_rows"))
            ELSIF TG_OP = 'DELETE' THEN
                \(write("SELECT status, -1 AS n FROM old_rows"))
            ELSE
                \(write("SELECT status, -1 AS n FROM old_rows UNION ALL SELECT status, 1 FROM new_rows"))
            END IF;\(after)
            RETURN NULL;
        END $$;
        """
    }

    /// `v18-status-count-deltas`: a status change adds its changes to the counts as new
    /// rows (a status and a signed number) instead of updating the one row of each status.
    /// The upsert held those rows until its transaction committed, so every status change
    /// of the team queued behind the one before, and two writers that then crossed on a
    /// ticket (an intake batch, a bulk change, a merge: several statements in one
    /// transaction) deadlocked, PostgreSQL ending one of them (40P01, seen in the soak).
    /// Rows added take no lock another writer waits for. Readers already add the rows up
    /// (`SUM(count)`, `QueueService`). About one status change in 64 also folds the rows
    /// into one per status, if no other transaction is folding (an advisory lock, tried,
    /// never waited for): the fold deletes only rows already committed, which no writer
    /// touches again, so the table stays a few pages long.
    static var v18StatusCountDeltas: String {
        """
        ALTER TABLE ticket_status_counts DROP CONSTRAINT ticket_status_counts_pkey;
        CREATE FUNCTION pd_fold_ticket_status_counts() RETURNS void LANGUAGE sql AS $$
            WITH gone AS (DELETE FROM ticket_status_counts RETURNING status, count)
            INSERT INTO ticket_status_counts (status, count)
                SELECT status, SUM(count)::bigint FROM gone GROUP BY status HAVING SUM(count) <> 0;
        $$;
        \(statusCountsFunction("CREATE OR REPLACE", appendCounts, after: foldNowAndThen))
        SELECT pd_fold_ticket_status_counts();
        """
    }

    private static var foldNowAndThen: String {
        """

            IF random() < 1.0 / 64 THEN
                IF pg_try_advisory_xact_lock(\(foldLockKey)) THEN PERFORM pd_fold_ticket_status_counts(); END IF;
            END IF;
        """
    }

    /// An arbitrary constant naming the status counts' fold among advisory locks (the
    /// migrations' is `PostgresMigrator.lockKey`).
    static let foldLockKey: Int64 = 0x7061_7964_6573_6b02

    private static func appendCounts(from rows: String) -> String {
        """
        INSERT INTO ticket_status_counts (status, count)
            SELECT status, SUM(n)::bigint FROM (\(rows)) AS d GROUP BY status HAVING SUM(n) <> 0;
        """
    }

    private static func upsertCounts(from rows: String) -> String {
        """
        INSERT INTO ticket_status_counts AS c (status, count)
            SELECT status, SUM(n)::bigint FROM (\(rows)) AS d GROUP BY status HAVING SUM(n) <> 0
            ON CONFLICT (status) DO UPDATE SET count = c.count + excluded.count;
        """
    }

    /// PostgreSQL only: the joint distribution of assignee and status. Unassigned active
    /// tickets are 0.3 % of all tickets at 10M but a third of the active ones; estimated
    /// column by column the planner expected 25 of 3,093 rows, so it read them all, joined
    /// each to its customer and sorted (20–40 ms a page) instead of walking
    /// `tickets_active_due` for a hundred. A most-common-values list over the pair, with
    /// room for every (agent, status) pair, gives the right estimate and the walk.
    static let v14QueueStatistics = """
        CREATE STATISTICS tickets_assignee_status (mcv) ON assignee_id, status FROM tickets;
        ALTER STATISTICS tickets_assignee_status SET STATISTICS 1000;
        ANALYZE tickets;
        """

    /// `v16-flagged-transactions`: each customer's flagged transactions in a partial index
    /// (SQLite's `FlaggedTransactionsSchema` says why). PostgreSQL proves the partial index
    /// usable from the literal `x.flagged = 1` the filter compiler writes.
    static let v16FlaggedTransactions = """
        CREATE INDEX transactions_flagged
        ON transactions(customer_id, at DESC, id DESC, type, status, amount, flagged)
        WHERE flagged = 1;
        ANALYZE transactions;
        """

    /// `v17-covering-facts`: the period's first replies and solves as index-only scans
    /// (SQLite's `CoveringFactsSchema` says why); same names and columns.
    static let v17CoveringFacts = CoveringFactsSchema.createSQL + "\nANALYZE tickets;"

    /// `v19-covering-active-queue`: the active views' indexes carry the status, number and
    /// version, so marking a view is an index-only scan (SQLite's `CoveringQueueSchema`
    /// says why); same names and columns.
    static var v19CoveringActiveQueue: String { CoveringQueueSchema.createSQL + "\nANALYZE tickets;" }
}
