import Foundation
import SupportCore
import Testing
import TermUI
@testable import AgentConsole

/// The `/` prompt shows every problem where it is, and Tab's choices as a list.
@Suite struct FilterPromptTests {
    @Test func everyProblemIsUnderlinedAndListed() throws {
        let c = try HeadlessConsole(width: 120, height: 40)
        let before = c.state.queue.window.total
        c.press(.char("/"))
        c.type("prio:urgent cat:nope")
        guard case .filter(let prompt) = c.state.mode else { Issue.record("no prompt"); return }
        #expect(prompt.errors.map(\.position) == [5, 16])
        // The status bar counts them; a list above the prompt names each with its column.
        #expect(c.lines[39].hasPrefix(" ✗ 2 problems: "))
        let list = c.lines[34...37].joined(separator: "\n")
        #expect(list.contains("✗ col 6: "), "\(c.text)")
        #expect(list.contains("✗ col 17: "), "\(c.text)")
        // Both spans are underlined on the prompt line.
        let frame = c.loop.frame
        let underlined = (0..<120).filter { frame[$0, 38].style.underline }
        #expect(underlined.contains(9 + 5) && underlined.contains(9 + 16), "\(underlined)")
        c.press(.enter)
        #expect(c.state.queue.window.total == before, "a filter with problems runs nothing")
        // Fixing one leaves one.
        for _ in 0..<4 { c.press(.backspace) }
        c.type("payment")
        guard case .filter(let fixed) = c.state.mode else { Issue.record("no prompt"); return }
        #expect(fixed.errors.count == 1)
        #expect(c.lines[39].hasPrefix(" ✗ ") && !c.lines[39].contains("problems"))
    }

    @Test func tabListsItsChoicesAboveThePrompt() throws {
        let c = try HeadlessConsole(width: 120, height: 40)
        c.press(.char("/"))
        c.type("cat:")
        c.press(.tab)
        guard case .filter(let prompt) = c.state.mode else { Issue.record("no prompt"); return }
        #expect(prompt.candidates == Category.allCases.map(\.rawValue))
        let box = c.lines[(38 - prompt.candidates.count - 2)..<38].joined(separator: "\n")
        for candidate in prompt.candidates { #expect(box.contains("│ " + candidate), "\(c.text)") }
        // Typing narrows by hand; the list goes away until the next Tab.
        c.type("s")
        guard case .filter(let after) = c.state.mode else { Issue.record("no prompt"); return }
        #expect(after.candidates.isEmpty)
        c.press(.tab)
        guard case .filter(let completed) = c.state.mode else { Issue.record("no prompt"); return }
        #expect(completed.field.text == "cat:security")
    }
}
