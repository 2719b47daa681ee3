import Foundation
import GRDB
import SupportCore
@testable import SupportStore
import Testing
import TermUI
@testable import AgentConsole

/// Playbooks record outcomes, not ticks (the stolen-account playbook on a real demo).
@Suite struct PlaybookOutcomeTests {
    /// An open stolen-account ticket whose customer is active, claimed by budi and open
    /// in budi's console with its playbook showing.
    func stolenAccountTicket(_ c: HeadlessConsole) throws -> (number: Int64, customerId: Int64) {
        let (number, customerId) = try c.store.read { db -> (Int64, Int64) in
            let row = try #require(try Row.fetchOne(db, sql: """
                SELECT t.number, t.customer_id FROM tickets t JOIN customers c ON c.id = t.customer_id
                WHERE t.category = 'security' AND t.subcategory = 'stolen_account' AND t.status IN ('new', 'open')
                  AND c.status = 'active' AND c.two_factor = 0 ORDER BY t.number LIMIT 1
                """))
            return (row["number"], row["customer_id"])
        }
        let budi = try #require(try c.store.agent(login: "budi"))
        let ticket = try c.store.ticket(number: number)
        if ticket.assigneeId != budi.id {
            if ticket.assigneeId == nil { _ = try c.store.claim(ticket: number, by: budi) } else {
                _ = try c.store.give(ticket: number, to: "budi", by: try #require(try c.store.agent(login: "sari")))
            }
        }
        c.controller.update(.openNumber(number))
        c.press(.char("p"))
        return (number, customerId)
    }

    func select(_ c: HeadlessConsole, step: String) throws {
        guard case .playbook(var view) = c.state.mode else { Issue.record("no playbook"); return }
        view.selected = try #require(view.playbook.steps.firstIndex { $0.key == step })
        c.controller.state.mode = .playbook(view)
    }

    func progress(_ c: HeadlessConsole, _ number: Int64) throws -> [String: PlaybookStepRecord] {
        Dictionary(try c.store.playbookProgress(ticket: number, playbook: "stolen-account").map { ($0.step, $0) },
                   uniquingKeysWith: { a, _ in a })
    }

    /// "Review and flag each" is not done by Enter with nothing flagged: it asks why none
    /// is suspicious (Esc goes back to the checklist); the store refuses it too.
    @Test func reviewNeedsFlagsOrAReasonAndEscReturnsToTheChecklist() throws {
        let c = try HeadlessConsole(login: "budi")
        let (number, customerId) = try stolenAccountTicket(c)
        try c.store.write { db in try db.execute(sql: "UPDATE transactions SET flagged = 0 WHERE customer_id = ?", arguments: [customerId]) }
        let budi = try #require(try c.store.agent(login: "budi"))
        #expect(throws: StoreError.self) {
            try c.store.recordPlaybookStep(ticket: number, playbook: "stolen-account", step: "review-activity", by: budi)
        }
        try select(c, step: "review-activity")
        c.press(.enter)
        guard case .dialog(let dialog) = c.state.mode else { Issue.record("no finding asked"); return }
        #expect(dialog.lines.first?.contains("Nothing of this customer is flagged") == true)
        c.press(.escape)
        guard case .playbook(let back) = c.state.mode else { Issue.record("Esc left the checklist"); return }
        #expect(back.playbook.steps[back.selected].key == "review-activity")
        #expect(try progress(c, number)["review-activity"] == nil)
        c.press(.enter)
        c.type("customer recognises every payment")
        c.press(.enter)
        #expect(try progress(c, number)["review-activity"]?.note == "none suspicious: customer recognises every payment")
    }

    @Test func withAFlagTheReviewRecordsHowMany() throws {
        let c = try HeadlessConsole(login: "budi")
        let (number, customerId) = try stolenAccountTicket(c)
        let budi = try #require(try c.store.agent(login: "budi"))
        let reference = try #require(try c.store.read { db in
            try String.fetchOne(db, sql: "SELECT reference FROM transactions WHERE customer_id = ? ORDER BY at DESC LIMIT 1", arguments: [customerId])
        })
        try c.store.write { db in try db.execute(sql: "UPDATE transactions SET flagged = 0 WHERE customer_id = ?", arguments: [customerId]) }
        _ = try c.store.flagTransaction(reference: reference, reason: "customer does not know it", ticket: number, by: budi)
        try c.store.recordPlaybookStep(ticket: number, playbook: "stolen-account", step: "review-activity", by: budi)
        #expect(try progress(c, number)["review-activity"]?.note == "1 flagged")
    }

    /// Frozen from the security pane: the playbook shows the step done, with the action,
    /// instead of offering a freeze that would be refused. Esc in a step's dialog returns.
    @Test func aStepDoneElsewhereShowsAsDone() throws {
        let c = try HeadlessConsole(login: "budi")
        let (number, customerId) = try stolenAccountTicket(c)
        try select(c, step: "freeze")
        c.press(.enter)
        guard case .dialog = c.state.mode else { Issue.record("the freeze step did not ask"); return }
        c.press(.escape)
        guard case .playbook(let back) = c.state.mode else { Issue.record("Esc left the checklist"); return }
        #expect(back.playbook.steps[back.selected].key == "freeze")
        let budi = try #require(try c.store.agent(login: "budi"))
        let action = try c.store.freeze(customerId: customerId, reason: "called in", ticket: number, by: budi)
        _ = try c.store.requireTwoFactor(customerId: customerId, reason: "called in", ticket: number, by: budi)
        let done = try progress(c, number)
        #expect(done["freeze"]?.note == "already done (action #\(action.id))")
        #expect(done["freeze"]?.by == "budi")
        #expect(done["two-factor"]?.outcome == "done")
        c.press(.escape)
        c.press(.char("p"))
        #expect(c.text.contains("[x] Freeze the account"), "\(c.text)")
        #expect(c.text.contains("already done (action #\(action.id))"))
    }

    /// The playbook's appeal step asks the time of compromise, by default the detector's
    /// compromise point, else the earliest flagged transaction, shown in an editable field.
    @Test func theAppealStepAsksTheTimeOfCompromise() throws {
        let c = try HeadlessConsole(login: "budi")
        let (number, customerId) = try stolenAccountTicket(c)
        let budi = try #require(try c.store.agent(login: "budi"))
        let rows = try c.store.read { db in
            try Row.fetchAll(db, sql: "SELECT reference, at FROM transactions WHERE customer_id = ? ORDER BY at DESC LIMIT 2", arguments: [customerId])
        }
        try #require(rows.count == 2)
        for row in rows { _ = try c.store.flagTransaction(reference: row["reference"], reason: "not the customer", ticket: number, by: budi) }
        let earliest = Date(epoch: rows[1]["at"])
        c.press(.escape)
        c.press(.char("p"))
        try select(c, step: "open-appeal")
        c.press(.enter)
        guard case .investigation(let view) = c.state.mode, case .appeal(let time, _, _)? = view.prompt else {
            Issue.record("the appeal did not ask its questions"); return
        }
        let expected = view.found.compromise?.at ?? earliest
        #expect(time.text == TimeText.clock(expected))
        #expect(c.text.contains(TimeText.clock(expected)))
    }

    /// The approver sees the case: playbook progress, two-factor, the one-time code.
    @Test func theApprovalDialogShowsTheCase() throws {
        let c = try HeadlessConsole(login: "sari")
        let (number, customerId) = try stolenAccountTicket(c)
        let budi = try #require(try c.store.agent(login: "budi"))
        _ = try c.store.freeze(customerId: customerId, reason: "stolen phone", ticket: number, by: budi)
        _ = try c.store.forceCredentialReset(customerId: customerId, reason: "stolen phone", ticket: number, by: budi)
        let request = try c.store.requestUnfreeze(customerId: customerId, reason: "customer verified", ticket: number, by: budi)
        c.press(.escape)
        c.openSupervisor()
        while c.state.supervisor.panel != .approvals { c.press(.tab) }
        let row = try #require(c.state.supervisor.data?.approvals.firstIndex { $0.id == request.id })
        c.controller.state.supervisor.cursor.row = row
        c.press(.char("a"))
        guard case .dialog(let dialog) = c.state.mode else { Issue.record("no approval dialog"); return }
        let text = dialog.lines.joined(separator: "\n")
        #expect(text.contains("\(TicketNumber.format(number)) Stolen account: "), "\(text)")
        #expect(text.contains("Two-factor: OFF"))
        #expect(text.contains("One-time code: sent "), "\(text)")
        #expect(text.contains("NOT entered yet"))
    }
}
