import Foundation
import SupportAPI
import SupportCore
import SupportStore
import TermUI

/// A playbook's checklist on the open ticket; ticks are recorded on the ticket.
package struct PlaybookViewState {
    var playbook: Playbook
    var progress: [String: PlaybookStepRecord]
    var selected = 0
}

/// A playbook as a checklist over the ticket: done, skipped (with why) or to do.
enum PlaybookOverlay {
    static func render(_ state: ConsoleState, _ view: PlaybookViewState, into screen: inout Screen) {
        let theme = state.theme
        // Steps are instructions to the agent: in the agent's language, not the customer's.
        let language = state.agentLanguage
        let width = min(state.width - 4, 100)
        let height = min(state.height - 4, view.playbook.steps.count * 2 + 4)
        let rect = screen.bounds.centered(width: width, height: height)
        screen.fill(rect, style: theme.style("dialog"))
        screen.box(rect, style: theme.style("dialog.border"), title: state.t(.pbTitle, view.playbook.title.text(in: language)), border: .double)
        let inner = rect.inset(by: 1)
        var y = inner.y + 1
        for (i, step) in view.playbook.steps.enumerated() where y < inner.maxY {
            let record = view.progress[step.key]
            let mark = record.map { $0.outcome == "done" ? "[x]" : "[-]" } ?? "[ ]"
            let style = theme.style(i == view.selected ? "list.row.selected" : record == nil ? "dialog" : "muted")
            screen.put(DisplayWidth.pad(" \(mark) \(step.text.text(in: language))", toWidth: inner.width - 2), at: inner.x + 1, y,
                       style: style)
            y += 1
            if let record, y < inner.maxY {
                let detail = "      " + state.t(record.outcome == "done" ? .pbDoneBy : .pbSkippedBy, record.by, TimeText.clock(record.at)) + (record.note.map { " — \($0)" } ?? "")
                screen.put(detail, at: inner.x + 1, y, style: theme.style("muted"), maxWidth: inner.width - 2)
                y += 1
            }
        }
    }
}

/// The checklist's behaviour (keys: KeyMap's "Playbook"): choose a step, tick it (a step
/// that is a security action runs it, with its own confirmation), skip it with a reason,
/// open the investigation from the stolen-account playbook.
struct PlaybookController: ModeController {
    let console: ConsoleController

    /// Playbook steps that are security actions run the action itself when ticked.
    static let stepActions: [String: AccountSecurityAction] = [
        "freeze": .freeze, "revoke-sessions": .revokeSessions, "force-reset": .forceCredentialReset,
        "open-appeal": .openAppeal, "two-factor": .requireTwoFactor,
    ]

    func handle(_ key: Key) -> Outcome {
        guard case .playbook(var view) = state.mode else { return .ignored }
        guard let number = console.targetTicket?.number else { state.mode = .normal; return .handled }
        switch KeyMap.action(for: key, in: [.playbook]) {
        case .help: return .run(.help)
        case .mode(.cancel):
            state.mode = .normal
            return .handled
        case .mode(.next): view.selected = min(view.playbook.steps.count - 1, view.selected + 1)
        case .mode(.investigate):
            guard view.playbook.key == "stolen-account" else { warn(state.t(.msgInvestigateStolenOnly)); break }
            console.openInvestigation(playbookTicket: number)
            return .handled
        case .mode(.previous): view.selected = max(0, view.selected - 1)
        case .mode(.done):
            let step = view.playbook.steps[view.selected]
            // A step that is a security action runs it (with its own confirmation).
            if view.playbook.key == "stolen-account", view.progress[step.key] == nil {
                // The appeal asks its time of compromise in the investigation view, where
                // the flagged transactions it defaults to are in sight.
                if step.key == "open-appeal" { console.openAppeal(playbookTicket: number); return .handled }
                if let kind = Self.stepActions[step.key] { console.askSecurityAction(kind, playbookStep: step.key); return .handled }
            }
            console.recordStep(step, of: view.playbook, ticket: number, at: view.selected)
            return .handled
        case .mode(.skip):
            let step = view.playbook.steps[view.selected]
            state.mode = .dialog(DialogState(title: state.t(.dlgSkipTitle), lines: [step.text.text(in: state.agentLanguage), state.t(.dlgSkipEffect)],
                                             danger: false, input: TextField(placeholder: state.t(.phWhySkip)),
                                             inputLabel: state.t(.labelReason), confirm: .skipStep(step.key)))
            return .handled
        default:
            break
        }
        state.mode = .playbook(view)
        return .handled
    }
}

extension ConsoleController {
    func openPlaybook(_ number: Int64) {
        perform {
            let ticket = try client.ticket(number: number)
            guard let playbook = Playbook.applicable(to: ticket.category, subcategory: ticket.subcategory, in: (try? client.playbooks()) ?? []).first else {
                return warn(state.t(.msgNoPlaybook, ticket.category.rawValue + "/" + ticket.subcategory))
            }
            if state.ticket?.ticket.number != number { try openTicket(number: number) }
            // Start at the first step not yet done or skipped.
            let done = Set(try client.playbookProgress(ticket: number, playbook: playbook.key).map(\.step))
            try showPlaybook(playbook, ticket: number, selected: playbook.steps.firstIndex { !done.contains($0.key) } ?? 0)
        }
    }

    func showPlaybook(_ playbook: Playbook, ticket number: Int64, selected: Int) throws {
        let records = try client.playbookProgress(ticket: number, playbook: playbook.key)
        state.mode = .playbook(PlaybookViewState(playbook: playbook,
                                                 progress: Dictionary(uniqueKeysWithValues: records.map { ($0.step, $0) }),
                                                 selected: selected))
    }

    /// Ticks a step; one that records a finding and has none yet asks for it instead.
    func recordStep(_ step: PlaybookStep, of playbook: Playbook, ticket number: Int64, at index: Int, note: String? = nil) {
        do {
            try client.recordPlaybookStep(ticket: number, playbook: playbook.key, step: step.key, note: note)
            try afterTicketChange()
            try showPlaybook(playbook, ticket: number, selected: min(playbook.steps.count - 1, index + 1))
            say(state.t(.msgStepDone, step.text.text(in: state.agentLanguage)))
        } catch let error as StoreError where error.kind == .invalid && step.result != nil && note == nil {
            state.mode = .dialog(DialogState(title: step.text.text(in: state.agentLanguage),
                                             lines: [state.t(.dlgFindingNone), state.t(.dlgFindingFlag)],
                                             danger: false, input: TextField(placeholder: state.t(.phFindingNone)),
                                             inputLabel: state.t(.labelReason), confirm: .stepFinding(step.key)))
        } catch {
            perform { throw error }
        }
    }

    /// The finding typed for a step that needs one ("none suspicious: …").
    func recordFinding(_ stepKey: String, note: String) {
        guard let number = targetTicket?.number, let (playbook, index) = playbookOf(number, step: stepKey) else { return }
        recordStep(playbook.steps[index], of: playbook, ticket: number, at: index, note: note)
    }

    /// Back to the checklist at `stepKey` after a step's dialog is closed with Esc.
    func returnToPlaybook(at stepKey: String) {
        guard let number = targetTicket?.number, let (playbook, index) = playbookOf(number, step: stepKey) else { return }
        perform { try showPlaybook(playbook, ticket: number, selected: index) }
    }

    private func playbookOf(_ number: Int64, step: String) -> (Playbook, Int)? {
        guard let ticket = try? client.ticket(number: number),
              let playbook = Playbook.applicable(to: ticket.category, subcategory: ticket.subcategory, in: (try? client.playbooks()) ?? []).first,
              let index = playbook.steps.firstIndex(where: { $0.key == step }) else { return nil }
        return (playbook, index)
    }

    func skipStep(_ step: String, reason: String) {
        guard let number = targetTicket?.number,
              let ticket = try? client.ticket(number: number),
              let playbook = Playbook.applicable(to: ticket.category, subcategory: ticket.subcategory, in: (try? client.playbooks()) ?? []).first
        else { return }
        perform {
            try client.recordPlaybookStep(ticket: number, playbook: playbook.key, step: step, skipped: true, note: reason)
            try afterTicketChange()
            let index = playbook.steps.firstIndex { $0.key == step } ?? 0
            try showPlaybook(playbook, ticket: number, selected: min(playbook.steps.count - 1, index + 1))
            say(state.t(.msgSkipped))
        }
    }
}
