import SupportCore
import SupportStore
import TermUI

/// The protective actions that apply to this account in its current state, with the
/// role each needs. They are listed so the agent sees the playbook's options at a
/// glance; running them arrives with the security services.
enum SecurityPane {
    struct Entry {
        var title: String
        var note: String
        var available: Bool
    }

    static func entries(for customer: Customer?, role: Role) -> [Entry] {
        guard let c = customer else { return [] }
        var list: [Entry] = []
        switch c.status {
        case .active:
            list.append(Entry(title: "Freeze account", note: "immediate, any agent", available: true))
            list.append(Entry(title: "Close account", note: c.balance == 0 ? "needs supervisor approval" : "balance must be zero first",
                              available: c.balance == 0))
        case .frozen:
            list.append(Entry(title: "Unfreeze account", note: "request; a supervisor approves", available: true))
        case .closed:
            list.append(Entry(title: "Account closed", note: "no actions apply", available: false))
        }
        guard c.status != .closed else { return list }
        list.append(Entry(title: "Force credential reset", note: "one-time code to the registered phone/email", available: true))
        list.append(Entry(title: "Revoke all sessions", note: "signs the customer out everywhere", available: true))
        list.append(Entry(title: "Unbind a device", note: "choose the device", available: true))
        if !c.twoFactor { list.append(Entry(title: "Require two-factor", note: "2FA is off", available: true)) }
        list.append(Entry(title: "Flag a transaction", note: "pick it in Transactions", available: true))
        list.append(Entry(title: "Open a dispute / appeal", note: "deadline recorded", available: true))
        return list
    }

    static func render(_ state: ConsoleState, rect: Rect, focused: Bool, into screen: inout Screen) {
        let chrome = PaneChrome(rect: rect, focused: focused, theme: state.theme)
        chrome.drawFrame(into: &screen, title: "4 Security actions")
        let list = entries(for: state.account.customer, role: state.actor.role)
        if list.isEmpty {
            chrome.line(into: &screen, "Select a ticket to see the actions for its account.", row: 0,
                        style: state.theme.style("muted"), indent: 1)
            return
        }
        let selected = min(state.security.selected, list.count - 1)
        let height = chrome.inner.height
        let scroll = max(0, selected - height + 1)
        let columns = [PaneColumn(title: "", width: 26), PaneColumn(title: "", width: 0)]
        for (row, entry) in list.enumerated().dropFirst(scroll).prefix(height) {
            var style = chrome.rowStyle(selected: row == selected && focused)
            if !entry.available && row != selected { style = state.theme.style("muted") }
            chrome.drawCells(into: &screen, [entry.title, entry.note], columns: columns,
                             y: chrome.inner.y + row - scroll, style: style)
        }
    }
}
