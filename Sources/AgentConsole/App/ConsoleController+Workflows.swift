import Foundation
import SupportAPI
import SupportCore
import SupportStore
import TermUI

// Macros, playbooks, escalation, links and merges, and the external editor.
extension ConsoleController {
    func runWorkflow(_ action: Action) {
        if case .applyMacro = action, state.ticket == nil, !state.supervisor.selection.isEmpty { return askBulk(action) }
        guard let target = targetTicket else { return warn(state.t(.msgNoTicketSelected)) }
        let n = TicketNumber.format(target.number)
        switch action {
        case .escalate(let reason):
            perform {
                let t = try client.escalate(ticket: target.number, reason: reason, expecting: target.version)
                try afterTicketChange()
                say(state.t(.msgEscalated, n, t.priority.rawValue))
            }
        case .link(let other, let kind):
            perform {
                try client.link(ticket: target.number, to: other, kind: kind)
                try afterTicketChange()
                say(state.t(kind == .duplicateOf ? .msgDuplicateOf : .msgLinkedTo, n, TicketNumber.format(other)))
            }
        case .merge(let into):
            // Merging closes this ticket: ask first.
            state.mode = .dialog(DialogState(
                title: state.t(.dlgMergeTitle, n, TicketNumber.format(into)),
                lines: [state.t(.dlgMergeEffect, n, TicketNumber.format(into)), state.t(.dlgCannotUndo)],
                danger: true, input: nil, inputLabel: nil, confirm: .confirmMerge(into)))
        case .confirmMerge(let into):
            perform {
                try client.merge(ticket: target.number, into: into, expecting: target.version)
                if state.ticket != nil { try openTicket(number: into) }
                try afterTicketChange()
                say(state.t(.msgMerged, n, TicketNumber.format(into)))
            }
        case .applyMacro(let key):
            guard let macro = Macro.named(key, locale: macroLanguage) else {
                return warn(state.t(.msgNoMacro, key, Set(Macro.builtIn.map(\.key)).sorted().joined(separator: ", ")))
            }
            fillComposer(with: macro)
        case .openMacroPicker:
            state.mode = .macroPicker(MacroPickerState(placeholder: state.t(.phSearchMacros)))
        case .openPlaybook:
            openPlaybook(target.number)
        case .addEvidence(let kind, let text):
            perform {
                _ = try client.addEvidence(ticket: target.number, kind: kind, text: text)
                try afterTicketChange()
                say(state.t(.msgEvidenceAdded, n))
            }
        case .complaintDecision(let text):
            perform {
                _ = try client.recordDecision(ticket: target.number, text: text)
                try afterTicketChange()
                say(state.t(.msgDecisionRecorded, n))
            }
        case .escalateComplaint(let level, let reason):
            perform {
                _ = try client.escalateComplaint(ticket: target.number, to: level, reason: reason)
                try afterTicketChange()
                say(state.t(.msgComplaintEscalated, n, level.rawValue))
            }
        default:
            break
        }
    }

    var macroLanguage: ContentLanguage { MacroPickerOverlay.language(for: state) }

    func filteredMacros(_ picker: MacroPickerState) -> [Macro] {
        MacroPickerOverlay.matches(picker, in: (try? client.macros()) ?? [], state: state)
    }

    /// A macro goes into the composer, never straight to the customer: the agent reads
    /// and edits the reply, sees the field changes as chips, and C-s sends both.
    func fillComposer(with macro: Macro) {
        guard let target = targetTicket else { return warn(state.t(.msgNoTicketSelected)) }
        perform {
            if state.ticket?.ticket.number != target.number { try openTicket(number: target.number) }
            state.focus = .queue
            var area = TextArea()
            let rendered = MacroPickerOverlay.preview(macro, state: state)
            // A draft the agent already wrote stays: the macro goes below it, never over it.
            let draft = try client.draft(ticketNumber: target.number)?.body ?? ""
            let keepsDraft = !draft.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
            area.text = keepsDraft ? draft + "\n\n" + rendered : rendered
            let composer = ComposerState(kind: .reply, area: area, macro: macro)
            state.mode = .composer(composer)
            saveDraftSoon(composer)
            _ = try? client.setPresence(ticketNumber: target.number, state: .typing)
            let changes = MacroPickerOverlay.chips(macro)
            let placed = state.t(keepsDraft ? .msgMacroBelowDraft : .msgMacroInComposer)
            say(changes.isEmpty ? state.t(.msgMacroEdit, placed) : state.t(.msgMacroEditApplies, placed, changes.joined(separator: ", ")))
        }
    }

    func handleMacroKey(_ key: Key, _ picker: inout MacroPickerState) {
        let macros = filteredMacros(picker)
        switch key.isText ? nil : KeyMap.action(for: key, in: [.macroPicker]) {
        case .help: return update(.help)
        case .mode(.next): picker.selected = min(max(0, macros.count - 1), picker.selected + 1)
        case .mode(.previous): picker.selected = max(0, picker.selected - 1)
        case .back:
            state.mode = .normal
            return
        case .open:
            state.mode = .normal
            if let macro = macros[safe: picker.selected] { fillComposer(with: macro) }
            return
        case .nextMacroLanguage:
            let all = ContentLanguage.allCases
            let current = MacroPickerOverlay.language(for: state, picker: picker)
            picker.language = all[((all.firstIndex(of: current) ?? 0) + 1) % all.count]
            state.mode = .macroPicker(picker)
            return
        default:
            picker.search.handle(key)
            picker.selected = 0
        }
        state.mode = .macroPicker(picker)
    }

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

    func handlePlaybookKey(_ key: Key, _ view: inout PlaybookViewState) {
        guard let number = targetTicket?.number else { state.mode = .normal; return }
        switch KeyMap.action(for: key, in: [.playbook]) {
        case .help: return update(.help)
        case .mode(.cancel):
            state.mode = .normal
            return
        case .mode(.next): view.selected = min(view.playbook.steps.count - 1, view.selected + 1)
        case .mode(.investigate):
            guard view.playbook.key == "stolen-account" else { warn(state.t(.msgInvestigateStolenOnly)); break }
            return openInvestigation(playbookTicket: number)
        case .mode(.previous): view.selected = max(0, view.selected - 1)
        case .mode(.done):
            let step = view.playbook.steps[view.selected]
            // A step that is a security action runs it (with its own confirmation).
            if view.playbook.key == "stolen-account", view.progress[step.key] == nil {
                // The appeal asks its time of compromise in the investigation view, where
                // the flagged transactions it defaults to are in sight.
                if step.key == "open-appeal" { return openAppeal(playbookTicket: number) }
                if let kind = Self.stepActions[step.key] { return askSecurityAction(kind, playbookStep: step.key) }
            }
            recordStep(step, of: view.playbook, ticket: number, at: view.selected)
            return
        case .mode(.skip):
            let step = view.playbook.steps[view.selected]
            state.mode = .dialog(DialogState(title: state.t(.dlgSkipTitle), lines: [step.text.text(in: state.agentLanguage), state.t(.dlgSkipEffect)],
                                             danger: false, input: TextField(placeholder: state.t(.phWhySkip)),
                                             inputLabel: state.t(.labelReason), confirm: .skipStep(step.key)))
            return
        default:
            break
        }
        state.mode = .playbook(view)
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
