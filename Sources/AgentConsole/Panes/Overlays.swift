import SupportCore
import TermUI

/// What floats over the panes: the help screen, palette suggestions and dialogs.
enum Overlays {
    static func render(_ state: ConsoleState, layout: ConsoleLayout, into screen: inout Screen) {
        switch state.mode {
        case .help(let scroll, let over):
            // What the keys are for stays in sight under the list.
            var under = state
            under.mode = over
            render(under, layout: layout, into: &screen)
            renderHelp(state, scroll: scroll, into: &screen)
        case .palette(let prompt): renderSuggestions(state, prompt, layout: layout, into: &screen)
        case .dialog(let dialog): DialogState.render(state, dialog.shown(state), into: &screen)
        case .macroPicker(let picker): MacroPickerOverlay.render(state, picker, into: &screen)
        case .playbook(let view): PlaybookOverlay.render(state, view, into: &screen)
        case .exportDialog(let dialog): ExportDialog.render(state, dialog, into: &screen)
        case .exporting(let job): ExportDialog.renderProgress(state, job, into: &screen)
        case .exportingReports(let job): ExportDialog.renderProgress(state, job, into: &screen)
        case .filterForm(let form): TransactionFilterForm.render(state, form, into: &screen)
        case .investigation(let view): InvestigationView.render(state, view, into: &screen)
        case .rules(let view): RulesScreen.render(state, view, into: &screen)
        default: break
        }
    }

    /// Built from the key table, so it always tells the truth about the keys: only the
    /// keys of where the agent is and what their role can use, in their language.
    static func renderHelp(_ state: ConsoleState, scroll: Int, into screen: inout Screen) {
        let theme = state.theme
        let contexts = state.helpContexts
        var lines = KeyMap.helpLines(state.agentLanguage, contexts: contexts, role: state.actor.role)
        let filtering = contexts.contains(.filterPrompt) || contexts.contains(.list) && (state.focus == .queue || state.focus == .transactions)
        if filtering {
            lines.append(state.t(.filterHelpTitle))
            lines += [MessageID.filterHelpTerms, .filterHelpRanges, .filterHelpQueue, .filterHelpTransactions].map { "  " + state.t($0) }
        }
        // Wide enough for the longest help text beside its keys.
        let width = min(state.width - 4, 110)
        let height = min(state.height - 4, lines.count + 2)
        let rect = screen.bounds.centered(width: width, height: height)
        screen.fill(rect, style: theme.style("dialog"))
        screen.box(rect, style: theme.style("dialog.border"), title: state.t(.titleHelp), border: .double)
        let visible = height - 2
        let top = min(scroll, max(0, lines.count - visible))
        for (i, line) in lines.dropFirst(top).prefix(visible).enumerated() {
            let isHeading = !line.hasPrefix(" ") && !line.isEmpty
            screen.put(line, at: rect.x + 2, rect.y + 1 + i, style: theme.style(isHeading ? "dialog.title" : "dialog"),
                       maxWidth: width - 4)
        }
    }

    static func renderSuggestions(_ state: ConsoleState, _ prompt: PalettePrompt, layout: ConsoleLayout, into screen: inout Screen) {
        let theme = state.theme
        let suggestions = CommandPalette.suggestions(for: prompt.field.text, role: state.actor.role)
        guard !suggestions.isEmpty else { return }
        let shown = Array(suggestions.prefix(min(10, state.height - 6)))
        let width = min(state.width - 2, 72)
        let rect = Rect(x: 0, y: layout.messageLine.y - shown.count - 2, width: width, height: shown.count + 2)
        screen.fill(rect, style: theme.style("dialog"))
        screen.box(rect, style: theme.style("dialog.border"), title: state.t(.titleCommands))
        for (i, command) in shown.enumerated() {
            let style = theme.style(i == prompt.selected ? "list.row.selected" : "dialog")
            let name = command.name + (command.argument.map { " " + $0 } ?? "")
            let text = DisplayWidth.pad(name, toWidth: 30) + " " + state.t(command.help)
            screen.put(DisplayWidth.pad(text, toWidth: width - 2), at: rect.x + 1, rect.y + 1 + i, style: style)
        }
    }
}

/// The `?` screen's behaviour: it scrolls, and closes back to the mode it explains.
struct HelpController: ModeController {
    let console: ConsoleController

    func handle(_ key: Key) -> Outcome {
        guard case .help(let scroll, let over) = state.mode else { return .ignored }
        switch KeyMap.action(for: key, in: [.help]) {
        case .mode(.scroll(let lines)): state.mode = .help(scroll: max(0, scroll + lines), over: over)
        case .mode(.cancel): state.mode = over
        default: break
        }
        return .handled
    }
}
