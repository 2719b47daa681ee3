import Foundation
import GRDB
import SupportCore
import SupportPostgres
import SupportStore
import Testing

/// The security services on both stores: the same script of protective actions,
/// maker-checker requests and decisions, disputes and their refusals, run against the
/// demo in SQLite and the same demo copied into PostgreSQL. Every answer, refusal, account
/// state and audit record must be the same, and both chains must verify afterwards.
@Suite struct SecurityParityTests {
    /// The account the script works on, chosen by the same SQL on both stores: an active
    /// customer with a bound device, a ticket, and money that left the wallet.
    struct Subject {
        var customer: Int64
        var ticket: Int64
        var device: Int64
        var debit: String
        var other: String
    }

    static func subject(_ e: any StoreEngine) throws -> Subject {
        try e.reading { db in
            let row = try #require(try db.fetchRow("""
                SELECT c.id, MIN(t.number) AS ticket, MIN(d.id) AS device FROM customers c
                JOIN tickets t ON t.customer_id = c.id JOIN devices d ON d.customer_id = c.id AND d.bound = 1
                WHERE c.status = 'active' AND c.balance > 0
                  AND EXISTS (SELECT 1 FROM transactions x WHERE x.customer_id = c.id AND x.type = 'payment' AND x.status = 'success')
                GROUP BY c.id ORDER BY c.id LIMIT 1
                """))
            let id: Int64 = row["id"]
            let refs = try db.fetchValues("""
                SELECT reference FROM transactions WHERE customer_id = ? AND type = 'payment' AND status = 'success'
                ORDER BY id LIMIT 2
                """, [id], as: String.self)
            let other = try db.fetchValue("SELECT reference FROM transactions WHERE customer_id <> ? ORDER BY id LIMIT 1",
                                          [id], as: String.self)
            return Subject(customer: id, ticket: row["ticket"], device: row["device"], debit: try #require(refs.first),
                           other: try #require(other))
        }
    }

    /// The account as the security pane and the audit trail show it, column by column.
    static func accountState(_ e: any StoreEngine, _ id: Int64) throws -> [String] {
        func render(_ rows: [Row], _ columns: [String]) -> [String] {
            rows.map { row in columns.map { "\($0)=\((row[$0] as DatabaseValue).description)" }.joined(separator: " ") }
        }
        return try e.reading { db in
            let c = try db.fetchRows("SELECT * FROM customers WHERE id = ?", [id])
            let devices = try db.fetchRows("SELECT id, bound FROM devices WHERE customer_id = ? ORDER BY id", [id])
            let actions = try db.fetchRows("SELECT * FROM security_actions WHERE customer_id = ? ORDER BY id", [id])
            return render(c, ["status", "status_reason", "status_changed_by", "two_factor", "balance", "sessions_revoked_at"])
                + render(devices, ["id", "bound"])
                + render(actions, ["id", "kind", "state", "requested_by", "decided_by", "decision_reason", "dispute_id", "details"])
        }
    }

    static func auditTail(_ e: any StoreEngine, _ n: Int) throws -> [[String]] {
        try e.reading { session in
            try session.fetchRows("SELECT id, at, actor, action, entity, entity_id, before, after, reason FROM audit_log ORDER BY id DESC LIMIT ?", [n])
                .map { row in ["id", "at", "actor", "action", "entity", "entity_id", "before", "after", "reason"]
                    .map { (row[$0] as DatabaseValue).description } }
        }
    }

    static func script(_ e: any StoreEngine) throws -> [String] {
        let budi = try #require(try e.agent(login: "budi")), dewi = try #require(try e.agent(login: "dewi"))
        let sari = try #require(try e.agent(login: "sari")), ops = try #require(try e.agent(login: "ops"))
        let s = try subject(e)
        let c = s.customer
        var log: [String] = []
        func step<T: Encodable>(_ name: String, _ body: () throws -> T) { log.append(name + " → " + EngineParityTests.outcome(body)) }

        step("find by wallet id") { try e.findCustomer(try e.customer(id: c).walletId).id }
        step("find by phone, no reason") { try e.findCustomer(try e.customer(id: c).phone) }
        step("find by phone, with a reason") { try e.findCustomer(try e.customer(id: c).phone, reason: "caller gave it", by: budi).id }
        step("find by an unknown email") { try e.findCustomer(contact: "nobody@example.com", reason: "caller gave it", by: budi) }
        // Protective actions and account status.
        step("freeze without a reason") { try e.freeze(customerId: c, reason: "  ", by: budi) }
        step("freeze on a stranger's ticket") { try e.freeze(customerId: c + 1, reason: "takeover", ticket: s.ticket, by: budi) }
        step("freeze") { try e.freeze(customerId: c, reason: "customer reports a stolen phone", ticket: s.ticket, by: budi) }
        step("freeze again") { try e.freeze(customerId: c, reason: "again", by: dewi) }
        step("state frozen") { try accountState(e, c) }
        step("revoke sessions") { try e.revokeSessions(customerId: c, reason: "sign the thief out", ticket: s.ticket, by: budi) }
        step("sessions") { try e.sessions(customerId: c) }
        step("sessions revoked at") { try e.sessionsRevokedAt(customerId: c) }
        step("unbind device") { try e.unbindDevice(customerId: c, deviceId: s.device, reason: "stolen phone", ticket: s.ticket, by: budi) }
        step("unbind it again") { try e.unbindDevice(customerId: c, deviceId: s.device, reason: "again", by: budi) }
        step("unbind a missing device") { try e.unbindDevice(customerId: c, deviceId: 999_999, reason: "none", by: budi) }
        step("require two-factor") { try e.requireTwoFactor(customerId: c, reason: "after takeover", by: dewi) }
        step("require two-factor again") { try e.requireTwoFactor(customerId: c, reason: "again", by: dewi) }
        // Maker-checker: the request, its refusals, the decision, a second decision.
        step("request unfreeze") { try e.requestUnfreeze(customerId: c, reason: "identity confirmed at the branch", ticket: s.ticket, by: budi) }
        step("request unfreeze again") { try e.requestUnfreeze(customerId: c, reason: "again", by: dewi) }
        let request = try #require(try e.approvals().first { $0.customerId == c && $0.kind == .unfreeze })
        step("approvals box") { try e.approvals() }
        step("available actions for sari") { try e.availableActions(for: try e.customer(id: c), role: .supervisor, viewer: "sari") }
        step("maker approves own request") { try e.approve(requestId: request.id, reason: "it is me", by: budi) }
        step("agent approves") { try e.approve(requestId: request.id, reason: "looks fine", by: dewi) }
        step("approve without a reason") { try e.approve(requestId: request.id, reason: "", by: sari) }
        step("supervisor approves") { try e.approve(requestId: request.id, reason: "KTP checked on video call", by: sari) }
        step("second decision") { try e.reject(requestId: request.id, reason: "too late", by: ops) }
        step("decide an action taken at once") { try e.approve(requestId: request.id - 1, reason: "not a request", by: sari) }
        step("state unfrozen") { try accountState(e, c) }
        step("freeze once more") { try e.freeze(customerId: c, reason: "new suspicious login", by: dewi) }
        let second = try e.requestUnfreeze(customerId: c, reason: "false alarm", by: dewi)
        step("reject") { try e.reject(requestId: second.id, reason: "login came from a new country", by: sari) }
        step("state still frozen") { try accountState(e, c) }
        step("request close with money") { try e.requestClose(customerId: c, reason: "customer leaves", by: budi) }
        step("decided requests") { try e.approvals(state: nil) }
        step("request by id") { try e.securityAction(id: request.id) }
        // Disputes and flags.
        step("flag") { try e.flagTransaction(reference: s.debit.lowercased(), reason: "customer does not recognise it", ticket: s.ticket, by: budi) }
        step("flag again") { try e.flagTransaction(reference: s.debit, reason: "again", by: budi) }
        step("flag on a stranger's ticket") { try e.flagTransaction(reference: s.other, reason: "x", ticket: s.ticket, by: budi) }
        step("dispute") { try e.openDispute(reference: s.debit, reason: "not made by the customer", ticket: s.ticket, by: budi) }
        step("dispute again") { try e.openDispute(reference: s.debit, reason: "again", by: dewi) }
        step("dispute a missing transaction") { try e.openDispute(reference: "TX-NONE", reason: "x", by: dewi) }
        step("active dispute") { try e.activeDispute(reference: s.debit) }
        step("appeal") {
            try e.openAppeal(customerId: c, timeOfCompromise: EngineParityTests.now.addingTimeInterval(-7_200),
                             suspiciousReferences: [s.debit], reason: "phone stolen on the bus", ticket: s.ticket, by: budi)
        }
        step("appeal in the future") {
            try e.openAppeal(customerId: c, timeOfCompromise: EngineParityTests.now.addingTimeInterval(7_200),
                             suspiciousReferences: [], reason: "x", by: budi)
        }
        step("appeal with a stranger's transaction") {
            try e.openAppeal(customerId: c, timeOfCompromise: EngineParityTests.now, suspiciousReferences: [s.other], reason: "x", by: budi)
        }
        step("request refund") { try e.requestDisputeRefund(reference: s.debit, reason: "dispute upheld", by: budi) }
        step("request refund again") { try e.requestDisputeRefund(reference: s.debit, reason: "again", by: dewi) }
        let refund = try #require(try e.approvals().first { $0.customerId == c && $0.kind == .refundDispute })
        step("refund approved") { try e.approve(requestId: refund.id, reason: "merchant confirmed the fraud", by: ops) }
        step("disputes") { try e.disputes(customerId: c) }
        step("state after refund") { try accountState(e, c) }
        step("history") { try e.securityHistory(customerId: c) }
        step("timeline") { try e.timeline(ticketNumber: s.ticket) }
        step("audit tail") { try auditTail(e, 60) }
        return log
    }

    @Test func theSecurityServicesAnswerTheSameOnSQLiteAndPostgreSQL() async throws {
        let (sqlite, postgres, demo) = try await EngineParityTests.engines()
        defer { demo.source.remove() }
        let onSQLite = try Self.script(sqlite)
        let onPostgres = try Self.script(postgres)
        EngineParityTests.expectSame(onSQLite, onPostgres)
        // The script is not vacuous: the four-eyes refusals, the decision and the conflict happened.
        func line(_ name: String) -> String { onPostgres.first { $0.hasPrefix(name + " → ") } ?? "" }
        #expect(line("maker approves own request").contains("refused forbidden"))
        #expect(line("agent approves").contains("refused forbidden"))
        #expect(line("supervisor approves").contains("\"state\":\"approved\""))
        #expect(line("second decision").contains("refused conflict: Request #") && line("second decision").contains("already approved by sari"))
        #expect(line("freeze again").contains("refused conflict"))
        #expect(line("state unfrozen").contains("status=\\\"active\\\""))
        #expect(line("state still frozen").contains("status=\\\"frozen\\\""))
        #expect(line("refund approved").contains("\"state\":\"approved\""))
        // The maker's attempt was refused and audited, on both stores.
        for engine in [sqlite as any StoreEngine, postgres] {
            let refusals = try engine.auditRecords(entity: "security_action", limit: 200).filter { $0.action == "refused:security.approve" }
            #expect(refusals.contains { $0.actor == "budi" && ($0.reason ?? "").contains("budi") }, "\(engine.engineName): \(refusals)")
            #expect(refusals.contains { $0.actor == "dewi" }, "\(engine.engineName): \(refusals)")
        }
        let sqliteRecords = try sqlite.reading { try $0.fetchValue("SELECT COUNT(*) FROM audit_log", as: Int.self) ?? -1 }
        #expect(try sqlite.verifyAuditChain() == .ok(records: sqliteRecords))
        let records = try postgres.reading { try $0.fetchValue("SELECT COUNT(*) FROM audit_log", as: Int.self) ?? -1 }
        #expect(try await postgres.store.verifyAuditChain() == .ok(records: records))
        await postgres.close()
    }
}
