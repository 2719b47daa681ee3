import Foundation
import SupportCore
import SupportStore
import TermUI

/// `render(state) -> Screen`: a pure function of the state, so every screen can be
/// drawn headless for tests and benchmarks exactly as the terminal shows it.
enum ConsoleView {
    static func render(_ state: ConsoleState) -> Screen {
        state.timeWatch.reset()
        var screen = Screen(width: max(1, state.width), height: max(1, state.height), style: state.theme.style("base"))
        if state.tooSmall {
            drawTooSmall(state, into: &screen)
            return screen
        }
        let layout = ConsoleLayout(width: state.width, height: state.height, tabs: state.usesTabs, focus: state.focus,
                                   language: state.agentLanguage, complaintTab: state.complaintTab)
        HeaderBar.render(state, rect: layout.header, into: &screen)
        if state.screen == .supervisor {
            SupervisorScreen.render(state, rect: Rect(x: 0, y: 1, width: state.width, height: state.height - 3), into: &screen)
            StatusLine.render(state, message: layout.messageLine, bar: layout.statusBar, into: &screen)
            Overlays.render(state, layout: layout, into: &screen)
            return screen
        }
        if let bar = layout.tabBar { drawTabs(state, layout: layout, bar: bar, into: &screen) }
        for pane in PaneID.allCases {
            guard let rect = layout.rect(for: pane) else { continue }
            let focused = pane == state.focus
            switch pane {
            case .queue:
                if let ticket = state.ticket {
                    // A complaint's record sits beside its timeline when there is room.
                    if ticket.ticket.category == .complaint, TimelineLayout.complaintBeside(rect) {
                        let complaint = ticket.complaint
                        let parts = rect.splitHorizontally([.flex(1), .fixed(TimelineLayout.complaintWidth(rect))])
                        TicketPane.render(state, ticket, rect: parts[0], focused: focused, into: &screen)
                        // The complaint's deadline clock: drawn again every tick while shown.
                        state.timeWatch.note(state.now.addingTimeInterval(1))
                        ComplaintPanel.render(complaint, rect: parts[1], theme: state.theme, now: state.now,
                                             language: state.agentLanguage, into: &screen)
                    } else if state.showingComplaint {
                        // Narrower: the record has a tab of its own and takes the whole pane.
                        state.timeWatch.note(state.now.addingTimeInterval(1))
                        ComplaintPanel.render(ticket.complaint, rect: rect, theme: state.theme, now: state.now,
                                             language: state.agentLanguage, into: &screen)
                    } else {
                        TicketPane.render(state, ticket, rect: rect, focused: focused, into: &screen)
                    }
                } else {
                    QueuePane.render(state, rect: rect, focused: focused, into: &screen)
                }
            case .account: AccountPane.render(state, rect: rect, focused: focused, into: &screen)
            case .transactions: TransactionsPane.render(state, rect: rect, focused: focused, into: &screen)
            case .security: SecurityPane.render(state, rect: rect, focused: focused, into: &screen)
            }
        }
        StatusLine.render(state, message: layout.messageLine, bar: layout.statusBar, into: &screen)
        Overlays.render(state, layout: layout, into: &screen)
        return screen
    }

    static func drawTooSmall(_ state: ConsoleState, into screen: inout Screen) {
        let message = state.t(.tooSmall, "\(ConsoleLayout.minimumWidth)x\(ConsoleLayout.minimumHeight)", "\(state.width)x\(state.height)")
        let lines = Wrap.lines(message, width: max(1, state.width))
        let top = max(0, state.height / 2 - lines.count / 2)
        for (i, line) in lines.enumerated() {
            let x = max(0, (state.width - DisplayWidth.of(line)) / 2)
            screen.put(line, at: x, top + i, style: state.theme.style("warning"))
        }
        if top + lines.count + 1 < state.height {
            let quit = state.t(.tooSmallQuit)
            screen.put(quit, at: max(0, (state.width - DisplayWidth.of(quit)) / 2), top + lines.count + 1, style: state.theme.style("muted"))
        }
    }

    static func drawTabs(_ state: ConsoleState, layout: ConsoleLayout, bar: Rect, into screen: inout Screen) {
        screen.fill(bar, style: state.theme.style("tabs.inactive"))
        for tab in layout.tabPositions {
            let active = tab.pane == state.focus && !state.showingComplaint
            let label = ConsoleLayout.tabLabel(tab.pane, state.agentLanguage)
            screen.put(label, at: tab.x, bar.y, style: state.theme.style(active ? "tabs.active" : "tabs.inactive"))
        }
        if let tab = layout.complaintTabPosition {
            screen.put(ConsoleLayout.complaintTabLabel(state.agentLanguage), at: tab.x, bar.y,
                       style: state.theme.style(state.showingComplaint ? "tabs.active" : "tabs.inactive"))
        }
    }
}

extension ConsoleView {
    /// `shown` with its header drawn again from `state`: the frame `render(state)` would
    /// build when nothing but the header's numbers changed since `shown` was rendered (a
    /// pushed change that moved only counts), without building and diffing the rest. Nil
    /// where the header is not simply the top line under nothing: a screen too small, a
    /// mode drawn over the main screen, the supervisor's screen, another size.
    static func redrawingHeader(_ state: ConsoleState, over shown: Screen) -> Screen? {
        guard !state.tooSmall, state.screen != .supervisor, case .normal = state.mode,
              shown.width == max(1, state.width), shown.height == max(1, state.height) else { return nil }
        let layout = ConsoleLayout(width: state.width, height: state.height, tabs: state.usesTabs, focus: state.focus,
                                   language: state.agentLanguage, complaintTab: state.complaintTab)
        var screen = shown
        HeaderBar.render(state, rect: layout.header, into: &screen)
        return screen
    }
}

/// The top line: product, queue views with live counts, who is signed in, the clock.
enum HeaderBar {
    static func render(_ state: ConsoleState, rect: Rect, into screen: inout Screen) {
        let theme = state.theme
        screen.fill(rect, style: theme.style("header"))
        var x = rect.x
        x += screen.put(" paydesk ", at: x, rect.y, style: theme.style("header.brand"))
        let views = QueueView.counted(canViewAll: state.actor.role.can(.viewAllQueues))
        for view in views {
            let count = state.queue.counts[view].map { " \($0)" } ?? ""
            let label = " \(state.t(view.titleID))\(count) "
            guard x + DisplayWidth.of(label) < rect.maxX - 24 else { break }
            x += screen.put(label, at: x, rect.y, style: theme.style(view == state.queue.view ? "header.active" : "header"))
        }
        state.noteClockMinute()
        let right = "\(state.actor.login) (\(state.t(state.actor.role.titleID))) \(TimeText.hm(state.now)) "
        screen.put(right, at: rect.maxX - DisplayWidth.of(right), rect.y, style: theme.style("header"))
    }
}

/// The two bottom lines: the message or prompt, and the status bar with key hints (TermUI's
/// `StatusBar`: who, the pane, a connection problem, then the hints that fit).
enum StatusLine {
    static func render(_ state: ConsoleState, message: Rect, bar: Rect, into screen: inout Screen) {
        let theme = state.theme
        screen.fill(message, style: theme.style("base"))
        switch state.mode {
        case .filter(let prompt):
            let label = state.t(prompt.target == .transactions ? .promptTransactionFilter : .promptFilter)
            let x = screen.put(label, at: 0, message.y, style: theme.style("prompt"))
            prompt.field.draw(into: &screen, in: Rect(x: x, y: message.y, width: message.width - x, height: 1),
                                style: TextFieldStyle(text: theme.style("input"), placeholder: theme.style("input.placeholder")), focused: true)
            FilterPromptView.drawCandidates(state, prompt, above: message, into: &screen)
            if !prompt.errors.isEmpty {
                FilterPromptView.drawErrors(state, prompt, textX: x, message: message, bar: bar, into: &screen)
                return
            }
        case .palette(let prompt):
            let x = screen.put(":", at: 0, message.y, style: theme.style("prompt"))
            prompt.field.draw(into: &screen, in: Rect(x: x, y: message.y, width: message.width - x, height: 1),
                                style: TextFieldStyle(text: theme.style("input"), placeholder: theme.style("input.placeholder")), focused: true)
        default:
            if let status = state.status {
                let key = status.kind == .error ? "toast.error" : status.kind == .success ? "success" : "toast"
                // A message longer than the line ends in "…", so a cut refusal is seen as cut.
                let shown = DisplayWidth.truncate(TextSanitizer.clean(" " + status.shown), toWidth: message.width)
                screen.put(shown, at: 0, message.y, style: theme.style(key), maxWidth: message.width)
            }
        }
        let pane = state.showsRules ? state.t(.contextRules)
            : state.screen == .supervisor ? state.t(.paneSupervisor)
            : state.showingComplaint ? state.t(.paneComplaint)
            : state.ticket != nil && state.focus == .queue ? state.t(.paneTicket) : state.t(state.focus.titleID)
        var left = [StatusSegment(" \(state.actor.name) · \(state.t(state.actor.role.titleID)) · \(pane) ", style: theme.style("statusbar.key"))]
        if state.connectionProblem != nil {
            // Stays in sight for as long as it lasts, whatever else the message line says.
            left.append(StatusSegment(" \(state.t(.offline)) ", style: theme.style("statusbar.error")))
        }
        let used = left.reduce(0) { $0 + DisplayWidth.of(TextSanitizer.clean($1.text)) }
        left.append(StatusSegment(" " + fit(hints(state).map { state.t($0) }, width: bar.width - used - 1)))
        StatusBar(left: left, style: theme.style("statusbar")).draw(into: &screen, in: bar)
    }

    /// The footer's hints, most important first, from the key table (`KeyBinding.hint`):
    /// `fit` drops from the end what the bar has no room for, so a hint is shown whole or
    /// not at all.
    static func hints(_ state: ConsoleState) -> [MessageID] {
        state.hintBindings.compactMap(\.hint)
    }

    /// The hints that fit in `width` columns, joined; the most important come first in
    /// the list, so what is dropped is the least needed.
    static func fit(_ hints: [String], width: Int) -> String {
        var text = ""
        for hint in hints {
            let next = text.isEmpty ? hint : text + " · " + hint
            // Stop at the first that does not fit: a shorter, less important hint after it
            // would stand in for a more important one.
            guard DisplayWidth.of(next) <= width else { break }
            text = next
        }
        return text
    }
}
