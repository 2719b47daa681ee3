import Foundation
import SupportCore
import SupportStore
import Testing
import TermUI
@testable import AgentConsole

/// The complaint record where it does not fit beside the timeline: a fifth tab (`5`, or a
/// click on it) shows it in the ticket's place; `5` again, `1` or `Esc` returns.
@Suite struct ComplaintTabTests {
    /// A complaint ticket with a record, opened in the console.
    func openComplaint(_ c: HeadlessConsole) throws -> Int64 {
        let row = try #require(try ComplaintConsoleTests.unrecordedComplaint(c.store))
        try c.store.openComplaint(ticket: row.number, statement: "Cashback 11.11 tidak masuk",
                                  expectedOutcome: "Cashback dikreditkan", by: c.state.actor)
        c.controller.update(.openNumber(row.number))
        c.controller.state.status = nil
        return row.number
    }

    @Test func atEightyColumnsTheRecordHasATab() throws {
        let c = try HeadlessConsole(width: 80, height: 24, login: "sari")
        _ = try openComplaint(c)
        #expect(c.lines == ComplaintTabScreens.narrowTimeline)
        c.press(.char("5"))
        #expect(c.state.showingComplaint)
        #expect(c.lines == ComplaintTabScreens.narrowRecord)
        c.press(.char("5"))
        #expect(!c.state.showingComplaint)
        c.press(.char("5"), .escape)
        #expect(!c.state.showingComplaint && c.state.ticket != nil, "Esc goes back to the timeline first")
        c.press(.char("5"), .char("1"))
        #expect(!c.state.showingComplaint)
    }

    @Test func atTwoHundredColumnsTheRecordIsBeside() throws {
        let c = try HeadlessConsole(width: 200, height: 60, login: "sari")
        _ = try openComplaint(c)
        #expect(c.lines == ComplaintTabScreens.wide)
        c.press(.char("5"))
        #expect(!c.state.showingComplaint)
        #expect(c.state.status?.text == "The complaint record is beside the timeline.")
    }

    /// Between 100 and 180 columns there is no tab bar, and `5` still shows the record.
    @Test func atOneHundredTwentyColumnsFiveShowsTheRecord() throws {
        let c = try HeadlessConsole(width: 120, height: 40, login: "sari")
        let number = try openComplaint(c)
        #expect(c.state.complaintTab)
        c.press(.char("5"))
        #expect(c.lines[1].hasPrefix("┌ Complaint #\(number) "))
        #expect(c.lines[2].contains("Level    agent"))
        c.press(.char("5"))
        #expect(c.lines[1].hasPrefix("┏ 1 #\(number) "))
    }

    /// The tab is clicked where it is drawn, in the agent's language.
    @Test func clickingTheTabShowsTheRecord() throws {
        let c = try HeadlessConsole(width: 80, height: 24, login: "sari")
        c.controller.state.agentLanguage = .id
        _ = try openComplaint(c)
        let x = try #require(c.lines[1].range(of: "5 Keluhan")).lowerBound.utf16Offset(in: c.lines[1])
        c.controller.handle(.mouse(MouseEvent(x: x, y: 1, button: .left)))
        #expect(c.state.showingComplaint)
        c.controller.handle(.mouse(MouseEvent(x: 3, y: 1, button: .left)))
        #expect(!c.state.showingComplaint)
    }

    /// Not a complaint: `5` says so and changes nothing.
    @Test func fiveOnAnotherTicketSaysThereIsNoComplaint() throws {
        let c = try HeadlessConsole(width: 80, height: 24, login: "sari")
        let row = try #require(c.state.queue.window.rows.first { $0.category != .complaint })
        c.controller.update(.openNumber(row.number))
        c.press(.char("5"))
        #expect(c.state.status?.text == "No complaint ticket is open.")
        #expect(c.state.focus == .queue && !c.state.showingComplaint)
    }
}
