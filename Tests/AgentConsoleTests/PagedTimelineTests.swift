import Foundation
import SupportAPI
import SupportCore
import SupportStore
import Testing
import TermUI
@testable import AgentConsole

/// A ticket opens with its newest entries only (`ConsoleController.timelinePage`); the
/// older ones come a page at a time as the agent scrolls up past the first held, and the
/// lines on screen stay put. The parts the service hands out are exactly the slices of the
/// whole timeline they name, and a re-read after a change keeps every entry held.
@Suite struct PagedTimelineTests {
    /// A claimed ticket with `notes` more entries than the demo gave it.
    static func longTicket(notes: Int) throws -> (HeadlessConsole, number: Int64) {
        let c = try HeadlessConsole(width: 120, height: 40, login: "budi")
        c.controller.update(.setView(.unassigned))
        let row = try #require(c.state.queue.window.selectedRow)
        let budi = c.state.actor
        try c.store.claim(ticket: row.number, by: budi)
        for i in 1...notes { try c.store.note(ticket: row.number, body: "note \(i)", by: budi) }
        c.controller.update(.setView(.mine))
        return (c, row.number)
    }

    @Test func thePartsAreTheSlicesOfTheWholeTheyName() throws {
        let (c, number) = try Self.longTicket(notes: 450)
        let client = EmbeddedClient(store: c.store, actingAs: "budi")
        let whole = try client.timeline(ticketNumber: number)
        #expect(whole.count > 450)
        let page = ConsoleController.timelinePage
        let newest = try client.ticketView(number: number, recent: page)
        #expect(newest.events == Array(whole.suffix(page)))
        #expect(newest.hasEarlier == true)
        let all = try client.ticketView(number: number, recent: whole.count)
        #expect(all.events == whole && all.hasEarlier == false)
        #expect(try client.ticketView(number: number).hasEarlier == nil, "asked for all, the view says nothing of earlier entries")
        // Paging back from the newest reaches the first entry, each page the slice before.
        var held = newest.events
        var more = true
        while more {
            let earlier = try client.earlierTimeline(ticketNumber: number, before: try #require(held.first).id, limit: page)
            #expect(!earlier.events.isEmpty)
            held = earlier.events + held
            more = earlier.hasEarlier
        }
        #expect(held == whole)
        // From an entry on: all since, and whether any came before.
        var random = SystemRandomNumberGenerator()
        for _ in 0..<20 {
            let cut = Int.random(in: 0..<whole.count, using: &random)
            let from = try client.ticketView(number: number, from: whole[cut].id)
            #expect(from.events == Array(whole[cut...]) && from.hasEarlier == (cut > 0), "from entry \(cut)")
            let limit = Int.random(in: 1...300, using: &random)
            let before = try client.send(TimelineRequest(ticketNumber: number, before: whole[cut].id, limit: limit))
            #expect(before == Array(whole[..<cut].suffix(limit)), "\(limit) before entry \(cut)")
        }
    }

    @Test func scrollingUpPastTheFirstHeldReadsThePageBeforeAndKeepsTheLines() throws {
        let (c, number) = try Self.longTicket(notes: 650)
        c.controller.perform { try c.controller.openTicket(number: number) }
        c.controller.state.focus = .queue
        let page = ConsoleController.timelinePage
        #expect(c.state.ticket?.events.count == page)
        #expect(c.state.ticket?.hasEarlier == true)
        let layout = try #require(TimelineLayout.current(c.state))
        #expect(layout.lines.first?.0 == c.state.t(.ticketEarlierEntries))
        // Home: the top of the held entries, with the line that says there is more; Home
        // again there reads the page before.
        c.press(.home)
        #expect(c.state.ticket?.scroll == 0)
        #expect(c.state.ticket?.events.count == page, "Home went to the top of what is held, reading nothing")
        c.press(.home)
        #expect(c.state.ticket?.scroll == 0)
        #expect(c.state.ticket?.events.count == 2 * page, "Home at the top read the page before")
        #expect(c.lines.contains { $0.contains(c.state.t(.ticketEarlierEntries)) })
        // k at the top: the page before comes, and every line moves down one row, as k does.
        let held = try #require(TimelineLayout.current(c.state))
        let shown = Array(held.lines.prefix(held.timelineHeight).map(\.0))
        c.press(.char("k"))
        #expect(c.state.ticket?.events.count == 3 * page)
        let after = try #require(TimelineLayout.current(c.state))
        let top = try #require(c.state.ticket?.scroll)
        let now = Array(after.lines.dropFirst(top).prefix(after.timelineHeight).map(\.0))
        // (The line saying there is more stays at the top of what is held, not on screen.)
        #expect(Array(now.dropFirst(2)) == Array(shown.dropFirst().dropLast()), "the lines on screen moved down one row")
        // The rest, then nothing more to read: the notice is gone and k stops at the top.
        while c.state.ticket?.hasEarlier == true { c.press(.pageUp) }
        let whole = try c.store.timeline(ticketNumber: number)
        #expect(c.state.ticket?.events == whole)
        #expect(TimelineLayout.current(c.state)?.lines.first?.0 != c.state.t(.ticketEarlierEntries))
        c.press(.home)
        c.press(.char("k"))
        #expect(c.state.ticket?.scroll == 0)
        #expect(c.state.ticket?.events == whole)
    }

    /// A change to the open ticket re-reads it from the first entry held: the new entry
    /// comes, nothing held is lost, and the agent's line stays.
    @Test func aReReadAfterAChangeKeepsEveryEntryHeld() throws {
        let (c, number) = try Self.longTicket(notes: 450)
        c.controller.perform { try c.controller.openTicket(number: number) }
        c.controller.state.focus = .queue
        c.press(.home, .home)
        let held = try #require(c.state.ticket?.events)
        #expect(held.count == 2 * ConsoleController.timelinePage)
        c.press(.char("j"), .char("j"))
        let scroll = try #require(c.state.ticket?.scroll)
        try c.store.note(ticket: number, body: "a colleague's note", by: try #require(try c.store.agent(login: "dewi")))
        c.controller.refresh(ChangeSet(tickets: [number]))
        let events = try #require(c.state.ticket?.events)
        #expect(Array(events.dropLast()) == held)
        #expect(events.last?.body == "a colleague's note")
        #expect(c.state.ticket?.hasEarlier == true)
        #expect(c.state.ticket?.scroll == scroll)
    }
}
