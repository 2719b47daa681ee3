import Foundation
import GRDB
import SupportCore
import Testing
@testable import SupportStore

/// The v6-performance schema and the query changes made for the scale benchmarks: the
/// counters stay exact through every kind of write, and the fast paths return what the
/// slow ones did.
@Suite struct SeedPerformanceTests {
    static let credit = "('topup','p2p_in','refund','cashback')"

    /// Totals recomputed from the transactions, for comparison with the kept counters.
    static func computedTotals(_ db: Database) throws -> [Int64: [Int64]] {
        var result: [Int64: [Int64]] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT customer_id, COUNT(*) AS n,
                   COALESCE(SUM(CASE WHEN status = 'success' AND type IN \(credit) THEN amount END), 0) AS i,
                   COALESCE(SUM(CASE WHEN status = 'success' AND type NOT IN \(credit) THEN amount END), 0) AS o
            FROM transactions GROUP BY customer_id
            """) {
            result[row["customer_id"]] = [row["n"], row["i"], row["o"]]
        }
        return result
    }

    static func keptTotals(_ db: Database) throws -> [Int64: [Int64]] {
        var result: [Int64: [Int64]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT * FROM transaction_totals WHERE count != 0") {
            result[row["customer_id"]] = [row["count"], row["money_in"], row["money_out"]]
        }
        return result
    }

    @Test func transactionTotalsFollowEveryWrite() throws {
        let t = try TempStore(demo: true)
        try t.store.pool.read { db in
            let (kept, computed) = (try Self.keptTotals(db), try Self.computedTotals(db))
            #expect(kept == computed)
        }
        try t.store.pool.write { db in
            try db.execute(sql: "UPDATE transactions SET status = 'reversed' WHERE id % 7 = 0 AND status = 'success'")
            try db.execute(sql: "UPDATE transactions SET amount = amount + 100 WHERE id % 5 = 0")
            try db.execute(sql: "UPDATE transactions SET type = 'refund' WHERE id % 11 = 0")
            try db.execute(sql: "UPDATE transactions SET customer_id = 1 WHERE id % 13 = 0")
            try db.execute(sql: "DELETE FROM transactions WHERE id % 17 = 0")
            try db.execute(sql: """
                INSERT INTO transactions (reference, customer_id, type, status, amount, counterparty, channel, at)
                VALUES ('TXNEW1', 2, 'topup', 'success', 5000000, 'BCA VA', 'bank_va', 1795500000)
                """)
        }
        try t.store.pool.read { db in
            let (kept, computed) = (try Self.keptTotals(db), try Self.computedTotals(db))
            #expect(kept == computed)
        }
        // The unfiltered totals come from the counters; a filter that matches every row
        // goes the long way; both agree.
        let everything = try QueryParser.parse("amount:>=0", schema: .transactions, now: TempStore.fixedNow, timeZone: TimeText.zone)
        for customer in [Int64(1), 2, 3] {
            #expect(try t.store.transactionTotals(customerId: customer)
                    == t.store.transactionTotals(customerId: customer, query: everything))
        }
        #expect(try t.store.transactionTotals(customerId: 987_654) == TransactionTotals(count: 0, moneyIn: 0, moneyOut: 0))
    }

    @Test func ticketStatusCountsFollowEveryWrite() throws {
        let t = try TempStore(demo: true)
        func check() throws {
            try t.store.pool.read { db in
                let kept = try Row.fetchAll(db, sql: "SELECT status, count FROM ticket_status_counts WHERE count != 0 ORDER BY status")
                    .map { "\($0["status"] as String)=\($0["count"] as Int)" }
                let real = try Row.fetchAll(db, sql: "SELECT status, COUNT(*) AS n FROM tickets GROUP BY status ORDER BY status")
                    .map { "\($0["status"] as String)=\($0["n"] as Int)" }
                #expect(kept == real)
            }
            let sari = try t.agent("sari")
            let all = try t.store.pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM tickets")! }
            #expect(try t.store.queueCount(QueueSpec(view: .all, actor: sari)) == all)
        }
        try check()
        let sari = try t.agent("sari")
        let open = try t.store.queuePage(QueueSpec(view: .team, actor: sari), limit: 3)
        try t.store.pool.write { db in
            try db.execute(sql: "UPDATE tickets SET status = 'solved' WHERE id = ?", arguments: [open[0].id])
            try db.execute(sql: "UPDATE tickets SET priority = 'p1' WHERE id = ?", arguments: [open[1].id])   // no status change
        }
        try check()
        _ = try t.newTicket(1)
        try check()
        // A filtered "all" view still counts rows, not the counters.
        let query = try QueryParser.parse("cat:security", schema: .tickets, now: TempStore.fixedNow, timeZone: TimeText.zone)
        let security = try t.store.pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM tickets WHERE category = 'security'")! }
        #expect(try t.store.queueCount(QueueSpec(view: .all, query: query, actor: sari)) == security)
    }

    @Test func anExactNumberIsASingleRowSeek() throws {
        let t = try TempStore(demo: true)
        try t.store.pool.write { db in try db.execute(sql: "ANALYZE") }
        let sari = try t.agent("sari")
        let target = try t.store.queuePage(QueueSpec(view: .team, actor: sari), limit: 40).last!
        let query = try QueryParser.parse("number:\(target.number)", schema: .tickets, now: TempStore.fixedNow, timeZone: TimeText.zone)
        let spec = QueueSpec(view: .team, query: query, actor: sari)
        #expect(try t.store.queuePage(spec).map(\.number) == [target.number])
        #expect(try t.store.queueCount(spec) == 1)
        let condition = t.store.queueCondition(spec, now: t.store.now)
        let plan = try t.store.pool.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN SELECT COUNT(*) FROM tickets t WHERE \(condition.sql)",
                             arguments: condition.statementArguments).map { $0["detail"] as String }
        }
        #expect(plan.contains { $0.contains("sqlite_autoindex_tickets") && $0.contains("number=?") }, "\(plan)")
        // A range stays a range.
        let range = try QueryParser.parse("number:\(target.number - 5)..\(target.number + 5)", schema: .tickets,
                                          now: TempStore.fixedNow, timeZone: TimeText.zone)
        #expect(try t.store.queueCount(QueueSpec(view: .all, query: range, actor: sari)) == 11)
    }

    @Test func pagesDecodeAsTheRowMappingDoes() throws {
        let t = try TempStore(demo: true)
        let query = try QueryParser.parse("status:failed,success", schema: .transactions, now: TempStore.fixedNow, timeZone: TimeText.zone)
        let all = try t.store.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM transactions WHERE customer_id = 1 AND status IN ('failed','success') ORDER BY at DESC, id DESC")
                .map(Transaction.init(row:))
        }
        let page = try t.store.transactions(customerId: 1, query: query, limit: 20)
        #expect(page.count == 20 && page == Array(all.prefix(20)))
        // The next page, a page back, and the far end, through the same decoder.
        let next = try t.store.transactions(customerId: 1, query: query, after: page.last, limit: 20)
        #expect(next == Array(all.dropFirst(20).prefix(20)))
        #expect(try t.store.transactions(customerId: 1, query: query, before: next.first, limit: 20) == page)
        #expect(try t.store.oldestTransactions(customerId: 1, query: query, limit: 5) == Array(all.suffix(5)))
        // The SQL handed to the sqlite3 tool, with its literals, returns the same page.
        let statement = t.store.transactionPageSQL(customerId: 1, query: query, limit: 20)
        var sql = statement.sql
        for literal in statement.literals {
            let mark = sql.range(of: "?")!
            sql.replaceSubrange(mark, with: literal)
        }
        let viaLiterals = try t.store.pool.read { db in try Row.fetchAll(db, sql: sql).map(Transaction.init(row:)) }
        #expect(viaLiterals == page)
    }

    @Test func theScaleQueriesUseTheirIndexes() throws {
        let t = try TempStore(demo: true)
        try t.store.pool.write { db in try db.execute(sql: "ANALYZE") }
        try t.store.pool.read { db in
            func plan(_ sql: String) throws -> String {
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql).map { $0["detail"] as String }.joined(separator: " | ")
            }
            // A filtered total reads one index, never the table.
            let totals = try plan("""
                SELECT COUNT(*), SUM(amount) FROM transactions x WHERE x.customer_id = 1 AND x.type IN ('payment','topup')
                AND x.status IN ('failed') AND x.at >= 0 AND x.amount >= 100
                """)
            #expect(totals.contains("COVERING INDEX transactions_customer"), "\(totals)")
            // The account pane's tickets come in index order, no sort.
            let tickets = try plan("""
                SELECT t.id FROM tickets t WHERE t.customer_id = 1 ORDER BY t.status IN ('solved','closed'), t.created_at DESC LIMIT 20
                """)
            #expect(tickets.contains("tickets_customer_open") && !tickets.contains("TEMP B-TREE"), "\(tickets)")
            // An agent's breaching count never reads the tickets themselves.
            let breaching = try plan("""
                SELECT COUNT(*) FROM tickets t WHERE t.status IN ('new','open','on_hold') AND t.sla_due_at < 0
                AND (t.assignee_id = 2 OR t.assignee_id IS NULL)
                """)
            #expect(breaching.contains("COVERING INDEX"), "\(breaching)")
        }
    }
}
