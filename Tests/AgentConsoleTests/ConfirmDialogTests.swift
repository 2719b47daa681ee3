import Foundation
import GRDB
import SupportCore
@testable import SupportStore
import Testing
import TermUI
@testable import AgentConsole

/// The console's confirmations are TermUI's `Dialog`: a dangerous action starts with the
/// focus on Cancel, so a stray Enter cancels; Tab, S-Tab and ←/→ move the focus.
@Suite struct ConfirmDialogTests {
    func auditRecords(_ c: HeadlessConsole) throws -> Int {
        try c.store.pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_log") ?? 0 }
    }

    /// The freeze dialog on the first active customer of the unassigned view.
    func freezeDialog(_ c: HeadlessConsole) throws -> Customer {
        c.controller.update(.setView(.unassigned))
        let customer = try SecurityConsoleTests().selectActiveCustomer(c)
        c.press(.char("4"))
        #expect(c.state.security.actions.first?.kind == .freeze)
        c.press(.enter)
        return customer
    }

    @Test func aStrayEnterInTheFreezeDialogCancels() throws {
        let c = try HeadlessConsole(login: "budi")
        let customer = try freezeDialog(c)
        guard case .dialog(let dialog) = c.state.mode else { Issue.record("no dialog"); return }
        #expect(dialog.cancelFocused)
        #expect(c.text.contains("[ Cancel ]") && c.text.contains("[ Confirm ]"))
        let audited = try auditRecords(c)
        c.press(.enter)
        guard case .normal = c.state.mode else { Issue.record("Enter on Cancel left the dialog open"); return }
        #expect(c.state.status?.text == "Cancelled.")
        #expect(try c.store.customer(id: customer.id).status == .active)
        #expect(try auditRecords(c) == audited, "a cancelled freeze writes nothing")
        // Tab goes from Cancel to the reason; Enter there confirms.
        c.press(.enter, .tab)
        c.type("customer reports a stolen phone")
        c.press(.enter)
        #expect(try c.store.customer(id: customer.id).status == .frozen)
    }

    @Test func typingAReasonMovesTheFocusToTheFieldAndArrowsMoveBetweenButtons() throws {
        let c = try HeadlessConsole(login: "budi")
        let customer = try freezeDialog(c)
        func focus() -> DialogFocus? { if case .dialog(let d) = c.state.mode { d.widget.focus } else { nil } }
        c.press(.left)
        #expect(focus() == .button(0))
        c.press(.right)
        #expect(focus() == .button(1))
        c.press(.backTab)
        #expect(focus() == .button(0))
        // Confirm without a reason: refused, and said so in the dialog.
        c.press(.enter)
        guard case .dialog(let refused) = c.state.mode else { Issue.record("an empty reason closed the dialog"); return }
        #expect(refused.error == "A reason is required.")
        #expect(try c.store.customer(id: customer.id).status == .active)
        c.press(.right)
        c.type("x")
        #expect(focus() == .field)
        c.press(.escape)
        guard case .normal = c.state.mode else { Issue.record("Esc left the dialog open"); return }
        #expect(try c.store.customer(id: customer.id).status == .active)
    }

    @Test func onlyDangerousActionsStartOnCancel() {
        func dialog(_ action: Action, danger: Bool = false, input: Bool = true) -> DialogState {
            DialogState(title: "t", lines: [], danger: danger, input: input ? TextField() : nil, inputLabel: nil, confirm: action)
        }
        for action: Action in [.runSecurityAction(.freeze, nil, nil), .reveal(field: "contact", reason: ""), .confirmClose,
                               .confirmMerge(1), .supervisor(.decide(1, approve: true)), .supervisor(.decide(1, approve: false)),
                               .supervisor(.runBulk(.status(.onHold)))] {
            #expect(dialog(action).cancelFocused, "\(action) starts on Confirm")
            #expect(dialog(action, input: false).cancelFocused)
        }
        #expect(dialog(.skipStep("s")).widget.focus == .field, "a playbook skip asks why, on its field")
        #expect(dialog(.supervisor(.retryDelivery(1)), input: false).widget.focus == .button(0))
        #expect(dialog(.skipStep("s"), danger: true).cancelFocused, "a dialog drawn as dangerous starts on Cancel")
        let list = DialogState(title: "t", lines: [], danger: false, input: nil, inputLabel: nil, confirm: .supervisor(.dismiss),
                               readOnly: true)
        #expect(!list.cancelFocused && list.widget.buttons.count == 1)
    }

    /// The status bar, whole, in a few modes at the smallest and a large size.
    @Test(arguments: [(80, 24), (200, 60)])
    func statusBarsAreDrawnFromTheKeyTable(size: (Int, Int)) throws {
        var bars: [String: String] = [:]
        let c = try HeadlessConsole(width: size.0, height: size.1, login: "budi")
        func bar() -> String { c.lines[size.1 - 1] }
        bars["queue"] = bar()
        c.press(.char("/"))
        bars["filter"] = bar()
        c.press(.escape, .char("2"), .char("R"))
        bars["dialog"] = bar()
        c.press(.escape, .char("1"), .char("n"))
        bars["composer"] = bar()
        c.type("x")
        c.press(.escape)
        bars["discard"] = bar()
        let expected = size.0 == 80 ? Self.narrowBars : Self.wideBars
        for (mode, line) in expected {
            #expect(bars[mode] == line, "\(size.0)x\(size.1) \(mode):\n\(bars[mode] ?? "")")
        }
    }

    static let narrowBars: [String: String] = [
        "queue": " Budi Hartono · agent · Queue  Enter open · c claim · ? help · r reply · n note",
        "filter": " Budi Hartono · agent · Queue  Enter apply · Esc cancel · Tab complete",
        "dialog": " Budi Hartono · agent · Account  Enter press · Tab/←→ focus · Esc cancel",
        "composer": " Budi Hartono · agent · Ticket  C-s send · Esc close · C-e $EDITOR",
        "discard": " Budi Hartono · agent · Ticket  y discard · n keep",
    ]

    static let wideBars: [String: String] = [
        "queue": " Budi Hartono · agent · Queue  Enter open · c claim · ? help · r reply · n note · / filter · v view · s sort"
            + " · : command · q quit · Tab next pane · j/k move",
        "filter": " Budi Hartono · agent · Queue  Enter apply · Esc cancel · Tab complete · ↑↓ history",
        "dialog": " Budi Hartono · agent · Account  Enter press · Tab/←→ focus · Esc cancel",
        "composer": " Budi Hartono · agent · Ticket  C-s send · Esc close · C-e $EDITOR",
        "discard": " Budi Hartono · agent · Ticket  y discard · n keep",
    ]
}
