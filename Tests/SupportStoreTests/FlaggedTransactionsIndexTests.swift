import Foundation
import GRDB
import SupportCore
import Testing
@testable import SupportStore

/// `flagged:yes` reads the flagged rows' own partial index (`FlaggedTransactionsSchema`):
/// pages walk it in the list's order, the totals never visit the table, and what it gives
/// is exactly what the table holds, also after a row is flagged.
@Suite struct FlaggedTransactionsIndexTests {
    func parse(_ text: String) throws -> Query {
        try QueryParser.parse(text, schema: .transactions, now: TempStore.fixedNow, timeZone: TimeText.zone)
    }

    /// The heaviest customer of the demo, with the statistics of a large seed loaded.
    func heaviest(_ t: TempStore) throws -> Int64 {
        try SeededStatistics.apply(to: t.store, perfIndexes: true)
        return try #require(try t.store.pool.read { db in
            try Int64.fetchOne(db, sql: "SELECT customer_id FROM transactions GROUP BY customer_id ORDER BY COUNT(*) DESC LIMIT 1")
        })
    }

    /// What the table says, read without any index: ids newest first, and the totals.
    func truth(_ t: TempStore, customer: Int64, _ query: Query) throws -> (ids: [Int64], totals: TransactionTotals) {
        try t.store.pool.read { db in
            let condition = t.store.transactionCondition(customerId: customer, query: query)
            let ids = try Int64.fetchAll(db, sql: """
                SELECT x.id FROM transactions x NOT INDEXED WHERE \(condition.sql) ORDER BY x.at DESC, x.id DESC
                """, arguments: condition.statementArguments)
            let row = try #require(try Row.fetchOne(db, sql: SupportStore.totalsSQL(condition, from: "transactions x NOT INDEXED"),
                                                    arguments: condition.statementArguments))
            return (ids, TransactionTotals(count: row["n"], moneyIn: row["money_in"], moneyOut: row["money_out"]))
        }
    }

    /// Every page of a listing, walked by keyset `size` rows at a time.
    func walk(_ t: TempStore, customer: Int64, _ query: Query, size: Int) throws -> [Int64] {
        var ids: [Int64] = [], after: Transaction? = nil
        while true {
            let page = try t.store.transactions(customerId: customer, query: query, after: after, limit: size)
            ids += page.map(\.id)
            guard page.count == size, let last = page.last else { return ids }
            after = last
        }
    }

    @Test func aFlaggedPageWalksTheFlaggedIndexInOrder() throws {
        let t = try TempStore(demo: true)
        let customer = try heaviest(t)
        for text in ["flagged:yes", "flagged:yes type:payment,p2p_out", "status:success flagged:yes amount:>=50k",
                     "flagged:yes date:30d", "flagged:yes tokopedia"] {
            let plan = try t.store.transactionQueryPlan(customerId: customer, query: parse(text))
            #expect(plan.contains { $0.contains("INDEX transactions_flagged") }, "\(text): \(plan)")
            #expect(SeededStatistics.sorts(plan).isEmpty, "\(text): \(plan)")
        }
        // Alone, the totals read only the index: every column they sum is in it.
        let totals = try t.store.transactionTotalsQueryPlan(customerId: customer, query: parse("flagged:yes"))
        #expect(totals.contains { $0.contains("COVERING INDEX transactions_flagged") }, "\(totals)")
        // Filters that also want unflagged rows must not read it: it does not hold them.
        for text in ["flagged:no", "-flagged:yes", "-flagged:no", "status:failed", ""] {
            let plan = try t.store.transactionQueryPlan(customerId: customer, query: parse(text))
            #expect(!plan.contains { $0.contains("transactions_flagged") }, "\(text): \(plan)")
        }
    }

    /// The pages and totals through the index equal the table read without one, before and
    /// after rows are flagged through the store (the index and the memoised totals follow).
    @Test func theIndexGivesWhatTheTableHolds() throws {
        let t = try TempStore(demo: true)
        let customer = try heaviest(t)
        let agent = try #require(try t.store.agent(login: "budi"))
        let queries = try ["flagged:yes", "flagged:yes status:success", "flagged:yes -type:topup", "flagged:no",
                           "-flagged:yes", "flagged:yes -flagged:yes"].map(parse)
        func check(_ moment: String) throws {
            for query in queries {
                let expected = try truth(t, customer: customer, query)
                #expect(try walk(t, customer: customer, query, size: 7) == expected.ids, "\(moment) \(query.source)")
                #expect(try t.store.transactionTotals(customerId: customer, query: query) == expected.totals,
                        "\(moment) \(query.source)")
                let oldest = try t.store.oldestTransactions(customerId: customer, query: query, limit: 5).map(\.id)
                #expect(oldest == Array(expected.ids.suffix(5)), "\(moment) \(query.source)")
            }
        }
        try check("before")
        let unflagged = try t.store.pool.read { db in
            try String.fetchAll(db, sql: "SELECT reference FROM transactions WHERE customer_id = ? AND flagged = 0 ORDER BY id LIMIT 12",
                                arguments: [customer])
        }
        #expect(unflagged.count == 12)
        var rng = SystemRandomNumberGenerator()
        for reference in unflagged.shuffled(using: &rng).prefix(6) {
            try t.store.flagTransaction(reference: reference, reason: "customer does not know it", by: agent)
        }
        try check("after flagging six")
        #expect(try truth(t, customer: customer, parse("flagged:yes")).ids.count >= 6)
    }
}
