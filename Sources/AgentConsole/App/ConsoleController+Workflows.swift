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
            let draft = state.ticket?.draft?.body ?? ""
            let keepsDraft = !draft.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
            area.text = keepsDraft ? draft + "\n\n" + rendered : rendered
            let composer = ComposerState(kind: .reply, area: area, macro: macro)
            state.mode = .composer(composer)
            saveDraftSoon(composer)
            announcePresence(on: target.number, .typing)
            let changes = MacroPickerOverlay.chips(macro)
            let placed = state.t(keepsDraft ? .msgMacroBelowDraft : .msgMacroInComposer)
            say(changes.isEmpty ? state.t(.msgMacroEdit, placed) : state.t(.msgMacroEditApplies, placed, changes.joined(separator: ", ")))
        }
    }
}
