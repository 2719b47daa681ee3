import Foundation
import SupportCore
import SupportStore
import TermUI

/// The stolen-account investigation of one customer: the merged timeline, the
/// compromise point with its one-line reason, and the suspect transactions after it,
/// pre-selected for one flag-all. State and drawing live here; what the keys do lives in
/// `InvestigationController`.
package struct InvestigationViewState {
    /// A question the view asks in its own box: why flag, or the appeal's time and reason.
    enum Prompt {
        case flag(TextField)
        case appeal(time: TextField, reason: TextField, onTime: Bool)
    }

    var customer: Customer
    var found: Investigation
    /// A window of the timeline, newest first; paged by key at either edge.
    var entries: [TimelineEntry] = []
    var selected = 0
    var scroll = 0
    /// Transactions chosen for flagging: the suspects at first; Space changes it.
    var chosen: Set<String> = []
    var showRules = false
    var prompt: Prompt?
    var error: String?
    /// Opened from the stolen-account playbook: flagging and the appeal tick its steps.
    var playbookTicket: Int64?

    var suspects: [String: SuspectTransaction] {
        Dictionary(found.suspects.map { ($0.reference, $0) }, uniquingKeysWith: { a, _ in a })
    }
    var selectedEntry: TimelineEntry? { entries.indices.contains(selected) ? entries[selected] : nil }
}

enum InvestigationView {
    static func render(_ state: ConsoleState, _ view: InvestigationViewState, into screen: inout Screen) {
        let theme = state.theme
        let area = Rect(x: 0, y: 1, width: state.width, height: state.height - 3)
        let wide = area.width >= 150
        let parts = wide ? area.splitHorizontally([.flex(1), .fixed(56)]) : [area]
        let chrome = PaneChrome(rect: parts[0], focused: true, theme: theme)
        chrome.drawFrame(into: &screen, title: state.t(.invTitle, view.customer.walletId, TextSanitizer.clean(view.customer.name)))
        var row = 0
        func say(_ text: String, _ style: String) {
            chrome.line(into: &screen, TextSanitizer.clean(text), row: row, style: theme.style(style), indent: 1)
            row += 1
        }
        if let point = view.found.compromise {
            // The reason is the point of the view: two lines rather than a cut-off one.
            let text = TextSanitizer.clean("» " + state.t(.invCompromised, TimeText.clock(point.at), point.line))
            for line in Wrap.lines(text, width: max(10, chrome.inner.width - 2)).prefix(2) { say(line, "sla.breached") }
            say("  \(point.arithmetic)  ·  " + state.t(.invJump), "warning")
        } else {
            say(state.t(.invNoPoint, TimeText.day(view.found.since), String(view.found.rules[.markThreshold])), "success")
            say("  " + (view.found.report.notes.last.map { state.t(.invLastOddity, TimeText.clock($0.at), $0.line) } ?? state.t(.invNothingUnusual)), "muted")
        }
        let flagged = view.found.alreadyFlagged.count
        say(state.t(.invChosen, String(view.chosen.count), String(view.found.suspects.count)) + (flagged > 0 ? state.t(.invAlreadyFlagged, String(flagged)) : "") + " · " + state.t(.invKeys), "pane")
        drawTimeline(state, view, chrome: chrome, top: row + 1, into: &screen)
        if wide { drawSide(state, view, rect: parts[1], into: &screen) } else if view.showRules {
            drawRulesBox(state, view, into: &screen)
        }
        if let prompt = view.prompt { drawPrompt(state, view, prompt, into: &screen) }
    }

    static func columns(width: Int, _ l: ContentLanguage = .en) -> [TableColumn] {
        InvestigationColumn.table(InvestigationColumn.allCases, width: width, language: l)
    }

    /// Rows visible in the timeline at this size (for paging).
    static func visibleRows(height: Int) -> Int { max(1, height - 3 - 2 - 5) }

    static func drawTimeline(_ state: ConsoleState, _ view: InvestigationViewState, chrome: PaneChrome, top: Int,
                             into screen: inout Screen) {
        let theme = state.theme
        let columns = columns(width: chrome.inner.width, state.agentLanguage)
        let narrow = InvestigationColumn.narrow(chrome.inner.width)
        chrome.drawHeader(into: &screen, columns, y: chrome.inner.y + top)
        let visible = chrome.inner.height - top - 1
        let suspects = view.suspects
        let notes = Dictionary(view.found.report.notes.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        for (i, e) in view.entries.enumerated().dropFirst(view.scroll).prefix(max(0, visible)) {
            let y = chrome.inner.y + top + 1 + i - view.scroll
            let ref = e.transaction?.reference
            var mark = " "
            // Narrow rows keep what tells money apart: amount and counterparty, then why.
            var detail = e.transaction.map { tx in
                narrow ? "\(Money.formatSigned(tx.signedAmount, currency: tx.currency)) \(tx.counterparty)" : e.detail
            } ?? e.detail
            var style = "list.row"
            if e.key == view.found.compromise?.key {
                mark = "»"; style = "sla.breached"
                detail = view.found.compromise!.line
            } else if let ref, e.transaction?.flagged == true {
                mark = "F"; style = "warning"
                if let s = suspects[ref] { detail += " — " + s.reasons.joined(separator: "; ") }
            } else if let ref, view.chosen.contains(ref) {
                mark = "■"; style = "warning"
                if let s = suspects[ref] { detail += " — " + s.reasons.joined(separator: "; ") }
            } else if let ref, suspects[ref] != nil {
                mark = "□"
                detail += " — " + suspects[ref]!.reasons.joined(separator: "; ")
            } else if let note = notes[e.key] {
                mark = "·"; style = "muted"
                detail = note.line
            } else if e.kind == .loginFailed {
                style = "warning"
            }
            let time = narrow ? TimeText.short(e.at) : TimeText.clock(e.at)
            let cells = narrow ? [mark, time, e.kind.noun, e.place ?? "", detail]
                : [mark, time, e.kind.noun, e.device ?? "", e.place ?? "", e.ip ?? "", e.actor, detail]
            let rowStyle = i == view.selected ? chrome.rowStyle(selected: true) : theme.style(style)
            chrome.drawCells(into: &screen, cells, columns: columns, y: y, style: rowStyle)
        }
        if view.entries.isEmpty {
            chrome.line(into: &screen, state.t(.invNoActivity), row: top + 1, style: theme.style("muted"), indent: 1)
        }
    }

    /// At 150 columns and wider: the rules and the oddities below the mark beside the timeline.
    static func drawSide(_ state: ConsoleState, _ view: InvestigationViewState, rect: Rect, into screen: inout Screen) {
        let chrome = PaneChrome(rect: rect, focused: false, theme: state.theme)
        chrome.drawFrame(into: &screen, title: state.t(.invRulesTitle))
        var row = 0
        for line in ruleLines(view.found.rules, state) {
            chrome.line(into: &screen, line, row: row, style: state.theme.style("pane"), indent: 1)
            row += 1
        }
        row += 1
        chrome.line(into: &screen, state.t(.invBelowMark), row: row, style: state.theme.style("section"), indent: 1)
        row += 1
        for note in view.found.report.notes.suffix(max(0, chrome.inner.height - row)) {
            chrome.line(into: &screen, TextSanitizer.clean("\(TimeText.short(note.at)) \(note.line)"), row: row,
                        style: state.theme.style("muted"), indent: 1)
            row += 1
        }
    }

    static func ruleLines(_ rules: DetectionRules, _ state: ConsoleState) -> [String] {
        DetectionSignal.allCases.map { s in
            "\(String(rules.weight(s)).leftPad(2)) \(s.rawValue.replacingOccurrences(of: "_", with: " "))"
        } + [state.t(.invThresholds, String(rules[.markThreshold]), String(rules[.selectThreshold]), String(rules[.baselineDays]))]
    }

    static func drawRulesBox(_ state: ConsoleState, _ view: InvestigationViewState, into screen: inout Screen) {
        let lines = ruleLines(view.found.rules, state)
        let rect = screen.bounds.centered(width: min(state.width - 4, 60), height: lines.count + 3)
        screen.fill(rect, style: state.theme.style("dialog"))
        screen.box(rect, style: state.theme.style("dialog.border"), title: state.t(.invRulesBox), border: .double)
        for (i, line) in lines.enumerated() {
            screen.put(line, at: rect.x + 2, rect.y + 1 + i, style: state.theme.style("dialog"), maxWidth: rect.width - 4)
        }
    }

    static func drawPrompt(_ state: ConsoleState, _ view: InvestigationViewState, _ prompt: InvestigationViewState.Prompt,
                           into screen: inout Screen) {
        let theme = state.theme
        let width = min(state.width - 4, 76)
        let rect = screen.bounds.centered(width: width, height: 8)
        let base = theme.style("dialog")
        screen.fill(rect, style: base)
        let fieldStyle = TextFieldStyle(text: theme.style("input"), placeholder: theme.style("input.placeholder"))
        func field(_ label: String, _ f: TextField, y: Int, focused: Bool) {
            let x = rect.x + 2 + screen.put(label, at: rect.x + 2, y, style: base.bolded())
            f.draw(into: &screen, in: Rect(x: x, y: y, width: rect.maxX - 2 - x, height: 1), style: fieldStyle, focused: focused)
        }
        switch prompt {
        case .flag(let reason):
            screen.box(rect, style: theme.style("dialog.border"), title: state.t(.invFlagTitle, String(view.chosen.count)), border: .double)
            screen.put(state.t(.invFlagEach), at: rect.x + 2, rect.y + 1, style: base, maxWidth: width - 4)
            field(state.t(.labelReason) + ": ", reason, y: rect.y + 3, focused: true)
        case .appeal(let time, let reason, let onTime):
            let count = appealReferences(view).count
            screen.box(rect, style: theme.style("dialog.border"), title: state.t(.invAppealTitle), border: .double)
            screen.put(state.t(.invAppealWith, String(count)), at: rect.x + 2, rect.y + 1, style: base, maxWidth: width - 4)
            field(state.t(.invCompromisedAt) + ": ", time, y: rect.y + 3, focused: onTime)
            field(state.t(.labelReason) + ": ", reason, y: rect.y + 4, focused: !onTime)
        }
        if let error = view.error { screen.put(error, at: rect.x + 2, rect.y + 5, style: theme.style("toast.error"), maxWidth: width - 4) }
        // The prompt's keys, from the key table as the footer's ("Flag reason", "Appeal form").
        let context: KeyContext = if case .flag = prompt { .flagReason } else { .appealForm }
        screen.put(KeyMap.hintLine(in: [context], state), at: rect.x + 2, rect.maxY - 2, style: base.dimmed(), maxWidth: width - 4)
    }

    /// The appeal's transactions: every flagged one the view knows from the compromise on.
    static func appealReferences(_ view: InvestigationViewState) -> [String] {
        var refs = view.found.alreadyFlagged
        for e in view.entries.reversed() {
            if let tx = e.transaction, tx.flagged, !refs.contains(tx.reference),
               e.key.at >= (view.found.compromise?.key.at ?? 0) { refs.append(tx.reference) }
        }
        return refs
    }
}

private extension String {
    func leftPad(_ width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}

/// The investigation timeline's columns. Below 110 columns it keeps what tells entries
/// apart (a short time, what, where, the detail); wider, the device, IP and who as well.
enum InvestigationColumn: ListColumn, CaseIterable {
    case mark, shortTime, time, what, device, place, ip, by, detail

    static func narrow(_ paneWidth: Int) -> Bool { paneWidth < 110 }

    func heading(_ language: ContentLanguage) -> String {
        let id: MessageID? = switch self {
        case .mark: nil
        case .shortTime: .colTimeLabel
        case .time: .invTimeJakarta
        case .what: .invWhat
        case .device: .invDevice
        case .place: .invPlace
        case .ip: nil
        case .by: .invBy
        case .detail: .invDetail
        }
        return self == .ip ? "IP" : id.map { Catalogue.text($0, language) } ?? ""
    }

    func width(in paneWidth: Int) -> Int? {
        let narrow = Self.narrow(paneWidth)
        return switch self {
        case .mark: 1
        case .shortTime: narrow ? 11 : nil
        case .time: narrow ? nil : 16
        case .what: narrow ? 14 : 16
        case .device: narrow ? nil : 20
        case .place: narrow ? 12 : 16
        case .ip: narrow ? nil : 15
        case .by: narrow ? nil : 8
        case .detail: 0
        }
    }

    var alignment: Alignment { .left }
}
