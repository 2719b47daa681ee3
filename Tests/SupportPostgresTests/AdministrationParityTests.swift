import Foundation
import GRDB
import SupportCore
import SupportPostgres
import SupportStore
import Testing

/// Agent administration and `audit verify` on both stores: one script of adding,
/// disabling, enabling and re-roling agents, their consoles' language, and the refusals
/// (an agent or a supervisor administering, an admin disabling themselves, the last admin
/// demoted, a stale or disabled agent's snapshot acting), run against the demo in SQLite
/// and its PostgreSQL copy. Every answer, refusal and audit record must be the same.
@Suite struct AdministrationParityTests {
    static func agentRows(_ e: any StoreEngine) throws -> [String] {
        try e.reading { db in
            try db.fetchRows("SELECT id, login, name, role, active, ui_language, created_at FROM agents ORDER BY id").map { row in
                ["id", "login", "name", "role", "active", "ui_language", "created_at"]
                    .map { "\($0)=\((row[$0] as DatabaseValue).description)" }.joined(separator: " ")
            }
        }
    }

    static func agentScript(_ e: any StoreEngine) throws -> [String] {
        let budi = try #require(try e.agent(login: "budi")), sari = try #require(try e.agent(login: "sari"))
        let ops = try #require(try e.agent(login: "ops"))
        var log: [String] = []
        func step<T: Encodable>(_ name: String, _ body: () throws -> T) { log.append(name + " → " + EngineParityTests.outcome(body)) }
        func act(_ name: String, _ body: () throws -> Void) { step(name) { () throws -> String in try body(); return "done" } }
        func fresh(_ login: String) throws -> Agent {
            guard let agent = try e.agent(login: login) else { throw StoreError.notFound("Agent '\(login)'") }
            return agent
        }

        step("agent adds an agent") { try e.addAgent(login: "rina", name: "Rina", role: .agent, by: budi) }
        step("supervisor adds an agent") { try e.addAgent(login: "rina", name: "Rina", role: .agent, by: sari) }
        step("admin adds an agent") { try e.addAgent(login: "rina", name: "Rina Lestari", role: .agent, by: ops) }
        step("the same login again") { try e.addAgent(login: " rina ", name: "Rina 2", role: .supervisor, by: ops) }
        step("a bad login") { try e.addAgent(login: "Rina!", name: "x", role: .agent, by: ops) }
        act("supervisor disables an agent") { try e.setAgentActive(login: "budi", active: false, by: sari) }
        act("supervisor disables the admin") { try e.setAgentActive(login: "ops", active: false, by: sari) }
        act("admin disables themselves") { try e.setAgentActive(login: "ops", active: false, by: ops) }
        act("admin demotes the last admin (themselves)") { try e.setAgentRole(login: "ops", role: .supervisor, by: ops) }
        act("supervisor promotes an agent") { try e.setAgentRole(login: "budi", role: .admin, by: sari) }
        act("disable a missing agent") { try e.setAgentActive(login: "nobody", active: false, by: ops) }
        act("role of a missing agent") { try e.setAgentRole(login: "nobody", role: .agent, by: ops) }
        act("admin disables budi") { try e.setAgentActive(login: "budi", active: false, by: ops) }
        step("disabled budi sets his language") { try e.setAgentUILanguage(login: "budi", to: .en, by: budi) }
        step("disabled budi freezes") { try e.freeze(customerId: 1, reason: "takeover", by: budi) }
        act("admin enables budi") { try e.setAgentActive(login: "budi", active: true, by: ops) }
        step("budi sets his language") { try e.setAgentUILanguage(login: "budi", to: .en, by: budi) }
        step("budi sets dewi's language") { try e.setAgentUILanguage(login: "dewi", to: .zh, by: budi) }
        step("admin sets dewi's language") { try e.setAgentUILanguage(login: "dewi", to: .zh, by: ops) }
        step("budi follows the locale again") { try e.setAgentUILanguage(login: "budi", to: nil, by: budi) }
        act("admin demotes sari") { try e.setAgentRole(login: "sari", role: .agent, by: ops) }
        act("stale supervisor sari disables wei") { try e.setAgentActive(login: "wei", active: false, by: sari) }
        step("stale supervisor sari approves nothing") { try e.approve(requestId: 1, reason: "x", by: sari) }
        act("admin makes rina admin") { try e.setAgentRole(login: "rina", role: .admin, by: ops) }
        let rina = try fresh("rina")
        act("rina demotes ops") { try e.setAgentRole(login: "ops", role: .supervisor, by: rina) }
        act("stale admin ops promotes itself back") { try e.setAgentRole(login: "ops", role: .admin, by: ops) }
        act("rina demotes herself, the last admin") { try e.setAgentRole(login: "rina", role: .agent, by: rina) }
        act("rina disables the last admin, herself") { try e.setAgentActive(login: "rina", active: false, by: rina) }
        act("rina makes ops admin again") { try e.setAgentRole(login: "ops", role: .admin, by: rina) }
        let ops2 = try fresh("ops")
        act("ops disables rina") { try e.setAgentActive(login: "rina", active: false, by: ops2) }
        act("disabled rina acts") { try e.setAgentRole(login: "budi", role: .supervisor, by: rina) }
        step("agents") { try e.agents(includeDisabled: true) }
        step("active agents") { try e.agents(includeDisabled: false) }
        step("agent rows") { try agentRows(e) }
        act("audit access") { try e.recordAuditAccess(actor: "ops", action: "audit.verify", what: "verified ok") }
        step("audit tail") { try SecurityParityTests.auditTail(e, 40) }
        return log
    }

    @Test func agentAdministrationAnswersTheSameOnSQLiteAndPostgreSQL() async throws {
        let (sqlite, postgres, demo) = try await EngineParityTests.engines()
        defer { demo.source.remove() }
        let onSQLite = try Self.agentScript(sqlite)
        let onPostgres = try Self.agentScript(postgres)
        EngineParityTests.expectSame(onSQLite, onPostgres)
        func line(_ name: String) -> String { onPostgres.first { $0.hasPrefix(name + " → ") } ?? "" }
        #expect(line("agent adds an agent").contains("refused forbidden: Only an admin may add agents."))
        #expect(line("admin adds an agent").contains("\"login\":\"rina\""))
        #expect(line("the same login again").contains("refused conflict: An agent 'rina' already exists."))
        #expect(line("supervisor disables the admin").contains("refused forbidden"))
        #expect(line("admin disables themselves").contains("refused forbidden: ops may not disable their own account"))
        #expect(line("admin demotes the last admin (themselves)").contains("refused forbidden: 'ops' is the last active admin"))
        #expect(line("disabled budi sets his language").contains("refused forbidden: Agent 'budi' was disabled"))
        #expect(line("disabled budi freezes").contains("refused forbidden: Agent 'budi' was disabled"))
        #expect(line("budi sets dewi's language").contains("refused forbidden"))
        #expect(line("stale supervisor sari disables wei").contains("role changed from supervisor to agent"))
        #expect(line("rina demotes ops").hasSuffix("\"done\""))
        #expect(line("stale admin ops promotes itself back").contains("refused forbidden: ops's role changed"))
        #expect(line("rina demotes herself, the last admin").contains("'rina' is the last active admin"))
        #expect(line("disabled rina acts").contains("refused forbidden: Agent 'rina' was disabled"))
        // Refusals are audited on both stores, with the refused agent as the actor.
        for engine in [sqlite as any StoreEngine, postgres] {
            let refused = try engine.auditRecords(entity: "agent", limit: 200).filter { $0.action.hasPrefix("refused:") }
            #expect(refused.contains { $0.actor == "budi" && $0.action == "refused:agent.add" }, "\(engine.engineName): \(refused)")
            #expect(refused.contains { $0.actor == "ops" && $0.action == "refused:agent.disable" && $0.entityId == "ops" }, "\(engine.engineName)")
            #expect(refused.contains { $0.actor == "rina" && $0.action == "refused:agent.role" && ($0.reason ?? "").contains("last active admin") }, "\(engine.engineName)")
            let count = try engine.reading { try $0.fetchValue("SELECT COUNT(*) FROM audit_log", as: Int.self) ?? -1 }
            let report = try engine.auditReport()
            #expect(report.verification == .ok(records: count), "\(engine.engineName): \(report)")
            #expect(try engine.verifyAuditChain() == .ok(records: count))
        }
        #expect(try postgres.auditReport().notes.contains { $0.contains("Held against the checkpoint of") })
        await postgres.close()
    }

    /// A record edited in place is caught by `audit verify` through the engine on PostgreSQL.
    @Test func auditVerifyOnPostgreSQLFindsAnEditedRecord() async throws {
        let (_, postgres, demo) = try await EngineParityTests.engines()
        defer { demo.source.remove() }
        let ops = try #require(try postgres.agent(login: "ops"))
        try postgres.setAgentRole(login: "sari", role: .agent, by: ops)
        let id = try #require(try postgres.reading { try $0.fetchValue("SELECT MAX(id) FROM audit_log", as: Int64.self) })
        try postgres.writing { db in
            _ = try db.run("UPDATE audit_log SET after = 'role=admin' WHERE id = ?", [id])
        }
        #expect(try postgres.verifyAuditChain().isBroken(at: id))
        await postgres.close()
    }
}

extension AuditVerification {
    func isBroken(at id: Int64) -> Bool {
        if case .broken(let at, _) = self { return at == id }
        return false
    }
}
