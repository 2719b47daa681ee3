import Foundation
import SupportAPI
import SupportCore
import SupportStore
import TermUI

// Ticket work, the composer and reveals: each ends in a status-bar message.
extension ConsoleController {
    func runTicketAction(_ action: Action, confirmedClose: Bool = false) {
        if state.ticket == nil, !state.supervisor.selection.isEmpty { return askBulk(action) }
        guard let target = targetTicket else {
            warn(state.t(.msgNoTicketSelected))
            return
        }
        let n = TicketNumber.format(target.number)
        perform {
            switch action {
            case .claim:
                try client.claim(ticket: target.number, expecting: target.version)
                say(state.t(.statusClaimed, n))
            case .release:
                try client.release(ticket: target.number, expecting: target.version)
                say(state.t(.statusReleased, n))
            case .give(let login):
                try client.give(ticket: target.number, to: login, expecting: target.version)
                say(state.t(.statusGave, n, login))
            case .setStatus(let status) where status == .closed && !confirmedClose:
                // Closing is final: ask first.
                state.mode = .dialog(DialogState(title: state.t(.dlgCloseTitle, n), lines: [state.t(.dlgCloseEffect)],
                                                 danger: true, input: nil, inputLabel: nil, confirm: .confirmClose))
                return
            case .setStatus(let status):
                try client.setStatus(ticket: target.number, to: status, expecting: target.version)
                say(state.t(.statusNow, n, status.rawValue))
            case .setPriority(let priority):
                try client.setPriority(ticket: target.number, to: priority, expecting: target.version)
                say(state.t(.statusNow, n, priority.rawValue))
            case .setCategory(let category, let sub):
                let t = try client.setCategory(ticket: target.number, to: category, subcategory: sub, expecting: target.version)
                say(state.t(.statusNow, n, "\(t.category.rawValue)/\(t.subcategory)"))
            case .tag(let spec):
                let edit = TagEdit(parsing: spec)
                let t = try client.tag(ticket: target.number, add: edit.add, remove: edit.remove, expecting: target.version)
                say(state.t(.msgTags, n, t.tags.isEmpty ? state.t(.msgNone) : t.tags.joined(separator: ", ")))
            case .note(let text):
                try client.note(ticket: target.number, body: text)
                say(state.t(.statusNoteAdded, n))
            default:
                return
            }
            try afterTicketChange()
        }
    }

    /// Re-reads what a change on the current ticket affects. Every write answered before
    /// these reads is then on screen: their echoes need not be read again (`refresh`).
    func afterTicketChange() throws {
        let answered = client.takeAnsweredWrites()
        // The write may have moved the agent's own part of the counts; its echo, which
        // would have said so, may now be skipped, and another's change may come first.
        state.queue.ownCounts = nil
        try reloadQueue()
        if let number = state.ticket?.ticket.number {
            let seen = state.ticket?.seenEventId
            try openTicket(number: number)
            // The agent's own change does not count as "something new since you looked".
            let latest = state.ticket?.events.last?.id ?? 0
            state.ticket?.seenEventId = max(seen ?? 0, latest)
        }
        readBackWrites.insert(answered)
    }

    // MARK: composer

    func openComposer(_ kind: ComposerState.Kind) {
        guard let target = targetTicket else { return warn(state.t(.msgNoTicketSelected)) }
        perform {
            if state.ticket?.ticket.number != target.number { try openTicket(number: target.number) }
            state.focus = .queue
            if kind == .reply, let held = takeHeldReply(for: target.number) {
                state.mode = .composer(held)
                announcePresence(on: target.number, .typing)
                return say(state.t(.msgReplyBack, String(held.attachments.count)))
            }
            var area = TextArea()
            if let draft = state.ticket?.draft, !draft.body.isEmpty {
                area.text = draft.body
                say(state.t(.msgDraftRestored, TimeText.clock(draft.updatedAt)))
            }
            state.mode = .composer(ComposerState(kind: kind, area: area))
            announcePresence(on: target.number, .typing)
        }
    }

    func sendComposer() {
        guard case .composer(let composer) = state.mode, let ticket = state.ticket else { return }
        let text = composer.area.text
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            return warn(state.t(composer.kind == .reply ? .msgEmptyReply : .msgEmptyNote))
        }
        let number = ticket.ticket.number
        // The text goes as the reply or back as the draft below, never as a late draft
        // after the send has deleted it.
        unsavedDraft = nil
        do {
            switch composer.kind {
            case .reply where !composer.attachments.isEmpty:
                // The files are read here and their bytes go in the request: the service may
                // not see this machine's disk.
                try client.reply(ticket: number, body: text, attaching: composer.attachments.map { URL(fileURLWithPath: $0) },
                                 seenEventId: ticket.seenEventId)
            case .reply where composer.macro != nil:
                let macro = composer.macro!
                try client.applyMacro(ticket: number, key: macro.key, locale: macro.locale, body: text,
                                      seenEventId: ticket.seenEventId)
            case .reply:
                try client.reply(ticket: number, body: text, seenEventId: ticket.seenEventId)
            case .note:
                try client.note(ticket: number, body: text)
            }
            try client.deleteDraft(ticketNumber: number)
            state.ticket?.draft = nil
            state.mode = .normal
            announcePresence(on: number, .viewing)
            try afterTicketChange()
            scrollTimelineToLatest()
            if let macro = composer.macro, composer.kind == .reply {
                let changes = MacroPickerOverlay.chips(macro)
                say(changes.isEmpty ? state.t(.msgReplyQueued, TicketNumber.format(number)) : state.t(.msgReplyQueuedApplied, TicketNumber.format(number), changes.joined(separator: ", ")))
            } else if !composer.attachments.isEmpty, composer.kind == .reply {
                let names = composer.attachments.map { ($0 as NSString).lastPathComponent }.joined(separator: ", ")
                say(state.t(.msgReplyQueuedAttached, TicketNumber.format(number), names))
            } else {
                say(state.t(composer.kind == .reply ? .msgReplyQueued : .msgNoteAddedTo, TicketNumber.format(number)))
            }
        } catch let error as StoreError {
            // Keep the text: the agent reads what changed and sends again.
            writeDraft(UnsavedDraft(ticket: number, kind: composer.kind.rawValue, body: text))
            if error.kind == .conflict, let seen = state.ticket?.seenEventId {
                try? openTicket(number: number)
                scrollTimelineToLatest()
                // Now they have seen what changed: the next Ctrl-S may go through.
                let latest = state.ticket?.events.last?.id ?? seen
                state.ticket?.seenEventId = latest
            }
            warn(error.message)
        } catch {
            writeDraft(UnsavedDraft(ticket: number, kind: composer.kind.rawValue, body: text))
            warn("\(error)")
        }
    }

    func askDiscard() {
        guard case .composer(var composer) = state.mode else { return }
        if composer.area.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            discardDraft()
            state.mode = .normal
            return
        }
        composer.confirmingDiscard = true
        state.mode = .composer(composer)
        warn(state.t(composer.kind == .reply ? .msgDiscardReply : .msgDiscardNote))
    }

    func discardDraft() {
        guard let number = state.ticket?.ticket.number else { return }
        unsavedDraft = nil
        _ = try? client.deleteDraft(ticketNumber: number)
        state.ticket?.draft = nil
        announcePresence(on: number, .viewing)
    }

    /// The text is kept as a draft as it is typed, so a crash or a dropped connection
    /// loses at most the keys of the frame being drawn. The write waits for the frame that
    /// shows the keys (through the service it is a round trip, a write with its audit
    /// entry), and keys that arrive together — a paste, fast typing drained in one turn —
    /// are one write of the latest text.
    func saveDraftSoon(_ composer: ComposerState) {
        guard let number = state.ticket?.ticket.number else { return }
        let queued = unsavedDraft != nil
        unsavedDraft = UnsavedDraft(ticket: number, kind: composer.kind.rawValue, body: composer.area.text)
        if !queued { afterNextFrame { [weak self] in self?.writeUnsavedDraft() } }
    }

    /// Writes the text `saveDraftSoon` kept, if a send or a discard has not taken it since.
    func writeUnsavedDraft() {
        guard let draft = unsavedDraft else { return }
        unsavedDraft = nil
        writeDraft(draft)
    }

    /// Writes a draft and keeps it as the open ticket's, as this console last wrote it
    /// (none once sent or discarded): the composer opens on it without a read.
    func writeDraft(_ draft: UnsavedDraft) {
        _ = try? client.saveDraft(ticketNumber: draft.ticket, kind: draft.kind, body: draft.body)
        guard state.ticket?.ticket.number == draft.ticket else { return }
        state.ticket?.draft = draft.body.isEmpty ? nil : Draft(kind: draft.kind, body: draft.body, updatedAt: client.now())
    }

    /// Tells the others which ticket this agent is on once the frame is out: through the
    /// service the announcement is a round trip of its own, which the frame need not wait for.
    func announcePresence(on number: Int64?, _ presence: PresenceState) {
        afterNextFrame { [client] in _ = try? client.setPresence(ticketNumber: number, state: presence) }
    }

    // MARK: reveal

    func askReveal() {
        guard state.account.customer != nil else { return warn(state.t(.msgNoCustomer)) }
        state.mode = .dialog(DialogState(
            title: state.t(.dlgRevealTitle),
            lines: [state.t(.dlgReveal1), state.t(.dlgReveal2)],
            danger: false, input: TextField(placeholder: state.t(.phRevealReason)),
            inputLabel: state.t(.labelReason), confirm: .reveal(field: "contact", reason: "")))
    }

    func reveal(field: String, reason: String) {
        guard let customer = state.account.customer else { return }
        perform {
            state.account.customer = try client.revealContact(customerId: customer.id, reason: reason)
            state.account.revealed.insert(field)
            say(state.t(.msgRevealed))
        }
    }

    func confirmDialog() {
        guard case .dialog(var dialog) = state.mode else { return }
        let reason = dialog.input?.text.trimmingCharacters(in: .whitespaces) ?? ""
        if dialog.input != nil && reason.isEmpty {
            dialog.error = state.t(.msgReasonRequired)
            state.mode = .dialog(dialog)
            return
        }
        state.mode = .normal
        switch dialog.confirm {
        case .reveal(let field, _): update(.reveal(field: field, reason: reason))
        case .skipStep(let step): skipStep(step, reason: reason)
        case .stepFinding(let step): recordFinding(step, note: reason)
        case .complaintStatement: askExpectedOutcome(statement: reason)
        case .openComplaint(let statement): openComplaint(statement: statement, expected: reason)
        case .newCall(.lookup(let call)): lookUpCaller(call, reason: reason)
        case .newCall(.subject(let call)): askCallBody(call, subject: reason)
        case .newCall(.body(let call)): createCallTicket(call, body: reason)
        case .supervisor(let a): runSupervisor(a, reason: reason)
        case .runSecurityAction(let kind, let request, let step):
            runSecurityAction(kind, requestId: request, playbookStep: step, reason: reason)
        default: update(dialog.confirm)
        }
    }
}
