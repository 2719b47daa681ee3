import Foundation
import GRDB
import SupportCore
import SupportPostgres
import SupportStore
import Testing

/// Investigations on both stores: the account timeline paged by key both ways, the
/// detector over the demo's planted takeover stories, flagging the suspects (each its own
/// audited write), and the detection rules (an agent's change refused and audited, an
/// admin's recorded with before and after, a stale admin refused), run against the demo in
/// SQLite and its PostgreSQL copy. Every answer, refusal and audit record must be the same.
@Suite struct InvestigationParityTests {
    /// An investigation as comparable JSON: the rules as rows in their fixed order (their
    /// dictionaries encode in hash order, which differs from run to run).
    struct Seen: Encodable {
        var customerId: Int64, walletId: String, since: Date, rules: [String]
        var report: CompromiseReport, suspects: [SuspectTransaction], alreadyFlagged: [String]
        init(_ i: Investigation) {
            customerId = i.customerId; walletId = i.walletId; since = i.since; rules = InvestigationParityTests.rows(i.rules)
            report = i.report; suspects = i.suspects; alreadyFlagged = i.alreadyFlagged
        }
    }

    static func rows(_ rules: DetectionRules) -> [String] { rules.rows.map { "\($0.name)=\($0.value)" } }

    static func script(_ e: any StoreEngine) throws -> [String] {
        let budi = try #require(try e.agent(login: "budi")), ops = try #require(try e.agent(login: "ops"))
        let sari = try #require(try e.agent(login: "sari"))
        var log: [String] = []
        func step<T: Encodable>(_ name: String, _ body: () throws -> T) { log.append(name + " → " + EngineParityTests.outcome(body)) }
        func act(_ name: String, _ body: () throws -> Void) { step(name) { () throws -> String in try body(); return "done" } }
        let customers = try e.reading { db in
            try db.fetchValues("SELECT DISTINCT customer_id FROM account_events ORDER BY customer_id", as: Int64.self)
        }
        step("customers with account events") { customers }

        for c in customers {
            step("investigate \(c)") { Seen(try e.investigate(customerId: c)) }
        }
        let compromised = try customers.first { try e.investigate(customerId: $0).compromise != nil }
        let c = try #require(compromised)
        // The timeline, newest first, paged down by key and back up again.
        let first = try e.accountTimeline(customerId: c, limit: 7)
        step("timeline page 1") { first }
        let last = try #require(first.last?.key)
        let second = try e.accountTimeline(customerId: c, olderThan: last, limit: 7)
        step("timeline page 2") { second }
        let back = try #require(second.first?.key)
        step("timeline back up") { try e.accountTimeline(customerId: c, newerThan: back, limit: 7) }
        step("timeline since") { try e.accountTimeline(customerId: c, since: EngineParityTests.now.addingTimeInterval(-3 * 86_400), limit: 50) }
        // Flag the suspects: an agent may; the first batch flags, the second skips them.
        let suspects = try e.investigate(customerId: c).suspects.map(\.reference)
        step("suspects") { suspects }
        step("flag without a reason") { try e.flagTransactions(references: suspects, reason: " ", by: budi) }
        step("flag the suspects") { try e.flagTransactions(references: suspects + ["TX-NONE"], reason: "after the takeover", by: budi) }
        step("flag them again") { try e.flagTransactions(references: suspects, reason: "again", by: budi) }
        step("investigate after flagging") { try e.investigate(customerId: c).alreadyFlagged }
        // The detection rules.
        step("rules") { rows(try e.detectionRules()) }
        act("agent changes a weight") { try e.setDetectionRule(name: "unseen_place", value: 2, reason: "more weight", by: budi) }
        act("supervisor changes a weight") { try e.setDetectionRule(name: "unseen_place", value: 2, reason: "more weight", by: sari) }
        act("admin without a reason") { try e.setDetectionRule(name: "unseen_place", value: 2, reason: "", by: ops) }
        act("an unknown rule") { try e.setDetectionRule(name: "moon_phase", value: 2, reason: "x", by: ops) }
        act("admin changes a weight") { try e.setDetectionRule(name: "unseen_place", value: 2, reason: "travel is rare here", by: ops) }
        act("and again") { try e.setDetectionRule(name: "unseen_place", value: 0, reason: "off for a week", by: ops) }
        act("admin demotes nobody but sari") { try e.setAgentRole(login: "sari", role: .agent, by: ops) }
        act("rina is made admin and ops demoted") {
            let rina = try e.addAgent(login: "rina", name: "Rina", role: .admin, by: ops)
            try e.setAgentRole(login: "ops", role: .supervisor, by: rina)
        }
        act("stale admin ops changes a weight") { try e.setDetectionRule(name: "withdrawal", value: 3, reason: "x", by: ops) }
        step("rule rows") { try e.detectionRuleRows() }
        step("investigate with the new weights") { try e.investigate(customerId: c).report }
        step("audit tail") { try SecurityParityTests.auditTail(e, 40) }
        return log
    }

    @Test func investigationsAnswerTheSameOnSQLiteAndPostgreSQL() async throws {
        let (sqlite, postgres, demo) = try await EngineParityTests.engines()
        defer { demo.source.remove() }
        // The engine is closed even when the script stops at a requirement.
        let scripts = Result { (try Self.script(sqlite), try Self.script(postgres)) }
        let counts = Result { try postgres.reading { try $0.fetchValue("SELECT COUNT(*) FROM audit_log", as: Int.self) ?? -1 } }
        let verified = Result { try postgres.verifyAuditChain() }
        let records = Result { try postgres.auditRecords(entity: "detection_rule", limit: 50) }
        await postgres.close()
        let (onSQLite, onPostgres) = try scripts.get()
        EngineParityTests.expectSame(onSQLite, onPostgres)
        func line(_ name: String) -> String { onPostgres.first { $0.hasPrefix(name + " → ") } ?? "" }
        #expect(line("suspects") != "suspects → []")
        #expect(line("flag the suspects").contains("\"TX-NONE\""))
        #expect(line("flag them again").contains("\"flagged\":[]"))
        #expect(line("agent changes a weight").contains("refused forbidden"))
        #expect(line("supervisor changes a weight").contains("refused forbidden"))
        #expect(line("admin changes a weight").hasSuffix("\"done\""))
        #expect(line("stale admin ops changes a weight").contains("role changed from admin to supervisor"))
        #expect(line("timeline page 2") != line("timeline page 1").replacingOccurrences(of: "page 1", with: "page 2"))
        let sqliteCount = try sqlite.reading { try $0.fetchValue("SELECT COUNT(*) FROM audit_log", as: Int.self) ?? -1 }
        let outcomes = [("SQLite", try sqlite.auditRecords(entity: "detection_rule", limit: 50), sqliteCount, try sqlite.verifyAuditChain()),
                        ("PostgreSQL", try records.get(), try counts.get(), try verified.get())]
        for (name, records, count, verification) in outcomes {
            #expect(records.contains { $0.action == "refused:detection_rule.set" && $0.actor == "budi" }, "\(name)")
            let sets = records.filter { $0.action == "detection_rule.set" }.map { "\($0.before ?? "-")>\($0.after ?? "-")" }
            #expect(sets == ["unseen_place=2>unseen_place=0", "->unseen_place=2"] || sets == ["unseen_place=2>unseen_place=0", "unseen_place=1>unseen_place=2"],
                    "\(name): \(sets)")
            #expect(verification == .ok(records: count), "\(name)")
        }
    }
}
