import Foundation
import SupportAPI
import SupportCore
import SupportStore
import TermUI

/// The `/` prompt's state: the text, its parse errors, history and completion.
package struct FilterPrompt {
    var target: PaneID
    var field: TextField
    /// Every problem in the text as typed, each with its place (empty when it parses).
    var errors: [QueryError] = []
    var historyIndex: Int?
    /// Tab's choices when there is more than one, listed above the prompt (k9s style).
    var candidates: [String] = []
}

/// The `/` filter prompt's behaviour (drawn by `FilterPromptView`): it re-parses as the agent
/// types, so each error sits under its term; Tab completes, ↑↓ walk the history, Enter
/// applies (`update`'s `applyFilter`, which the `F` form and the palette use too).
struct FilterPromptController: ModeController {
    let console: ConsoleController

    func handle(_ key: Key) -> Outcome {
        guard case .filter(var prompt) = state.mode else { return .ignored }
        switch key.isText ? nil : KeyMap.action(for: key, in: [.filterPrompt]) {
        case .help: return .run(.help)
        case .mode(.cancel):
            state.mode = .normal
            return .handled
        case .mode(.confirm):
            prompt.errors = problems(prompt.field.text, for: prompt.target)
            guard prompt.errors.isEmpty else {
                state.mode = .filter(prompt)
                return .handled
            }
            state.mode = .normal
            return .run(.applyFilter(prompt.target, prompt.field.text))
        case .mode(let step) where step == .previous || step == .next:
            let history = state.filterHistory
            guard !history.isEmpty else { break }
            var i = prompt.historyIndex ?? history.count
            i = step == .previous ? max(0, i - 1) : min(history.count, i + 1)
            prompt.historyIndex = i
            prompt.field.text = i < history.count ? history[i] : ""
        case .mode(.complete):
            let cursor = prompt.field.cursor
            let completion = QueryCompletion.suggest(input: prompt.field.text, cursor: cursor, schema: console.schema(for: prompt.target),
                                                     logins: console.agentLogins)
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
            return .handled
        default:
            prompt.field.handle(key)
        }
        // Re-parse as the agent types, so each error sits under its term right away.
        prompt.errors = problems(prompt.field.text, for: prompt.target)
        prompt.candidates = []
        state.mode = .filter(prompt)
        return .handled
    }

    private func problems(_ text: String, for pane: PaneID) -> [QueryError] { console.problems(text, for: pane) }
}

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
                let count = state.transactions.totals.count
                say(text.isEmpty ? state.t(.msgTxFilterCleared)
                    : count == 1 ? state.t(.msgTxMatchOne) : state.t(.msgTxMatch, String(count)))
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
}
