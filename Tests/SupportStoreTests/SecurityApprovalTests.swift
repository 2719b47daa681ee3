import Foundation
import GRDB
import SupportCore
import Testing
@testable import SupportStore

/// Freezing, maker-checker requests and their approval.
@Suite struct SecurityApprovalTests {
    @Test func freezeIsImmediateAndLandsOnTheTicket() throws {
        let t = try TempStore()
        let c = try t.cast()
        let ticket = try t.security(c.customer)
        let action = try t.store.freeze(customerId: c.customer, reason: "customer reports a stolen phone", ticket: ticket.number, by: c.a)
        #expect(action.state == .done)
        #expect(action.kind == .freeze)
        #expect(action.ticketNumber == ticket.number)
        let customer = try t.store.customer(id: c.customer)
        #expect(customer.status == .frozen)
        #expect(customer.statusChangedBy == "budi")
        #expect(customer.statusReason == "customer reports a stolen phone")
        #expect(customer.statusChangedAt == TempStore.fixedNow)
        let events = try t.store.timeline(ticketNumber: ticket.number)
        let note = try #require(events.last)
        #expect(note.kind == .securityAction)
        #expect(note.author == "budi")
        #expect(note.body.contains("Froze the account") && note.body.contains("stolen phone"))
        #expect(try t.store.ticket(number: ticket.number).version == ticket.version + 1)
        // Already frozen: a conflict that says by whom and why.
        let again = refusal { try t.store.freeze(customerId: c.customer, reason: "again", by: c.b) }
        #expect(again?.kind == .conflict)
        #expect(again?.message.contains("already frozen by budi") == true)
        // A reason is required.
        #expect(refusal { try t.store.freeze(customerId: c.customer, reason: "  ", by: c.b) }?.kind == .invalid)
        // Unknown customer, unknown ticket, someone else's ticket.
        #expect(refusal { try t.store.freeze(customerId: 999, reason: "x", by: c.a) }?.kind == .notFound)
        let other = try t.store.insertCustomerForTesting(name: "Siti", phone: "+6285711112222", email: "siti@example.com")
        #expect(refusal { try t.store.freeze(customerId: other, reason: "x", ticket: 9_999, by: c.a) }?.kind == .notFound)
        #expect(refusal { try t.store.freeze(customerId: other, reason: "x", ticket: ticket.number, by: c.a) }?.kind == .invalid)
        #expect(try t.store.customer(id: other).status == .active)
    }

    @Test func selfApprovalIsRefusedAndTheRefusalIsAudited() throws {
        let t = try TempStore()
        let c = try t.cast()
        try t.store.freeze(customerId: c.customer, reason: "takeover", by: c.a)
        let request = try t.store.requestUnfreeze(customerId: c.customer, reason: "identity confirmed by video call", by: c.sup)
        #expect(request.state == .pendingApproval)
        let refused = refusal { try t.store.approve(requestId: request.id, reason: "fine", by: c.sup) }
        #expect(refused?.kind == .forbidden)
        #expect(refused?.message.contains("cannot approve their own request") == true)
        #expect(refusal { try t.store.reject(requestId: request.id, reason: "no", by: c.sup) }?.kind == .forbidden)
        #expect(try t.store.securityAction(id: request.id).state == .pendingApproval)
        #expect(try t.store.customer(id: c.customer).status == .frozen)
        let refusals = try t.store.auditRecords(entity: "security_action", entityId: String(request.id)).map(\.action)
        #expect(refusals.contains("refused:security.approve"))
        #expect(refusals.contains("refused:security.reject"))
        #expect(try t.store.verifyAuditChain() == .ok(records: try t.store.auditRecords(limit: 1_000).count))
    }

    @Test func anAgentCannotApprove() throws {
        let t = try TempStore()
        let c = try t.cast()
        try t.store.freeze(customerId: c.customer, reason: "takeover", by: c.a)
        let request = try t.store.requestUnfreeze(customerId: c.customer, reason: "customer verified", by: c.a)
        let refused = refusal { try t.store.approve(requestId: request.id, reason: "ok", by: c.b) }
        #expect(refused?.kind == .forbidden)
        #expect(refused?.message.contains("may not approve requests") == true)
        #expect(try t.store.customer(id: c.customer).status == .frozen)
        // A second identical request cannot queue up behind the first.
        #expect(refusal { try t.store.requestUnfreeze(customerId: c.customer, reason: "again", by: c.b) }?.kind == .conflict)
        // Unknown request.
        #expect(refusal { try t.store.approve(requestId: 4_242, reason: "ok", by: c.sup) }?.kind == .notFound)
    }

    @Test func approvalAppliesTheEffectAndLandsOnTheTicket() throws {
        let t = try TempStore()
        let c = try t.cast()
        let ticket = try t.security(c.customer)
        try t.store.freeze(customerId: c.customer, reason: "takeover", ticket: ticket.number, by: c.a)
        let request = try t.store.requestUnfreeze(customerId: c.customer, reason: "new SIM verified", ticket: ticket.number, by: c.a)
        #expect(try t.store.approvals().map(\.id) == [request.id])
        let decided = try t.store.approve(requestId: request.id, reason: "KTP and selfie match", by: c.sup)
        #expect(decided.state == .approved)
        #expect(decided.decidedBy == "sari")
        #expect(decided.decisionReason == "KTP and selfie match")
        let customer = try t.store.customer(id: c.customer)
        #expect(customer.status == .active)
        #expect(customer.statusChangedBy == "sari")
        let events = try t.store.timeline(ticketNumber: ticket.number)
        #expect(events.contains { $0.kind == .securityAction && $0.body.contains("request #\(request.id)") })
        let approval = try #require(events.last)
        #expect(approval.kind == .approval)
        #expect(approval.author == "sari")
        #expect(approval.body.contains("Approved request #\(request.id)") && approval.body.contains("account unfrozen"))
        #expect(try t.store.approvals().isEmpty)
        #expect(try t.store.approvals(state: .approved).map(\.id) == [request.id])
        // Decided requests stay decided.
        let twice = refusal { try t.store.reject(requestId: request.id, reason: "changed my mind", by: c.admin) }
        #expect(twice?.kind == .conflict)
        #expect(twice?.message.contains("already approved by sari") == true)
        // Nothing to unfreeze any more.
        #expect(refusal { try t.store.requestUnfreeze(customerId: c.customer, reason: "x", by: c.a) }?.kind == .conflict)
    }

    @Test func rejectionChangesNothingButIsRecorded() throws {
        let t = try TempStore()
        let c = try t.cast()
        let ticket = try t.security(c.customer)
        try t.store.freeze(customerId: c.customer, reason: "takeover", by: c.a)
        let request = try t.store.requestUnfreeze(customerId: c.customer, reason: "please", ticket: ticket.number, by: c.a)
        let rejected = try t.store.reject(requestId: request.id, reason: "caller failed identity check", by: c.admin)
        #expect(rejected.state == .rejected)
        #expect(try t.store.customer(id: c.customer).status == .frozen)
        let last = try #require(try t.store.timeline(ticketNumber: ticket.number).last)
        #expect(last.kind == .approval && last.body.hasPrefix("Rejected request #\(request.id)"))
        // A new request may follow a rejected one.
        #expect(try t.store.requestUnfreeze(customerId: c.customer, reason: "second try with documents", by: c.a).state == .pendingApproval)
    }

    @Test func closingWithABalanceIsRefusedAtRequestAndAtApproval() throws {
        let t = try TempStore()
        let c = try t.cast()
        try t.setBalance(c.customer, 150_000_00)
        let refused = refusal { try t.store.requestClose(customerId: c.customer, reason: "customer asks to close", by: c.a) }
        #expect(refused?.kind == .conflict)
        #expect(refused?.message.contains("Rp150.000") == true)
        try t.setBalance(c.customer, 0)
        let request = try t.store.requestClose(customerId: c.customer, reason: "customer asks to close", by: c.a)
        // Money arrived between the request and the approval.
        try t.setBalance(c.customer, 2_500_00)
        let late = refusal { try t.store.approve(requestId: request.id, reason: "ok", by: c.sup) }
        #expect(late?.kind == .conflict)
        #expect(late?.message.contains("Rp2.500") == true)
        #expect(try t.store.securityAction(id: request.id).state == .pendingApproval)
        try t.setBalance(c.customer, 0)
        try t.store.startSession(customerId: c.customer, deviceId: nil)
        try t.store.approve(requestId: request.id, reason: "balance withdrawn", by: c.sup)
        #expect(try t.store.customer(id: c.customer).status == .closed)
        #expect(try t.store.sessions(customerId: c.customer).allSatisfy { $0.revokedAt != nil })
        #expect(try t.store.availableActions(for: try t.store.customer(id: c.customer), role: .admin).isEmpty)
        #expect(refusal { try t.store.freeze(customerId: c.customer, reason: "x", by: c.a) }?.kind == .conflict)
    }

    @Test func theSchemaItselfRefusesSelfApprovalAndEditsToDecidedRows() throws {
        let t = try TempStore()
        let c = try t.cast()
        let frozen = try t.store.freeze(customerId: c.customer, reason: "takeover", by: c.a)
        let request = try t.store.requestUnfreeze(customerId: c.customer, reason: "ok", by: c.a)
        #expect(throws: DatabaseError.self) {
            try t.store.pool.write { db in
                try db.execute(sql: "UPDATE security_actions SET state = 'approved', decided_by = 'BUDI', decided_at = 1 WHERE id = ?",
                               arguments: [request.id])
            }
        }
        #expect(throws: DatabaseError.self) {
            try t.store.pool.write { db in
                try db.execute(sql: "UPDATE security_actions SET reason = 'edited' WHERE id = ?", arguments: [frozen.id])
            }
        }
        #expect(throws: DatabaseError.self) {
            try t.store.pool.write { db in try db.execute(sql: "DELETE FROM security_actions WHERE id = ?", arguments: [frozen.id]) }
        }
    }
}
