import Foundation
import SupportCore
import SupportStore
import TermUI

/// The selected ticket's customer: identity (masked unless revealed), status, balance,
/// devices (is the app current?), recent logins and ticket history.
enum AccountPane {
    static func render(_ state: ConsoleState, rect: Rect, focused: Bool, into screen: inout Screen) {
        let chrome = PaneChrome(rect: rect, focused: focused, theme: state.theme)
        let a = state.account
        guard let c = a.customer else {
            chrome.drawFrame(into: &screen, title: state.t(.titleAccount))
            chrome.line(into: &screen, state.t(.selectForAccount), row: 0, style: state.theme.style("muted"), indent: 1)
            return
        }
        chrome.drawFrame(into: &screen, title: state.t(.titleAccountWallet, c.walletId))
        let theme = state.theme
        let revealed = a.revealed.contains("contact")
        var lines: [(String, Style)] = []
        let statusKey = "status.\(c.status.rawValue)"
        lines.append(("\(c.name)" + (c.language.map { "   " + state.t(.accountRepliesIn, $0.name) } ?? ""), theme.style("pane.title")))
        var statusLine = "\(c.status.rawValue.uppercased())"
        if c.status != .active, let reason = c.statusReason {
            statusLine += " — \(reason)"
            if let by = c.statusChangedBy { statusLine += " by \(by)" }
            if let at = c.statusChangedAt { statusLine += " \(TimeText.clock(at))" }
        }
        lines.append((statusLine, theme.style(statusKey)))
        lines.append((state.t(.accountContact, c.phone, c.email) + (revealed ? "   " + state.t(.accountRevealed) : ""),
                      theme.style("pane")))
        lines.append((state.t(.accountBalance, Money.format(c.balance, currency: c.currency), Money.format(c.dailyLimit, currency: c.currency)),
                      theme.style("pane")))
        lines.append((state.t(.accountKYC, String(c.kycLevel), state.t(c.twoFactor ? .accountOn : .accountOff), TimeText.day(c.createdAt)),
                      theme.style(c.twoFactor ? "pane" : "warning")))
        lines.append(("", theme.style("pane")))
        lines.append((state.t(.accountDevices), theme.style("section")))
        for d in a.devices {
            let current = d.appVersion == AppRelease.latest ? "" : "  " + state.t(.accountAppOutdated)
            let seen = state.elapsedText(since: d.lastSeenAt)
            lines.append(("  \(d.bound ? "●" : "○") " + state.t(.accountDevice, d.model, d.platform, d.appVersion, seen) + current,
                          theme.style(current.isEmpty ? "pane" : "warning")))
        }
        lines.append((state.t(.accountLogins), theme.style("section")))
        for l in a.logins.prefix(5) {
            let device = a.devices.first { $0.id == l.deviceId }?.model ?? state.t(.accountUnknownDevice)
            lines.append(("  \(TimeText.clock(l.at))  \(DisplayWidth.pad(state.t(l.success ? .loginOK : .loginFailed), toWidth: 6))  \(l.place) · \(device) · \(l.ip)",
                          theme.style(l.success ? "pane" : "warning")))
        }
        lines.append((state.t(.accountTickets), theme.style("section")))
        for t in a.tickets.prefix(8) {
            lines.append(("  #\(t.number) \(t.status.rawValue) \(t.priority.rawValue) \(t.subject)", theme.style("pane")))
        }
        if !revealed {
            lines.append((state.t(.accountRevealHint), theme.style("muted")))
        }
        let maxScroll = max(0, lines.count - chrome.inner.height)
        let scroll = min(a.scroll, maxScroll)
        for (row, line) in lines.dropFirst(scroll).prefix(chrome.inner.height).enumerated() {
            chrome.line(into: &screen, line.0, row: row, style: line.1, indent: 1)
        }
    }
}
