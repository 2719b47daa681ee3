import AgentConsole

/// What `paydesk-dev bench --pty` presses in the real console, one row per key of the key
/// table (and per screen and slow path that is not a single key). A test holds the table
/// against `KeyMap`: a binding added without a row here, or an exclusion with its reason,
/// fails it — the bench cannot look away from a new key.
///
/// Every row starts and ends on the main screen with the queue focused, no ticket open,
/// on `:view team` sorted by SLA. `before` and `after` are pressed around each timed
/// `press` without being timed; `setup` and `teardown` once around the row's samples.
public struct PtyKeyScenario: Sendable {
    public var name: String
    /// "Context:Key" pairs of the key table this row times (`Queue:c`, `Lists:↓`).
    public var covers: [String]
    public var setup: [String] = []
    public var before: [String] = []
    public var press: String
    public var after: [String] = []
    public var teardown: [String] = []
    /// Fewer samples for rows whose key writes files or spawns processes.
    public var maxSamples: Int?
    /// The supervisor box the row works in. The screen remembers its box between visits,
    /// so the runner, which knows where the last row left it, presses Tab to get there
    /// after `setup`.
    public var box: Int?
    /// Data the row's key needs that the seed may not have, made by the runner before
    /// `setup` (in another process, as another agent would).
    public var precondition: PtyPrecondition?
    /// The terminal the row runs in, when the bench's size would make its key draw nothing
    /// (the help fits a large screen, so its scroll keys only move within a short one).
    public var terminal: PtyTerminalSize?
    /// For a key whose work goes on after its first frame (a worker writing files): text
    /// that only the finished frame draws. The runner waits for it before `after`, so an
    /// Esc there closes what the work left on screen instead of cancelling the work.
    public var finishedWhen: String?
    /// Times the key until the frame that draws `finishedWhen`, not until its first frame.
    public var timesFinish = false
    /// Each sample in a console of its own, started for it and quit after: for a key whose
    /// work a console does once and then keeps (the supervisor's first count of figures).
    public var newConsoleEachSample = false

    /// How many boxes Tab cycles through on the supervisor screen.
    public static var supervisorBoxes: Int { SupervisorPanel.allCases.count }
}

/// A terminal size for the rows that need one of their own.
public struct PtyTerminalSize: Sendable, Hashable {
    public var width: Int
    public var height: Int
    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }
    /// The smallest screen the console works in: the help scrolls there for every role.
    public static let smallest = PtyTerminalSize(width: 80, height: 24)
}

/// What a row needs in the data before its keys mean anything.
public enum PtyPrecondition: Sendable {
    /// A maker-checker request by another agent, waiting for the console's supervisor:
    /// without one, `a` in the Approvals box only warns that nothing is waiting.
    case waitingApproval
    /// The longest ticket holds more entries than a ticket opens with: scrolling up past
    /// the first held then reads the page before.
    case longerThanAPage
}

/// The bytes xterm sends for each key in the keypad mode ncurses turns on.
public enum PtyKeys {
    public static let up = "\u{1B}OA", down = "\u{1B}OB", right = "\u{1B}OC", left = "\u{1B}OD"
    public static let home = "\u{1B}OH", end = "\u{1B}OF"
    public static let pageUp = "\u{1B}[5~", pageDown = "\u{1B}[6~"
    public static let f1 = "\u{1B}OP", f5 = "\u{1B}[15~"
    public static let tab = "\t", backTab = "\u{1B}[Z", enter = "\r", escape = "\u{1B}"
    public static func ctrl(_ c: Character) -> String {
        String(UnicodeScalar(UInt8(c.asciiValue! & 0x1F)))
    }
    /// Clears a prompt's text (C-u) and applies the empty filter.
    public static let clearFilter = "/" + ctrl("u") + "\r"
}

extension PtyKeyScenario {
    typealias K = PtyKeys

    /// The dateless filter the issue measured on the heaviest account, and a dated one.
    public static let datelessFilter = "type:payment,qr_payment status:success amount:100000..1000000"
    public static let datedFilter = "date:2026-10-01..2026-11-25 type:payment"

    /// Keys left out, each with the reason a timing of it would mean nothing.
    public static let excluded: [String: String] = [
        "Everywhere:q": "ends the console; the cold-start row times the other end",
        "Composer:C-e": "hands the terminal to $EDITOR; the time is the editor's",
        "Exporting:Esc": "an export of the bench's accounts is over before a key can reach it; ExportConsoleTests cancels one",
        "Exporting:?": "an export of the bench's accounts is over before a key can reach it",
        "Exporting:F1": "an export of the bench's accounts is over before a key can reach it",
    ]

    public static let all: [PtyKeyScenario] = global + lists + queue + ticket + panes + investigation + supervisor + composer + rules + modes
        + paths

    static let global: [PtyKeyScenario] = [
        .init(name: "help (?)", covers: ["Everywhere:?"], press: "?", after: [K.escape]),
        .init(name: "help (F1)", covers: ["Everywhere:F1"], press: K.f1, after: [K.escape]),
        .init(name: "focus next (Tab)", covers: ["Everywhere:Tab"], press: K.tab, after: [K.backTab]),
        .init(name: "focus previous (S-Tab)", covers: ["Everywhere:S-Tab"], press: K.backTab, after: [K.tab]),
        .init(name: "focus account (2)", covers: ["Everywhere:2"], press: "2", after: ["1"]),
        .init(name: "focus transactions (3)", covers: ["Everywhere:3"], press: "3", after: ["1"]),
        .init(name: "focus security (4)", covers: ["Everywhere:4"], press: "4", after: ["1"]),
        .init(name: "focus queue (1)", covers: ["Everywhere:1"], before: ["2"], press: "1"),
        // On a complaint ticket: the record in the timeline's place where it is not beside it.
        .init(name: "complaint record tab (5)", covers: ["Everywhere:5"], setup: ["/cat:complaint\r", K.enter], press: "5",
              after: ["5"], teardown: [K.escape, K.clearFilter]),
        .init(name: "command palette (:)", covers: ["Everywhere::"], press: ":", after: [K.escape]),
        .init(name: "filter prompt (/)", covers: ["Everywhere:/"], press: "/", after: [K.escape]),
        // The sort's message first, so that the refresh's "Reloaded." is a change to draw.
        .init(name: "refresh (C-r)", covers: ["Everywhere:C-r"], before: [":sort sla\r"], press: K.ctrl("r")),
        .init(name: "refresh (F5)", covers: ["Everywhere:F5"], before: [":sort sla\r"], press: K.f5),
        .init(name: "supervisor screen (S)", covers: ["Everywhere:S"], press: "S", after: ["S"]),
        // The figures are counted on a worker while the screen is drawn: from S to the frame
        // with them, in a new console each time (a console keeps the figures once counted).
        // The first box's title counts the escalated tickets only once the figures are in;
        // while they are counted it is the box's name alone.
        .init(name: "supervisor screen (S), until the figures", covers: [], press: "S", maxSamples: 10,
              finishedWhen: " escalated", timesFinish: true, newConsoleEachSample: true),
        .init(name: "back: close the ticket (Esc)", covers: ["Open ticket:Esc"], before: [K.enter], press: K.escape),
    ]

    static let lists: [PtyKeyScenario] = [
        .init(name: "queue: next row (j)", covers: ["Lists:j"], press: "j", after: ["k"]),
        // Down the view, a new row each time (the row above alternates two rows): through
        // the service, each move finds the panes read ahead while the last frame was read.
        .init(name: "queue: next row, down the view (j, j, …)", covers: [], press: "j", teardown: ["g"]),
        .init(name: "queue: next row (↓)", covers: ["Lists:↓"], press: K.down, after: ["k"]),
        .init(name: "queue: previous row (k)", covers: ["Lists:k"], before: ["j"], press: "k"),
        .init(name: "queue: previous row (↑)", covers: ["Lists:↑"], before: ["j"], press: K.up),
        .init(name: "queue: page down (PgDn)", covers: ["Lists:PgDn"], press: K.pageDown, after: [K.pageUp]),
        .init(name: "queue: page down (C-f)", covers: ["Lists:C-f"], press: K.ctrl("f"), after: [K.pageUp]),
        .init(name: "queue: page up (PgUp)", covers: ["Lists:PgUp"], before: [K.pageDown], press: K.pageUp),
        .init(name: "queue: page up (C-b)", covers: ["Lists:C-b"], before: [K.pageDown], press: K.ctrl("b")),
        .init(name: "queue: last row (End)", covers: ["Lists:End"], press: K.end, after: ["g"]),
        .init(name: "queue: last row (G)", covers: ["Lists:G"], press: "G", after: ["g"]),
        .init(name: "queue: first row (Home)", covers: ["Lists:Home"], before: ["j", "j"], press: K.home),
        .init(name: "queue: first row (g)", covers: ["Lists:g"], before: ["j", "j"], press: "g"),
        .init(name: "queue: open the ticket (Enter)", covers: ["Lists:Enter"], press: K.enter, after: [K.escape]),
        .init(name: "queue :view all: next row (j)", covers: [], setup: [":view all\r"], press: "j", after: ["k"],
              teardown: [":view team\r"]),
        .init(name: "queue :view all: End", covers: [], setup: [":view all\r"], press: K.end, after: ["g"],
              teardown: [":view team\r"]),
        .init(name: "transactions: next row (j)", covers: [], setup: ["3"], press: "j", after: ["k"], teardown: ["1"]),
        .init(name: "transactions: End", covers: [], setup: ["3"], press: K.end, after: ["g"], teardown: ["1"]),
    ]

    static let queue: [PtyKeyScenario] = [
        .init(name: "queue: next view (v), every view in turn", covers: ["Queue:v"], press: "v", teardown: [":view team\r"]),
        // C-r drops what the console read ahead: `v` as it is after another agent's change.
        .init(name: "queue: next view (v), after C-r", covers: ["Queue:v"], before: [K.ctrl("r")], press: "v", teardown: [":view team\r"]),
        .init(name: "queue: open by number prompt (#)", covers: ["Queue:#"], press: "#", after: [K.escape]),
        .init(name: "queue: next sort (s), every sort in turn", covers: ["Queue:s"], press: "s", teardown: [":sort sla\r"]),
        .init(name: "queue: next sort (s), after C-r", covers: ["Queue:s"], before: [K.ctrl("r")], press: "s", teardown: [":sort sla\r"]),
        .init(name: "queue: claim (c)", covers: ["Queue:c"], press: "c", after: ["u"]),
        .init(name: "queue: release (u)", covers: ["Queue:u"], before: ["c"], press: "u"),
        .init(name: "queue: reply composer (r)", covers: ["Queue:r"], press: "r", after: [K.escape]),
        .init(name: "queue: note composer (n)", covers: ["Queue:n"], press: "n", after: [K.escape]),
        .init(name: "queue: macro picker (m)", covers: ["Queue:m"], press: "m", after: [K.escape]),
        .init(name: "queue: mark row (Space)", covers: ["Queue:Space"], press: " ", after: ["X", "k"]),
        .init(name: "queue: mark range (V)", covers: ["Queue:V"], before: [" ", "j"], press: "V", after: ["X", "k", "k"]),
        .init(name: "queue: mark the view (*)", covers: ["Queue:*"], press: "*", after: ["X"]),
        .init(name: "queue: clear marks (X)", covers: ["Queue:X"], before: [" "], press: "X", after: ["k"]),
        .init(name: "queue: bulk menu (B)", covers: ["Queue:B"], before: [" "], press: "B", after: [K.escape, "X", "k"]),
    ]

    /// On the longest ticket, opened at its first line.
    static let ticket: [PtyKeyScenario] = {
        let open = [":open {ticket}\r", "g"]
        func row(_ name: String, _ covers: String, before: [String] = [], _ press: String, after: [String] = []) -> PtyKeyScenario {
            .init(name: "ticket: " + name, covers: ["Open ticket:" + covers], setup: open, before: before, press: press,
                  after: after, teardown: [K.escape])
        }
        return [
            row("reply composer (r)", "r", "r", after: [K.escape]),
            row("note composer (n)", "n", "n", after: [K.escape]),
            row("claim (c)", "c", "c", after: [":release\r"]),
            row("macro picker (m)", "m", "m", after: [K.escape]),
            // The longest ticket may have no playbook (then `p` only warns, and the same
            // warning again draws nothing): this row opens the stolen-account ticket.
            .init(name: "ticket: playbook (p)", covers: ["Open ticket:p"], setup: [":open {playbook}\r", "g"], press: "p",
                  after: [K.escape], teardown: [K.escape]),
            row("scroll down (j)", "j", "j", after: ["k"]),
            row("scroll down (↓)", "↓", K.down, after: ["k"]),
            row("scroll up (k)", "k", before: ["j"], "k"),
            row("scroll up (↑)", "↑", before: ["j"], K.up),
            row("page down (PgDn)", "PgDn", K.pageDown, after: ["g"]),
            row("page up (PgUp)", "PgUp", before: [K.pageDown], K.pageUp, after: ["g"]),
            row("newest entry (End)", "End", K.end, after: ["g"]),
            row("newest entry (G)", "G", "G", after: ["g"]),
            row("first line (Home)", "Home", before: ["G"], K.home),
            row("first line (g)", "g", before: ["G"], "g"),
            // At the top of the entries held, k reads the page before them. Each sample
            // opens the ticket afresh, so each reads a page.
            .init(name: "ticket: earlier entries (k at the top)", covers: ["Open ticket:k"], setup: open, press: "k",
                  after: [K.escape, ":open {ticket}\r", "g"], teardown: [K.escape], precondition: .longerThanAPage),
        ]
    }()

    static let panes: [PtyKeyScenario] = [
        .init(name: "account: reveal prompt (R)", covers: ["Account:R"], setup: ["2"], press: "R", after: [K.escape], teardown: ["1"]),
        .init(name: "account: investigation (I)", covers: ["Account:I"], setup: ["2"], press: "I", after: [K.escape], teardown: ["1"]),
        .init(name: "transactions: export dialog (x)", covers: ["Transactions:x"], setup: ["3"], press: "x", after: [K.escape],
              teardown: ["1"]),
        .init(name: "transactions: filter form (F)", covers: ["Transactions:F"], setup: ["3"], press: "F", after: [K.escape],
              teardown: ["1"]),
        .init(name: "transactions: attach to the ticket (a)", covers: ["Transactions:a"], setup: [":open {ticket}\r", "3"],
              press: "a", after: ["j"], teardown: ["1", K.escape]),
        .init(name: "security: run the action (Enter)", covers: ["Security:Enter"], setup: ["4"], press: K.enter,
              after: [K.escape], teardown: ["1"]),
    ]

    static let investigation: [PtyKeyScenario] = {
        func row(_ name: String, _ covers: [String], before: [String] = [], _ press: String, after: [String] = []) -> PtyKeyScenario {
            .init(name: "investigation: " + name, covers: covers.map { "Investigation:" + $0 }, setup: ["2", "I"],
                  before: before, press: press, after: after, teardown: [K.escape, "1"])
        }
        return [
            row("next entry (j)", ["j"], "j", after: ["k"]),
            row("next entry (↓)", ["↓"], K.down, after: ["k"]),
            row("previous entry (k)", ["k"], before: ["j"], "k"),
            row("previous entry (↑)", ["↑"], before: ["j"], K.up),
            row("page down (PgDn)", ["PgDn"], K.pageDown, after: [K.pageUp]),
            row("page up (PgUp)", ["PgUp"], before: [K.pageDown], K.pageUp),
            row("back to the compromise point (c)", ["c"], before: ["j", "j"], "c"),
            row("choose (Space)", ["Space"], " ", after: ["k", " ", "k"]),
            // On `{chosen}`, a ticket whose customer's newest entry is an unflagged
            // transaction: the investigation opens on it and Space chooses it, so that `f`
            // opens the flag prompt (with nothing chosen it only warns, drawing nothing new).
            .init(name: "investigation: flag the chosen (f)", covers: ["Investigation:f"],
                  setup: [":open {chosen}\r", "2", "I", " "], press: "f", after: [K.escape], teardown: [K.escape, "1", K.escape]),
            row("appeal (A)", ["A"], "A", after: [K.escape]),
            row("detection rules (?)", ["?"], "?", after: ["?"]),
            .init(name: "investigation: close (Esc)", covers: ["Investigation:Esc"], setup: ["2"], before: ["I"],
                  press: K.escape, teardown: ["1"]),
            .init(name: "investigation: close (q)", covers: ["Investigation:q"], setup: ["2"], before: ["I"],
                  press: "q", teardown: ["1"]),
        ]
    }()

    static let supervisor: [PtyKeyScenario] = {
        let backlog = SupervisorPanel.backlog.rawValue, approvals = SupervisorPanel.approvals.rawValue
        let workload = SupervisorPanel.workload.rawValue
        func row(_ name: String, _ covers: [String], box: Int = 0, before: [String] = [], _ press: String, after: [String] = [],
                 maxSamples: Int? = nil, precondition: PtyPrecondition? = nil, finishedWhen: String? = nil,
                 timesFinish: Bool = false) -> PtyKeyScenario {
            .init(name: "supervisor: " + name, covers: covers.map { "Supervisor:" + $0 }, setup: ["S"], before: before,
                  press: press, after: after, teardown: ["S", K.clearFilter], maxSamples: maxSamples, box: box,
                  precondition: precondition, finishedWhen: finishedWhen, timesFinish: timesFinish)
        }
        return [
            row("next box (Tab)", ["Tab"], K.tab, after: [K.backTab]),
            row("previous box (S-Tab)", ["S-Tab"], K.backTab, after: [K.tab]),
            row("next row (j)", ["j"], box: backlog, "j", after: ["k"]),
            row("next row (↓)", ["↓"], box: backlog, K.down, after: ["k"]),
            row("previous row (k)", ["k"], box: backlog, before: ["j"], "k"),
            row("previous row (↑)", ["↑"], box: backlog, before: ["j"], K.up),
            // In the Backlog box, whose rows hold three figures.
            row("next figure (l)", ["l"], box: backlog, "l", after: ["h"]),
            row("next figure (→)", ["→"], box: backlog, K.right, after: ["h"]),
            row("previous figure (h)", ["h"], box: backlog, before: ["l", "l"], "h", after: ["h"]),
            row("previous figure (←)", ["←"], box: backlog, before: ["l", "l"], K.left, after: ["h"]),
            row("ten rows down (PgDn)", ["PgDn"], box: workload, K.pageDown, after: [K.pageUp]),
            row("ten rows up (PgUp)", ["PgUp"], box: workload, before: [K.pageDown], K.pageUp),
            row("drill into the figure (Enter)", ["Enter"], K.enter, after: [K.clearFilter, "S"]),
            // In the Approvals box, on its first request (Esc cancels: the request stays).
            row("approve dialog (a)", ["a"], box: approvals, "a", after: [K.escape], precondition: .waitingApproval),
            row("reject dialog (r)", ["r"], box: approvals, "r", after: [K.escape], precondition: .waitingApproval),
            row("next period (p), every period in turn", ["p"], "p"),
            // E writes the reports on a worker: the first row times its progress dialog, the
            // second the whole run, to the dialog listing the files (the last one's name is
            // drawn by that dialog alone). Both wait for the list before Esc closes it: an
            // Esc while the reports are written would cancel them.
            row("export the reports (E)", ["E"], "E", after: [K.escape], maxSamples: 20, finishedWhen: "-csat-"),
            row("export the reports (E), until the list of files", [], "E", after: [K.escape], maxSamples: 20,
                finishedWhen: "-csat-", timesFinish: true),
            .init(name: "supervisor: back (Esc)", covers: ["Supervisor:Esc"], before: ["S"], press: K.escape),
        ]
    }()

    static let composer: [PtyKeyScenario] = [
        .init(name: "composer: send a note (C-s)", covers: ["Composer:C-s"], before: ["n", "bench note"], press: K.ctrl("s"),
              maxSamples: 50),
        .init(name: "composer: close (Esc)", covers: ["Composer:Esc"], before: ["n"], press: K.escape),
        // Not a key of the table, but the key an agent presses most: a letter in the text,
        // which is kept as a draft as it is typed.
        .init(name: "composer: type a letter", covers: [], setup: ["n"], press: "x", teardown: [K.escape, "y"]),
        // C-o puts the reply aside and opens the export dialog; Esc cancels it, r brings the reply back.
        .init(name: "composer: export another file (C-o)", covers: ["Composer:C-o"], setup: [":open {ticket}\r"], before: ["r"],
              press: K.ctrl("o"), after: [K.escape, "1", "r", K.escape], teardown: [K.escape]),
        .init(name: "composer: drop the newest file (C-x)", covers: ["Composer:C-x"], before: ["r"], press: K.ctrl("x"),
              after: [K.escape]),
        .init(name: "macro picker: into the composer (Enter)", covers: ["Macro picker:Enter"], before: ["m"], press: K.enter,
              after: [K.escape, "y"]),
        .init(name: "macro picker: next language (Tab)", covers: ["Macro picker:Tab"], setup: ["m"], press: K.tab,
              teardown: [K.escape]),
        .init(name: "macro picker: close (Esc)", covers: ["Macro picker:Esc"], before: ["m"], press: K.escape),
    ]

    /// The keyword rules screen (`:rules`), opened once per row and closed after it.
    static let rules: [PtyKeyScenario] = {
        func row(_ name: String, _ covers: [String], before: [String] = [], _ press: String, after: [String] = []) -> PtyKeyScenario {
            .init(name: "rules: " + name, covers: covers.map { "Keyword rules:" + $0 }, setup: [":rules\r"],
                  before: before, press: press, after: after, teardown: [K.escape])
        }
        return [
            row("next rule (j)", ["j"], "j", after: ["k"]),
            row("next rule (↓)", ["↓"], K.down, after: ["k"]),
            row("previous rule (k)", ["k"], before: ["j"], "k"),
            row("previous rule (↑)", ["↑"], before: ["j"], K.up),
            row("page down (PgDn)", ["PgDn"], K.pageDown, after: [K.pageUp]),
            row("page up (PgUp)", ["PgUp"], before: [K.pageDown], K.pageUp),
            row("filter (/)", ["/"], "/", after: [K.escape]),
            row("add form (a)", ["a"], "a", after: [K.escape]),
            row("remove dialog (d)", ["d"], "d", after: [K.escape]),
            row("remove dialog (Del)", ["Del"], "\u{1B}[3~", after: [K.escape]),
            row("try it (t)", ["t"], "t", after: [K.escape]),
            .init(name: "rules: close (Esc)", covers: ["Keyword rules:Esc"], before: [":rules\r"], press: K.escape),
            .init(name: "rules: close (q)", covers: ["Keyword rules:q"], before: [":rules\r"], press: "q"),
        ]
    }()

    /// Slow paths that are not one key: filters typed at the prompt, views, sorts.
    static let paths: [PtyKeyScenario] = [
        .init(name: "queue :view all", covers: [], press: ":view all\r", after: [":view team\r"]),
        .init(name: "queue :sort updated (all)", covers: [], setup: [":view all\r"], press: ":sort updated\r",
              after: [":sort sla\r"], teardown: [":view team\r"]),
        .init(name: "transactions (heaviest account): dateless filter", covers: [], setup: [":open {heavy}\r", "3"],
              press: "/" + datelessFilter + "\r", after: [K.clearFilter], teardown: ["1", K.escape]),
        .init(name: "transactions (heaviest account): dated filter", covers: [], setup: [":open {heavy}\r", "3"],
              press: "/" + datedFilter + "\r", after: [K.clearFilter], teardown: ["1", K.escape]),
        .init(name: "transactions (heaviest account): flagged filter", covers: [], setup: [":open {heavy}\r", "3"],
              press: "/flagged:yes\r", after: [K.clearFilter], teardown: ["1", K.escape]),
        .init(name: "transactions (heaviest account): dateless filter, End", covers: [],
              setup: [":open {heavy}\r", "3", "/" + datelessFilter + "\r"], press: K.end, after: ["g"],
              teardown: [K.clearFilter, "1", K.escape]),
        .init(name: "transactions (heaviest account): PgDn", covers: [], setup: [":open {heavy}\r", "3"],
              press: K.pageDown, after: ["g"], teardown: ["1", K.escape]),
    ]
}

extension KeyMap {
    /// "Context:Key" for every key of the table, as the pty bench's rows name them.
    static var benchNames: [String] {
        bindings.flatMap { b in b.keys.map { "\(b.context.rawValue):\($0.name)" } }
    }
}

extension PtyKeyScenario {
    /// Keys of the table with no row and no exclusion (empty when the bench is complete).
    public static var uncoveredKeys: [String] {
        let covered = Set(all.flatMap(\.covers)).union(excluded.keys)
        return KeyMap.benchNames.filter { !covered.contains($0) }
    }

    /// Rows or exclusions naming keys the table does not have (a key renamed or removed).
    public static var staleKeys: [String] {
        let names = Set(KeyMap.benchNames)
        return (all.flatMap(\.covers) + excluded.keys).filter { !names.contains($0) }
    }
}
