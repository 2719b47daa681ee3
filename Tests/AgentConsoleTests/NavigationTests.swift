import Foundation
import SupportCore
import SupportStore
import Testing
import TermUI
@testable import AgentConsole

/// Getting to a ticket or a view directly: `:open N`, `#`, and `v` through every view.
@Suite struct NavigationTests {
    @Test func openByNumberFromThePaletteAndFromHash() throws {
        let c = try HeadlessConsole(login: "budi")
        c.controller.update(.setView(.unassigned))
        c.press(.char("j"), .char("j"))
        let target = try #require(c.state.queue.window.selectedRow)
        c.press(.char("g"))
        c.press(.char(":"))
        c.type("open \(target.number)")
        c.press(.enter)
        #expect(c.state.ticket?.ticket.number == target.number)
        #expect(c.state.account.customer?.id == target.customerId)
        c.press(.escape)
        #expect(c.state.queue.window.selectedRow?.number == target.number, "Esc lands on the ticket that was opened")
        c.press(.char("#"))
        guard case .palette(let prompt) = c.state.mode else { Issue.record("# should open the palette"); return }
        #expect(prompt.field.text == "open ")
        c.type("#99999")
        c.press(.enter)
        #expect(c.state.ticket?.ticket.number == target.number || c.state.ticket == nil)
        #expect(c.state.status?.kind == .error)
    }

    @Test func vReachesEveryViewTheRoleHas() throws {
        let c = try HeadlessConsole(login: "budi")
        var seen: Set<QueueView> = [c.state.queue.view]
        for _ in 0..<10 { c.press(.char("v")); seen.insert(c.state.queue.view) }
        #expect(seen == [.mine, .unassigned, .breaching, .pending, .untriaged, .all])
        let s = try HeadlessConsole(login: "sari")
        var all: Set<QueueView> = [s.state.queue.view]
        for _ in 0..<10 { s.press(.char("v")); all.insert(s.state.queue.view) }
        #expect(all == Set(QueueView.allCases))
    }
}
