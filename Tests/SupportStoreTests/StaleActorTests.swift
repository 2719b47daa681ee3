import Foundation
import GRDB
import SupportCore
import Testing
@testable import SupportStore

/// Issue 17, finding 2: an `Agent` value is a snapshot; a console holding one must not
/// outlive an admin's disable or demotion. Every service re-reads the agent in its write.
@Suite struct StaleActorTests {
    /// The refusals the audit log holds for `login`, newest first.
    private func refusals(_ t: TempStore, _ login: String) throws -> [String] {
        try t.store.auditRecords(limit: 1_000).filter { $0.actor == login && $0.action.hasPrefix("refused:") }.map(\.action)
    }

    @Test func disabledAgentInOpenConsoleIsRefusedAndAudited() throws {
        let t = try TempStore()
        let c = try t.cast()
        let ticket = try t.security(c.customer)
        let console = c.a                       // resolved when the console opened
        try t.store.setAgentActive(login: "budi", active: false, by: c.admin)

        let claim = refusal { _ = try t.store.claim(ticket: ticket.number, by: console) }
        let reveal = refusal { _ = try t.store.revealContact(customerId: c.customer, reason: "caller asked", by: console) }
        let reset = refusal { _ = try t.store.forceCredentialReset(customerId: c.customer, reason: "forgot PIN", by: console) }
        let draft = refusal { try t.store.saveDraft(ticketNumber: ticket.number, agent: console, kind: "reply", body: "x") }
        for error in [claim, reveal, reset, draft] {
            #expect(error?.kind == .forbidden)
            #expect(error?.message.contains("disabled") == true)
        }
        // Nothing happened: the ticket is unowned, no code was made, nothing queued.
        #expect(try t.store.ticket(number: ticket.number).assigneeId == nil)
        #expect(try t.store.outboxList().isEmpty)
        let refused = try refusals(t, "budi")
        for action in ["refused:ticket.claim", "refused:customer.reveal", "refused:security.force_credential_reset",
                       "refused:draft.save"] {
            #expect(refused.contains(action), "\(action) not audited")
        }
        #expect(try t.store.auditRecords(limit: 1_000).contains { $0.actor == "budi" && $0.action == "customer.reveal" } == false)
        // Enabled again, the same snapshot works: the check reads the table, not a cache.
        try t.store.setAgentActive(login: "budi", active: true, by: c.admin)
        #expect(try t.store.claim(ticket: ticket.number, by: console).assigneeId == console.id)
    }

    @Test func demotedSupervisorCannotApproveWithTheOldRole() throws {
        let t = try TempStore()
        let c = try t.cast()
        try t.store.freeze(customerId: c.customer, reason: "takeover", by: c.a)
        let request = try t.store.requestUnfreeze(customerId: c.customer, reason: "new SIM verified", by: c.a)
        let console = c.sup                     // still says "supervisor"
        try t.store.setAgentRole(login: "sari", role: .agent, by: c.admin)

        let refused = refusal { _ = try t.store.approve(requestId: request.id, reason: "fine", by: console) }
        #expect(refused?.kind == .forbidden)
        #expect(refused?.message.contains("role changed from supervisor to agent") == true)
        #expect(try t.store.customer(id: c.customer).status == .frozen)
        #expect(try t.store.approvals().map(\.id) == [request.id])
        #expect(try refusals(t, "sari").contains("refused:security.approve"))
        // Reopened with the current role, sari is an agent and still may not approve.
        let fresh = try t.agent("sari")
        #expect(refusal { _ = try t.store.approve(requestId: request.id, reason: "fine", by: fresh) }?.message
            .contains("may not approve") == true)
        #expect(try t.store.verifyAuditChain() == .ok(records: try t.store.auditRecords(limit: 1_000).count))
    }

    @Test func onlyAnAdminChangesRoles() throws {
        let t = try TempStore()
        let c = try t.cast()
        #expect(refusal { try t.store.setAgentRole(login: "budi", role: .admin, by: c.sup) }?.kind == .forbidden)
        #expect(try t.agent("budi").role == .agent)
        #expect(try refusals(t, "sari").contains("refused:agent.role"))
    }
}
