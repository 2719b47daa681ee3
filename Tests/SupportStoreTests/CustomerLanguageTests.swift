import Foundation
import SupportCore
import Testing
@testable import SupportStore

/// The customer's reply language: learned from their first words, then the agents'.
@Suite struct CustomerLanguageTests {
    @Test func learnedFromTheFirstMessageAndNeverOverAnAgentsChoice() throws {
        let t = try TempStore()
        let c = try t.cast()
        #expect(try t.store.customer(id: c.customer).language == nil)
        _ = try t.store.createTicket(NewTicket(customerId: c.customer, subject: "Saldo terpotong",
                                               body: "Halo kak, saldo saya sudah terpotong tapi pembayaran gagal",
                                               category: .payment, channel: .appChat, priority: .p2), by: nil)
        #expect(try t.store.customer(id: c.customer).language == .id)
        let shown = try t.store.setCustomerLanguage(customerId: c.customer, to: .zh, by: c.a)
        #expect(shown.language == .zh)
        #expect(shown.phone != "+6281234567890", "the answer is the masked view")
        _ = try t.store.createTicket(NewTicket(customerId: c.customer, subject: "Payment failed",
                                               body: "My payment failed and the money left my balance",
                                               category: .payment, channel: .email, priority: .p2), by: nil)
        #expect(try t.store.customer(id: c.customer).language == .zh, "intake never overrides an agent")
        let audit = try t.store.auditRecords(entity: "customer", entityId: String(c.customer))
        #expect(audit.contains { $0.action == "customer.language" && $0.actor == "budi" && $0.after == "language=zh" })
    }

    @Test func unknownCustomerIsRefused() throws {
        let t = try TempStore()
        let c = try t.cast()
        #expect(throws: StoreError.self) { try t.store.setCustomerLanguage(customerId: 9999, to: .en, by: c.a) }
    }
}
