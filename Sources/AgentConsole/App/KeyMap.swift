import SupportCore
import TermUI

/// The one key table. Dispatch reads it, the `?` help screen is drawn from it, and the
/// README's key list is tested against it, so the three never drift apart.
package enum KeyMap {
    package static let bindings: [KeyBinding] = paneBindings + modeBindings

    /// The main screen's keys and the screens that replace it; `modeBindings`
    /// (KeyMap+Modes.swift) holds the keys of dialogs, prompts and forms.
    static let paneBindings: [KeyBinding] = [
        // Everywhere
        .init(keys: [.char("q")], context: .global, action: .quit, help: .keyQuit, hint: .hintQuit, rank: 10),
        .init(keys: [.char("?"), .f(1)], context: .global, action: .help, help: .keyHelp, hint: .hintHelp, rank: 3),
        .init(keys: [.tab], context: .global, action: .focusNext, help: .keyFocusNext, hint: .hintNextPane, rank: 11),
        .init(keys: [.backTab], context: .global, action: .focusPrevious, help: .keyFocusPrevious),
        .init(keys: [.char("1")], context: .global, action: .focus(.queue), help: .keyFocusQueue),
        .init(keys: [.char("2")], context: .global, action: .focus(.account), help: .keyFocusAccount),
        .init(keys: [.char("3")], context: .global, action: .focus(.transactions), help: .keyFocusTransactions),
        .init(keys: [.char("4")], context: .global, action: .focus(.security), help: .keyFocusSecurity),
        .init(keys: [.char("5")], context: .global, action: .toggleComplaint, help: .keyComplaintTab, hint: .hintComplaint, rank: 2,
              hintWhen: .complaintTab),
        .init(keys: [.char(":")], context: .global, action: .startPalette, help: .keyPalette, hint: .hintCommand, rank: 9),
        .init(keys: [.char("/")], context: .global, action: .startFilter, help: .keyFilter, hint: .hintFilter, rank: 6),
        .init(keys: [.ctrl("r"), .f(5)], context: .global, action: .refresh, help: .keyRefresh),
        .init(keys: [.char("S")], context: .global, action: .toggleSupervisor, help: .keySupervisor, minimumRole: .supervisor),
        .init(keys: [.escape], context: .global, action: .back, help: .keyBack),
        // Lists
        .init(keys: [.char("j"), .down], context: .list, action: .moveDown, help: .keyNextRow, hint: .hintMove, rank: 12),
        .init(keys: [.char("k"), .up], context: .list, action: .moveUp, help: .keyPreviousRow),
        .init(keys: [.pageDown, .ctrl("f")], context: .list, action: .pageDown, help: .keyPageDown),
        .init(keys: [.pageUp, .ctrl("b")], context: .list, action: .pageUp, help: .keyPageUp),
        .init(keys: [.home, .char("g")], context: .list, action: .home, help: .keyFirstRow),
        .init(keys: [.end, .char("G")], context: .list, action: .end, help: .keyLastRow),
        .init(keys: [.enter], context: .list, action: .open, help: .keyOpenRow, hint: .hintOpen, rank: 1),
        // Queue
        .init(keys: [.char("v")], context: .queue, action: .nextView, help: .keyNextView, hint: .hintView, rank: 7),
        .init(keys: [.char("#")], context: .queue, action: .promptOpenNumber, help: .keyOpenNumber),
        .init(keys: [.char("s")], context: .queue, action: .cycleSort, help: .keyNextSort, hint: .hintSort, rank: 8),
        .init(keys: [.char("c")], context: .queue, action: .claim, help: .keyClaim, hint: .hintClaim, rank: 2),
        .init(keys: [.char("u")], context: .queue, action: .release, help: .keyRelease),
        .init(keys: [.char("r")], context: .queue, action: .compose(.reply), help: .keyReply, hint: .hintReply, rank: 4),
        .init(keys: [.char("n")], context: .queue, action: .compose(.note), help: .keyNote, hint: .hintNote, rank: 5),
        .init(keys: [.char("m")], context: .queue, action: .openMacroPicker, help: .keyMacro),
        .init(keys: [.char(" ")], context: .queue, action: .supervisor(.toggleSelect), help: .keyMark, minimumRole: .supervisor),
        .init(keys: [.char("V")], context: .queue, action: .supervisor(.selectRange), help: .keyMarkRange, minimumRole: .supervisor),
        .init(keys: [.char("*")], context: .queue, action: .supervisor(.selectAll), help: .keyMarkAll, minimumRole: .supervisor),
        .init(keys: [.char("X")], context: .queue, action: .supervisor(.clearSelection), help: .keyClearMarks, minimumRole: .supervisor),
        .init(keys: [.char("B")], context: .queue, action: .supervisor(.bulkMenu), help: .keyBulk, minimumRole: .supervisor),
        // Open ticket
        .init(keys: [.char("r")], context: .ticket, action: .compose(.reply), help: .keyReply, hint: .hintReply, rank: 1),
        .init(keys: [.char("n")], context: .ticket, action: .compose(.note), help: .keyNote, hint: .hintNote, rank: 2),
        .init(keys: [.char("c")], context: .ticket, action: .claim, help: .keyClaim, hint: .hintClaim, rank: 7),
        .init(keys: [.char("m")], context: .ticket, action: .openMacroPicker, help: .keyMacro, hint: .hintMacro, rank: 5),
        .init(keys: [.char("p")], context: .ticket, action: .openPlaybook, help: .keyPlaybook, hint: .hintPlaybook, rank: 6),
        .init(keys: [.char("j"), .down], context: .ticket, action: .moveDown, help: .keyScrollDown),
        .init(keys: [.char("k"), .up], context: .ticket, action: .moveUp, help: .keyScrollUp),
        .init(keys: [.pageDown], context: .ticket, action: .pageDown, help: .keyTimelinePageDown),
        .init(keys: [.pageUp], context: .ticket, action: .pageUp, help: .keyTimelinePageUp),
        .init(keys: [.home, .char("g")], context: .ticket, action: .home, help: .keyTimelineFirst),
        .init(keys: [.end, .char("G")], context: .ticket, action: .end, help: .keyTimelineNewest),
        .init(keys: [.escape], context: .ticket, action: .back, help: .keyCloseTicket, hint: .hintBack, rank: 3),
        // A complaint's record in its timeline's place (narrow screens)
        .init(keys: [.char("5")], context: .complaintRecord, action: .toggleComplaint, help: .keyComplaintRecordBack, hint: .hintTimeline,
              rank: 0),
        // Account
        .init(keys: [.char("R")], context: .account, action: .askReveal, help: .keyReveal, hint: .hintReveal, rank: 1),
        .init(keys: [.char("I")], context: .account, action: .openInvestigation, help: .keyInvestigate, hint: .hintInvestigate, rank: 2),
        // Transactions
        .init(keys: [.char("x")], context: .transactions, action: .exportTransactions, help: .keyExport, hint: .hintExport, rank: 4),
        .init(keys: [.char("F")], context: .transactions, action: .openFilterForm, help: .keyFilterForm, hint: .hintForm, rank: 5),
        .init(keys: [.char("a")], context: .transactions, action: .attachTransaction, help: .keyAttach, hint: .hintAttach, rank: 7),
        // Security
        .init(keys: [.enter], context: .security, action: .askSecurity, help: .keyRunAction, hint: .hintRun, rank: 1),
        // Investigation (account I, or the stolen-account playbook's review step)
        .init(keys: [.char("j"), .down], context: .investigation, action: .investigation(.move(1)), help: .keyInvestigationNext, hint: .hintMove, rank: 1),
        .init(keys: [.char("k"), .up], context: .investigation, action: .investigation(.move(-1)), help: .keyInvestigationPrevious),
        .init(keys: [.pageDown], context: .investigation, action: .investigation(.page(1)), help: .keyInvestigationPageDown),
        .init(keys: [.pageUp], context: .investigation, action: .investigation(.page(-1)), help: .keyInvestigationPageUp),
        .init(keys: [.char("c")], context: .investigation, action: .investigation(.jumpToCompromise), help: .keyInvestigationCompromise, hint: .hintCompromise, rank: 5),
        .init(keys: [.char(" ")], context: .investigation, action: .investigation(.toggleChoice), help: .keyInvestigationChoose, hint: .hintChooseTransaction, rank: 2),
        .init(keys: [.char("f")], context: .investigation, action: .investigation(.flagChosen), help: .keyInvestigationFlag, hint: .hintFlagChosen, rank: 3),
        .init(keys: [.char("A")], context: .investigation, action: .investigation(.appeal), help: .keyInvestigationAppeal, hint: .hintAppeal, rank: 4),
        .init(keys: [.char("?")], context: .investigation, action: .investigation(.toggleRules), help: .keyInvestigationRules, hint: .hintRules, rank: 6),
        .init(keys: [.f(1)], context: .investigation, action: .help, help: .keyModeHelp),
        .init(keys: [.escape, .char("q")], context: .investigation, action: .investigation(.close), help: .keyInvestigationClose, hint: .hintClose, rank: 7),
        // Supervisor screen
        .init(keys: [.tab], context: .supervisor, action: .supervisor(.nextPanel), help: .keySupervisorNextBox, hint: .hintBox, rank: 2),
        .init(keys: [.backTab], context: .supervisor, action: .supervisor(.previousPanel), help: .keySupervisorPreviousBox),
        .init(keys: [.char("j"), .down], context: .supervisor, action: .supervisor(.moveRow(1)), help: .keyNextRow),
        .init(keys: [.char("k"), .up], context: .supervisor, action: .supervisor(.moveRow(-1)), help: .keyPreviousRow),
        .init(keys: [.char("l"), .right], context: .supervisor, action: .supervisor(.moveCell(1)), help: .keySupervisorNextFigure),
        .init(keys: [.char("h"), .left], context: .supervisor, action: .supervisor(.moveCell(-1)), help: .keySupervisorPreviousFigure),
        .init(keys: [.pageDown], context: .supervisor, action: .supervisor(.moveRow(10)), help: .keySupervisorTenDown),
        .init(keys: [.pageUp], context: .supervisor, action: .supervisor(.moveRow(-10)), help: .keySupervisorTenUp),
        .init(keys: [.enter], context: .supervisor, action: .supervisor(.drill), help: .keySupervisorDrill, hint: .hintDrill, rank: 1),
        .init(keys: [.char("a")], context: .supervisor, action: .supervisor(.askDecision(approve: true)), help: .keySupervisorApprove, hint: .hintApprove, rank: 4,
              hintWhen: .approvalsBox),
        .init(keys: [.char("r")], context: .supervisor, action: .supervisor(.askDecision(approve: false)), help: .keySupervisorReject, hint: .hintReject, rank: 5,
              hintWhen: .approvalsBox),
        .init(keys: [.char("p")], context: .supervisor, action: .supervisor(.cyclePeriod), help: .keySupervisorPeriod),
        .init(keys: [.char("E")], context: .supervisor, action: .supervisor(.export), help: .keySupervisorExport),
        .init(keys: [.escape], context: .supervisor, action: .toggleSupervisor, help: .keySupervisorBack),
        // Composer
        .init(keys: [.ctrl("s")], context: .composer, action: .send, help: .keySend, hint: .hintSend, rank: 1),
        .init(keys: [.escape], context: .composer, action: .discardDraft, help: .keyDiscard, hint: .hintClose, rank: 2),
        .init(keys: [.ctrl("e")], context: .composer, action: .externalEditor, help: .keyEditor, hint: .hintEditor, rank: 3),
        .init(keys: [.ctrl("o")], context: .composer, action: .holdReplyForExport, help: .keyAnotherFile, hint: .hintAnotherFile, rank: 4, hintWhen: .replyHasFiles),
        .init(keys: [.f(1)], context: .composer, action: .help, help: .keyModeHelp),
        .init(keys: [.ctrl("x")], context: .composer, action: .dropNewestFile, help: .keyDropFile, hint: .hintDropFile, rank: 5, hintWhen: .replyHasFiles),
        // Macro picker (typing searches; ↑/↓ choose)
        .init(keys: [.enter], context: .macroPicker, action: .open, help: .keyMacroInsert, hint: .hintIntoComposer, rank: 1),
        .init(keys: [.tab], context: .macroPicker, action: .nextMacroLanguage, help: .keyMacroLanguage, hint: .hintLanguage, rank: 3),
        .init(keys: [.down, .ctrl("n")], context: .macroPicker, action: .mode(.next), help: .keyMacroNext, hint: .hintChoose, rank: 2),
        .init(keys: [.up, .ctrl("p")], context: .macroPicker, action: .mode(.previous), help: .keyMacroPrevious),
        .init(keys: [.f(1)], context: .macroPicker, action: .help, help: .keyModeHelp),
        .init(keys: [.escape], context: .macroPicker, action: .back, help: .keyMacroClose, hint: .hintCancel, rank: 4),
        // Keyword rules (`:rules`; `/` and `t` take text until Enter or Esc)
        .init(keys: [.char("j"), .down], context: .rules, action: .rules(.move(1)), help: .keyNextRow, hint: .hintMove, rank: 5),
        .init(keys: [.char("k"), .up], context: .rules, action: .rules(.move(-1)), help: .keyPreviousRow),
        .init(keys: [.pageDown], context: .rules, action: .rules(.page(1)), help: .keyPageDown),
        .init(keys: [.pageUp], context: .rules, action: .rules(.page(-1)), help: .keyPageUp),
        .init(keys: [.char("/")], context: .rules, action: .rules(.filter), help: .keyRulesFilter, hint: .hintFilter, rank: 3),
        .init(keys: [.char("a")], context: .rules, action: .rules(.add), help: .keyRulesAdd, minimumRole: .supervisor, hint: .hintRuleNew, rank: 1),
        .init(keys: [.char("d"), .delete], context: .rules, action: .rules(.remove), help: .keyRulesRemove, minimumRole: .supervisor, hint: .hintRuleRemove, rank: 2),
        .init(keys: [.char("t")], context: .rules, action: .rules(.tryIt), help: .keyRulesTry, hint: .hintRuleTryIt, rank: 4),
        .init(keys: [.char("?"), .f(1)], context: .rules, action: .help, help: .keyModeHelp),
        .init(keys: [.escape, .char("q")], context: .rules, action: .rules(.close), help: .keyRulesClose, hint: .hintClose, rank: 6),
    ]

    /// The first binding for `key` among the active contexts, most specific first.
    static func action(for key: Key, in contexts: [KeyContext]) -> Action? {
        binding(for: key, in: contexts)?.action
    }

    static func binding(for key: Key, in contexts: [KeyContext]) -> KeyBinding? {
        for context in contexts {
            if let binding = bindings.first(where: { $0.context == context && $0.keys.contains(key) }) {
                return binding
            }
        }
        return nil
    }

    /// The footer's hints where the agent is: the hinted bindings of `contexts` that
    /// `role` can use and that a more specific context does not shadow, by rank.
    static func hints(in contexts: [KeyContext], role: Role, when holds: (HintCondition) -> Bool = { _ in true }) -> [KeyBinding] {
        let candidates = contexts.flatMap { context in
            bindings.filter { $0.context == context && $0.hint != nil && $0.minimumRole <= role && holds($0.hintWhen) }
        }
        let live = candidates.filter { b in
            b.keys.contains { key in binding(for: key, in: contexts).map { $0.context == b.context && $0.help == b.help } ?? false }
        }
        return live.enumerated().sorted { ($0.element.rank, $0.offset) < ($1.element.rank, $1.offset) }.map(\.element)
    }

    /// A form's or prompt's own keys line (Enter add · Tab field · Esc cancel), from the same
    /// bindings as the footer, in the agent's language.
    static func hintLine(in contexts: [KeyContext], _ state: ConsoleState) -> String {
        hints(in: contexts, role: state.actor.role).compactMap(\.hint).map { state.t($0) }.joined(separator: " · ")
    }

    /// Help text, grouped by context, for the `?` screen and `paydesk keys`: the keys of
    /// `contexts` (all of them when nil) that `role` can use, in `language`.
    static func helpLines(_ language: ContentLanguage = .en, contexts: [KeyContext]? = nil, role: Role = .admin) -> [String] {
        var lines: [String] = []
        // In the order given: where the agent is first, the global keys after.
        for context in contexts ?? KeyContext.allCases {
            let group = bindings.filter { $0.context == context && $0.minimumRole <= role }
            guard !group.isEmpty else { continue }
            lines.append(Catalogue.text(context.title, language))
            for b in group {
                let keys = b.keys.map(\.name).joined(separator: " ")
                lines.append("  " + keys.padding(toLength: 16, withPad: " ", startingAt: 0) + Catalogue.text(b.help, language))
            }
            lines.append("")
        }
        return lines
    }

    /// The README's key table, generated from the bindings (a test compares the two).
    static func markdownTable() -> String {
        var rows = ["| Keys | Where | Does |", "|---|---|---|"]
        for b in bindings {
            let keys = b.keys.map { "`\($0.name)`" }.joined(separator: " ")
            rows.append("| \(keys) | \(b.context.rawValue) | \(b.englishHelp) |")
        }
        return rows.joined(separator: "\n")
    }
}

extension ConsoleState {
    /// The key contexts of the focused pane on the main screen, most specific first.
    var keyContexts: [KeyContext] {
        switch focus {
        case .queue where showingComplaint: [.complaintRecord, .ticket, .global]
        case .queue: ticket != nil ? [.ticket, .global] : [.queue, .list, .global]
        case .transactions: [.transactions, .list, .global]
        case .account: [.account, .global]
        case .security: [.security, .list, .global]
        }
    }

    /// The contexts whose keys work now, most specific first.
    var activeContexts: [KeyContext] { contexts(of: mode) }

    /// A mode that has the keyboard answers only its own keys; without one, the screen's
    /// and the focused pane's keys and the global ones work.
    func contexts(of mode: Mode) -> [KeyContext] {
        switch mode {
        case .normal: screen == .supervisor ? [.supervisor, .global] : keyContexts
        case .help: [.help]
        case .dialog: [.dialog]
        case .filter: [.filterPrompt]
        case .palette: [.palette]
        case .composer(let composer): composer.confirmingDiscard ? [.discardDraft] : [.composer]
        case .macroPicker: [.macroPicker]
        case .playbook: [.playbook]
        case .exportDialog: [.exportDialog]
        case .exporting, .exportingReports: [.exporting]
        case .filterForm: [.filterForm]
        case .investigation(let view):
            switch view.prompt {
            case nil: [.investigation]
            case .flag: [.flagReason]
            case .appeal: [.appealForm]
            }
        case .rules(let view):
            view.confirm != nil ? [.dialog] : view.form != nil ? [.ruleForm]
                : view.focus == .filter ? [.rulesFilter] : view.focus == .tryIt ? [.rulesTry] : [.rules]
        }
    }

    /// What `?` lists: the keys of where the agent is (the mode under the help screen),
    /// then the global keys.
    var helpContexts: [KeyContext] {
        var under = mode
        if case .help(_, let over) = mode { under = over }
        let own = contexts(of: under)
        return own.contains(.global) ? own : own + [.global]
    }

    /// The footer's hints now, most important first.
    var hintBindings: [KeyBinding] {
        KeyMap.hints(in: activeContexts, role: actor.role) { condition in
            switch condition {
            case .always: true
            case .complaintTab: complaintTab && !showingComplaint
            case .replyHasFiles: if case .composer(let c) = mode { !c.attachments.isEmpty } else { false }
            case .approvalsBox: screen == .supervisor && supervisor.panel == .approvals
            }
        }
    }
}
