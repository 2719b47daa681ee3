import Foundation
import SupportCore
import SupportStore
import Testing
import TermUI
@testable import AgentConsole

/// The picker speaks the customer's language and lets the agent pick another; playbook
/// steps speak the agent's.
@Suite struct MacroLanguageConsoleTests {
    @Test func pickerFollowsTheCustomerAndTabSwitches() throws {
        let c = try HeadlessConsole(login: "budi")
        // A customer whose record names no language: their messages decide.
        let customer = try c.store.insertCustomerForTesting(name: "Rina Wijaya", phone: "+6281200000001", email: "rina@example.com")
        let ticket = try c.store.createTicket(NewTicket(customerId: customer, subject: "Top-up Rp50.000 via BCA", body: "Top-up Rp50.000 via BCA",
                                                        category: .payment, channel: .appChat, priority: .p2), by: nil)
        #expect(try c.store.customer(id: customer).language == nil)
        _ = try c.store.customerMessage(ticket: ticket.number, body: "Halo kak, saldo saya sudah terpotong tapi transaksinya gagal")
        c.controller.perform { try c.controller.openTicket(number: ticket.number) }
        c.press(.char("m"))
        #expect(c.text.contains("Macro · Bahasa Indonesia (the customer's; Tab changes)"))
        c.type("checks")
        #expect(c.text.contains("Pembayaran gagal: pemeriksaan"))
        #expect(c.text.contains("Mohon maaf, pembayaran Bapak/Ibu belum berhasil."))
        c.press(.tab)
        #expect(c.text.contains("Macro · 中文 (your choice; Tab changes)"))
        #expect(c.text.contains("支付失败:自查清单"))
        #expect(c.text.contains("很抱歉您的付款没有成功。"))
        c.press(.tab)
        #expect(c.text.contains("Macro · English (your choice; Tab changes)"))
        c.press(.enter)
        guard case .composer(let composer) = c.state.mode else { Issue.record("expected the composer"); return }
        #expect(composer.macro?.locale == .en)
        #expect(composer.area.text.hasPrefix("Hi "))
    }

    @Test func playbookStepsFollowTheAgentsLanguage() throws {
        let c = try HeadlessConsole(width: 200, height: 60, login: "budi")
        let ticket = try c.store.createTicket(NewTicket(customerId: 1, subject: "Payment failed at the shop",
                                                        body: "My payment failed at Indomaret", category: .payment,
                                                        subcategory: "failed_payment", channel: .appChat, priority: .p2), by: nil)
        c.controller.state.agentLanguage = .id
        c.controller.perform { try c.controller.openTicket(number: ticket.number) }
        c.press(.char("p"))
        #expect(c.text.contains("Playbook: Pembayaran gagal"))
        #expect(c.text.contains("Bandingkan saldo dompet dengan nominal pembayaran ditambah biaya."))
        c.controller.state.agentLanguage = .zh
        #expect(c.text.contains("核对钱包余额是否足以支付金额及手续费。"))
    }
}

@Suite struct CustomerLanguageConsoleTests {
    @Test func paletteSetsTheCustomersLanguageAndThePickerFollowsIt() throws {
        let c = try HeadlessConsole(login: "budi")
        c.controller.update(.setView(.unassigned))
        c.press(.enter)
        c.press(.char(":"))
        c.type("language zh")
        c.press(.enter)
        let customer = try #require(c.state.account.customer)
        #expect(try c.store.customer(id: customer.id).language == .zh)
        #expect(c.state.status?.text == "\(customer.name) gets replies in 中文.")
        c.press(.char("m"))
        #expect(c.text.contains("Macro · 中文 (the customer's; Tab changes)"))
    }
}
