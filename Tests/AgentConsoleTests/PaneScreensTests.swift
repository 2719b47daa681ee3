import Foundation
import SupportCore
import Testing
import TermUI
@testable import AgentConsole

/// Whole-screen comparisons (every line) of the four panes at the smallest and a large
/// size, on the demo at its fixed morning: what 80x24 keeps (the queue's SLA and channel,
/// the transactions' reference and failure reason) and what 200x60 adds.
@Suite struct PaneScreensTests {
    static let sizes = [(80, 24), (200, 60)]

    /// The first failed-payment ticket of the demo, open, with each pane in front in turn.
    func screens(width: Int, height: Int) throws -> [String: [String]] {
        let c = try HeadlessConsole(width: width, height: height, login: "budi")
        c.controller.update(.setView(.all))
        c.press(.char("/"))
        c.type("cat:payment sub:failed_payment status:open")
        c.press(.enter)
        var out: [String: [String]] = ["queue": c.lines]
        c.press(.enter)
        out["ticket"] = c.lines
        c.press(.char("2"))
        out["account"] = c.lines
        c.press(.char("3"))
        out["transactions"] = c.lines
        return out
    }

    @Test(arguments: sizes)
    func everyPaneWholeAtThisSize(size: (Int, Int)) throws {
        let got = try screens(width: size.0, height: size.1)
        if let folder = ProcessInfo.processInfo.environment["PAYDESK_RECORD_SCREENS"] {
            // Recording for review: writes what was drawn; the comparison below still runs.
            for (pane, lines) in got {
                try lines.joined(separator: "\n").write(toFile: "\(folder)/\(size.0)x\(size.1) \(pane).txt", atomically: true, encoding: .utf8)
            }
        }
        for pane in ["queue", "ticket", "account", "transactions"] {
            let expected = PaneScreens.screens["\(size.0)x\(size.1) \(pane)"] ?? []
            #expect(got[pane] == expected, "\(size.0)x\(size.1) \(pane):\n\(got[pane]!.joined(separator: "\n"))")
        }
    }
}
