import Foundation
import Testing
import SupportAPI
import SupportCore
import SupportStore
@testable import AgentConsole

/// Another's commit re-reads an agent's queue page only when it can have changed it; the
/// header's counts are re-read on every change all the same.
@Suite struct QueueWindowChangeTests {
    func change(_ owners: [(Int64, String?)]) -> ChangeSet {
        var change = ChangeSet(tickets: owners.map(\.0))
        change.owners = owners.map { TicketOwner(number: $0.0, assignee: $0.1) }
        return change
    }

    @Test func anAgentsQueueIgnoresOthersTicketsAndRereadsItsOwn() throws {
        let c = try HeadlessConsole(login: "budi")
        let shown = try #require(c.state.queue.window.rows.first)
        let hidden: Int64 = 999_999
        #expect(c.state.queue.view == .mine)
        #expect(!c.controller.queueWindowMayChange(change([(hidden, "sari")])), "someone else's ticket")
        #expect(!c.controller.queueWindowMayChange(change([(hidden, nil)])), "an unowned ticket cannot enter My open")
        #expect(c.controller.queueWindowMayChange(change([(hidden, "budi")])), "a ticket given to me")
        #expect(c.controller.queueWindowMayChange(change([(shown.number, "sari")])), "a ticket on screen left")
        #expect(c.controller.queueWindowMayChange(change([(hidden, "sari"), (shown.number, "budi")])))
        #expect(c.controller.queueWindowMayChange(ChangeSet(tickets: [hidden])), "owners unknown")
        var short = change([(hidden, "sari")])
        short.tickets.append(hidden + 1)
        #expect(c.controller.queueWindowMayChange(short), "an owner missing from the list")
    }

    @Test func unownedTicketsCanEnterTheOtherViews() throws {
        let c = try HeadlessConsole(login: "budi")
        c.press(.char("v"))
        #expect(c.state.queue.view != .mine)
        #expect(c.controller.queueWindowMayChange(change([(999_999, nil)])))
        #expect(!c.controller.queueWindowMayChange(change([(999_999, "sari")])))
    }

    @Test func aSupervisorsQueueAlwaysRereads() throws {
        let c = try HeadlessConsole(login: "sari")
        #expect(c.controller.queueWindowMayChange(change([(999_999, "budi")])))
    }

    @Test func ownersMergeLaterFirstAndUnknownStaysUnknown() {
        var a = change([(1, "budi"), (2, nil)])
        a.formUnion(change([(2, "sari"), (3, nil)]))
        #expect(a.tickets == [1, 2, 3])
        #expect(a.owners == [TicketOwner(number: 1, assignee: "budi"), TicketOwner(number: 2, assignee: "sari"),
                             TicketOwner(number: 3, assignee: nil)])
        a.formUnion(ChangeSet(customers: [5]))
        #expect(a.owners?.count == 3, "a change without tickets keeps the owners")
        a.formUnion(ChangeSet(tickets: [4]))
        #expect(a.owners == nil, "a ticket whose owner is unknown")
        var b = ChangeSet(presence: true)
        b.formUnion(change([(7, "budi")]))
        #expect(b.owners == [TicketOwner(number: 7, assignee: "budi")])
    }

    @Test func theStoreNamesOwnersAfterAClaim() throws {
        let c = try HeadlessConsole(login: "budi")
        let unassigned = try #require(try c.store.queuePage(QueueSpec(view: .unassigned, actor: c.state.actor), limit: 1).first)
        #expect(try c.store.ticketOwners(numbers: [unassigned.number, 424_242]) == [TicketOwner(number: unassigned.number, assignee: nil)])
        _ = try c.store.claim(ticket: unassigned.number, by: c.state.actor)
        #expect(try c.store.ticketOwners(numbers: [unassigned.number]) == [TicketOwner(number: unassigned.number, assignee: "budi")])
    }
}
