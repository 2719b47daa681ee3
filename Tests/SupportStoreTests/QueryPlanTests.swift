import Foundation
import GRDB
import SupportCore
import Testing
@testable import SupportStore

/// Every filter on one customer's transactions must reach its rows through an index:
/// a full scan of `transactions` reads every customer's history, which on a real
/// wallet is hundreds of millions of rows.
@Suite struct QueryPlanTests {
    /// One query per field of the language, each negated, and combinations.
    static let queries = [
        "", "date:2026-11-01..2026-11-26", "date:7d", "date:today,yesterday", "-date:2026-11-01",
        "type:payment,topup", "-type:payment", "status:failed", "-status:success", "status:failed,pending",
        "amount:>=100000", "amount:50k..2jt", "-amount:<10000", "amount:<=10000,>=2jt",
        "cp:tokopedia", "-cp:tokopedia", "ref:TX41", "-ref:TX", "flagged:yes", "flagged:no", "-flagged:yes",
        "channel:qr", "channel:app,bank_va", "-channel:app", "tokopedia", "\"warung bu\"", "-gojek", "ab",
        "date:2026-11-01..2026-11-26 type:payment,topup status:failed amount:>=100000 cp:tokopedia",
        "status:failed flagged:yes -type:topup", "ref:TX4 channel:qr date:30d", "amount:>1jt -cp:bank words here",
    ]

    /// A plan line that reads the table without an index: `SCAN x` (the alias) or
    /// `SCAN transactions`, with no `USING … INDEX`.
    static func fullScans(_ plan: [String]) -> [String] {
        plan.filter { line in
            let scans = line.hasPrefix("SCAN x") || line.hasPrefix("SCAN transactions")
            return scans && !line.contains("USING INDEX") && !line.contains("USING COVERING INDEX")
                && !line.contains("USING INTEGER PRIMARY KEY")
        }
    }

    func parse(_ text: String) throws -> Query {
        try QueryParser.parse(text, schema: .transactions, now: TempStore.fixedNow, timeZone: TimeText.zone)
    }

    @Test func theDetectorCatchesAFullScan() throws {
        #expect(Self.fullScans(["SCAN x"]) == ["SCAN x"])
        #expect(Self.fullScans(["SCAN transactions"]) == ["SCAN transactions"])
        #expect(Self.fullScans(["SEARCH x USING INDEX transactions_customer_at (customer_id=?)"]).isEmpty)
        #expect(Self.fullScans(["SCAN x USING INDEX transactions_customer_at"]).isEmpty)
        // And the plan really does look like that without the customer bound.
        let t = try TempStore()
        let plan = try t.store.pool.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN SELECT x.* FROM transactions x WHERE x.status = 'failed'")
                .map { $0["detail"] as String }
        }
        #expect(!Self.fullScans(plan).isEmpty, "expected a full scan in \(plan)")
    }

    @Test func everyFilterUsesAnIndexOnTheFixedTable() throws {
        let f = try FixedTransactions()
        for text in Self.queries {
            let plan = try f.store.transactionQueryPlan(customerId: f.customer, query: parse(text))
            #expect(Self.fullScans(plan).isEmpty, "\(text): \(plan)")
            let index = Self.pageIndex(try parse(text))
            #expect(plan.contains { $0.contains(index) }, "\(text): \(plan)")
        }
    }

    /// The index a filter's page walks: the flagged rows' own for a filter that keeps only
    /// them, `transactions_customer_at` otherwise.
    static func pageIndex(_ query: Query) -> String {
        QueryCompiler.keepsFlaggedOnly(query) ? FlaggedTransactionsSchema.index : "transactions_customer_at"
    }

    /// With statistics (ANALYZE) SQLite weighs its options differently; the demo holds
    /// thousands of rows over many customers, so a scan would look tempting if an index
    /// were missing.
    @Test func everyFilterUsesAnIndexOnTheAnalysedDemo() throws {
        let t = try TempStore(demo: true)
        try t.store.pool.write { db in try db.execute(sql: "ANALYZE") }
        let customer = try t.store.pool.read { db in
            try Int64.fetchOne(db, sql: "SELECT customer_id FROM transactions GROUP BY customer_id ORDER BY COUNT(*) DESC LIMIT 1")
        }
        for text in Self.queries {
            let plan = try t.store.transactionQueryPlan(customerId: try #require(customer), query: parse(text))
            #expect(Self.fullScans(plan).isEmpty, "\(text): \(plan)")
        }
    }

    /// Filters without a date term on the heaviest account, with the statistics of a large
    /// seed: left to itself SQLite seeks `transactions_customer_type_status` and sorts
    /// every matching row before returning the first page (80–100 ms on a 430k account).
    /// The page must walk `transactions_customer_at` in order instead: no temporary B-tree.
    static let dateless = [
        "type:payment,qr_payment status:success amount:100000..1000000", "type:bill_payment status:failed",
        "status:failed", "type:topup", "amount:>=1jt", "-type:payment status:success,pending",
    ]

    @Test(arguments: [false, true])
    func filtersWithoutDatesPageInIndexOrder(perfIndexStatistics: Bool) throws {
        let t = try TempStore(demo: true)
        try SeededStatistics.apply(to: t.store, perfIndexes: perfIndexStatistics)
        let customer = try #require(try t.store.pool.read { db in
            try Int64.fetchOne(db, sql: "SELECT customer_id FROM transactions GROUP BY customer_id ORDER BY COUNT(*) DESC LIMIT 1")
        })
        // The statistics do lead the planner astray without the fix: the statement as it
        // was written before (no INDEXED BY) sorts.
        let unforced = try t.store.pool.read { db in
            let condition = t.store.transactionCondition(customerId: customer, query: try parse(Self.dateless[0]))
            return try Row.fetchAll(db, sql: """
                EXPLAIN QUERY PLAN SELECT x.* FROM transactions x WHERE \(condition.sql) ORDER BY x.at DESC, x.id DESC LIMIT 100
                """, arguments: condition.statementArguments).map { $0["detail"] as String }
        }
        #expect(!SeededStatistics.sorts(unforced).isEmpty, "expected the old statement to sort: \(unforced)")

        for text in Self.dateless + Self.queries {
            let plan = try t.store.transactionQueryPlan(customerId: customer, query: parse(text))
            // Two date ranges (`date:today,yesterday`) are read range by range and the
            // few days' rows sorted: bounded by the dates, so allowed.
            let searches = plan.filter { $0.hasPrefix("SEARCH x") }
            let dateRanges = plan.contains("MULTI-INDEX OR") && searches.allSatisfy { $0.contains("at>") || $0.contains("at<") }
            #expect(dateRanges || SeededStatistics.sorts(plan).isEmpty, "\(text): \(plan)")
            let index = Self.pageIndex(try parse(text))
            #expect(plan.contains { $0.contains(index) }, "\(text): \(plan)")
            #expect(Self.fullScans(plan).isEmpty, "\(text): \(plan)")
        }
        // The footer totals read no rows in order, so they keep the type/status index.
        let totals = try t.store.transactionTotalsQueryPlan(customerId: customer, query: parse(Self.dateless[1]))
        #expect(totals.contains { $0.contains("transactions_customer_type_status") }, "\(totals)")
    }

    /// The index the page is pinned to really does give the same rows as the planner's own
    /// choice, newest first, on every filter shape.
    @Test func pinningTheIndexKeepsTheRows() throws {
        let t = try TempStore(demo: true)
        let customer = try #require(try t.store.pool.read { db in
            try Int64.fetchOne(db, sql: "SELECT customer_id FROM transactions GROUP BY customer_id ORDER BY COUNT(*) DESC LIMIT 1")
        })
        for text in Self.dateless + Self.queries {
            let query = try parse(text)
            let pinned = try t.store.transactions(customerId: customer, query: query, limit: 1_000).map(\.id)
            let free = try t.store.pool.read { db in
                let condition = t.store.transactionCondition(customerId: customer, query: query)
                return try Int64.fetchAll(db, sql: """
                    SELECT x.id FROM transactions x NOT INDEXED WHERE \(condition.sql) ORDER BY x.at DESC, x.id DESC LIMIT 1000
                    """, arguments: condition.statementArguments)
            }
            #expect(pinned == free, "\(text)")
        }
    }
}
