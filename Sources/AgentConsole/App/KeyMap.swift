import SupportCore
import TermUI

/// The one key table. Dispatch reads it, the `?` help screen is drawn from it, and the
/// README's key list is tested against it, so the three never drift apart.
enum KeyMap {
    static let bindings: [KeyBinding] = [
        // Everywhere
        .init(keys: [.char("q")], context: .global, action: .quit, help: .keyQuit),
        .init(keys: [.char("?"), .f(1)], context: .global, action: .help, help: .keyHelp),
        .init(keys: [.tab], context: .global, action: .focusNext, help: .keyFocusNext),
        .init(keys: [.backTab], context: .global, action: .focusPrevious, help: .keyFocusPrevious),
        .init(keys: [.char("1")], context: .global, action: .focus(.queue), help: .keyFocusQueue),
        .init(keys: [.char("2")], context: .global, action: .focus(.account), help: .keyFocusAccount),
        .init(keys: [.char("3")], context: .global, action: .focus(.transactions), help: .keyFocusTransactions),
        .init(keys: [.char("4")], context: .global, action: .focus(.security), help: .keyFocusSecurity),
        .init(keys: [.char("5")], context: .global, action: .toggleComplaint, help: .keyComplaintTab),
        .init(keys: [.char(":")], context: .global, action: .startPalette, help: .keyPalette),
        .init(keys: [.char("/")], context: .global, action: .startFilter, help: .keyFilter),
        .init(keys: [.ctrl("r"), .f(5)], context: .global, action: .refresh, help: .keyRefresh),
        .init(keys: [.char("S")], context: .global, action: .toggleSupervisor, help: .keySupervisor, minimumRole: .supervisor),
        .init(keys: [.escape], context: .global, action: .back, help: .keyBack),
        // Lists
        .init(keys: [.char("j"), .down], context: .list, action: .moveDown, help: .keyNextRow),
        .init(keys: [.char("k"), .up], context: .list, action: .moveUp, help: .keyPreviousRow),
        .init(keys: [.pageDown, .ctrl("f")], context: .list, action: .pageDown, help: .keyPageDown),
        .init(keys: [.pageUp, .ctrl("b")], context: .list, action: .pageUp, help: .keyPageUp),
        .init(keys: [.home, .char("g")], context: .list, action: .home, help: .keyFirstRow),
        .init(keys: [.end, .char("G")], context: .list, action: .end, help: .keyLastRow),
        .init(keys: [.enter], context: .list, action: .open, help: .keyOpenRow),
        // Queue
        .init(keys: [.char("v")], context: .queue, action: .nextView, help: .keyNextView),
        .init(keys: [.char("#")], context: .queue, action: .promptOpenNumber, help: .keyOpenNumber),
        .init(keys: [.char("s")], context: .queue, action: .cycleSort, help: .keyNextSort),
        .init(keys: [.char("c")], context: .queue, action: .claim, help: .keyClaim),
        .init(keys: [.char("u")], context: .queue, action: .release, help: .keyRelease),
        .init(keys: [.char("r")], context: .queue, action: .compose(.reply), help: .keyReply),
        .init(keys: [.char("n")], context: .queue, action: .compose(.note), help: .keyNote),
        .init(keys: [.char("m")], context: .queue, action: .openMacroPicker, help: .keyMacro),
        .init(keys: [.char(" ")], context: .queue, action: .supervisor(.toggleSelect), help: .keyMark, minimumRole: .supervisor),
        .init(keys: [.char("V")], context: .queue, action: .supervisor(.selectRange), help: .keyMarkRange, minimumRole: .supervisor),
        .init(keys: [.char("*")], context: .queue, action: .supervisor(.selectAll), help: .keyMarkAll, minimumRole: .supervisor),
        .init(keys: [.char("X")], context: .queue, action: .supervisor(.clearSelection), help: .keyClearMarks, minimumRole: .supervisor),
        .init(keys: [.char("B")], context: .queue, action: .supervisor(.bulkMenu), help: .keyBulk, minimumRole: .supervisor),
        // Open ticket
        .init(keys: [.char("r")], context: .ticket, action: .compose(.reply), help: .keyReply),
        .init(keys: [.char("n")], context: .ticket, action: .compose(.note), help: .keyNote),
        .init(keys: [.char("c")], context: .ticket, action: .claim, help: .keyClaim),
        .init(keys: [.char("m")], context: .ticket, action: .openMacroPicker, help: .keyMacro),
        .init(keys: [.char("p")], context: .ticket, action: .openPlaybook, help: .keyPlaybook),
        .init(keys: [.char("j"), .down], context: .ticket, action: .moveDown, help: .keyScrollDown),
        .init(keys: [.char("k"), .up], context: .ticket, action: .moveUp, help: .keyScrollUp),
        .init(keys: [.pageDown], context: .ticket, action: .pageDown, help: .keyTimelinePageDown),
        .init(keys: [.pageUp], context: .ticket, action: .pageUp, help: .keyTimelinePageUp),
        .init(keys: [.home, .char("g")], context: .ticket, action: .home, help: .keyTimelineFirst),
        .init(keys: [.end, .char("G")], context: .ticket, action: .end, help: .keyTimelineNewest),
        // Account
        .init(keys: [.char("R")], context: .account, action: .askReveal, help: .keyReveal),
        .init(keys: [.char("I")], context: .account, action: .openInvestigation, help: .keyInvestigate),
        // Transactions
        .init(keys: [.char("x")], context: .transactions, action: .exportTransactions, help: .keyExport),
        .init(keys: [.char("F")], context: .transactions, action: .openFilterForm, help: .keyFilterForm),
        .init(keys: [.char("a")], context: .transactions, action: .attachTransaction, help: .keyAttach),
        // Security
        .init(keys: [.enter], context: .security, action: .askSecurity, help: .keyRunAction),
        // Investigation (account I, or the stolen-account playbook's review step)
        .init(keys: [.char("j"), .down], context: .investigation, action: .investigation(.move(1)), help: .keyInvestigationNext),
        .init(keys: [.char("k"), .up], context: .investigation, action: .investigation(.move(-1)), help: .keyInvestigationPrevious),
        .init(keys: [.pageDown], context: .investigation, action: .investigation(.page(1)), help: .keyInvestigationPageDown),
        .init(keys: [.pageUp], context: .investigation, action: .investigation(.page(-1)), help: .keyInvestigationPageUp),
        .init(keys: [.char("c")], context: .investigation, action: .investigation(.jumpToCompromise), help: .keyInvestigationCompromise),
        .init(keys: [.char(" ")], context: .investigation, action: .investigation(.toggleChoice), help: .keyInvestigationChoose),
        .init(keys: [.char("f")], context: .investigation, action: .investigation(.flagChosen), help: .keyInvestigationFlag),
        .init(keys: [.char("A")], context: .investigation, action: .investigation(.appeal), help: .keyInvestigationAppeal),
        .init(keys: [.char("?")], context: .investigation, action: .investigation(.toggleRules), help: .keyInvestigationRules),
        .init(keys: [.escape, .char("q")], context: .investigation, action: .investigation(.close), help: .keyInvestigationClose),
        // Supervisor screen
        .init(keys: [.tab], context: .supervisor, action: .supervisor(.nextPanel), help: .keySupervisorNextBox),
        .init(keys: [.backTab], context: .supervisor, action: .supervisor(.previousPanel), help: .keySupervisorPreviousBox),
        .init(keys: [.char("j"), .down], context: .supervisor, action: .supervisor(.moveRow(1)), help: .keyNextRow),
        .init(keys: [.char("k"), .up], context: .supervisor, action: .supervisor(.moveRow(-1)), help: .keyPreviousRow),
        .init(keys: [.char("l"), .right], context: .supervisor, action: .supervisor(.moveCell(1)), help: .keySupervisorNextFigure),
        .init(keys: [.char("h"), .left], context: .supervisor, action: .supervisor(.moveCell(-1)), help: .keySupervisorPreviousFigure),
        .init(keys: [.pageDown], context: .supervisor, action: .supervisor(.moveRow(10)), help: .keySupervisorTenDown),
        .init(keys: [.pageUp], context: .supervisor, action: .supervisor(.moveRow(-10)), help: .keySupervisorTenUp),
        .init(keys: [.enter], context: .supervisor, action: .supervisor(.drill), help: .keySupervisorDrill),
        .init(keys: [.char("a")], context: .supervisor, action: .supervisor(.askDecision(approve: true)), help: .keySupervisorApprove),
        .init(keys: [.char("r")], context: .supervisor, action: .supervisor(.askDecision(approve: false)), help: .keySupervisorReject),
        .init(keys: [.char("p")], context: .supervisor, action: .supervisor(.cyclePeriod), help: .keySupervisorPeriod),
        .init(keys: [.char("E")], context: .supervisor, action: .supervisor(.export), help: .keySupervisorExport),
        .init(keys: [.escape], context: .supervisor, action: .toggleSupervisor, help: .keySupervisorBack),
        // Composer
        .init(keys: [.ctrl("s")], context: .composer, action: .send, help: .keySend),
        .init(keys: [.escape], context: .composer, action: .discardDraft, help: .keyDiscard),
        .init(keys: [.ctrl("e")], context: .composer, action: .externalEditor, help: .keyEditor),
        .init(keys: [.ctrl("o")], context: .composer, action: .holdReplyForExport, help: .keyAnotherFile),
        .init(keys: [.ctrl("x")], context: .composer, action: .dropNewestFile, help: .keyDropFile),
        // Macro picker (typing searches; ↑/↓ choose)
        .init(keys: [.enter], context: .macroPicker, action: .open, help: .keyMacroInsert),
        .init(keys: [.tab], context: .macroPicker, action: .nextMacroLanguage, help: .keyMacroLanguage),
        .init(keys: [.escape], context: .macroPicker, action: .back, help: .keyMacroClose),
        // Keyword rules (`:rules`; `/` and `t` take text until Enter or Esc)
        .init(keys: [.char("j"), .down], context: .rules, action: .rules(.move(1)), help: .keyNextRow),
        .init(keys: [.char("k"), .up], context: .rules, action: .rules(.move(-1)), help: .keyPreviousRow),
        .init(keys: [.pageDown], context: .rules, action: .rules(.page(1)), help: .keyPageDown),
        .init(keys: [.pageUp], context: .rules, action: .rules(.page(-1)), help: .keyPageUp),
        .init(keys: [.char("/")], context: .rules, action: .rules(.filter), help: .keyRulesFilter),
        .init(keys: [.char("a")], context: .rules, action: .rules(.add), help: .keyRulesAdd, minimumRole: .supervisor),
        .init(keys: [.char("d"), .delete], context: .rules, action: .rules(.remove), help: .keyRulesRemove, minimumRole: .supervisor),
        .init(keys: [.char("t")], context: .rules, action: .rules(.tryIt), help: .keyRulesTry),
        .init(keys: [.escape, .char("q")], context: .rules, action: .rules(.close), help: .keyRulesClose),
    ]

    /// The first binding for `key` among the active contexts, most specific first.
    static func action(for key: Key, in contexts: [KeyContext]) -> Action? {
        for context in contexts {
            if let binding = bindings.first(where: { $0.context == context && $0.keys.contains(key) }) {
                return binding.action
            }
        }
        return nil
    }

    /// Help text, grouped by context, for the `?` screen and `paydesk keys`: the keys of
    /// `contexts` (all of them when nil) that `role` can use, in `language`.
    static func helpLines(_ language: ContentLanguage = .en, contexts: [KeyContext]? = nil, role: Role = .admin) -> [String] {
        var lines: [String] = []
        for context in KeyContext.allCases where contexts?.contains(context) ?? true {
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
    /// The key contexts active for the focused pane, most specific first.
    var keyContexts: [KeyContext] {
        switch focus {
        case .queue: ticket != nil ? [.ticket, .global] : [.queue, .list, .global]
        case .transactions: [.transactions, .list, .global]
        case .account: [.account, .global]
        case .security: [.security, .list, .global]
        }
    }

    /// What `?` lists: the keys that work where the agent is.
    var helpContexts: [KeyContext] {
        screen == .supervisor ? [.supervisor, .global] : keyContexts
    }
}
