import Foundation
import GRDB
import TestSupport
@testable import SupportPostgres
@testable import SupportStore
import SupportCore
import Testing

/// `flagged:yes` on PostgreSQL: the planner proves the partial index over the flagged rows
/// (`v16-flagged-transactions`) usable from the literal the compiler writes, and reads it
/// for the page and the footer's totals of a merchant-sized account. The demo's heaviest
/// account is copied to ~300,000 rows with one in a hundred flagged and analysed, as
/// autovacuum would; without the index, the page walked the account's rows and the totals
/// read all of them.
@Suite struct PostgresFlaggedPlanTests {
    static let now = Date(timeIntervalSince1970: 1_795_575_600)

    @Test func aFlaggedFilterReadsTheFlaggedIndexAtScale() async throws {
        let demo = try await MigratedDemo.make()
        defer { demo.source.remove() }
        let engine = try await PostgresEngine.open(demo.location, auditKeyPath: demo.keyPath, clock: { Self.now })
        let outcome = Result { try check(engine) }
        await engine.close()
        try outcome.get()
    }

    func check(_ engine: PostgresEngine) throws {
        let customer = try #require(try engine.reading { session in
            try session.fetchValue("SELECT customer_id FROM transactions GROUP BY customer_id ORDER BY COUNT(*) DESC, customer_id LIMIT 1",
                                   [], as: Int64.self)
        })
        _ = try engine.writing { session in
            try session.run("""
                INSERT INTO transactions (reference, customer_id, type, status, amount, currency, counterparty, channel,
                                          failure_code, at, flagged)
                SELECT reference || '-' || g, customer_id, type, status, amount, currency, counterparty, channel,
                       failure_code, at - g * 3600, CASE WHEN (id + g) % 100 = 0 THEN 1 ELSE 0 END
                FROM transactions CROSS JOIN generate_series(1, 2000) AS g
                WHERE customer_id = ?
                """, [customer])
        }
        _ = try engine.writing { session in try session.run("ANALYZE transactions", []) }
        let counts = try engine.reading { session in
            try session.fetchRows("SELECT COUNT(*) AS n, SUM(flagged) AS flagged FROM transactions WHERE customer_id = ?", [customer])[0]
        }
        #expect((counts["n"] as Int64) > 200_000 && (counts["flagged"] as Int64) > 1_000, "\(counts)")

        for text in ["flagged:yes", "flagged:yes -type:topup", "status:success flagged:yes"] {
            let query = try QueryParser.parse(text, schema: .transactions, now: Self.now, timeZone: TimeText.zone)
            let page = engine.transactionPage(customerId: customer, query: query, anchor: nil, forward: true, limit: 100,
                                              dialect: .postgresql)
            let condition = engine.transactionCondition(customerId: customer, query: query)
            let totals = SupportStore.totalsSQL(condition, from: SupportStore.totalsSource(.postgresql, query: query))
            let (pagePlan, totalsPlan) = try engine.reading { session in
                (try session.fetchRows("EXPLAIN " + page.sql, page.arguments).map { $0[0] as String }.joined(separator: "\n"),
                 try session.fetchRows("EXPLAIN " + totals, condition.arguments).map { $0[0] as String }.joined(separator: "\n"))
            }
            #expect(pagePlan.contains("transactions_flagged"), "\(text) page:\n\(pagePlan)")
            #expect(!pagePlan.contains("Seq Scan"), "\(text) page:\n\(pagePlan)")
            #expect(totalsPlan.contains("transactions_flagged"), "\(text) totals:\n\(totalsPlan)")
            // And what it reads is what the account holds (`+ 0`: a term no index answers).
            let rows = try engine.transactions(customerId: customer, query: query, limit: 100)
            let unindexed = condition.sql.replacingOccurrences(of: "x.flagged = 1", with: "x.flagged + 0 = 1")
            #expect(unindexed != condition.sql)
            let expected = try engine.reading { session in
                try session.fetchColumn("SELECT id FROM transactions x WHERE \(unindexed) ORDER BY at DESC, id DESC LIMIT 100",
                                        condition.arguments).compactMap(Int64.fromDatabaseValue)
            }
            #expect(rows.count == 100)
            #expect(rows.map(\.id) == expected, "\(text)")
        }
    }
}
