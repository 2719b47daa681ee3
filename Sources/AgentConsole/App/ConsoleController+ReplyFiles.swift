import Foundation
import SupportAPI
import SupportCore
import SupportStore
import TermUI

/// A reply put aside while the agent exports another statement for it (`C-o` in the
/// composer): the text and the files so far, for that ticket.
struct HeldReply {
    var ticket: Int64
    var composer: ComposerState
}

// Several files on one reply. Each export chosen to go with a reply adds a chip to the
// composer; `C-o` puts the reply aside to export another (format, filter) and the next
// export with Reply [x] — or `r` — brings it back with what it had; `C-x` drops the newest
// file. The limits are the store's (`SupportStore.attachmentsProblem`), checked here as a
// file is added so the agent hears at once, and again by the client and the store at C-s.
extension ConsoleController {
    /// `C-o`: the reply waits with its text and files; the export dialog opens with Reply [x].
    func holdReplyForExport() {
        guard case .composer(let composer) = state.mode, composer.kind == .reply, composer.macro == nil,
              let number = state.ticket?.ticket.number else { return warn(state.t(.msgFilesOnlyOnReply)) }
        _ = try? client.saveDraft(ticketNumber: number, kind: composer.kind.rawValue, body: composer.area.text)
        state.heldReply = HeldReply(ticket: number, composer: composer)
        state.mode = .normal
        state.focus = .transactions
        openExportDialog()
        if case .exportDialog(var dialog) = state.mode, dialog.attachTicket == number {
            dialog.attach = true
            state.mode = .exportDialog(dialog)
            say(state.t(.msgReplyHeld, TicketNumber.format(number)))
        } else {
            // No export here (no rights, another customer): straight back to the reply.
            state.heldReply = nil
            state.focus = .queue
            state.mode = .composer(composer)
        }
    }

    /// `C-x`: the newest file leaves the reply (the exported file stays where it was saved).
    func dropNewestFile() {
        guard case .composer(var composer) = state.mode, let last = composer.attachments.popLast() else {
            return warn(state.t(.msgNoFileToDrop))
        }
        state.mode = .composer(composer)
        say(state.t(.msgFileDropped, (last as NSString).lastPathComponent, String(composer.attachments.count)))
    }

    /// The reply held for `number`, taken back (nil when none is).
    func takeHeldReply(for number: Int64) -> ComposerState? {
        guard let held = state.heldReply, held.ticket == number else { return nil }
        state.heldReply = nil
        return held.composer
    }

    /// `path` added to `composer` unless the reply would go over a limit; the refusal is the
    /// store's own sentence, and the reply keeps the files it had.
    func adding(_ path: String, to composer: inout ComposerState) -> Bool {
        // The same file exported again (same name, replaced on disk) is one file, not two.
        if composer.attachments.contains(path) {
            warn(state.t(.msgFileAlreadyOn, (path as NSString).lastPathComponent))
            return false
        }
        let files = (composer.attachments + [path]).map { file in
            (name: (file as NSString).lastPathComponent,
             size: (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0)
        }
        if let problem = SupportStore.attachmentsProblem(files) {
            warn(problem)
            return false
        }
        composer.attachments.append(path)
        return true
    }
}
