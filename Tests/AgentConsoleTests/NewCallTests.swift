import Foundation
import SupportCore
@testable import SupportStore
import Testing
import TermUI
@testable import AgentConsole

/// `:new`: a ticket from a phone call, inside the console.
@Suite struct NewCallTests {
    func palette(_ c: HeadlessConsole, _ text: String) {
        c.press(.char(":"))
        c.type(text)
        c.press(.enter)
    }

    func dialog(_ c: HeadlessConsole) -> DialogState? {
        if case .dialog(let d) = c.state.mode { return d }
        return nil
    }

    @Test func byWalletIdTheTicketIsCreatedClaimedAndOpen() throws {
        let c = try HeadlessConsole(login: "budi")
        let customer = try c.store.customer(id: 3)
        let before = try c.store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM tickets") ?? 0 }
        palette(c, "new \(customer.walletId) payment/failed_payment")
        #expect(dialog(c)?.title == "New ticket for \(customer.name) (\(customer.walletId)) (1/2)")
        #expect(dialog(c)?.lines.first == "About: payment/failed_payment · by phone")
        c.press(.enter)
        #expect(dialog(c)?.error != nil, "an empty subject is not accepted")
        c.type("Top up via BCA belum masuk")
        c.press(.enter)
        #expect(dialog(c)?.title.hasSuffix("(2/2)") == true)
        c.type("Transfer Rp500.000 jam 09:10, saldo belum bertambah")
        c.press(.enter)

        let after = try c.store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM tickets") ?? 0 }
        #expect(after == before + 1)
        let opened = try #require(c.state.ticket?.ticket)
        #expect(opened.subject == "Top up via BCA belum masuk")
        #expect(opened.customerId == customer.id)
        #expect(opened.channel == .phone)
        #expect(opened.category == .payment && opened.subcategory == "failed_payment")
        #expect(opened.assigneeId == (try c.store.agent(login: "budi"))?.id)
        let first = try #require(try c.store.timeline(ticketNumber: opened.number).first)
        #expect(first.kind == .customerMessage && first.body == "Transfer Rp500.000 jam 09:10, saldo belum bertambah")
        #expect(c.state.status?.text == "\(TicketNumber.format(opened.number)) created for \(customer.name) (\(customer.walletId)), by phone; it is yours.")
    }

    /// A phone number is personal data: finding the caller by it asks a reason, is audited
    /// and matches exactly; an unknown number creates nothing and says so.
    @Test func byPhoneTheSearchNeedsAReasonIsAuditedAndExact() throws {
        let c = try HeadlessConsole(login: "budi")
        let customer = try c.store.customer(id: 5)
        let searches = { try c.store.auditRecords(limit: 10_000).filter { $0.action == "customer.search" }.count }
        let before = try searches()
        palette(c, "new \(customer.phone) account")
        #expect(dialog(c)?.title == "Find the caller by \(customer.phone)?")
        c.press(.enter)
        #expect(dialog(c)?.error == "A reason is required.")
        #expect(try searches() == before, "nothing is searched without a reason")
        c.type("caller on the line, verifying")
        c.press(.enter)
        #expect(try searches() == before + 1)
        #expect(dialog(c)?.title == "New ticket for \(customer.name) (\(customer.walletId)) (1/2)")
        c.press(.escape)

        // One digit off: no partial match, nothing created, the miss audited too.
        let tickets = try c.store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM tickets") ?? 0 }
        let wrong = String(customer.phone.dropLast()) + (customer.phone.hasSuffix("1") ? "2" : "1")
        palette(c, "new \(wrong) account")
        c.type("caller on the line")
        c.press(.enter)
        #expect(dialog(c) == nil)
        #expect(c.state.status?.kind == .error)
        #expect(try searches() == before + 2)
        #expect(try c.store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM tickets") ?? 0 } == tickets)
    }

    @Test func aBadCategoryOrAMissingOneIsExplained() throws {
        let c = try HeadlessConsole(login: "budi")
        palette(c, "new WLT-10000000")
        #expect(c.state.status?.text.hasPrefix(":new needs the caller") == true)
        palette(c, "new WLT-10000000 payments")
        #expect(c.state.status?.text == ":new needs one of: \(Category.allCases.map(\.rawValue).joined(separator: ", ")).")
        palette(c, "new WLT-10000000 payment/nothing")
        #expect(c.state.status?.text.contains("failed_payment") == true)
        #expect(dialog(c) == nil)
    }
}
