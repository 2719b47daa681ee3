import Foundation
import SupportAPI
import SupportCore
import SupportStore
import TermUI

/// The reply or note being written on the open ticket (drawn by `TicketPane` under the timeline).
package struct ComposerState {
    enum Kind: String { case reply, note }
    var kind: Kind
    var area: TextArea
    var confirmingDiscard = false
    /// The macro the text came from: its field changes are pending until C-s sends the
    /// reply, and they land with it.
    var macro: Macro?
    /// Files on this machine that C-s sends with the reply (exported statements), in the
    /// order they were added; each is a chip above the text.
    var attachments: [String] = []
}

/// The composer's behaviour: its keys are KeyMap's "Composer" (send, discard, editor,
/// files); any other key edits the text, which is kept as a draft as it is typed. Discarding
/// asks first, and only a deliberate y throws the text away.
struct ComposerController: ModeController {
    let console: ConsoleController

    func handle(_ key: Key) -> Outcome {
        guard case .composer(var composer) = state.mode else { return .ignored }
        if composer.confirmingDiscard {
            // Any key but y keeps the text: only a deliberate y throws it away.
            let action = KeyMap.action(for: key, in: [.discardDraft])
            if action == .help { return .run(.help) }
            if action == .mode(.discard) {
                console.discardDraft()
                state.mode = .normal
                say(state.t(.statusDraftDiscarded))
            } else {
                composer.confirmingDiscard = false
                state.mode = .composer(composer)
            }
            return .handled
        }
        if let action = KeyMap.action(for: key, in: [.composer]) { return .run(action) }
        composer.area.handle(key)
        state.mode = .composer(composer)
        console.saveDraftSoon(composer)
        return .handled
    }
}
