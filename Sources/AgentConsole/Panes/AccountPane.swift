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
        lines.append(("\(c.name)" + (c.language.map { "   replies in \($0.name)" } ?? ""), theme.style("pane.title")))
        var statusLine = "\(c.status.rawValue.uppercased())"
        if c.status != .active, let reason = c.statusReason {
            statusLine += " — \(reason)"
            if let by = c.statusChangedBy { statusLine += " by \(by)" }
            if let at = c.statusChangedAt { statusLine += " \(TimeText.clock(at))" }
        }
        lines.append((statusLine, theme.style(statusKey)))
        lines.append(("Phone \(c.phone)   Email \(c.email)\(revealed ? "   (revealed)" : "")",
                      theme.style("pane")))
        lines.append(("Balance \(Money.format(c.balance, currency: c.currency))   Limit \(Money.format(c.dailyLimit, currency: c.currency))/day",
                      theme.style("pane")))
        lines.append(("KYC level \(c.kycLevel)   2FA \(c.twoFactor ? "on" : "OFF")   since \(TimeText.day(c.createdAt))",
                      theme.style(c.twoFactor ? "pane" : "warning")))
        lines.append(("", theme.style("pane")))
        lines.append(("Devices", theme.style("section")))
        for d in a.devices {
            let current = d.appVersion == AppRelease.latest ? "" : "  ⚠ app outdated"
            lines.append(("  \(d.bound ? "●" : "○") \(d.model) · \(d.platform) · app \(d.appVersion) · seen \(DurationText.format(state.now.timeIntervalSince(d.lastSeenAt))) ago\(current)",
                          theme.style(current.isEmpty ? "pane" : "warning")))
        }
        lines.append(("Recent logins", theme.style("section")))
        for l in a.logins.prefix(5) {
            let device = a.devices.first { $0.id == l.deviceId }?.model ?? "unknown device"
            lines.append(("  \(TimeText.clock(l.at))  \(l.success ? "ok    " : "FAILED")  \(l.place) · \(device) · \(l.ip)",
                          theme.style(l.success ? "pane" : "warning")))
        }
        lines.append(("Tickets", theme.style("section")))
        for t in a.tickets.prefix(8) {
            lines.append(("  #\(t.number) \(t.status.rawValue) \(t.priority.rawValue) \(t.subject)", theme.style("pane")))
        }
        if !revealed {
            lines.append(("R reveals phone and email (asks why; audited)", theme.style("muted")))
        }
        let maxScroll = max(0, lines.count - chrome.inner.height)
        let scroll = min(a.scroll, maxScroll)
        for (row, line) in lines.dropFirst(scroll).prefix(chrome.inner.height).enumerated() {
            chrome.line(into: &screen, line.0, row: row, style: line.1, indent: 1)
        }
    }
}
