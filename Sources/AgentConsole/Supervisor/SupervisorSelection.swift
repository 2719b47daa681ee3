import Foundation
import SupportAPI
import SupportCore
import SupportStore
import TermUI

// Multi-select in the queue and bulk changes on the selection. The ticket commands
// (`:give`, `:status`, `:priority`, `:tag`, `:note`, `:macro`, `:release`, `:claim`) act
// on the selection when one exists and no ticket is open, after a confirmation.
extension ConsoleController {
    func runSelection(_ action: SupervisorAction) {
        guard state.actor.role.can(.bulkActions) else { return warn(state.t(.msgSelectForSupervisors)) }
        let window = state.queue.window
        switch action {
        case .toggleSelect:
            guard state.ticket == nil, let row = window.selectedRow else { return warn(state.t(.msgSelectQueueRows)) }
            if state.supervisor.selection.removeValue(forKey: row.number) == nil {
                state.supervisor.selection[row.number] = row.version
            }
            state.supervisor.anchor = window.selected
            update(.moveDown)
            say(selectionText)
        case .selectRange:
            guard state.ticket == nil, let anchor = state.supervisor.anchor else {
                return warn(state.t(.msgMarkRange))
            }
            for i in min(anchor, window.selected)...max(anchor, window.selected) {
                if let row = window.row(at: i) { state.supervisor.selection[row.number] = row.version }
            }
            state.supervisor.anchor = window.selected
            say(selectionText)
        case .selectAll:
            // Numbers and versions only: the marks need nothing else of the rows.
            perform {
                let rows = try client.queueTicketVersions(queueSpec, limit: Self.selectAllLimit)
                for row in rows { state.supervisor.selection[row.number] = row.version }
                if window.total > rows.count {
                    warn(state.t(.msgSelectedFirst, String(rows.count), String(window.total)))
                } else {
                    say(selectionText)
                }
            }
        case .clearSelection:
            state.supervisor.selection = [:]
            state.supervisor.anchor = nil
            say(state.t(.msgSelectionCleared))
        case .bulkMenu:
            guard !state.supervisor.selection.isEmpty else {
                return warn(state.t(.msgSelectFirst))
            }
            state.mode = .palette(PalettePrompt(field: TextField(
                placeholder: state.t(.phBulk, String(state.supervisor.selection.count)))))
        case .runBulk(let change):
            runBulk(change)
        case .dismiss:
            break
        default:
            break
        }
    }

    static let selectAllLimit = 1_000

    var selectionText: String {
        let n = state.supervisor.selection.count
        return n == 0 ? state.t(.msgNothingSelected) : n == 1 ? state.t(.msgSelectedOne) : state.t(.msgSelectedCount, String(n))
    }

    /// A ticket command while tickets are selected: confirm, then run it on all of them.
    func askBulk(_ action: Action) {
        let change: BulkChange
        switch action {
        case .claim: change = .assign(state.actor.login)
        case .release: change = .assign(nil)
        case .give(let login): change = .assign(login)
        case .setStatus(let s): change = .status(s)
        case .setPriority(let p): change = .priority(p)
        case .tag(let spec):
            let edit = TagEdit(parsing: spec)
            change = .tag(add: edit.add, remove: edit.remove)
        case .note(let text): change = .note(text)
        case .applyMacro(let key): change = .macro(key)
        default: return warn(state.t(.msgOneTicketCommand))
        }
        let numbers = state.supervisor.selection.keys.sorted()
        let shown = numbers.prefix(12).map { TicketNumber.format($0) }.joined(separator: " ") + (numbers.count > 12 ? " …" : "")
        let finishing: Bool
        if case .status(let s) = change { finishing = s == .solved || s == .closed } else { finishing = false }
        state.mode = .dialog(DialogState(
            title: numbers.count == 1 ? state.t(.dlgBulkTitleOne, change.summary) : state.t(.dlgBulkTitle, change.summary, String(numbers.count)),
            lines: [shown,
                    state.t(.dlgBulkOne), state.t(.dlgBulkTwo)],
            danger: finishing, input: nil, inputLabel: nil, confirm: .supervisor(.runBulk(change))))
    }

    private func runBulk(_ change: BulkChange) {
        let targets = state.supervisor.selection.sorted { $0.key < $1.key }.map { BulkTarget(number: $0.key, version: $0.value) }
        perform {
            let outcome = try client.bulk(change, tickets: targets, locale: macroLanguage)
            state.supervisor.lastBulk = outcome
            state.supervisor.selection = [:]
            state.supervisor.anchor = nil
            try afterTicketChange()
            if state.screen == .supervisor { refreshSupervisor() }
            var lines = [state.t(.msgBulkChanged, outcome.applied.isEmpty ? state.t(.msgNone) : outcome.applied.map { TicketNumber.format($0.number) }.joined(separator: " "))]
            lines += outcome.refused.prefix(8).map { state.t(.msgBulkRefused, TicketNumber.format($0.number), $0.reason) }
            if outcome.refused.count > 8 { lines.append(state.t(.msgMoreRefused, String(outcome.refused.count - 8))) }
            state.mode = .dialog(DialogState(title: state.t(.dlgBulkDone, String(outcome.applied.count), String(outcome.refused.count)),
                                             lines: lines, danger: false, input: nil, inputLabel: nil, confirm: .supervisor(.dismiss), readOnly: true))
            if outcome.refused.isEmpty { say(outcome.summary) } else { warn(outcome.summary) }
        }
    }
}
