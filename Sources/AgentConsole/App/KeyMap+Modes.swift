import SupportCore
import TermUI

// The keys of the modes that take the keyboard from the panes: the help screen, dialogs,
// prompts, pickers and forms, and the lines and forms that take text inside a screen (the
// rules screen's filter, try-it line and add form; the investigation's questions). Each mode's handler asks `KeyMap.action(for:in:)` for its
// context, so `?`, the footer and the README show exactly what the handler does. Typing
// text stays in the field widgets: a printable key goes to a focused field first.
extension KeyMap {
    static let modeBindings: [KeyBinding] = [
        // Help (`?` or F1, over the screen or mode it explains)
        .init(keys: [.char("j"), .down], context: .help, action: .mode(.scroll(1)), help: .keyHelpDown, hint: .hintScroll, rank: 1),
        .init(keys: [.char("k"), .up], context: .help, action: .mode(.scroll(-1)), help: .keyHelpUp),
        .init(keys: [.pageDown], context: .help, action: .mode(.scroll(10)), help: .keyHelpPageDown),
        .init(keys: [.pageUp], context: .help, action: .mode(.scroll(-10)), help: .keyHelpPageUp),
        .init(keys: [.escape, .char("q"), .char("?"), .f(1), .enter], context: .help, action: .mode(.cancel), help: .keyHelpClose,
              hint: .hintHelpClose, rank: 2),
        // Dialogs: a security action, a reveal, an approval, a bulk change start on Cancel.
        .init(keys: [.enter], context: .dialog, action: .mode(.confirm), help: .keyDialogPress, hint: .hintDialogPress, rank: 1),
        .init(keys: [.tab], context: .dialog, action: .mode(.nextFocus), help: .keyDialogNext, hint: .hintDialogFocus, rank: 2),
        .init(keys: [.backTab], context: .dialog, action: .mode(.previousFocus), help: .keyDialogPrevious),
        .init(keys: [.left, .right], context: .dialog, action: .mode(.moveButton), help: .keyDialogButtons),
        .init(keys: [.escape], context: .dialog, action: .mode(.cancel), help: .keyDialogCancel, hint: .hintCancel, rank: 3),
        .init(keys: [.f(1), .char("?")], context: .dialog, action: .help, help: .keyModeHelp),
        // The `/` filter prompt
        .init(keys: [.enter], context: .filterPrompt, action: .mode(.confirm), help: .keyFilterApply, hint: .hintApply, rank: 1),
        .init(keys: [.escape], context: .filterPrompt, action: .mode(.cancel), help: .keyFilterCancel, hint: .hintCancel, rank: 2),
        .init(keys: [.tab], context: .filterPrompt, action: .mode(.complete), help: .keyFilterComplete, hint: .hintComplete, rank: 3),
        .init(keys: [.up], context: .filterPrompt, action: .mode(.previous), help: .keyFilterHistoryBack, hint: .hintHistory, rank: 4),
        .init(keys: [.down], context: .filterPrompt, action: .mode(.next), help: .keyFilterHistoryForward),
        .init(keys: [.f(1)], context: .filterPrompt, action: .help, help: .keyModeHelp),
        // The `:` command palette
        .init(keys: [.enter], context: .palette, action: .mode(.confirm), help: .keyPaletteRun, hint: .hintRun, rank: 1),
        .init(keys: [.tab], context: .palette, action: .mode(.complete), help: .keyPaletteComplete, hint: .hintComplete, rank: 2),
        .init(keys: [.down], context: .palette, action: .mode(.next), help: .keyPaletteNext, hint: .hintChoose, rank: 3),
        .init(keys: [.up], context: .palette, action: .mode(.previous), help: .keyPalettePrevious),
        .init(keys: [.escape], context: .palette, action: .mode(.cancel), help: .keyPaletteCancel, hint: .hintCancel, rank: 4),
        .init(keys: [.f(1)], context: .palette, action: .help, help: .keyModeHelp),
        // The composer's "discard the text?" question
        .init(keys: [.char("y")], context: .discardDraft, action: .mode(.discard), help: .keyDiscardYes, hint: .hintDiscardYes, rank: 1),
        .init(keys: [.char("n"), .escape], context: .discardDraft, action: .mode(.keep), help: .keyDiscardNo, hint: .hintDiscardNo, rank: 2),
        .init(keys: [.f(1)], context: .discardDraft, action: .help, help: .keyDiscardHelp),
        // A playbook's checklist (`p`)
        .init(keys: [.char("j"), .down], context: .playbook, action: .mode(.next), help: .keyPlaybookNext, hint: .hintChoose, rank: 1),
        .init(keys: [.char("k"), .up], context: .playbook, action: .mode(.previous), help: .keyPlaybookPrevious),
        .init(keys: [.enter, .char(" "), .char("x")], context: .playbook, action: .mode(.done), help: .keyPlaybookDone,
              hint: .hintDone, rank: 2),
        .init(keys: [.char("s")], context: .playbook, action: .mode(.skip), help: .keyPlaybookSkip, hint: .hintSkip, rank: 3),
        .init(keys: [.char("I")], context: .playbook, action: .mode(.investigate), help: .keyPlaybookInvestigate),
        .init(keys: [.escape, .char("q")], context: .playbook, action: .mode(.cancel), help: .keyPlaybookClose, hint: .hintClose, rank: 4),
        .init(keys: [.char("?"), .f(1)], context: .playbook, action: .help, help: .keyModeHelp),
        // The export dialog (`x`): format, path, reason, attach
        .init(keys: [.enter], context: .exportDialog, action: .mode(.confirm), help: .keyExportGo, hint: .hintExportGo, rank: 1),
        .init(keys: [.tab, .down], context: .exportDialog, action: .mode(.nextFocus), help: .keyNextField, hint: .hintField, rank: 2),
        .init(keys: [.backTab, .up], context: .exportDialog, action: .mode(.previousFocus), help: .keyPreviousField),
        .init(keys: [.escape], context: .exportDialog, action: .mode(.cancel), help: .keyExportCancel, hint: .hintCancel, rank: 4),
        .init(keys: [.f(1)], context: .exportDialog, action: .help, help: .keyModeHelp),
        // An export running
        .init(keys: [.escape], context: .exporting, action: .mode(.cancel), help: .keyExportingCancel, hint: .hintCancelExport, rank: 1),
        .init(keys: [.char("?"), .f(1)], context: .exporting, action: .help, help: .keyModeHelp),
        // The transaction filter form (`F`)
        .init(keys: [.enter], context: .filterForm, action: .mode(.confirm), help: .keyFilterFormApply, hint: .hintApply, rank: 1),
        .init(keys: [.tab, .down], context: .filterForm, action: .mode(.nextFocus), help: .keyNextField, hint: .hintNextField, rank: 2),
        .init(keys: [.backTab, .up], context: .filterForm, action: .mode(.previousFocus), help: .keyPreviousField,
              hint: .hintPreviousField, rank: 3),
        .init(keys: [.escape], context: .filterForm, action: .mode(.cancel), help: .keyFilterFormCancel, hint: .hintCancel, rank: 4),
        .init(keys: [.f(1)], context: .filterForm, action: .help, help: .keyModeHelp),
        // The rules screen's filter line (`/`): the list follows every key typed.
        .init(keys: [.enter], context: .rulesFilter, action: .mode(.confirm), help: .keyRulesFilterDone, hint: .hintRuleFilterDone, rank: 1),
        .init(keys: [.escape], context: .rulesFilter, action: .mode(.cancel), help: .keyRulesFilterClear, hint: .hintRuleFilterClear,
              rank: 2),
        .init(keys: [.down], context: .rulesFilter, action: .mode(.next), help: .keyNextRow),
        .init(keys: [.up], context: .rulesFilter, action: .mode(.previous), help: .keyPreviousRow),
        .init(keys: [.f(1)], context: .rulesFilter, action: .help, help: .keyModeHelp),
        // The rules screen's try-it line (`t`)
        .init(keys: [.enter], context: .rulesTry, action: .mode(.confirm), help: .keyRulesTryRun, hint: .hintRuleTry, rank: 1),
        .init(keys: [.escape], context: .rulesTry, action: .mode(.cancel), help: .keyRulesTryBack, hint: .hintRuleBack, rank: 2),
        .init(keys: [.f(1)], context: .rulesTry, action: .help, help: .keyModeHelp),
        // The rules screen's add form (`a`): keyword, category, language
        .init(keys: [.enter], context: .ruleForm, action: .mode(.confirm), help: .keyRuleFormAdd, hint: .hintRuleAdd, rank: 1),
        .init(keys: [.tab], context: .ruleForm, action: .mode(.complete), help: .keyRuleFormComplete, hint: .hintComplete, rank: 2),
        .init(keys: [.down], context: .ruleForm, action: .mode(.nextFocus), help: .keyNextField, hint: .hintRuleFields, rank: 3),
        .init(keys: [.up, .backTab], context: .ruleForm, action: .mode(.previousFocus), help: .keyPreviousField),
        .init(keys: [.escape], context: .ruleForm, action: .mode(.cancel), help: .keyRuleFormCancel, hint: .hintCancel, rank: 4),
        .init(keys: [.f(1)], context: .ruleForm, action: .help, help: .keyModeHelp),
        // The investigation's flag question (`f`): why, once for every chosen transaction
        .init(keys: [.enter], context: .flagReason, action: .mode(.confirm), help: .keyFlagReasonGo, hint: .hintFlagGo, rank: 1),
        .init(keys: [.escape], context: .flagReason, action: .mode(.cancel), help: .keyFlagReasonCancel, hint: .hintCancel, rank: 2),
        .init(keys: [.f(1)], context: .flagReason, action: .help, help: .keyModeHelp),
        // The investigation's appeal (`A`): the time of compromise and why
        .init(keys: [.enter], context: .appealForm, action: .mode(.confirm), help: .keyAppealOpen, hint: .hintAppealOpen, rank: 1),
        .init(keys: [.tab, .backTab], context: .appealForm, action: .mode(.nextFocus), help: .keyAppealOtherField, hint: .hintField,
              rank: 2),
        .init(keys: [.escape], context: .appealForm, action: .mode(.cancel), help: .keyAppealCancel, hint: .hintCancel, rank: 3),
        .init(keys: [.f(1)], context: .appealForm, action: .help, help: .keyModeHelp),
    ]
}

extension Key {
    /// A key that types itself into a focused text field.
    var isText: Bool {
        if case .char = self { return true }
        return false
    }
}
