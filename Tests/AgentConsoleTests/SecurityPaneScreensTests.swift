import Foundation
import SupportCore
import Testing
import TermUI
@testable import AgentConsole

/// The security pane compared whole (every line) where it is a tab of its own, at 80x24,
/// on the same ticket as `PaneScreensTests` (whose 200x60 screens show it beside the
/// others): the actions for an agent, each with what it does or why it waits, after the
/// pane's own `j` moved the selection. Record with `PAYDESK_RECORD_SCREENS=DIR`.
@Suite struct SecurityPaneScreensTests {
    @Test func theSecurityTabWholeAt80x24() throws {
        let c = try HeadlessConsole(width: 80, height: 24, login: "budi")
        c.controller.update(.setView(.all))
        c.press(.char("/"))
        c.type("cat:payment sub:failed_payment status:open")
        c.press(.enter, .enter, .char("4"), .char("j"))
        if let folder = ProcessInfo.processInfo.environment["PAYDESK_RECORD_SCREENS"] {
            try c.lines.joined(separator: "\n").write(toFile: "\(folder)/80x24 security.txt", atomically: true, encoding: .utf8)
        }
        #expect(c.lines == SecurityPaneScreens.lines, "\n\(c.text)")
        #expect(c.state.security.selected == 1)
    }
}

enum SecurityPaneScreens {
    static let lines: [String] = [
        " paydesk  My open 11  Unassigned 45  Breaching 19            budi (agent) 10:00",
        "  1 Queue   2 Account   3 Transactions   4 Security",
        "┏ 4 Security actions ━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┓",
        "┃Freeze account           immediate, any agent                                 ┃",
        "┃Revoke all sessions      signs the customer out everywhere (1 open)           ┃",
        "┃Force credential reset   one-time code to the registered phone/email (3 left …┃",
        "┃Unbind a device          1 bound; choose the device                           ┃",
        "┃Require two-factor       2FA is off                                           ┃",
        "┃Flag a transaction       pick it in Transactions                              ┃",
        "┃Open a dispute           deadline 14 days                                     ┃",
        "┃Open a stolen-account a… time of compromise and suspicious transactions       ┃",
        "┃⚖ Close account          balance Rp11.425.469 must be zero first              ┃",
        "┃                                                                              ┃",
        "┃                                                                              ┃",
        "┃                                                                              ┃",
        "┃                                                                              ┃",
        "┃                                                                              ┃",
        "┃                                                                              ┃",
        "┃                                                                              ┃",
        "┃                                                                              ┃",
        "┃                                                                              ┃",
        "┗━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┛",
        " 2 tickets match.",
        " Budi Hartono · agent · Security  Enter run · ? help · / filter · : command",
    ]
}
