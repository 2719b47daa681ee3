import Foundation
import GRDB
import SupportCore
import Testing
@testable import SupportStore

/// Sessions, devices, two-factor, flags, disputes, appeals, the pane's action list, and
/// the audit trail of the whole stolen-account flow.
@Suite struct SecurityProtectiveTests {
    @Test func revokingSessionsAndUnbindingADeviceAreObservable() throws {
        let t = try TempStore()
        let c = try t.cast()
        let phone = try t.addDevice(c.customer, model: "Samsung Galaxy A54")
        let tablet = try t.addDevice(c.customer, model: "iPad", bound: false)
        try t.store.startSession(customerId: c.customer, deviceId: phone)
        try t.store.startSession(customerId: c.customer, deviceId: phone)
        let revoked = try t.later(60).revokeSessions(customerId: c.customer, reason: "stolen phone", by: c.a)
        #expect(revoked.details?.contains("\"sessions_revoked\":2") == true)
        #expect(try t.store.sessions(customerId: c.customer).allSatisfy { $0.revokedAt != nil && $0.revokedBy == "budi" })
        #expect(try t.store.sessionsRevokedAt(customerId: c.customer) == TempStore.fixedNow.addingTimeInterval(60))

        try t.store.startSession(customerId: c.customer, deviceId: phone)
        let ticket = try t.security(c.customer)
        let unbound = try t.store.unbindDevice(customerId: c.customer, deviceId: phone, reason: "device in thief's hands",
                                               ticket: ticket.number, by: c.b)
        #expect(unbound.kind == .unbindDevice)
        #expect(try t.store.devices(customerId: c.customer).allSatisfy { !$0.bound })
        #expect(try t.store.sessions(customerId: c.customer).allSatisfy { $0.revokedAt != nil })
        #expect(try t.store.timeline(ticketNumber: ticket.number).last?.body.contains("Samsung Galaxy A54") == true)
        #expect(refusal { try t.store.unbindDevice(customerId: c.customer, deviceId: phone, reason: "again", by: c.a) }?.kind == .conflict)
        #expect(refusal { try t.store.unbindDevice(customerId: c.customer, deviceId: tablet, reason: "x", by: c.a) }?.kind == .conflict)
        #expect(refusal { try t.store.unbindDevice(customerId: c.customer, deviceId: 9_999, reason: "x", by: c.a) }?.kind == .notFound)
        let actions = try t.store.availableActions(for: try t.store.customer(id: c.customer), role: .agent)
        #expect(actions.first { $0.kind == .unbindDevice }?.available == false)
    }

    @Test func twoFactorIsRequiredOnce() throws {
        let t = try TempStore()
        let c = try t.cast()
        try t.store.requireTwoFactor(customerId: c.customer, reason: "after takeover", by: c.a)
        #expect(try t.store.customer(id: c.customer).twoFactor)
        #expect(refusal { try t.store.requireTwoFactor(customerId: c.customer, reason: "again", by: c.a) }?.kind == .conflict)
        #expect(try t.store.availableActions(for: try t.store.customer(id: c.customer), role: .agent)
            .allSatisfy { $0.kind != .requireTwoFactor })
    }

    @Test func flagsDisputesAndARefundThroughMakerChecker() throws {
        let t = try TempStore()
        let c = try t.cast()
        let ticket = try t.security(c.customer)
        let (payment, topup, failed) = try t.store.pool.write { db -> (String, String, String) in
            for (ref, type, status, amount) in [("TX1", "payment", "success", 750_000_00), ("TX2", "topup", "success", 100_000_00),
                                                ("TX3", "p2p_out", "failed", 50_000_00)] as [(String, String, String, Int64)] {
                try db.execute(sql: """
                    INSERT INTO transactions (reference, customer_id, type, status, amount, counterparty, channel, at)
                    VALUES (?, ?, ?, ?, ?, 'Tokopedia', 'merchant_api', ?)
                    """, arguments: [ref, c.customer, type, status, amount, TempStore.fixedNow.epoch - 3_600])
            }
            return ("TX1", "TX2", "TX3")
        }
        try t.store.flagTransaction(reference: payment, reason: "customer does not recognise it", ticket: ticket.number, by: c.a)
        #expect(try t.store.transaction(reference: payment).flagged)
        #expect(refusal { try t.store.flagTransaction(reference: payment, reason: "x", by: c.a) }?.kind == .conflict)
        #expect(refusal { try t.store.flagTransaction(reference: "TX404", reason: "x", by: c.a) }?.kind == .notFound)

        #expect(refusal { try t.store.openDispute(reference: topup, reason: "x", by: c.a) }?.kind == .invalid)
        #expect(refusal { try t.store.openDispute(reference: failed, reason: "x", by: c.a) }?.kind == .conflict)
        let dispute = try t.store.openDispute(reference: payment, reason: "unauthorised purchase", ticket: ticket.number, by: c.a)
        #expect(dispute.state == .open && dispute.reference == payment && dispute.ticketNumber == ticket.number)
        #expect(dispute.deadlineAt == TempStore.fixedNow.addingTimeInterval(14 * 86_400))
        #expect(refusal { try t.store.openDispute(reference: payment, reason: "again", by: c.b) }?.kind == .conflict)

        // The refund waits for a second person, then credits the wallet.
        let balance = try t.store.customer(id: c.customer).balance
        let request = try t.store.requestDisputeRefund(disputeId: dispute.id, reason: "merchant confirmed fraud", by: c.a)
        #expect(request.kind == .refundDispute && request.ticketNumber == ticket.number && request.disputeId == dispute.id)
        #expect(refusal { try t.store.approve(requestId: request.id, reason: "ok", by: c.b) }?.kind == .forbidden)
        try t.store.approve(requestId: request.id, reason: "evidence attached", by: c.sup)
        #expect(try t.store.customer(id: c.customer).balance == balance + 750_000_00)
        let refund = try t.store.transaction(reference: "RF-TX1")
        #expect(refund.type == .refund && refund.status == .success && refund.amount == 750_000_00)
        #expect(try t.store.disputes(customerId: c.customer).first?.state == .refunded)
        #expect(try t.store.timeline(ticketNumber: ticket.number).last?.body.contains("Rp750.000 refunded") == true)
        #expect(refusal { try t.store.requestDisputeRefund(disputeId: dispute.id, reason: "twice", by: c.a) }?.kind == .conflict)
    }

    @Test func aStolenAccountAppealRecordsTheTimeOfCompromise() throws {
        let t = try TempStore()
        let c = try t.cast()
        let other = try t.store.insertCustomerForTesting(name: "Siti", phone: "+6285711112222", email: "siti@example.com")
        try t.store.pool.write { db in
            for (ref, customer) in [("TXA", c.customer), ("TXB", c.customer), ("TXZ", other)] {
                try db.execute(sql: """
                    INSERT INTO transactions (reference, customer_id, type, status, amount, counterparty, channel, at)
                    VALUES (?, ?, 'p2p_out', 'success', 10000000, 'Unknown', 'app', ?)
                    """, arguments: [ref, customer, TempStore.fixedNow.epoch - 600])
            }
        }
        let compromised = TempStore.fixedNow.addingTimeInterval(-2 * 3_600)
        #expect(refusal { try t.store.openAppeal(customerId: c.customer, timeOfCompromise: compromised, suspiciousReferences: ["TXZ"],
                                                 reason: "x", by: c.a) }?.kind == .invalid)
        #expect(refusal { try t.store.openAppeal(customerId: c.customer, timeOfCompromise: TempStore.fixedNow.addingTimeInterval(3_600),
                                                 suspiciousReferences: [], reason: "x", by: c.a) }?.kind == .invalid)
        let ticket = try t.security(c.customer)
        let appeal = try t.store.openAppeal(customerId: c.customer, timeOfCompromise: compromised,
                                            suspiciousReferences: ["TXA", "txb", "TXA"], reason: "phone stolen at the market",
                                            ticket: ticket.number, by: c.a)
        #expect(appeal.kind == .appeal && appeal.compromisedAt == compromised)
        #expect(appeal.suspiciousReferences == ["TXA", "TXB"])
        #expect(try t.store.timeline(ticketNumber: ticket.number).last?.body.contains("TXA, TXB") == true)
        #expect(refusal { try t.store.openAppeal(customerId: c.customer, timeOfCompromise: compromised, suspiciousReferences: [],
                                                 reason: "again", by: c.b) }?.kind == .conflict)
        #expect(refusal { try t.store.requestDisputeRefund(disputeId: appeal.id, reason: "x", by: c.a) }?.kind == .invalid)
    }

    @Test func thePaneListsWhatAppliesForTheRole() throws {
        let t = try TempStore()
        let c = try t.cast()
        try t.setBalance(c.customer, 10_000_00)
        var customer = try t.store.customer(id: c.customer)
        let active = try t.store.availableActions(for: customer, role: .agent)
        #expect(active.map(\.kind) == [.freeze, .revokeSessions, .forceCredentialReset, .unbindDevice, .requireTwoFactor,
                                       .flagTransaction, .openDispute, .openAppeal, .closeAccount])
        let close = try #require(active.last)
        #expect(!close.available && close.note.contains("Rp10.000") && close.needsApproval)
        try t.store.freeze(customerId: c.customer, reason: "takeover", by: c.a)
        let request = try t.store.requestUnfreeze(customerId: c.customer, reason: "verified", by: c.sup)
        customer = try t.store.customer(id: c.customer)
        let agentView = try t.store.availableActions(for: customer, role: .agent)
        #expect(agentView.first?.kind == .unfreeze && agentView.first?.available == false)
        #expect(agentView.allSatisfy { $0.requestId == nil })
        // Supervisors also see the waiting request; not as theirs to decide if they asked.
        let own = try t.store.availableActions(for: customer, role: .supervisor, viewer: "sari")
        #expect(own.last?.requestId == request.id && own.last?.available == false)
        let admin = try t.store.availableActions(for: customer, role: .admin, viewer: "root")
        #expect(admin.last?.requestId == request.id && admin.last?.available == true)
    }

    @Test func theWholeStolenAccountFlowIsAuditedAndTheChainHolds() throws {
        let t = try TempStore()
        let c = try t.cast()
        let device = try t.addDevice(c.customer)
        try t.store.pool.write { db in
            try db.execute(sql: """
                INSERT INTO transactions (reference, customer_id, type, status, amount, counterparty, channel, at)
                VALUES ('TXS', ?, 'withdrawal', 'success', 20000000, 'BCA', 'bank_transfer', ?)
                """, arguments: [c.customer, TempStore.fixedNow.epoch - 600])
        }
        let n = try t.security(c.customer).number
        try t.store.freeze(customerId: c.customer, reason: "stolen", ticket: n, by: c.a)
        try t.store.revokeSessions(customerId: c.customer, reason: "stolen", ticket: n, by: c.a)
        try t.store.forceCredentialReset(customerId: c.customer, reason: "stolen", ticket: n, by: c.a)
        try t.store.verifyCode(customerId: c.customer, code: try t.latestCodeInOutbox())
        try t.store.unbindDevice(customerId: c.customer, deviceId: device, reason: "stolen", ticket: n, by: c.a)
        try t.store.flagTransaction(reference: "TXS", reason: "not me", ticket: n, by: c.a)
        let dispute = try t.store.openDispute(reference: "TXS", reason: "not me", ticket: n, by: c.a)
        try t.store.openAppeal(customerId: c.customer, timeOfCompromise: TempStore.fixedNow.addingTimeInterval(-3_600),
                               suspiciousReferences: ["TXS"], reason: "stolen", ticket: n, by: c.a)
        try t.store.requireTwoFactor(customerId: c.customer, reason: "before unfreezing", ticket: n, by: c.a)
        let refund = try t.store.requestDisputeRefund(disputeId: dispute.id, reason: "bank confirms", by: c.a)
        try t.store.reject(requestId: refund.id, reason: "wait for the bank's letter", by: c.sup)
        let unfreeze = try t.store.requestUnfreeze(customerId: c.customer, reason: "all clear", ticket: n, by: c.a)
        try t.store.approve(requestId: unfreeze.id, reason: "checked", by: c.sup)
        try t.store.drainOutbox(to: t.dir.appendingPathComponent("out").path, by: c.admin)

        let actions = Set(try t.store.auditRecords(limit: 1_000).map(\.action))
        for action in ["security.freeze", "security.revoke_sessions", "security.force_credential_reset", "security.verify_code",
                       "security.unbind_device", "transaction.flag", "dispute.open", "appeal.open", "security.require_two_factor",
                       "security.request_refund_dispute", "security.reject", "security.request_unfreeze", "security.approve",
                       "outbox.deliver"] {
            #expect(actions.contains(action), "no audit record for \(action)")
        }
        guard case .ok = try t.store.verifyAuditChain() else { Issue.record("audit chain broken"); return }
        let history = try t.store.securityHistory(customerId: c.customer)
        #expect(history.count == 10)
        #expect(history.first?.kind == .unfreeze && history.first?.state == .approved)
        let kinds = try t.store.timeline(ticketNumber: n).map(\.kind)
        #expect(kinds.filter { $0 == .securityAction }.count == 11)   // ten actions and the customer's code entry
        #expect(kinds.filter { $0 == .approval }.count == 2)
    }
}
