import Foundation
import SupportAPI
import SupportCore
import SupportStore
import Testing
import TermUI
@testable import AgentConsole

/// Another agent opening a ticket is a change of presence only: what the service publishes
/// for it (`SetPresenceRequest.changes`) costs a console the open ticket's presence line
/// at most, never a ticket, queue or side-pane read.
@Suite struct PresenceChangeTests {
    /// Sari's console with the first queue row's ticket open; the requests sent so far taken.
    private static func sariWithTicketOpen() throws -> (SupportStore, CountingClient, EventLoop, Int64) {
        let (store, client, loop) = try CountingClient.sarisConsole()
        let number = try #require(loop.controller.state.queue.window.selectedRow?.number)
        loop.controller.handle(.key(.enter))
        #expect(loop.controller.state.ticket?.ticket.number == number)
        _ = client.take()
        return (store, client, loop, number)
    }

    /// What the service publishes when `login` opens `number`.
    private static func arrival(of login: String, at number: Int64?, _ store: SupportStore) throws -> ChangeSet {
        let agent = try #require(try store.agent(login: login))
        store.setPresence(agent: agent, ticketNumber: number, state: .viewing)
        return SetPresenceRequest(ticketNumber: number, state: .viewing).changes(true, by: agent)
    }

    /// Sari's own presence coming back (this console's, or another of hers): her line never
    /// shows her, so there is nothing to read; with someone else's in the same turn, there is.
    @Test func onesOwnPresenceComingBackAsksNothing() throws {
        let (store, client, loop, number) = try Self.sariWithTicketOpen()
        let own = try Self.arrival(of: "sari", at: number, store)
        #expect(own.presenceBy == ["sari"])
        #expect(loop.controller.refresh(own) == .nothing)
        #expect(client.take() == [], "no read for one's own presence")
        let left = try Self.arrival(of: "sari", at: nil, store)
        #expect(loop.controller.refresh(left) == .nothing)
        #expect(client.take() == [])
        var both = try Self.arrival(of: "sari", at: number, store)
        both.formUnion(try Self.arrival(of: "dewi", at: number, store))
        #expect(both.presenceBy == ["dewi", "sari"])
        loop.controller.refresh(both)
        #expect(client.take() == ["presence"])
        #expect(loop.controller.state.ticket?.presence.map(\.login) == ["dewi"])
        // Unsigned (an older service): looked at, as before.
        var unsigned = try Self.arrival(of: "sari", at: number, store)
        unsigned.presenceBy = nil
        loop.controller.refresh(unsigned)
        #expect(client.take() == ["presence"])
    }

    @Test func anotherAgentOpeningTheOpenTicketRereadsItsPresenceLineOnly() throws {
        let (store, client, loop, number) = try Self.sariWithTicketOpen()
        let change = try Self.arrival(of: "dewi", at: number, store)
        #expect(change.tickets.isEmpty && change.customers.isEmpty, "presence names no changed data: \(change)")
        let outcome = loop.controller.refresh(change)
        #expect(client.take() == ["presence"])
        #expect(outcome == .screen)
        #expect(loop.controller.state.ticket?.presence.map(\.login) == ["dewi"])
    }

    @Test func anotherAgentOpeningAnotherTicketCostsNothing() throws {
        let (store, client, loop, number) = try Self.sariWithTicketOpen()
        let change = try Self.arrival(of: "dewi", at: number + 1, store)
        let queue = loop.controller.state.queue.window.rows.map(\.number)
        let outcome = loop.controller.refresh(change)
        #expect(client.take() == [], "no read at all")
        #expect(outcome == .nothing, "and no frame")
        #expect(loop.controller.state.queue.window.rows.map(\.number) == queue)
    }

    /// Dewi, shown on the open ticket, opens another: the change names only the other one,
    /// yet the line must lose her.
    @Test func someoneShownLeavingForAnotherTicketLeavesTheLine() throws {
        let (store, client, loop, number) = try Self.sariWithTicketOpen()
        loop.controller.refresh(try Self.arrival(of: "dewi", at: number, store))
        #expect(loop.controller.state.ticket?.presence.map(\.login) == ["dewi"])
        _ = client.take()
        loop.controller.refresh(try Self.arrival(of: "dewi", at: number + 1, store))
        #expect(client.take() == ["presence"])
        #expect(loop.controller.state.ticket?.presence.isEmpty == true, "dewi left for another ticket")
    }

    /// Leaving a ticket names none: every console with a ticket open looks.
    @Test func aDepartureNamingNoTicketIsLookedAt() throws {
        let (store, client, loop, number) = try Self.sariWithTicketOpen()
        loop.controller.refresh(try Self.arrival(of: "dewi", at: number, store))
        _ = client.take()
        let change = try Self.arrival(of: "dewi", at: nil, store)
        #expect(change.presence && change.presenceTickets == nil)
        loop.controller.refresh(change)
        #expect(client.take() == ["presence"])
        #expect(loop.controller.state.ticket?.presence.isEmpty == true)
    }

    @Test func theSupervisorScreenRecountsForItsViewingColumn() throws {
        let (store, _, loop, number) = try Self.sariWithTicketOpen()
        loop.controller.handle(.key(.char("S")))
        #expect(loop.controller.waitForSupervisorFigures(timeout: 60))
        #expect(!loop.controller.state.supervisor.counting)
        loop.controller.refresh(try Self.arrival(of: "dewi", at: number + 1, store))
        #expect(loop.controller.state.supervisor.counting, "presence moved the viewing column: the figures are asked again")
    }

    /// Merged changes (the feed coalesces what arrived between two turns): a presence
    /// change that names no ticket makes the merge name none.
    @Test func mergedPresenceChangesNameTheirTicketsOrNone() {
        var a = ChangeSet(presence: true, presenceTickets: [7])
        a.formUnion(ChangeSet(presence: true, presenceTickets: [3]))
        #expect(a.presenceTickets == [3, 7])
        a.formUnion(ChangeSet(tickets: [9]))
        #expect(a.presenceTickets == [3, 7], "a data change leaves the named tickets")
        a.formUnion(ChangeSet(presence: true))
        #expect(a.presence && a.presenceTickets == nil)
        var b = ChangeSet(tickets: [1])
        b.formUnion(ChangeSet(presence: true, presenceTickets: [5]))
        #expect(b.presenceTickets == [5])
        #expect(ChangeSet(presenceTickets: [5]).presenceTickets == nil, "no presence, no named tickets")
    }
}
