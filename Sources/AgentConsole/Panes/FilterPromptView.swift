import SupportCore
import TermUI

/// What the `/` prompt shows beside the text: every problem underlined where it is (and
/// listed above the prompt when there is more than one), and Tab's choices in a list
/// above the prompt, as k9s does, instead of a line of words that scrolls away.
enum FilterPromptView {
    static let listRows = 8

    static func drawErrors(_ state: ConsoleState, _ prompt: FilterPrompt, textX: Int, message: Rect, bar: Rect, into screen: inout Screen) {
        let theme = state.theme
        for error in prompt.errors {
            let caretX = textX + DisplayWidth.of(String(prompt.field.text.prefix(error.position)))
            guard caretX < bar.maxX else { continue }
            screen.restyle(Rect(x: caretX, y: message.y, width: max(1, min(error.length, bar.maxX - caretX)), height: 1)) { $0.underlined() }
        }
        screen.fill(bar, style: theme.style("statusbar.error"))
        let count = prompt.errors.count
        let first = prompt.errors[0].message
        screen.put(" ✗ " + (count == 1 ? first : state.t(.filterProblems, String(count), first)), at: 0, bar.y,
                   style: theme.style("statusbar.error"), maxWidth: bar.width)
        guard count > 1 else { return }
        let lines = prompt.errors.prefix(listRows).map { "✗ " + state.t(.filterAtColumn, String($0.position + 1), $0.message) }
        drawList(lines, above: message, into: &screen, style: theme.style("toast.error"), border: theme.style("dialog.border"))
    }

    static func drawCandidates(_ state: ConsoleState, _ prompt: FilterPrompt, above message: Rect, into screen: inout Screen) {
        let theme = state.theme
        guard !prompt.candidates.isEmpty else { return }
        var lines = Array(prompt.candidates.prefix(listRows))
        if prompt.candidates.count > listRows { lines[listRows - 1] = state.t(.filterMore, String(prompt.candidates.count - listRows + 1)) }
        drawList(lines, above: message, into: &screen, style: theme.style("dialog"), border: theme.style("dialog.border"))
    }

    /// A boxed list standing on the prompt line, as wide as its longest line.
    private static func drawList(_ lines: [String], above message: Rect, into screen: inout Screen, style: Style, border: Style) {
        let width = min(message.width, (lines.map(DisplayWidth.of).max() ?? 0) + 4)
        let height = min(message.y, lines.count + 2)
        guard height >= 3 else { return }
        let rect = Rect(x: 0, y: message.y - height, width: width, height: height)
        screen.fill(rect, style: style)
        screen.box(rect, style: border)
        for (i, line) in lines.prefix(height - 2).enumerated() {
            screen.put(line, at: 2, rect.y + 1 + i, style: style, maxWidth: width - 4)
        }
    }
}
