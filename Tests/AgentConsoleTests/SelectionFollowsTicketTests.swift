import Foundation
import SupportCore
import SupportStore
import Testing
import TermUI
@testable import AgentConsole

/// The queue's selection and the side panes follow the ticket, not the row index; the
/// transaction filter belongs to one customer.
@Suite struct SelectionFollowsTicketTests {
    @Test(arguments: [(80, 24), (200, 60)])
    func claimFromUnassignedThenEscKeepsTheTicketAndItsCustomer(size: (Int, Int)) throws {
        let c = try HeadlessConsole(width: size.0, height: size.1, login: "budi")
        c.controller.update(.setView(.unassigned))
        #expect(c.state.queue.window.total > 1, "the test needs another row to land on")
        let row = try #require(c.state.queue.window.selectedRow)
        c.press(.enter)
        c.press(.char("c"))
        #expect(try c.store.ticket(number: row.number).assigneeId == c.state.actor.id)
        c.press(.escape)
        #expect(c.state.ticket == nil)
        #expect(c.state.queue.window.selectedRow?.number == row.number)
        #expect(c.state.queue.view == .mine)
        #expect(c.state.account.customer?.id == row.customerId)
        #expect(c.state.transactions.customerId == row.customerId)
        #expect(c.state.status?.text.contains("Mine") == true)
        // On screen: the selected row is that ticket.
        c.press(.char("1"))
        #expect(c.lines.contains { $0.contains(TicketNumber.format(row.number)) })
    }

    @Test func escWithoutAClaimStaysOnTheSameTicket() throws {
        let c = try HeadlessConsole(login: "budi")
        c.controller.update(.setView(.unassigned))
        c.press(.char("j"), .char("j"))
        let row = try #require(c.state.queue.window.selectedRow)
        c.press(.enter)
        c.press(.escape)
        #expect(c.state.queue.window.selectedRow?.number == row.number)
        #expect(c.state.queue.view == .unassigned)
        #expect(c.state.account.customer?.id == row.customerId)
    }

    @Test func transactionFilterIsPerCustomerAndSaysWhenKept() throws {
        let c = try HeadlessConsole(width: 200, height: 60, login: "sari")
        let first = try #require(c.state.queue.window.selectedRow)
        c.press(.char(":"))
        c.type("txfilter status:failed")
        c.press(.enter)
        #expect(c.state.transactions.filterText == "status:failed")
        // Down to a ticket of another customer: their transactions are not filtered.
        var presses = 0
        while c.state.queue.window.selectedRow?.customerId == first.customerId && presses < 50 {
            c.press(.char("j")); presses += 1
        }
        #expect(c.state.queue.window.selectedRow?.customerId != first.customerId)
        #expect(c.state.transactions.filterText == "")
        #expect(!c.text.contains("status:failed"))
        // Back to the first customer: the filter is back, and the pane says it was kept.
        c.press(.char("g"))
        #expect(c.state.transactions.customerId == first.customerId)
        #expect(c.state.transactions.filterText == "status:failed")
        #expect(c.state.transactions.filterKept)
        #expect(c.lines.contains { $0.contains("3 Transactions kept filter /status:failed") })
        #expect(c.state.status?.text.contains("still filtered") == true)
    }
}
