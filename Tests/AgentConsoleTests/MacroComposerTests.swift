import Foundation
import SupportCore
import SupportStore
import Testing
import TermUI
@testable import AgentConsole

/// Enter in the macro picker fills the composer; nothing reaches the customer or the
/// ticket until C-s, which sends the (edited) reply and applies the pending changes.
@Suite struct MacroComposerTests {
    /// Budi's own open ticket, opened in the console.
    func openOwnTicket(width: Int = 120, height: Int = 40) throws -> (HeadlessConsole, Int64) {
        let c = try HeadlessConsole(width: width, height: height, login: "budi")
        c.controller.update(.setView(.unassigned))
        let row = try #require(c.state.queue.window.selectedRow)
        c.press(.enter)
        c.press(.char("c"))
        return (c, row.number)
    }

    @Test(arguments: [(80, 24), (200, 60)])
    func enterFillsTheComposerAndSendsNothing(size: (Int, Int)) throws {
        let (c, number) = try openOwnTicket(width: size.0, height: size.1)
        let before = try c.store.ticket(number: number)
        let eventsBefore = try c.store.timeline(ticketNumber: number).count
        c.press(.char("m"))
        c.type("quick checks")
        c.press(.enter)
        guard case .composer(let composer) = c.state.mode else { Issue.record("expected the composer"); return }
        #expect(composer.kind == .reply)
        #expect(composer.macro?.key == "failed-payment-checklist")
        #expect(composer.area.text == MacroPickerOverlay.preview(composer.macro!, state: c.state))
        // Nothing sent, nothing changed.
        #expect(try c.store.timeline(ticketNumber: number).count == eventsBefore)
        let unchanged = try c.store.ticket(number: number)
        #expect(unchanged.status == before.status && unchanged.tags == before.tags && unchanged.version == before.version)
        // The pending changes are on screen as chips.
        #expect(c.lines.contains { $0.contains("pending: [status → pending] [+failed-payment]") })
        // Edit, then send: the edited text goes out and the changes land with it.
        c.press(.enter)
        c.type("PS: EDITED")
        c.press(.ctrl("s"))
        guard case .normal = c.state.mode else { Issue.record("C-s should close the composer"); return }
        let after = try c.store.ticket(number: number)
        #expect(after.status == .pending)
        #expect(after.tags.contains("failed-payment"))
        let reply = try #require(c.store.timeline(ticketNumber: number).last { $0.kind == .reply })
        #expect(reply.body == composer.area.text + "\nPS: EDITED")
    }

    @Test func escThrowsTheMacroAwayWithItsChanges() throws {
        let (c, number) = try openOwnTicket()
        let before = try c.store.ticket(number: number)
        c.press(.char(":"))
        c.type("macro solved-confirmation")
        c.press(.enter)
        guard case .composer(let composer) = c.state.mode else { Issue.record("`:macro KEY` should fill the composer"); return }
        #expect(composer.macro?.key == "solved-confirmation")
        c.press(.escape)
        c.press(.char("y"))
        guard case .normal = c.state.mode else { Issue.record("expected the composer closed"); return }
        let after = try c.store.ticket(number: number)
        #expect(after.status == before.status && after.version == before.version)
        #expect(!(try c.store.timeline(ticketNumber: number)).contains { $0.kind == .reply })
    }

    @Test func pickerListsTheTicketsKindFirst() throws {
        let (c, _) = try openOwnTicket()
        let ticket = try #require(c.state.ticket?.ticket)
        let list = c.controller.filteredMacros(MacroPickerState())
        let fits = list.map { $0.relevance(category: ticket.category, subcategory: ticket.subcategory) }
        #expect(fits == fits.sorted(by: >), "macros must be ranked by how well they fit \(ticket.category)/\(ticket.subcategory)")
        c.press(.char("m"))
        if fits.first ?? 0 >= 2 { #expect(c.text.contains("● " + list[0].title)) }
    }
}

@Suite struct MacroDraftTests {
    @Test func aDraftIsKeptAboveTheMacro() throws {
        let c = try HeadlessConsole(login: "budi")
        c.controller.update(.setView(.unassigned))
        let number = try #require(c.state.queue.window.selectedRow?.number)
        // A reply the agent started in an earlier session, kept as a draft: it comes with the pane.
        try c.store.saveDraft(ticketNumber: number, agent: c.state.actor, kind: "reply", body: "Terima kasih sudah menunggu.")
        c.press(.enter, .char("c"))
        #expect(c.state.ticket?.ticket.number == number)
        c.press(.char("m"))
        c.press(.enter)
        guard case .composer(let composer) = c.state.mode else { Issue.record("expected the composer"); return }
        #expect(composer.area.text.hasPrefix("Terima kasih sudah menunggu.\n\n"))
        #expect(composer.area.text.count > "Terima kasih sudah menunggu.\n\n".count)
        #expect(c.state.status?.text.hasPrefix("Macro added below your draft") == true)
    }
}
