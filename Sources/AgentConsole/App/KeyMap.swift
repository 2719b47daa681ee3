import TermUI

/// The one key table. Dispatch reads it, the `?` help screen is drawn from it, and the
/// README's key list is tested against it, so the three never drift apart.
enum KeyMap {
    static let bindings: [KeyBinding] = [
        // Everywhere
        .init(keys: [.char("q")], context: .global, action: .quit, help: "quit"),
        .init(keys: [.char("?"), .f(1)], context: .global, action: .help, help: "help: this key list"),
        .init(keys: [.tab], context: .global, action: .focusNext, help: "focus the next pane"),
        .init(keys: [.backTab], context: .global, action: .focusPrevious, help: "focus the previous pane"),
        .init(keys: [.char("1")], context: .global, action: .focus(.queue), help: "focus the queue"),
        .init(keys: [.char("2")], context: .global, action: .focus(.account), help: "focus the account"),
        .init(keys: [.char("3")], context: .global, action: .focus(.transactions), help: "focus the transactions"),
        .init(keys: [.char("4")], context: .global, action: .focus(.security), help: "focus the security actions"),
        .init(keys: [.char(":")], context: .global, action: .startPalette, help: "command palette"),
        .init(keys: [.char("/")], context: .global, action: .startFilter, help: "filter the focused list"),
        .init(keys: [.ctrl("r"), .f(5)], context: .global, action: .refresh, help: "reload from the database"),
        .init(keys: [.char("S")], context: .global, action: .toggleSupervisor, help: "supervisor screen (supervisors)"),
        .init(keys: [.escape], context: .global, action: .back, help: "back out: close the ticket, dialog or prompt"),
        // Lists
        .init(keys: [.char("j"), .down], context: .list, action: .moveDown, help: "next row"),
        .init(keys: [.char("k"), .up], context: .list, action: .moveUp, help: "previous row"),
        .init(keys: [.pageDown, .ctrl("f")], context: .list, action: .pageDown, help: "page down"),
        .init(keys: [.pageUp, .ctrl("b")], context: .list, action: .pageUp, help: "page up"),
        .init(keys: [.home, .char("g")], context: .list, action: .home, help: "first row"),
        .init(keys: [.end, .char("G")], context: .list, action: .end, help: "last row"),
        .init(keys: [.enter], context: .list, action: .open, help: "open the selected row"),
        // Queue
        .init(keys: [.char("v")], context: .queue, action: .nextView, help: "next queue view (mine, unassigned, team… all)"),
        .init(keys: [.char("#")], context: .queue, action: .promptOpenNumber, help: "open a ticket by its number"),
        .init(keys: [.char("s")], context: .queue, action: .cycleSort, help: "next sort: SLA due, priority, age, updated"),
        .init(keys: [.char("c")], context: .queue, action: .claim, help: "claim the ticket"),
        .init(keys: [.char("u")], context: .queue, action: .release, help: "release the ticket to the unassigned queue"),
        .init(keys: [.char("r")], context: .queue, action: .compose(.reply), help: "reply to the customer"),
        .init(keys: [.char("n")], context: .queue, action: .compose(.note), help: "add an internal note"),
        .init(keys: [.char("m")], context: .queue, action: .openMacroPicker, help: "macro into the composer (search, preview; C-s sends)"),
        .init(keys: [.char(" ")], context: .queue, action: .supervisor(.toggleSelect), help: "mark or unmark the row for a bulk change (supervisors)"),
        .init(keys: [.char("V")], context: .queue, action: .supervisor(.selectRange), help: "mark every row from the last marked one to here"),
        .init(keys: [.char("*")], context: .queue, action: .supervisor(.selectAll), help: "mark every ticket in the view"),
        .init(keys: [.char("X")], context: .queue, action: .supervisor(.clearSelection), help: "clear the marks"),
        .init(keys: [.char("B")], context: .queue, action: .supervisor(.bulkMenu), help: "bulk change on the marked tickets (give, status, priority, tag, note, macro)"),
        // Open ticket
        .init(keys: [.char("r")], context: .ticket, action: .compose(.reply), help: "reply to the customer"),
        .init(keys: [.char("n")], context: .ticket, action: .compose(.note), help: "add an internal note"),
        .init(keys: [.char("c")], context: .ticket, action: .claim, help: "claim the ticket"),
        .init(keys: [.char("m")], context: .ticket, action: .openMacroPicker, help: "macro into the composer (search, preview; C-s sends)"),
        .init(keys: [.char("p")], context: .ticket, action: .openPlaybook, help: "playbook checklist for this ticket"),
        .init(keys: [.char("j"), .down], context: .ticket, action: .moveDown, help: "scroll the timeline down"),
        .init(keys: [.char("k"), .up], context: .ticket, action: .moveUp, help: "scroll the timeline up"),
        .init(keys: [.pageDown], context: .ticket, action: .pageDown, help: "page the timeline down"),
        .init(keys: [.pageUp], context: .ticket, action: .pageUp, help: "page the timeline up"),
        .init(keys: [.home, .char("g")], context: .ticket, action: .home, help: "first line of the timeline"),
        .init(keys: [.end, .char("G")], context: .ticket, action: .end, help: "newest entry of the timeline"),
        // Account
        .init(keys: [.char("R")], context: .account, action: .askReveal, help: "reveal masked phone and email (asks why; audited)"),
        .init(keys: [.char("I")], context: .account, action: .openInvestigation, help: "investigate: timeline, compromise point, suspect transactions"),
        // Transactions
        .init(keys: [.char("x")], context: .transactions, action: .exportTransactions, help: "export the filtered transactions (CSV, XLSX, PDF; audited)"),
        .init(keys: [.char("F")], context: .transactions, action: .openFilterForm, help: "filter form: one field per filter term"),
        .init(keys: [.char("a")], context: .transactions, action: .attachTransaction, help: "attach the transaction to the open ticket"),
        // Security
        .init(keys: [.enter], context: .security, action: .askSecurity, help: "run the selected action (states the effect, asks why)"),
        // Investigation (account I, or the stolen-account playbook's review step)
        .init(keys: [.char("j"), .down], context: .investigation, action: .investigation(.move(1)), help: "next entry (older)"),
        .init(keys: [.char("k"), .up], context: .investigation, action: .investigation(.move(-1)), help: "previous entry (newer)"),
        .init(keys: [.pageDown], context: .investigation, action: .investigation(.page(1)), help: "page down (older)"),
        .init(keys: [.pageUp], context: .investigation, action: .investigation(.page(-1)), help: "page up (newer)"),
        .init(keys: [.char("c")], context: .investigation, action: .investigation(.jumpToCompromise), help: "back to the compromise point"),
        .init(keys: [.char(" ")], context: .investigation, action: .investigation(.toggleChoice), help: "choose or unchoose the transaction for flagging"),
        .init(keys: [.char("f")], context: .investigation, action: .investigation(.flagChosen), help: "flag every chosen transaction (one reason, each audited)"),
        .init(keys: [.char("A")], context: .investigation, action: .investigation(.appeal), help: "open the appeal: compromise time (editable) and the flagged set"),
        .init(keys: [.char("?")], context: .investigation, action: .investigation(.toggleRules), help: "the detection rules: signals, weights, thresholds"),
        .init(keys: [.escape, .char("q")], context: .investigation, action: .investigation(.close), help: "close the investigation"),
        // Supervisor screen
        .init(keys: [.tab], context: .supervisor, action: .supervisor(.nextPanel), help: "next box"),
        .init(keys: [.backTab], context: .supervisor, action: .supervisor(.previousPanel), help: "previous box"),
        .init(keys: [.char("j"), .down], context: .supervisor, action: .supervisor(.moveRow(1)), help: "next row"),
        .init(keys: [.char("k"), .up], context: .supervisor, action: .supervisor(.moveRow(-1)), help: "previous row"),
        .init(keys: [.char("l"), .right], context: .supervisor, action: .supervisor(.moveCell(1)), help: "next figure in the row"),
        .init(keys: [.char("h"), .left], context: .supervisor, action: .supervisor(.moveCell(-1)), help: "previous figure in the row"),
        .init(keys: [.pageDown], context: .supervisor, action: .supervisor(.moveRow(10)), help: "ten rows down"),
        .init(keys: [.pageUp], context: .supervisor, action: .supervisor(.moveRow(-10)), help: "ten rows up"),
        .init(keys: [.enter], context: .supervisor, action: .supervisor(.drill), help: "show the tickets behind the figure as a queue"),
        .init(keys: [.char("a")], context: .supervisor, action: .supervisor(.askDecision(approve: true)), help: "approve the selected request (asks why)"),
        .init(keys: [.char("r")], context: .supervisor, action: .supervisor(.askDecision(approve: false)), help: "reject the selected request (asks why)"),
        .init(keys: [.char("p")], context: .supervisor, action: .supervisor(.cyclePeriod), help: "period of handling times and CSAT: today, 7 or 30 days"),
        .init(keys: [.char("E")], context: .supervisor, action: .supervisor(.export), help: "export the five reports as XLSX"),
        .init(keys: [.escape], context: .supervisor, action: .toggleSupervisor, help: "back to the main screen"),
        // Composer
        .init(keys: [.ctrl("s")], context: .composer, action: .send, help: "send the reply or note"),
        .init(keys: [.escape], context: .composer, action: .discardDraft, help: "close the composer (asks before throwing text away)"),
        .init(keys: [.ctrl("e")], context: .composer, action: .externalEditor, help: "edit in $EDITOR, then come back"),
        // Macro picker (typing searches; ↑/↓ choose)
        .init(keys: [.enter], context: .macroPicker, action: .open, help: "put the reply in the composer, changes as pending chips (sends nothing)"),
        .init(keys: [.tab], context: .macroPicker, action: .nextMacroLanguage, help: "reply in another language (the customer's first)"),
        .init(keys: [.escape], context: .macroPicker, action: .back, help: "close the picker"),
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

    /// Help text, grouped by context, for the `?` screen and the README.
    static func helpLines() -> [String] {
        var lines: [String] = []
        for context in KeyContext.allCases {
            let group = bindings.filter { $0.context == context }
            guard !group.isEmpty else { continue }
            lines.append(context.rawValue)
            for b in group {
                let keys = b.keys.map(\.name).joined(separator: " ")
                lines.append("  " + keys.padding(toLength: 16, withPad: " ", startingAt: 0) + b.help)
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
            rows.append("| \(keys) | \(b.context.rawValue) | \(b.help) |")
        }
        return rows.joined(separator: "\n")
    }
}
