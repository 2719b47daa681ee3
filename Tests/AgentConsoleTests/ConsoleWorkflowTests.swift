import Foundation
import SupportCore
import SupportStore
import Testing
import TermUI
@testable import AgentConsole

@Suite struct ConsoleWorkflowTests {
    /// Opens the first unassigned ticket as `login`.
    func openUnassigned(_ c: HeadlessConsole) throws -> Int64 {
        c.controller.update(.setView(.unassigned))
        let row = try #require(c.state.queue.window.selectedRow)
        c.press(.enter)
        #expect(c.state.ticket?.ticket.number == row.number)
        return row.number
    }

    @Test func badFilterPointsAtTheTermAndRunsNothing() throws {
        let c = try HeadlessConsole()
        let before = c.state.queue.window.total
        c.press(.char("/"))
        c.type("status:open prio:urgent")
        guard case .filter(let prompt) = c.state.mode, let error = prompt.errors.first else {
            Issue.record("expected a parse error while typing"); return
        }
        #expect(error.position == 17)   // the bad value, after "prio:"
        #expect(c.lines.last!.contains("urgent"))
        c.press(.enter)
        #expect(c.state.queue.window.total == before)
        guard case .filter = c.state.mode else { Issue.record("a bad filter must keep the prompt open"); return }
        // Fix it and apply.
        for _ in 0..<6 { c.press(.backspace) }
        c.type("p1")
        c.press(.enter)
        #expect(c.state.queue.filterText == "status:open prio:p1")
        let expected = try c.store.queueCount(QueueSpec(view: .team, query: try QueryParser.parse("status:open prio:p1", schema: .tickets, now: HeadlessConsole.now),
                                                        actor: c.state.actor))
        #expect(c.state.queue.window.total == expected)
        #expect(c.text.contains("/status:open prio:p1"))
    }

    @Test func tabCompletesFieldNames() throws {
        let c = try HeadlessConsole()
        c.press(.char("/"))
        c.type("stat")
        c.press(.tab)
        guard case .filter(let prompt) = c.state.mode else { Issue.record("filter closed"); return }
        #expect(prompt.field.text == "status:")
    }

    @Test func claimNoteReplyAndStatusLandInTheDatabase() throws {
        let c = try HeadlessConsole(login: "budi")
        let number = try openUnassigned(c)
        c.press(.char("c"))
        #expect(try c.store.ticket(number: number).assigneeId == c.state.actor.id)
        #expect(c.state.status?.text == "Claimed #\(number).")
        // A note through the composer.
        c.press(.char("n"))
        c.type("checked settlement log")
        c.press(.ctrl("s"))
        // A reply with CJK text.
        c.press(.char("r"))
        c.type("您好，已经处理。")
        c.press(.ctrl("s"))
        let events = try c.store.timeline(ticketNumber: number)
        #expect(events.contains { $0.kind == .note && $0.body == "checked settlement log" && $0.author == "budi" })
        #expect(events.contains { $0.kind == .reply && $0.body == "您好，已经处理。" })
        // Status from the palette.
        c.press(.char(":"))
        c.type("status pending")
        c.press(.enter)
        #expect(try c.store.ticket(number: number).status == .pending)
        #expect(try c.store.draft(ticketNumber: number, agent: c.state.actor) == nil)
    }

    @Test func replyIsStoppedWhenSomeoneWroteSinceOpening() throws {
        let c = try HeadlessConsole(login: "budi")
        let number = try openUnassigned(c)
        c.press(.char("c"))
        c.press(.char("r"))
        c.type("We refunded you")
        // Another agent writes while budi is typing.
        try c.store.note(ticket: number, body: "DO NOT refund, fraud suspected", by: try c.store.agent(login: "sari")!)
        c.press(.ctrl("s"))
        #expect(c.state.status?.kind == .error)
        #expect(c.state.status?.text.contains("sari added a note") == true)
        #expect(!(try c.store.timeline(ticketNumber: number)).contains { $0.kind == .reply && $0.body == "We refunded you" })
        // The text is kept, the new note is now on screen, and sending again goes through.
        guard case .composer(let composer) = c.state.mode else { Issue.record("composer closed"); return }
        #expect(composer.area.text == "We refunded you")
        #expect(c.text.contains("DO NOT refund"))
        c.press(.ctrl("s"))
        #expect(try c.store.timeline(ticketNumber: number).contains { $0.kind == .reply && $0.body == "We refunded you" })
    }

    @Test func draftsSurviveAndEscapeAsksBeforeDiscarding() throws {
        let first = try HeadlessConsole(login: "budi")
        let number = try openUnassigned(first)
        first.press(.char("c"), .char("r"))
        first.type("half-written reply")
        // As if the console crashed: a new console on the same file finds the draft.
        let second = try HeadlessConsole(login: "budi", path: first.store.path)
        second.controller.update(.setView(.mine))
        second.perform { try second.controller.openTicket(number: number) }
        second.press(.char("r"))
        guard case .composer(let composer) = second.state.mode else { Issue.record("no composer"); return }
        #expect(composer.area.text == "half-written reply")
        second.press(.escape)
        guard case .composer(let asking) = second.state.mode, asking.confirmingDiscard else { Issue.record("Esc must ask first"); return }
        second.press(.char("y"))
        #expect(try second.store.draft(ticketNumber: number, agent: second.state.actor) == nil)
    }

    @Test func claimRefusalIsShownNotThrown() throws {
        let c = try HeadlessConsole(login: "budi")
        let number = try openUnassigned(c)
        try c.store.claim(ticket: number, by: try c.store.agent(login: "dewi")!)
        c.press(.char("c"))
        #expect(c.state.status?.kind == .error)
        #expect(c.state.status?.text.contains("dewi") == true)
    }

    @Test func macroPickerPreviewsAndApplies() throws {
        let c = try HeadlessConsole(login: "budi")
        let number = try openUnassigned(c)
        c.press(.char("c"), .char("m"))
        guard case .macroPicker = c.state.mode else { Issue.record("picker not open"); return }
        let first = try #require(c.controller.filteredMacros(MacroPickerState()).first)
        #expect(c.text.contains("Macro · "))
        c.press(.enter)
        // Enter only fills the composer; C-s sends.
        #expect(try c.store.timeline(ticketNumber: number).filter { $0.kind == .reply }.isEmpty)
        c.press(.ctrl("s"))
        let replies = try c.store.timeline(ticketNumber: number).filter { $0.kind == .reply }
        #expect(!replies.isEmpty)
        #expect(!replies.last!.body.contains("{customer.name}"))
        #expect(try c.store.timeline(ticketNumber: number).contains { $0.kind == .macro && $0.body.contains(first.key) })
    }

    @Test func playbookTicksAndSkipsAreRecorded() throws {
        let c = try HeadlessConsole(login: "sari")
        c.controller.update(.applyFilter(.queue, "sub:failed_payment status:open,new"))
        let row = try #require(c.state.queue.window.selectedRow)
        c.press(.enter, .char("p"))
        guard case .playbook(let view) = c.state.mode else { Issue.record("playbook not open"); return }
        c.press(.enter)
        c.press(.char("s"))
        c.type("customer already did it")
        c.press(.enter)
        let progress = try c.store.playbookProgress(ticket: row.number, playbook: view.playbook.key)
        #expect(progress.map(\.outcome).sorted() == ["done", "skipped"])
        #expect(progress.first { $0.outcome == "skipped" }?.note == "customer already did it")
    }

    @Test func revealNeedsAReasonAndIsAudited() throws {
        let c = try HeadlessConsole(login: "budi")
        let customer = try #require(c.state.account.customer)
        let real = try c.store.customer(id: customer.id)
        c.press(.char("2"), .char("R"))
        // A reveal starts on Cancel; Confirm (S-Tab) without a reason is refused.
        c.press(.backTab, .enter)
        guard case .dialog(let d) = c.state.mode else { Issue.record("dialog closed without a reason"); return }
        #expect(d.error == "A reason is required.")
        c.type("caller verified by KTP")
        c.press(.enter)
        #expect(c.text.contains(real.phone))
        let audit = try c.store.auditRecords(entity: "customer", entityId: String(customer.id))
        #expect(audit.first?.action == "customer.reveal")
        #expect(audit.first?.reason == "caller verified by KTP")
    }

    @Test func otherConsolesChangesShowAfterAPoll() throws {
        let c = try HeadlessConsole(login: "sari")
        let row = try #require(c.state.queue.window.selectedRow)
        // Another process (here: another store on the same file) claims it.
        let other = try SupportStore(path: c.store.path, clock: { HeadlessConsole.now })
        if row.assignee == nil {
            try other.claim(ticket: row.number, by: try other.agent(login: "dewi")!)
        } else {
            try other.setPriority(ticket: row.number, to: row.priority == .p1 ? .p2 : .p1, by: try other.agent(login: "sari")!)
        }
        // One turn of the loop polls PRAGMA data_version and re-reads the visible rows.
        c.loop.step(timeoutMilliseconds: 0)
        let updated = try #require(c.state.queue.window.rows.first { $0.number == row.number })
        #expect(updated.version == row.version + 1)
    }
}

extension HeadlessConsole {
    func perform(_ body: () throws -> Void) { controller.perform(body) }
}

@Suite struct ThemeSwitchTests {
    @Test func paletteSwitchesThemesAndRefusesUnknownOnes() throws {
        let c = try HeadlessConsole()
        c.press(.char(":"))
        c.type("theme light")
        c.press(.enter)
        #expect(c.state.theme.name == "light")
        #expect(c.state.status?.text == "Theme light.")
        c.press(.char(":"))
        c.type("theme lihgt")
        c.press(.enter)
        #expect(c.state.theme.name == "light")
        #expect(c.state.status?.kind == .error)
    }
}
