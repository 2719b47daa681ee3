import AgentConsole

/// Rows for the keys of the lines and forms that take text inside a screen: the rules
/// screen's filter, try-it line and add form, the investigation's flag reason and appeal.
extension PtyKeyScenario {
    static let forms: [PtyKeyScenario] = rulesFilter + rulesTry + ruleForm + flagReason + appealForm

    private static func rulesRow(_ context: String, _ name: String, _ key: String, open: [String], _ press: String,
                                 after: [String]) -> PtyKeyScenario {
        .init(name: name, covers: [context + ":" + key], setup: [":rules\r"], before: open, press: press, after: after,
              teardown: [K.escape])
    }

    static let rulesFilter: [PtyKeyScenario] = {
        func row(_ name: String, _ key: String, before: [String] = [], _ press: String, after: [String] = [K.escape]) -> PtyKeyScenario {
            rulesRow("Rules filter", "rules filter: " + name, key, open: ["/"] + before, press, after: after)
        }
        return [
            row("keep (Enter)", "Enter", K.enter, after: []), row("clear (Esc)", "Esc", K.escape, after: []),
            row("next rule (↓)", "↓", K.down), row("previous rule (↑)", "↑", before: [K.down], K.up),
            row("help (F1)", "F1", K.f1, after: [K.escape, K.escape]),
        ]
    }()

    static let rulesTry: [PtyKeyScenario] = {
        func row(_ name: String, _ key: String, before: [String] = [], _ press: String, after: [String] = [K.escape]) -> PtyKeyScenario {
            rulesRow("Rules try-it line", "rules try-it: " + name, key, open: ["t"] + before, press, after: after)
        }
        return [
            // The try-it line keeps its text between visits, so each sample clears it, asks a
            // sample no rule matches, then times the one a rule does: every timed Enter changes
            // the answer on screen (asking the same again would draw nothing).
            row("ask the store (Enter)", "Enter",
                before: [K.ctrl("e"), K.ctrl("u"), "zz", K.enter, K.escape, "t", K.ctrl("e"), K.ctrl("u"), "saldo terpotong"], K.enter),
            row("back (Esc)", "Esc", K.escape, after: []),
            row("help (F1)", "F1", K.f1, after: [K.escape, K.escape]),
        ]
    }()

    static let ruleForm: [PtyKeyScenario] = {
        func row(_ name: String, _ key: String, _ press: String, after: [String] = [K.escape]) -> PtyKeyScenario {
            rulesRow("New rule form", "new rule form: " + name, key, open: ["a"], press, after: after)
        }
        return [
            // Without a keyword Enter stays in the form and says so; nothing is added.
            row("add without a keyword (Enter)", "Enter", K.enter),
            row("complete (Tab)", "Tab", K.tab), row("next field (↓)", "↓", K.down),
            row("previous field (↑)", "↑", K.up), row("previous field (S-Tab)", "S-Tab", K.backTab),
            row("close (Esc)", "Esc", K.escape, after: []), row("help (F1)", "F1", K.f1, after: [K.escape, K.escape]),
        ]
    }()

    private static func investigationRow(_ context: String, _ name: String, _ key: String, open: String, _ press: String,
                                         after: [String], maxSamples: Int? = nil) -> PtyKeyScenario {
        .init(name: name, covers: [context + ":" + key], setup: ["2", "I"], before: [open], press: press, after: after,
              teardown: [K.escape, "1"], maxSamples: maxSamples)
    }

    /// `f` opens the reason only with a transaction chosen: the rows open `{chosen}` (its
    /// customer's newest entry is an unflagged transaction, where the investigation opens)
    /// and choose it with Space; closing the investigation and the ticket drops the choice.
    private static func flagReasonRow(_ name: String, _ key: String, _ press: String, after: [String],
                                      maxSamples: Int? = nil) -> PtyKeyScenario {
        .init(name: "flag reason: " + name, covers: ["Flag reason:" + key], setup: [":open {chosen}\r", "2", "I", " "],
              before: ["f"], press: press, after: after, teardown: [K.escape, "1", K.escape], maxSamples: maxSamples)
    }

    static let flagReason: [PtyKeyScenario] = [
        // Without a reason the store refuses (audited): a few samples only.
        flagReasonRow("flag without a reason (Enter)", "Enter", K.enter, after: [K.escape], maxSamples: 3),
        flagReasonRow("close (Esc)", "Esc", K.escape, after: []),
        flagReasonRow("help (F1)", "F1", K.f1, after: [K.escape, K.escape]),
    ]

    static let appealForm: [PtyKeyScenario] = [
        // Without a reason the store refuses (audited): a few samples only.
        investigationRow("Appeal form", "appeal: open without a reason (Enter)", "Enter", open: "A", K.enter, after: [K.escape],
                         maxSamples: 3),
        investigationRow("Appeal form", "appeal: other field (Tab)", "Tab", open: "A", K.tab, after: [K.escape]),
        investigationRow("Appeal form", "appeal: other field (S-Tab)", "S-Tab", open: "A", K.backTab, after: [K.escape]),
        investigationRow("Appeal form", "appeal: close (Esc)", "Esc", open: "A", K.escape, after: []),
        investigationRow("Appeal form", "appeal: help (F1)", "F1", open: "A", K.f1, after: [K.escape, K.escape]),
    ]
}
