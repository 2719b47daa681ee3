import Foundation
import SupportCore
import SupportPostgres
import SupportStore
import Testing

/// The account overview (one read transaction) on both stores: for ordinary accounts and
/// one frozen with an unfreeze request waiting, for an agent (the request's maker) and a supervisor,
/// with and without the transactions pane, it must equal what the panes' own reads compose
/// (the request's answer before it became one read), and SQLite and PostgreSQL must agree.
@Suite struct AccountOverviewParityTests {
    /// The overview composed of one read per pane, as the request built it before.
    static func composed(_ e: any StoreEngine, _ id: Int64, _ actor: Agent, _ query: Query?) throws -> AccountOverview {
        let customer = try e.customerView(id: id)
        let page = try query.map { query in
            TransactionFirstPage(totals: try e.transactionTotals(customerId: id, query: query),
                                 rows: try e.transactions(customerId: id, query: query, after: nil, before: nil, limit: 150))
        }
        return AccountOverview(
            customer: customer, devices: try e.devices(customerId: id), logins: try e.loginEvents(customerId: id, limit: 8),
            tickets: try e.tickets(customerId: id, limit: 20),
            actions: try e.availableActions(for: customer, role: actor.role, viewer: actor.login),
            history: try e.securityHistory(customerId: id, limit: 20), transactions: page)
    }

    static func script(_ e: any StoreEngine) throws -> [String] {
        let budi = try #require(try e.agent(login: "budi")), sari = try #require(try e.agent(login: "sari"))
        let subject = try SecurityParityTests.subject(e)
        _ = try e.freeze(customerId: subject.customer, reason: "customer reports a stolen phone", by: budi)
        _ = try e.requestUnfreeze(customerId: subject.customer, reason: "identity confirmed at the branch", by: budi)
        let others = try e.reading { db in
            try db.fetchValues("SELECT DISTINCT customer_id FROM tickets ORDER BY customer_id LIMIT 3", as: Int64.self)
        }
        let queries: [(String, Query?)] = [
            ("no pane", nil), ("no filter", Query(source: "", terms: [])),
            ("filtered", try QueryParser.parse("status:success amount:>=10000", schema: .transactions,
                                                now: EngineParityTests.now, timeZone: TimeText.zone)),
        ]
        var log: [String] = []
        for id in [subject.customer] + others + [999_999_999] {
            for actor in [budi, sari] {
                for (name, query) in queries {
                    let one = EngineParityTests.outcome {
                        try e.accountOverview(customerId: id, role: actor.role, viewer: actor.login, transactions: query)
                    }
                    let old = EngineParityTests.outcome { try composed(e, id, actor, query) }
                    #expect(one == old, "\(e.engineName) customer \(id) \(actor.login) \(name):\n  \(one.prefix(600))\n  \(old.prefix(600))")
                    log.append("customer \(id) as \(actor.login), \(name) → " + one)
                }
            }
        }
        return log
    }

    @Test func theOverviewIsThePanesReadsInOneTransactionOnBothStores() async throws {
        let (sqlite, postgres, demo) = try await EngineParityTests.engines()
        defer { demo.source.remove() }
        let onSQLite = try Self.script(sqlite)
        let onPostgres = try Self.script(postgres)
        EngineParityTests.expectSame(onSQLite, onPostgres)
        // Not vacuous: the waiting request is offered to the supervisor and not to an agent,
        // the panes and the first page are filled, and an unknown customer is refused.
        let frozen = try #require(onPostgres.first { $0.contains(" as sari, no filter") })
        #expect(frozen.contains("Decide request #") && frozen.contains("\"status\":\"frozen\""))
        let agent = try #require(onPostgres.first { $0.contains(" as budi, no filter") })
        #expect(agent.contains("\"actions\":[{") && !agent.contains("Decide request #"))
        #expect(onPostgres.contains { $0.contains("\"rows\":[{") && $0.contains("\"devices\":[{") && $0.contains("\"tickets\":[{") })
        #expect(onPostgres.filter { $0.hasPrefix("customer 999999999") }.allSatisfy { $0.contains("refused notFound") })
        await postgres.close()
    }
}
