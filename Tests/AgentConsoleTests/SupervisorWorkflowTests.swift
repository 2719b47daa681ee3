import Foundation
import SupportCore
import SupportStore
import Testing
import TermUI
@testable import AgentConsole

@Suite struct SupervisorWorkflowTests {
    @Test func multiSelectAndBulkReassignRefusesTheStaleTicket() throws {
        let c = try HeadlessConsole()
        let rows = try c.store.queuePage(c.controller.queueSpec, limit: 3)
        #expect(rows.count == 3)
        c.press(.char(" "), .char(" "), .char(" "))
        #expect(c.state.supervisor.selectedTickets == Set(rows.map(\.number)))
        #expect(c.text.contains("*\(rows[0].number)"), "marked rows carry a *")
        // Someone else changes the second ticket after it was selected.
        let wei = try #require(try c.store.agent(login: "wei"))
        try c.store.note(ticket: rows[1].number, body: "looking at the ledger", by: wei)
        let owners = Set(rows.compactMap(\.assignee))
        let candidates: [String] = ["dewi", "budi", "wei", "sari"].filter { !owners.contains($0) }
        let target = try #require(candidates.first)
        c.press(.char(":"))
        c.type("give \(target)")
        c.press(.enter)
        guard case .dialog(let confirm) = c.state.mode else { Issue.record("expected a confirmation"); return }
        #expect(confirm.title.contains("on 3 tickets"))
        // A bulk change starts on Cancel: the focus moves to Confirm first.
        #expect(confirm.cancelFocused)
        c.press(.left, .enter)
        let outcome = try #require(c.state.supervisor.lastBulk)
        #expect(outcome.applied.map(\.number).sorted() == [rows[0].number, rows[2].number].sorted())
        #expect(outcome.refused.map(\.number) == [rows[1].number])
        #expect(outcome.refused[0].reason.contains("changed by wei"))
        guard case .dialog(let summary) = c.state.mode else { Issue.record("expected the summary"); return }
        #expect(summary.title == "2 changed, 1 refused")
        #expect(c.text.contains("Refused #\(rows[1].number)"))
        c.press(.enter)
        #expect(c.state.supervisor.selection.isEmpty)
        let agent = try #require(try c.store.agent(login: target))
        for row in [rows[0], rows[2]] {
            #expect(try c.store.ticket(number: row.number).assigneeId == agent.id)
            #expect(try c.store.auditRecords(entity: "ticket", entityId: String(row.number), limit: 5).filter { $0.reason?.contains("bulk") == true }.count == 1)
        }
        #expect(try c.store.ticket(number: rows[1].number).assigneeId != agent.id || rows[1].assignee == target)
    }

    @Test func rangeAllAndClear() throws {
        let c = try HeadlessConsole()
        let rows = try c.store.queuePage(c.controller.queueSpec, limit: 5)
        c.press(.char(" "))                        // marks row 0, moves to row 1
        c.press(.char("j"), .char("j"), .char("j"))
        c.press(.char("V"))
        #expect(c.state.supervisor.selectedTickets == Set(rows.prefix(5).map(\.number)))
        c.press(.char("X"))
        #expect(c.state.supervisor.selection.isEmpty)
        c.press(.char("*"))
        #expect(c.state.supervisor.selection.count == c.state.queue.window.total)
        // Each mark keeps the version the view's row has, for the bulk change's compare-and-set.
        let view = try c.store.queuePage(c.controller.queueSpec, limit: ConsoleController.selectAllLimit)
        #expect(c.state.supervisor.selection == Dictionary(uniqueKeysWithValues: view.map { ($0.number, $0.version) }))
        c.press(.char("X"))
        c.press(.char("B"))
        #expect(c.state.status?.text.contains("Select tickets first") == true)
    }

    @Test func bulkStatusFromTheMenu() throws {
        let c = try HeadlessConsole()
        c.controller.update(.setView(.pending))
        let rows = try c.store.queuePage(c.controller.queueSpec, limit: 2)
        c.press(.char(" "), .char(" "))
        c.press(.char("B"))
        guard case .palette = c.state.mode else { Issue.record("B opens the command line for the selection"); return }
        c.type("status on_hold")
        // The palette runs it, ← focuses Confirm in the bulk dialog, Enter closes the outcome.
        c.press(.enter, .left, .enter, .enter)
        for row in rows { #expect(try c.store.ticket(number: row.number).status == .onHold) }
        #expect(c.state.status?.text.contains("2 changed") == true)
    }

    @Test func agentsCannotSelectForBulk() throws {
        let c = try HeadlessConsole(login: "budi")
        c.press(.char(" "))
        #expect(c.state.supervisor.selection.isEmpty)
        #expect(c.state.status?.text.contains("supervisors") == true)
    }

    /// A frozen demo customer and an unfreeze request on them by `login`.
    func request(_ c: HeadlessConsole, by login: String, customer nth: Int = 0) throws -> SecurityActionRecord {
        let agent = try #require(try c.store.agent(login: login))
        // The demo leaves one request waiting; decide it so the box holds only this test's.
        let admin = try #require(try c.store.agent(login: "ops"))
        for waiting in try c.store.approvals() {
            _ = try c.store.reject(requestId: waiting.id, reason: "cleared for the test", by: admin)
        }
        let frozen = try #require((1...60).compactMap { try? c.store.customer(id: Int64($0)) }.filter { $0.status == .frozen }[safe: nth])
        return try c.store.requestUnfreeze(customerId: frozen.id, reason: "customer proved identity at a branch", by: agent)
    }

    @Test func approveWithAReasonFromTheApprovalsBox() throws {
        let c = try HeadlessConsole()
        let r = try request(c, by: "budi")
        c.openSupervisor()
        c.press(.backTab)
        #expect(c.state.supervisor.panel == .approvals)
        #expect(c.text.contains("unfreeze") && c.text.contains("budi"))
        c.press(.char("a"))
        guard case .dialog(let dialog) = c.state.mode else { Issue.record("approve asks why"); return }
        #expect(dialog.title == "Approve request #\(r.id)?")
        #expect(dialog.cancelFocused, "an approval starts on Cancel")
        c.press(.left, .enter)
        #expect(c.state.mode.isDialog, "an empty reason is not accepted")
        c.type("ID checked against KTP")
        c.press(.enter)
        #expect(c.state.status?.text == "Approved request #\(r.id) (Unfreeze account).")
        #expect(try c.store.securityAction(id: r.id).state == .approved)
        #expect(try c.store.securityAction(id: r.id).decisionReason == "ID checked against KTP")
        // Gone from the list at once, and still gone once the refresh counted after it lands.
        #expect(c.state.supervisor.data?.approvals.contains { $0.id == r.id } == false)
        c.awaitFigures()
        #expect(c.state.supervisor.data?.approvals.contains { $0.id == r.id } == false)
    }

    @Test func selfApprovalIsRefusedByTheStoreAndRejectWorks() throws {
        let c = try HeadlessConsole()
        let own = try request(c, by: "sari")
        c.openSupervisor()
        c.press(.backTab)
        c.press(.char("a"))
        c.type("looks fine")
        c.press(.enter)
        #expect(c.state.status?.kind == .error)
        #expect(c.state.status?.text.contains("cannot approve their own request") == true)
        #expect(try c.store.securityAction(id: own.id).state == .pendingApproval)
        // Deciding either way is the checker's job: rejecting one's own request is refused too.
        c.press(.char("r"))
        c.type("asked by mistake")
        c.press(.enter)
        #expect(c.state.status?.text.contains("cannot approve their own request") == true)
        #expect(try c.store.securityAction(id: own.id).state == .pendingApproval)
        // Budi's request, rejected.
        let other = try request(c, by: "budi", customer: 1)
        c.controller.refreshFromDatabase()
        c.awaitFigures()
        c.press(.char("j"))
        #expect(c.state.supervisor.data?.approvals[safe: c.state.supervisor.cursor.row]?.id == other.id)
        c.press(.char("r"))
        c.type("not enough proof")
        c.press(.enter)
        #expect(try c.store.securityAction(id: other.id).state == .rejected)
        #expect(c.state.status?.text == "Rejected request #\(other.id) (Unfreeze account).")
    }
}

extension Mode {
    var isDialog: Bool { if case .dialog = self { true } else { false } }
}
