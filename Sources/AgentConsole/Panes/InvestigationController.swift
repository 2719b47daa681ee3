import Foundation
import SupportAPI
import SupportCore
import SupportStore
import TermUI

/// What the investigation view's keys do (bound in `KeyMap` under "Investigation").
enum InvestigationAction: Equatable, Sendable {
    case move(Int)
    case page(Int)
    case jumpToCompromise
    case toggleChoice
    case flagChosen
    case appeal
    case toggleRules
    case close
}

// The investigation: opened from the account pane (`I`) or the stolen-account playbook's
// review step. Flagging goes through the store's flag service one transaction at a time
// (each audited); the appeal takes the compromise time, editable, and the flagged set.
extension ConsoleController {
    static let investigationPage = 150

    /// The appeal's questions: the time of compromise, by default the compromise point the
    /// detector found (it precedes the money that left), else the earliest flagged
    /// transaction, shown and editable; then why.
    func appealPrompt(_ view: InvestigationViewState) -> InvestigationViewState.Prompt {
        let flagged = Set(InvestigationView.appealReferences(view))
        let times = view.entries.compactMap { e in e.transaction.flatMap { flagged.contains($0.reference) ? e.at : nil } }
            + view.found.suspects.filter { flagged.contains($0.reference) }.map(\.at)
        let since = view.found.compromise?.at ?? times.min()
        return .appeal(time: TextField(text: since.map(TimeText.clock) ?? ""), reason: TextField(placeholder: state.t(.phWhyAudit)),
                       onTime: since == nil)
    }

    /// The playbook's appeal step: the investigation with the appeal's questions open.
    func openAppeal(playbookTicket: Int64) {
        openInvestigation(playbookTicket: playbookTicket)
        guard case .investigation(var view) = state.mode else { return }
        view.prompt = appealPrompt(view)
        state.mode = .investigation(view)
    }

    func openInvestigation(playbookTicket: Int64? = nil) {
        guard let customer = state.account.customer else { return warn(state.t(.msgSelectToInvestigate)) }
        perform {
            let found = try client.investigate(customerId: customer.id)
            var view = InvestigationViewState(customer: customer, found: found, playbookTicket: playbookTicket)
            view.chosen = Set(found.suspects.map(\.reference)).subtracting(found.alreadyFlagged)
            try loadAroundCompromise(&view)
            state.mode = .investigation(view)
            say(found.compromise == nil ? state.t(.msgNoCompromise) : state.t(.msgCompromiseMarked, String(view.chosen.count)))
        }
    }

    /// The window opens on the compromise point (else the newest entry), with a page each side.
    func loadAroundCompromise(_ view: inout InvestigationViewState) throws {
        let id = view.customer.id
        guard let point = view.found.compromise?.key else {
            view.entries = try client.accountTimeline(customerId: id, limit: Self.investigationPage)
            view.selected = 0
            return
        }
        let newer = try client.accountTimeline(customerId: id, newerThan: point, limit: Self.investigationPage)
        let fromPoint = try client.accountTimeline(customerId: id, olderThan: TimelineKey(at: point.at, rank: point.rank, rowId: point.rowId + 1),
                                                  limit: Self.investigationPage)
        view.entries = newer + fromPoint
        view.selected = newer.count
        // Newest first, so what followed the compromise is above it: keep that in sight.
        view.scroll = max(0, view.selected - InvestigationView.visibleRows(height: state.height) * 2 / 3)
    }
}

/// The investigation's behaviour (drawn by `InvestigationView`, state
/// `InvestigationViewState`): moving through the account's timeline (paged from the store
/// at either edge), choosing transactions, flagging them with a reason, the appeal's form.
struct InvestigationController: ModeController {
    let console: ConsoleController

    func handle(_ key: Key) -> Outcome {
        guard case .investigation(var view) = state.mode else { return .ignored }
        if view.prompt != nil { return handlePrompt(key, &view) }
        if view.showRules && !state.width.isWide { view.showRules = false; state.mode = .investigation(view); return .handled }
        guard let action = KeyMap.action(for: key, in: [.investigation]) else { return .handled }
        guard case .investigation(let a) = action else { return .run(action) }
        let rows = InvestigationView.visibleRows(height: state.height)
        perform {
            switch a {
            case .move(let delta): try moveInvestigation(&view, by: delta, rows: rows)
            case .page(let delta): try moveInvestigation(&view, by: delta * max(1, rows - 1), rows: rows)
            case .jumpToCompromise:
                try console.loadAroundCompromise(&view)
            case .toggleChoice:
                guard let tx = view.selectedEntry?.transaction else { return warn(state.t(.msgOnlyTransactions)) }
                if view.chosen.contains(tx.reference) { view.chosen.remove(tx.reference) } else { view.chosen.insert(tx.reference) }
                try moveInvestigation(&view, by: 1, rows: rows)
            case .flagChosen:
                let open = view.chosen.subtracting(view.found.alreadyFlagged)
                guard !open.isEmpty else { return warn(state.t(.msgNothingChosen)) }
                view.prompt = .flag(TextField(placeholder: state.t(.phWhyEach)))
            case .appeal:
                view.prompt = console.appealPrompt(view)
            case .toggleRules:
                // Wide screens show the rules beside the list already: say so, rather than
                // take the key and change nothing.
                if state.width.isWide { say(state.t(.msgRulesRight)) } else { view.showRules.toggle() }
            case .close:
                state.mode = .normal
                try console.followSelection(force: true)
                return
            }
            state.mode = .investigation(view)
        }
        return .handled
    }

    private func moveInvestigation(_ view: inout InvestigationViewState, by delta: Int, rows: Int) throws {
        let id = view.customer.id
        var target = view.selected + delta
        if target >= view.entries.count, let last = view.entries.last {
            view.entries += try client.accountTimeline(customerId: id, olderThan: last.key, limit: ConsoleController.investigationPage)
        }
        if target < 0, let first = view.entries.first {
            let newer = try client.accountTimeline(customerId: id, newerThan: first.key, limit: ConsoleController.investigationPage)
            view.entries = newer + view.entries
            target += newer.count
            view.scroll += newer.count
        }
        view.selected = max(0, min(view.entries.count - 1, target))
        if view.selected < view.scroll { view.scroll = view.selected }
        if view.selected >= view.scroll + rows { view.scroll = view.selected - rows + 1 }
    }

    private func handlePrompt(_ key: Key, _ view: inout InvestigationViewState) -> Outcome {
        defer { if case .investigation = state.mode { state.mode = .investigation(view) } }
        view.error = nil
        // Text goes to the focused field; the keys are KeyMap's "Flag reason" and "Appeal form".
        let context: KeyContext = if case .flag = view.prompt! { .flagReason } else { .appealForm }
        switch (view.prompt!, key.isText ? nil : KeyMap.action(for: key, in: [context])) {
        case (_, .help):
            return .run(.help)
        case (_, .mode(.cancel)):
            view.prompt = nil
            say(state.t(.msgCancelled))
        case (.flag(let reason), .mode(.confirm)):
            flagChosen(&view, reason: reason.text)
        case (.flag(var reason), _):
            _ = reason.handle(key)
            view.prompt = .flag(reason)
        case (.appeal(let time, let reason, let onTime), .mode(.nextFocus)):
            view.prompt = .appeal(time: time, reason: reason, onTime: !onTime)
        case (.appeal(let time, let reason, _), .mode(.confirm)):
            openAppeal(&view, time: time.text, reason: reason.text)
        case (.appeal(var time, var reason, let onTime), _):
            if onTime { _ = time.handle(key) } else { _ = reason.handle(key) }
            view.prompt = .appeal(time: time, reason: reason, onTime: onTime)
        }
        return .handled
    }

    private func flagChosen(_ view: inout InvestigationViewState, reason: String) {
        let references = view.entries.compactMap(\.transaction?.reference).filter(view.chosen.contains)
            + view.chosen.filter { ref in !view.entries.contains { $0.transaction?.reference == ref } }.sorted()
        let ticket = view.playbookTicket ?? console.securityTicket
        do {
            let result = try client.flagTransactions(references: references, reason: reason, ticket: ticket)
            if let number = view.playbookTicket {
                try client.recordPlaybookStep(ticket: number, playbook: "stolen-account", step: "review-activity", note: reason)
            }
            try console.refreshInvestigation(&view)
            view.prompt = nil
            let skipped = result.skipped.isEmpty ? "" : state.t(.msgFlagSkipped, String(result.skipped.count), result.skipped.values.first!)
            say(state.t(.msgFlaggedMany, String(result.flagged.count), skipped))
        } catch let error as StoreError {
            view.error = error.message
        } catch {
            view.error = "\(error)"
        }
    }

    private func openAppeal(_ view: inout InvestigationViewState, time: String, reason: String) {
        guard let at = ConsoleController.jakartaMinute(time) else {
            view.error = state.t(.msgTimeFormat)
            return
        }
        let references = InvestigationView.appealReferences(view)
        let ticket = view.playbookTicket ?? console.securityTicket
        do {
            let appeal = try client.openAppeal(customerId: view.customer.id, timeOfCompromise: at, suspiciousReferences: references,
                                              reason: reason, ticket: ticket)
            state.mode = .normal
            try console.followSelection(force: true)
            try console.afterTicketChange()
            if let number = view.playbookTicket, let book = Playbook.builtIn.first(where: { $0.key == "stolen-account" }) {
                try client.recordPlaybookStep(ticket: number, playbook: book.key, step: "open-appeal", note: reason)
                try console.showPlaybook(book, ticket: number, selected: (book.steps.firstIndex { $0.key == "open-appeal" } ?? 0) + 1)
            }
            say(state.t(.msgAppealOpenedAt, String(appeal.id), TimeText.clock(at), String(references.count)))
        } catch let error as StoreError {
            view.error = error.message
        } catch {
            view.error = "\(error)"
        }
    }
}

extension ConsoleController {
    /// Re-reads the findings and the visible window after a change (flags show as F).
    func refreshInvestigation(_ view: inout InvestigationViewState) throws {
        view.found = try client.investigate(customerId: view.customer.id)
        view.chosen.subtract(view.found.alreadyFlagged)
        let keep = view.selected
        try loadAroundCompromise(&view)
        view.selected = min(keep, max(0, view.entries.count - 1))
    }

    /// "2026-11-25 14:03" in Jakarta time, as the screen shows times.
    static func jakartaMinute(_ text: String) -> Date? {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = BusinessCalendar.jakarta
        f.dateFormat = "yyyy-MM-dd HH:mm"
        return f.date(from: text.trimmingCharacters(in: .whitespaces))
    }
}

private extension Int {
    /// Wide enough that the rules sit beside the timeline rather than in a box.
    var isWide: Bool { self >= 150 }
}
