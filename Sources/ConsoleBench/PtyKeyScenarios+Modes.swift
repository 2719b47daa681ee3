import AgentConsole

/// Rows for the keys of the modes that take the keyboard: the help screen, dialogs, the
/// prompts, the composer's discard question, the playbook, the export dialog and the
/// filter form. Each opens its mode in `before` (or `setup`) and leaves it in `after`.
extension PtyKeyScenario {
    static let modes: [PtyKeyScenario] = help + dialog + prompts + discard + playbook + exportDialog + filterForm + extraKeys + forms

    static let help: [PtyKeyScenario] = {
        func row(_ name: String, _ key: String, before: [String] = [], _ press: String, after: [String] = [K.escape],
                 terminal: PtyTerminalSize? = nil) -> PtyKeyScenario {
            .init(name: "help: " + name, covers: ["Help:" + key], before: ["?"] + before, press: press, after: after,
                  terminal: terminal)
        }
        // The scroll keys run at 80x24: on the bench's large screen the help fits, and they
        // would move nothing.
        let small = PtyTerminalSize.smallest
        return [
            row("scroll down (j)", "j", "j", terminal: small), row("scroll down (↓)", "↓", K.down, terminal: small),
            row("scroll up (k)", "k", before: ["j"], "k", terminal: small),
            row("scroll up (↑)", "↑", before: ["j"], K.up, terminal: small),
            row("page down (PgDn)", "PgDn", K.pageDown, terminal: small),
            row("page up (PgUp)", "PgUp", before: [K.pageDown], K.pageUp, terminal: small),
            row("close (Esc)", "Esc", K.escape, after: []), row("close (q)", "q", "q", after: []),
            row("close (?)", "?", "?", after: []), row("close (F1)", "F1", K.f1, after: []),
            row("close (Enter)", "Enter", K.enter, after: []),
        ]
    }()

    /// The reveal dialog (account, R): Cancel has the focus, a reason field above it; → is
    /// timed from the button left of Cancel, since on Cancel it has nowhere to go.
    static let dialog: [PtyKeyScenario] = {
        func row(_ name: String, _ key: String, before: [String] = [], _ press: String, after: [String] = [K.escape]) -> PtyKeyScenario {
            .init(name: "dialog: " + name, covers: ["Dialog:" + key], setup: ["2"], before: ["R"] + before, press: press, after: after,
                  teardown: ["1"])
        }
        return [
            row("Enter on Cancel", "Enter", K.enter, after: []),
            row("next focus (Tab)", "Tab", K.tab), row("previous focus (S-Tab)", "S-Tab", K.backTab),
            row("button to the left (←)", "←", K.left), row("button to the right (→)", "→", before: [K.left], K.right),
            row("cancel (Esc)", "Esc", K.escape, after: []),
            row("help (F1)", "F1", K.f1, after: [K.escape, K.escape]),
            // A dialog without a field, where ? is not text: closing the selected ticket.
            .init(name: "dialog: help (?)", covers: ["Dialog:?"], before: [":status closed\r"], press: "?",
                  after: [K.escape, K.escape]),
        ]
    }()

    static let prompts: [PtyKeyScenario] = [
        .init(name: "filter prompt: apply (Enter)", covers: ["Filter prompt:Enter"], before: ["/"], press: K.enter),
        .init(name: "filter prompt: close (Esc)", covers: ["Filter prompt:Esc"], before: ["/"], press: K.escape),
        .init(name: "filter prompt: complete (Tab)", covers: ["Filter prompt:Tab"], before: ["/", "sta"], press: K.tab,
              after: [K.escape]),
        .init(name: "filter prompt: history back (↑)", covers: ["Filter prompt:↑"], before: ["/"], press: K.up, after: [K.escape]),
        .init(name: "filter prompt: history forward (↓)", covers: ["Filter prompt:↓"], before: ["/", K.up], press: K.down,
              after: [K.escape]),
        .init(name: "filter prompt: help (F1)", covers: ["Filter prompt:F1"], before: ["/"], press: K.f1, after: [K.escape, K.escape]),
        .init(name: "palette: run (Enter)", covers: ["Command palette:Enter"], before: [":sort sla"], press: K.enter),
        .init(name: "palette: complete (Tab)", covers: ["Command palette:Tab"], before: [":", "so"], press: K.tab, after: [K.escape]),
        .init(name: "palette: next suggestion (↓)", covers: ["Command palette:↓"], before: [":"], press: K.down, after: [K.escape]),
        .init(name: "palette: previous suggestion (↑)", covers: ["Command palette:↑"], before: [":", K.down], press: K.up,
              after: [K.escape]),
        .init(name: "palette: close (Esc)", covers: ["Command palette:Esc"], before: [":"], press: K.escape),
        .init(name: "palette: help (F1)", covers: ["Command palette:F1"], before: [":"], press: K.f1, after: [K.escape, K.escape]),
    ]

    /// A note with text, then Esc: the composer asks before throwing it away.
    static let discard: [PtyKeyScenario] = [
        .init(name: "discard? yes (y)", covers: ["Discard the draft?:y"], before: ["n", "x", K.escape], press: "y"),
        .init(name: "discard? keep writing (n)", covers: ["Discard the draft?:n"], before: ["n", "x", K.escape], press: "n",
              after: [K.escape, "y"]),
        .init(name: "discard? help (F1)", covers: ["Discard the draft?:F1"], before: ["n", "x", K.escape], press: K.f1,
              after: [K.escape, K.escape, K.escape, "y"]),
        .init(name: "discard? keep writing (Esc)", covers: ["Discard the draft?:Esc"], before: ["n", "x", K.escape], press: K.escape,
              after: [K.escape, "y"]),
    ]

    /// The checklist of a stolen-account ticket's playbook (`{playbook}`).
    static let playbook: [PtyKeyScenario] = {
        func row(_ name: String, _ keys: [String], before: [String] = [], _ press: String, after: [String] = [K.escape],
                 maxSamples: Int? = nil) -> PtyKeyScenario {
            .init(name: "playbook: " + name, covers: keys.map { "Playbook:" + $0 }, setup: [":open {playbook}\r"],
                  before: ["p"] + before, press: press, after: after, teardown: [K.escape], maxSamples: maxSamples)
        }
        return [
            row("next step (j)", ["j"], "j"), row("next step (↓)", ["↓"], K.down),
            row("previous step (k)", ["k"], before: ["j"], "k"), row("previous step (↑)", ["↑"], before: ["j"], K.up),
            // Ticking writes a step record (audited): a few samples only.
            row("tick (Enter)", ["Enter"], K.enter, maxSamples: 3), row("tick (Space)", ["Space"], " ", maxSamples: 3),
            row("tick (x)", ["x"], "x", maxSamples: 3),
            row("skip dialog (s)", ["s"], "s", after: [K.escape, K.escape]),
            row("investigate (I)", ["I"], "I"),
            row("close (Esc)", ["Esc"], K.escape, after: []), row("close (q)", ["q"], "q", after: []),
            row("help (?)", ["?"], "?", after: [K.escape, K.escape]), row("help (F1)", ["F1"], K.f1, after: [K.escape, K.escape]),
        ]
    }()

    static let exportDialog: [PtyKeyScenario] = {
        func row(_ name: String, _ key: String, before: [String] = [], _ press: String, after: [String] = [K.escape]) -> PtyKeyScenario {
            .init(name: "export dialog: " + name, covers: ["Export dialog:" + key], setup: ["3"], before: ["x"] + before,
                  press: press, after: after, teardown: ["1"])
        }
        return [
            // Without a reason Enter stays in the dialog and says so; nothing is written.
            row("export without a reason (Enter)", "Enter", K.enter),
            row("next field (Tab)", "Tab", K.tab), row("next field (↓)", "↓", K.down),
            row("previous field (S-Tab)", "S-Tab", K.backTab), row("previous field (↑)", "↑", K.up),
            row("close (Esc)", "Esc", K.escape, after: []), row("help (F1)", "F1", K.f1, after: [K.escape, K.escape]),
        ]
    }()

    static let filterForm: [PtyKeyScenario] = {
        func row(_ name: String, _ key: String, _ press: String, after: [String] = [K.escape]) -> PtyKeyScenario {
            .init(name: "filter form: " + name, covers: ["Filter form:" + key], setup: ["3"], before: ["F"], press: press,
                  after: after, teardown: ["1"])
        }
        return [
            row("apply (Enter)", "Enter", K.enter, after: []),
            row("next field (Tab)", "Tab", K.tab), row("next field (↓)", "↓", K.down),
            row("previous field (S-Tab)", "S-Tab", K.backTab), row("previous field (↑)", "↑", K.up),
            row("close (Esc)", "Esc", K.escape, after: []), row("help (F1)", "F1", K.f1, after: [K.escape, K.escape]),
        ]
    }()

    /// Keys added to contexts that have rows of their own elsewhere.
    static let extraKeys: [PtyKeyScenario] = [
        .init(name: "complaint record: back to the timeline (5)", covers: ["Complaint record:5"],
              setup: ["/cat:complaint\r", K.enter], before: ["5"], press: "5", teardown: [K.escape, K.clearFilter]),
        .init(name: "back: focus the queue (Esc)", covers: ["Everywhere:Esc"], before: ["2"], press: K.escape),
        // Each sample moves back where it started: pressed again and again, the selection
        // would sit at the end of the list and the key would draw nothing.
        .init(name: "macro picker: next (↓)", covers: ["Macro picker:↓"], setup: ["m"], press: K.down, after: [K.up],
              teardown: [K.escape]),
        .init(name: "macro picker: next (C-n)", covers: ["Macro picker:C-n"], setup: ["m"], press: K.ctrl("n"),
              after: [K.ctrl("p")], teardown: [K.escape]),
        .init(name: "macro picker: previous (↑)", covers: ["Macro picker:↑"], setup: ["m"], before: [K.down], press: K.up,
              teardown: [K.escape]),
        .init(name: "macro picker: previous (C-p)", covers: ["Macro picker:C-p"], setup: ["m"], before: [K.ctrl("n")],
              press: K.ctrl("p"), teardown: [K.escape]),
        .init(name: "macro picker: help (F1)", covers: ["Macro picker:F1"], setup: ["m"], press: K.f1, after: [K.escape],
              teardown: [K.escape]),
        .init(name: "composer: help (F1)", covers: ["Composer:F1"], before: ["n"], press: K.f1, after: [K.escape, K.escape]),
        .init(name: "investigation: help (F1)", covers: ["Investigation:F1"], setup: ["2", "I"], press: K.f1, after: [K.escape],
              teardown: [K.escape, "1"]),
        .init(name: "rules: help (?)", covers: ["Keyword rules:?"], setup: [":rules\r"], press: "?", after: [K.escape],
              teardown: [K.escape]),
        .init(name: "rules: help (F1)", covers: ["Keyword rules:F1"], setup: [":rules\r"], press: K.f1, after: [K.escape],
              teardown: [K.escape]),
    ]
}
