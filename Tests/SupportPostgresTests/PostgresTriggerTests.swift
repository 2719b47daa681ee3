import Foundation
import Logging
import PostgresNIO
import SupportPostgres
import SupportStore
import Testing

/// The rules the schema itself enforces in PostgreSQL, as in SQLite: the timeline and
/// decided security actions cannot be edited, and the running totals follow every change.
@Suite struct PostgresTriggerTests {
    @Test(arguments: [
        ("UPDATE ticket_events SET body = 'rewritten' WHERE id = (SELECT min(id) FROM ticket_events)", "append-only"),
        ("DELETE FROM ticket_events WHERE id = (SELECT min(id) FROM ticket_events)", "append-only"),
        // A waiting request may be decided once; after that it is final.
        ("""
        UPDATE security_actions SET state = 'approved', decided_by = 'x-approver', decided_at = 1 WHERE state = 'pending_approval';
        UPDATE security_actions SET reason = 'rewritten'
        """, "final once done or decided"),
        ("DELETE FROM security_actions", "never deleted"),
    ])
    func recordsRefuseEdits(_ statement: String, _ refusal: String) async throws {
        let demo = try await MigratedDemo.make()
        defer { demo.source.remove() }
        let pool = PostgresPool(demo.location, maximumConnections: 1)
        let before = try await pool.rowCount(statement.contains("ticket_events") ? "ticket_events" : "security_actions")
        try #require(before > 0)
        await #expect { try await pool.execute(statement) } throws: {
            ($0 as? PostgresStoreError)?.description.contains(refusal) == true
        }
        await pool.close()
    }

    @Test func totalsFollowClaimsAndNewTransactions() async throws {
        let demo = try await MigratedDemo.make()
        defer { demo.source.remove() }
        let store = try await demo.open(connections: 4)
        let engine = try await PostgresEngine.open(demo.location, auditKeyPath: demo.keyPath, maximumConnections: 1)
        let budi = try #require(try engine.agent(login: "budi"))
        for row in try engine.queuePage(QueueSpec(view: .unassigned, actor: budi), limit: 6) { try engine.claim(ticket: row.number, by: budi) }
        await engine.close()
        try await store.pool.execute("""
            INSERT INTO transactions (reference, customer_id, type, status, amount, counterparty, channel, at)
            SELECT 'TEST-' || id, id, 'topup', 'success', 1000, 'bank', 'app', 0 FROM customers;
            UPDATE transactions SET status = 'failed' WHERE reference LIKE 'TEST-%' AND customer_id % 2 = 0
            """)
        let mismatches: Int64 = try await store.pool.withConnection { connection in
            let logger = Logger(label: "test")
            let rows = try await connection.query("""
                SELECT (SELECT count(*) FROM (
                    SELECT status, count(*) AS count FROM tickets GROUP BY status
                    EXCEPT SELECT status, SUM(count) FROM ticket_status_counts GROUP BY status HAVING SUM(count) <> 0) a)
                + (SELECT count(*) FROM (
                    SELECT customer_id, count(*) AS count,
                           COALESCE(sum(CASE WHEN status = 'success' AND type IN ('topup','p2p_in','refund','cashback') THEN amount END), 0) AS money_in,
                           COALESCE(sum(CASE WHEN status = 'success' AND type NOT IN ('topup','p2p_in','refund','cashback') THEN amount END), 0) AS money_out
                    FROM transactions GROUP BY customer_id
                    EXCEPT SELECT customer_id, count, money_in, money_out FROM transaction_totals) b)
                """, logger: logger)
            for try await n in rows.decode(Int64.self) { return n }
            return -1
        }
        await store.close()
        #expect(mismatches == 0)
    }
}
