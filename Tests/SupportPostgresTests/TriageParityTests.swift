import Foundation
import GRDB
import SupportCore
import SupportPostgres
import SupportStore
import Testing

/// Keyword category rules, the customer's reply language, presence and console sessions on
/// both stores: one script of adding, matching and removing rules (an agent refused and
/// audited, a duplicate refused, a stale supervisor refused), correcting a customer's
/// language, and who is on a ticket, run against the demo in SQLite and its PostgreSQL
/// copy. Every answer, refusal and audit record must be the same.
@Suite struct TriageParityTests {
    static func script(_ e: any StoreEngine) throws -> [String] {
        let budi = try #require(try e.agent(login: "budi")), sari = try #require(try e.agent(login: "sari"))
        let dewi = try #require(try e.agent(login: "dewi")), ops = try #require(try e.agent(login: "ops"))
        var log: [String] = []
        func step<T: Encodable>(_ name: String, _ body: () throws -> T) { log.append(name + " → " + EngineParityTests.outcome(body)) }
        func act(_ name: String, _ body: () throws -> Void) { step(name) { () throws -> String in try body(); return "done" } }
        let ticket = try #require(try e.reading { try $0.fetchValue("SELECT MIN(number) FROM tickets", as: Int64.self) })
        let customer = try #require(try e.reading { try $0.fetchValue("SELECT MIN(id) FROM customers", as: Int64.self) })

        step("rules") { try e.categoryRules() }
        step("agent adds a rule") { try e.addCategoryRule(keyword: "saldo hilang", language: .id, category: .security, subcategory: "abnormal_transaction", by: budi) }
        step("supervisor adds a rule") { try e.addCategoryRule(keyword: " saldo hilang ", language: .id, category: .security, subcategory: "abnormal_transaction", by: sari) }
        step("the same rule again") { try e.addCategoryRule(keyword: "saldo hilang", language: .id, category: .security, subcategory: "abnormal_transaction", by: ops) }
        step("the same keyword elsewhere") { try e.addCategoryRule(keyword: "saldo hilang", language: .id, category: .payment, subcategory: nil, by: ops) }
        step("a Chinese rule") { try e.addCategoryRule(keyword: "余额不见", language: .zh, category: .security, subcategory: "stolen_account", by: sari) }
        step("an empty keyword") { try e.addCategoryRule(keyword: "  ", language: .en, category: .payment, subcategory: nil, by: sari) }
        step("a wrong subcategory") { try e.addCategoryRule(keyword: "refund", language: .en, category: .payment, subcategory: "closure", by: sari) }
        step("match Indonesian") { try e.matchCategoryRule(subject: "Tolong", body: "saldo  hilang tadi pagi") }
        step("match Chinese") { try e.matchCategoryRule(subject: "我的余额不见了", body: "") }
        step("match nothing") { try e.matchCategoryRule(subject: "hello", body: "thanks") }
        let added = try e.categoryRules().filter { $0.keyword == "余额不见" }.map(\.id)
        let rule = try #require(added.first)
        act("agent removes a rule") { try e.removeCategoryRule(id: rule, by: dewi) }
        act("supervisor removes it") { try e.removeCategoryRule(id: rule, by: sari) }
        act("removed again") { try e.removeCategoryRule(id: rule, by: sari) }
        act("admin demotes sari") { try e.setAgentRole(login: "sari", role: .agent, by: ops) }
        step("stale supervisor adds a rule") { try e.addCategoryRule(keyword: "kartu", language: .id, category: .payment, subcategory: nil, by: sari) }
        step("rules after") { try e.categoryRules() }
        // The customer's reply language: any agent may correct it, audited; a stale snapshot may not.
        step("customer language") { try e.setCustomerLanguage(customerId: customer, to: .zh, by: budi).language }
        step("customer language back") { try e.setCustomerLanguage(customerId: customer, to: .en, by: dewi).language }
        step("language of a missing customer") { try e.setCustomerLanguage(customerId: 9_999_999, to: .en, by: dewi) }
        step("stale sari corrects a language") { try e.setCustomerLanguage(customerId: customer, to: .id, by: sari) }
        // Presence (consoles without a service) and console sessions.
        e.setPresence(agent: budi, ticketNumber: ticket, state: .typing)
        e.setPresence(agent: dewi, ticketNumber: ticket, state: .viewing)
        e.setPresence(agent: dewi, ticketNumber: ticket, state: .typing)
        step("who is on the ticket, for budi") { try e.presence(ticketNumber: ticket, excluding: budi) }
        step("who is on the ticket, for ops") { try e.presence(ticketNumber: ticket, excluding: ops) }
        e.setPresence(agent: budi, ticketNumber: nil, state: .viewing)
        step("budi left") { try e.presence(ticketNumber: ticket, excluding: ops) }
        step("currently viewing") { try e.currentlyViewing() }
        act("console opened") { try e.recordConsoleSession(agent: budi, opened: true) }
        step("audit tail") { try SecurityParityTests.auditTail(e, 20).map { $0.filter { !$0.contains("console pid=") } } }
        return log
    }

    @Test func rulesLanguageAndPresenceAnswerTheSameOnSQLiteAndPostgreSQL() async throws {
        let (sqlite, postgres, demo) = try await EngineParityTests.engines()
        defer { demo.source.remove() }
        let onSQLite = try Self.script(sqlite)
        let onPostgres = try Self.script(postgres)
        EngineParityTests.expectSame(onSQLite, onPostgres)
        func line(_ name: String) -> String { onPostgres.first { $0.hasPrefix(name + " → ") } ?? "" }
        #expect(line("agent adds a rule").contains("refused forbidden: budi (agent) may not"))
        #expect(line("supervisor adds a rule").contains("\"keyword\":\"saldo hilang\""))
        #expect(line("the same rule again").contains("refused conflict: A rule for \"saldo hilang\""))
        #expect(line("the same keyword elsewhere").contains("\"category\":\"payment\""))
        #expect(line("match Indonesian").contains("\"keyword\":\"saldo hilang\""))
        #expect(line("match Chinese").contains("\"keyword\":\"余额不见\""))
        #expect(line("match nothing").hasSuffix("→ null"))
        #expect(line("agent removes a rule").contains("refused forbidden"))
        #expect(line("supervisor removes it").hasSuffix("\"done\""))
        #expect(line("removed again").contains("refused notFound"))
        #expect(line("stale supervisor adds a rule").contains("role changed from supervisor to agent"))
        #expect(line("customer language").hasSuffix("\"zh\""))
        #expect(line("stale sari corrects a language").contains("refused forbidden"))
        #expect(line("who is on the ticket, for budi").contains("\"login\":\"dewi\"") && !line("who is on the ticket, for budi").contains("\"login\":\"budi\""))
        #expect(line("who is on the ticket, for ops").contains("\"login\":\"budi\""))
        #expect(line("budi left").contains("\"login\":\"dewi\"") && !line("budi left").contains("\"login\":\"budi\""))
        for engine in [sqlite as any StoreEngine, postgres] {
            let refused = try engine.auditRecords(entity: "category_rule", limit: 100).filter { $0.action == "refused:category_rule.add" }
            #expect(refused.contains { $0.actor == "budi" }, "\(engine.engineName): \(refused)")
            let sessions = try engine.auditRecords(entity: "agent", entityId: "budi", limit: 10).filter { $0.action == "session.open" }
            #expect(sessions.count == 1, "\(engine.engineName)")
            let count = try engine.reading { try $0.fetchValue("SELECT COUNT(*) FROM audit_log", as: Int.self) ?? -1 }
            #expect(try engine.verifyAuditChain() == .ok(records: count), "\(engine.engineName)")
        }
        await postgres.close()
    }
}
