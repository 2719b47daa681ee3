import Foundation
import SupportCore
import SupportStore
import Testing
import TermUI
@testable import AgentConsole

/// A ticket longer than its pane opens at the newest entry and can be read back to its
/// first line with k, Up, PgUp and g, at both ends of the supported sizes.
@Suite struct TimelineScrollTests {
    /// Opens an unassigned ticket after writing `notes` long notes on it, so the timeline
    /// is many screens tall.
    func openLongTicket(width: Int, height: Int, notes: Int = 30) throws -> (HeadlessConsole, first: String, last: String) {
        let c = try HeadlessConsole(width: width, height: height, login: "budi")
        c.controller.update(.setView(.unassigned))
        let row = try #require(c.state.queue.window.selectedRow)
        let budi = c.state.actor
        try c.store.claim(ticket: row.number, by: budi)
        for i in 1...notes {
            try c.store.note(ticket: row.number, body: "note \(i): line one of a long internal note\nline two\nline three", by: budi)
        }
        c.controller.update(.setView(.mine))
        c.controller.perform { try c.controller.openTicket(number: row.number) }
        c.controller.state.focus = .queue
        let first = try #require(c.store.timeline(ticketNumber: row.number).first)
        let heading = first.kind == .customerMessage ? "◀ customer · \(TimeText.clock(first.at))" : "\(first.author)"
        return (c, heading, "note \(notes): line one")
    }

    func showsFirstLine(_ c: HeadlessConsole, _ first: String) -> Bool { c.lines.contains { $0.contains(first) } }
    func showsLastLine(_ c: HeadlessConsole, _ last: String) -> Bool { c.lines.contains { $0.contains(last) } }

    @Test(arguments: [(80, 24), (200, 60)])
    func kAndUpReachTheFirstLine(size: (Int, Int)) throws {
        let (c, first, last) = try openLongTicket(width: size.0, height: size.1)
        c.press(.char("1"))   // at 80 columns the ticket is a tab: bring it to the front
        #expect(showsLastLine(c, last), "a ticket opens at its newest entry")
        #expect(!showsFirstLine(c, first), "the ticket must be longer than the pane for this test")
        var presses = 0
        while !showsFirstLine(c, first) && presses < 1000 {
            c.press(presses.isMultiple(of: 2) ? .char("k") : .up)
            presses += 1
        }
        #expect(showsFirstLine(c, first), "k and Up never reached the first line")
        #expect(c.state.ticket?.scroll == 0)
        // One more k at the top stays there instead of going negative.
        c.press(.char("k"))
        #expect(c.state.ticket?.scroll == 0)
        // j moves back down by one line.
        c.press(.char("j"))
        #expect(c.state.ticket?.scroll == 1)
    }

    @Test(arguments: [(80, 24), (200, 60)])
    func pageUpHomeAndEnd(size: (Int, Int)) throws {
        let (c, first, last) = try openLongTicket(width: size.0, height: size.1)
        c.press(.char("1"))
        var presses = 0
        while !showsFirstLine(c, first) && presses < 100 {
            c.press(.pageUp)
            presses += 1
        }
        #expect(showsFirstLine(c, first), "PgUp never reached the first line")
        #expect(presses > 1, "a long ticket takes more than one page")
        c.press(.char("G"))
        #expect(showsLastLine(c, last))
        c.press(.home)
        #expect(showsFirstLine(c, first))
        c.press(.end)
        #expect(showsLastLine(c, last))
    }

    @Test func newestEntryStaysInViewWhenTheComposerOpensAndOnResize() throws {
        let (c, _, last) = try openLongTicket(width: 120, height: 40)
        c.press(.char("n"))
        #expect(showsLastLine(c, last), "the composer must not hide the entry being answered")
        c.press(.escape)
        c.resize(80, 24)
        c.press(.char("1"))
        #expect(showsLastLine(c, last))
        // Scrolled up on purpose: a resize keeps the agent's line.
        c.press(.char("g"))
        c.resize(200, 60)
        #expect(c.state.ticket?.scroll == 0)
    }
}
