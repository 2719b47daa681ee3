import Foundation
import SupportCore
import Testing
import TermUI
@testable import AgentConsole

/// The keyword rules screen compared whole (every line) at the smallest and a large size:
/// the list filtered to "saldo", a sample tried, the add form with Tab's candidates, and
/// the removal dialog with Cancel focused. Record with `PAYDESK_RECORD_SCREENS=DIR`.
@Suite struct RulesScreensTests {
    static let sizes = [(80, 24), (200, 60)]

    func screens(width: Int, height: Int) throws -> [String: [String]] {
        let c = try HeadlessConsole(width: width, height: height)
        c.press(.char(":"))
        c.type("rules")
        c.press(.enter)
        c.press(.char("/"))
        c.type("saldo")
        c.press(.enter)
        c.press(.char("t"))
        c.type("saldo kepotong, pembayaran gagal")
        c.press(.enter)
        c.press(.escape)
        var out: [String: [String]] = ["rules": c.lines]
        c.press(.char("a"))
        c.type("saldo hilang")
        c.press(.tab)
        c.type("pay")
        c.press(.tab)
        out["rules add"] = c.lines
        c.press(.escape)
        c.press(.char("d"))
        out["rules remove"] = c.lines
        return out
    }

    @Test(arguments: sizes)
    func theRulesScreenWholeAtThisSize(size: (Int, Int)) throws {
        let got = try screens(width: size.0, height: size.1)
        if let folder = ProcessInfo.processInfo.environment["PAYDESK_RECORD_SCREENS"] {
            for (name, lines) in got {
                try lines.joined(separator: "\n").write(toFile: "\(folder)/\(size.0)x\(size.1) \(name).txt", atomically: true, encoding: .utf8)
            }
        }
        for name in ["rules", "rules add", "rules remove"] {
            let expected = RulesScreens.screens["\(size.0)x\(size.1) \(name)"] ?? []
            #expect(got[name] == expected, "\(size.0)x\(size.1) \(name):\n\(got[name]!.joined(separator: "\n"))")
        }
    }
}
