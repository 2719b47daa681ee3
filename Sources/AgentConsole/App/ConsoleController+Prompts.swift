import Foundation
import SupportAPI
import SupportCore
import SupportStore
import TermUI

// The `/` filter prompt, the `:` command palette and the mouse.
extension ConsoleController {
    func startFilter() {
        let target: PaneID = state.focus == .transactions ? .transactions : .queue
        let current = target == .queue ? state.queue.filterText : state.transactions.filterText
        var field = TextField(placeholder: target == .queue
                              ? "status:open prio:p1,p2 cat:security assignee:me sla:breached age:>2h words"
                              : "date:7d type:payment,topup status:failed amount:>=100000 cp:tokopedia")
        field.text = current
        state.mode = .filter(FilterPrompt(target: target, field: field))
    }

    var agentLogins: [String] { (try? client.agents(includeDisabled: false).map(\.login)) ?? [] }

    func schema(for pane: PaneID) -> QuerySchema { pane == .transactions ? .transactions : .tickets }

    func parse(_ text: String, for pane: PaneID) throws(QueryError) -> Query {
        try QueryParser.parse(text, schema: schema(for: pane), now: client.now(), timeZone: TimeText.zone)
    }

    func problems(_ text: String, for pane: PaneID) -> [QueryError] {
        QueryParser.problems(text, schema: schema(for: pane), now: client.now(), timeZone: TimeText.zone)
    }

    func handleFilterKey(_ key: Key, _ prompt: inout FilterPrompt) {
        switch key.isText ? nil : KeyMap.action(for: key, in: [.filterPrompt]) {
        case .help: return update(.help)
        case .mode(.cancel):
            state.mode = .normal
            return
        case .mode(.confirm):
            prompt.errors = problems(prompt.field.text, for: prompt.target)
            guard prompt.errors.isEmpty else {
                state.mode = .filter(prompt)
                return
            }
            state.mode = .normal
            update(.applyFilter(prompt.target, prompt.field.text))
            return
        case .mode(let step) where step == .previous || step == .next:
            let history = state.filterHistory
            guard !history.isEmpty else { break }
            var i = prompt.historyIndex ?? history.count
            i = step == .previous ? max(0, i - 1) : min(history.count, i + 1)
            prompt.historyIndex = i
            prompt.field.text = i < history.count ? history[i] : ""
        case .mode(.complete):
            let cursor = prompt.field.cursor
            let completion = QueryCompletion.suggest(input: prompt.field.text, cursor: cursor, schema: schema(for: prompt.target),
                                                     logins: agentLogins)
            // One candidate completes; several complete their common prefix (like a shell).
            let pick = completion.candidates.count == 1 ? completion.candidates[0] : completion.commonPrefix
            if !pick.isEmpty {
                let applied = completion.applying(pick, to: prompt.field.text)
                prompt.field.text = applied.text
                prompt.field.cursor = applied.cursor
            }
            prompt.candidates = completion.candidates.count > 1 ? completion.candidates : []
            prompt.errors = problems(prompt.field.text, for: prompt.target)
            state.mode = .filter(prompt)
            return
        default:
            prompt.field.handle(key)
        }
        // Re-parse as the agent types, so each error sits under its term right away.
        prompt.errors = problems(prompt.field.text, for: prompt.target)
        prompt.candidates = []
        state.mode = .filter(prompt)
    }

    func applyFilter(_ pane: PaneID, _ text: String) {
        let query: Query
        do throws(QueryError) { query = try parse(text, for: pane) } catch {
            return warn(state.t(.msgFilterNotApplied, error.description))
        }
        if !text.isEmpty && state.filterHistory.last != text {
            state.filterHistory.append(text)
            if state.filterHistory.count > 50 { state.filterHistory.removeFirst() }
        }
        perform {
            if pane == .transactions {
                state.transactions.filterText = text
                state.transactions.query = query
                state.transactions.filterKept = false
                try reloadTransactions(resetToTop: true)
                say(text.isEmpty ? state.t(.msgTxFilterCleared) : state.t(.msgTxMatch, String(state.transactions.totals.count)))
            } else {
                state.queue.filterText = text
                state.queue.query = query
                state.ticket = nil
                try reloadQueue(resetToTop: true)
                if text.isEmpty {
                    say(state.t(.msgQueueFilterCleared))
                } else if state.queue.window.total == 0 {
                    // Nothing here: say whether the widest view has it, so the agent knows to switch.
                    let widest: QueueView = state.actor.role.can(.viewAllQueues) ? .all : .unassigned
                    let elsewhere = try client.queueCount(QueueSpec(view: widest, query: query, actor: state.actor))
                    say(elsewhere > 0 ? state.t(.msgMatchElsewhere, state.t(state.queue.view.titleID), String(elsewhere), state.t(widest.titleID), widest.rawValue)
                                      : state.t(.msgNoTicketsMatch))
                } else {
                    say(state.t(.msgTicketsMatch, String(state.queue.window.total)))
                }
            }
        }
    }

    func handlePaletteKey(_ key: Key, _ prompt: inout PalettePrompt) {
        let suggestions = CommandPalette.suggestions(for: prompt.field.text, role: state.actor.role)
        switch key.isText ? nil : KeyMap.action(for: key, in: [.palette]) {
        case .help: return update(.help)
        case .mode(.cancel):
            state.mode = .normal
            return
        case .mode(.confirm):
            state.mode = .normal
            let text = prompt.field.text.trimmingCharacters(in: .whitespaces)
            let chosen = text.isEmpty || (!suggestions.isEmpty && !CommandPalette.isComplete(text))
                ? suggestions[safe: prompt.selected]?.name ?? text : text
            switch CommandPalette.parse(chosen, language: state.agentLanguage) {
            case .success(let action): update(action)
            case .failure(let error): warn(error.message)
            }
            return
        case .mode(.next): prompt.selected = min(max(0, suggestions.count - 1), prompt.selected + 1)
        case .mode(.previous): prompt.selected = max(0, prompt.selected - 1)
        case .mode(.complete):
            if let s = suggestions[safe: prompt.selected] {
                prompt.field.text = s.name + (s.takesArgument ? " " : "")
                prompt.field.cursor = prompt.field.text.count
                prompt.selected = 0
            }
        default:
            prompt.field.handle(key)
            prompt.selected = 0
        }
        state.mode = .palette(prompt)
    }

    func handleMouse(_ m: MouseEvent) {
        guard case .normal = state.mode else { return }
        let layout = ConsoleLayout(width: state.width, height: state.height, tabs: state.usesTabs, focus: state.focus,
                                   language: state.agentLanguage, complaintTab: state.complaintTab)
        if layout.complaintTabHit(x: m.x, y: m.y) {
            state.focus = .queue
            state.ticket?.showsComplaint = true
            return
        }
        if let tab = layout.tabHit(x: m.x, y: m.y) {
            state.focus = tab
            if tab == .queue { state.ticket?.showsComplaint = false }
            return
        }
        guard let pane = layout.pane(atX: m.x, y: m.y), let rect = layout.rect(for: pane) else { return }
        switch m.button {
        case .wheelUp:
            state.focus = pane
            update(.moveUp)
        case .wheelDown:
            state.focus = pane
            update(.moveDown)
        case .left:
            state.focus = pane
            // Row 0 is the border, row 1 the column header.
            let row = m.y - rect.y - 2
            guard row >= 0 else { return }
            perform {
                switch pane {
                case .queue where state.ticket == nil:
                    try state.queue.window.select(state.queue.window.scroll + row, queueSource)
                    try followSelection()
                case .transactions:
                    if let source = transactionSource {
                        try state.transactions.window.select(state.transactions.window.scroll + row, source)
                    }
                default: break
                }
            }
        default:
            break
        }
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
