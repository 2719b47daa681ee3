import SupportCore
import SupportStore
import TermUI

/// The security pane's list: an action's name, then what it does or why it cannot be used.
enum SecurityColumn: ListColumn, CaseIterable {
    case action, note

    func heading(_ language: ContentLanguage) -> String { "" }   // the pane's title says what the list is
    func width(in paneWidth: Int) -> Int? { self == .action ? 24 : 0 }
    var alignment: Alignment { .left }
}

/// The protective actions that apply to this account in its state and for this agent's
/// role (as the store reports them), then the account's security history.
enum SecurityPane {
    static func render(_ state: ConsoleState, rect: Rect, focused: Bool, into screen: inout Screen) {
        let chrome = PaneChrome(rect: rect, focused: focused, theme: state.theme)
        chrome.drawFrame(into: &screen, title: state.t(.titleSecurity))
        guard let customer = state.account.customer else {
            chrome.line(into: &screen, state.t(.selectForSecurity), row: 0,
                        style: state.theme.style("muted"), indent: 1)
            return
        }
        let list = state.security.actions
        let height = chrome.inner.height
        if list.isEmpty {
            chrome.line(into: &screen, state.t(customer.status == .closed ? .securityClosed : .securityNoneForRole),
                        row: 0, style: state.theme.style("muted"), indent: 1)
        }
        let selected = min(state.security.selected, max(0, list.count - 1))
        // Keep room for a line or two of history when the pane is tall enough.
        let listRows = min(list.count, max(1, height - (state.security.history.isEmpty ? 0 : min(4, height / 3))))
        let scroll = max(0, selected - listRows + 1)
        let columns = SecurityColumn.table(SecurityColumn.allCases, width: chrome.inner.width, language: state.agentLanguage)
        for (row, entry) in list.enumerated().dropFirst(scroll).prefix(listRows) {
            var style = chrome.rowStyle(selected: row == selected && focused)
            if !entry.available && !(row == selected && focused) { style = state.theme.style("muted") }
            let title = (entry.needsApproval ? "⚖ " : "") + state.securityTitle(entry)
            chrome.drawCells(into: &screen, [title, state.securityNote(entry)], columns: columns, y: chrome.inner.y + row - scroll, style: style)
        }
        var y = listRows + (list.isEmpty ? 1 : 0)
        guard y < height, !state.security.history.isEmpty else { return }
        chrome.line(into: &screen, state.t(.securityHistory), row: y, style: state.theme.style("section"), indent: 1)
        y += 1
        for record in state.security.history where y < height {
            let decided = record.decidedBy.map { state.t(.secHistoryDecided, record.state.rawValue, $0) } ?? (record.state.rawValue == "done" ? "" : " (\(record.state.rawValue))")
            chrome.line(into: &screen, state.t(.secHistoryLine, TimeText.short(record.requestedAt), state.securityTitle(record.kind), record.requestedBy, decided, record.reason),
                        row: y, style: state.theme.style("muted"), indent: 1)
            y += 1
        }
    }
}
