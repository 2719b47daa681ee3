import Foundation
import SupportCore
import Testing
@testable import SupportStore

/// Issue 17, finding 3: any agent could complete a credential reset with `account
/// verify-code`, and the audit log said the customer did it. Entering a code for a
/// customer is now its own permission, and the agent is on record with channel and reason.
@Suite struct CodeEntryTests {
    @Test func agentEnteringCodeNeedsPermissionAndIsTheRecordedActor() throws {
        let t = try TempStore()
        let c = try t.cast()
        let ticket = try t.security(c.customer)
        try t.store.forceCredentialReset(customerId: c.customer, reason: "forgot PIN", ticket: ticket.number, by: c.a)
        let code = try t.latestCodeInOutbox()

        // An agent who triggered the reset cannot finish it: refused, audited, code still live.
        let refused = refusal {
            _ = try t.store.verifyCodeForCustomer(customerId: c.customer, code: code, channel: .phone,
                                                  reason: "customer read it out", by: c.a)
        }
        #expect(refused?.kind == .forbidden)
        #expect(refused?.message.contains("enter a verification code") == true)
        let records = { try t.store.auditRecords(entity: "customer", entityId: String(c.customer), limit: 100) }
        #expect(try records().contains { $0.actor == "budi" && $0.action == "refused:security.verify_code" })
        #expect(try records().contains { $0.action == "security.verify_code" } == false)
        #expect(refusal {
            _ = try t.store.verifyCodeForCustomer(customerId: c.customer, code: code, channel: .phone, reason: "", by: c.sup)
        }?.kind == .invalid)

        // A supervisor with the permission: accepted, recorded as sari, by phone, with the reason.
        let ok = try t.store.verifyCodeForCustomer(customerId: c.customer, code: code, channel: .phone,
                                                   reason: "customer read it out on a recorded call", by: c.sup)
        #expect(ok.channel == .sms)
        let entry = try #require(try records().first { $0.action == "security.verify_code" })
        #expect(entry.actor == "sari")
        #expect(entry.after == "result=ok via=phone")
        #expect(entry.reason?.contains("recorded call") == true)
        #expect(try records().allSatisfy { $0.actor != "customer" })
        let note = try #require(try t.store.timeline(ticketNumber: ticket.number).last)
        #expect(note.author == "sari" && note.body.contains("read it out by phone"))
    }

    @Test func theCustomersOwnChannelStaysAndIsRecordedAsTheWallet() throws {
        let t = try TempStore()
        let c = try t.cast()
        try t.store.forceCredentialReset(customerId: c.customer, reason: "forgot PIN", by: c.a)
        try t.store.verifyCode(customerId: c.customer, code: try t.latestCodeInOutbox())
        let entry = try #require(try t.store.auditRecords(limit: 50).first { $0.action == "security.verify_code" })
        #expect(entry.actor == "customer" && entry.after == "result=ok via=wallet")
    }

    @Test func onlySupervisorsAndAdminsHoldTheCodePermission() {
        #expect(!Role.agent.can(.enterCustomerCode))
        #expect(Role.supervisor.can(.enterCustomerCode))
        #expect(Permission.enterCustomerCode.phrase == "enter a verification code for a customer")
    }
}
