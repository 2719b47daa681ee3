import Foundation
import SupportAPI
import SupportCore
import SupportStore
import TermUI

/// The `:` prompt's state: the text and the highlighted suggestion.
package struct PalettePrompt {
    var field: TextField
    var selected: Int = 0
}

/// The `:` command palette's behaviour (its commands and their parsing are
/// `CommandPalette`'s; its suggestions are drawn by `Overlays`): Tab takes the highlighted
/// suggestion, Enter runs the command as an action of `update`.
struct PaletteController: ModeController {
    let console: ConsoleController

    func handle(_ key: Key) -> Outcome {
        guard case .palette(var prompt) = state.mode else { return .ignored }
        let suggestions = CommandPalette.suggestions(for: prompt.field.text, role: state.actor.role)
        switch key.isText ? nil : KeyMap.action(for: key, in: [.palette]) {
        case .help: return .run(.help)
        case .mode(.cancel):
            state.mode = .normal
            return .handled
        case .mode(.confirm):
            state.mode = .normal
            let text = prompt.field.text.trimmingCharacters(in: .whitespaces)
            let chosen = text.isEmpty || (!suggestions.isEmpty && !CommandPalette.isComplete(text))
                ? suggestions[safe: prompt.selected]?.name ?? text : text
            switch CommandPalette.parse(chosen, language: state.agentLanguage) {
            case .success(let action): return .run(action)
            case .failure(let error): warn(error.message)
            }
            return .handled
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
        return .handled
    }
}
