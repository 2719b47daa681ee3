import Foundation
import SupportCore
import Testing
import TermUI
@testable import AgentConsole

/// Every mode reads its keys from the key table: `?` in a mode lists that mode's keys for
/// the agent's role, then the global ones; every hint on the footer is a key of the
/// contexts that are active, and starts with that key.
@Suite struct ModeKeysTests {
    /// A mode and the keys that reach it from the main screen.
    struct Walk {
        var name: String
        var keys: [Key]
    }

    static func keys(_ text: String) -> [Key] { text.map { Key.char($0) } }

    static let walks: [Walk] = [
        Walk(name: "queue", keys: []),
        Walk(name: "ticket", keys: [.enter]),
        Walk(name: "account", keys: keys("2")),
        Walk(name: "transactions", keys: keys("3")),
        Walk(name: "security", keys: keys("4")),
        Walk(name: "filter prompt", keys: keys("/")),
        Walk(name: "palette", keys: keys(":")),
        Walk(name: "reveal dialog", keys: keys("2R")),
        Walk(name: "composer", keys: keys("r")),
        Walk(name: "discard question", keys: keys("nx") + [.escape]),
        Walk(name: "macro picker", keys: keys("m")),
        Walk(name: "export dialog", keys: keys("3x")),
        Walk(name: "filter form", keys: keys("3F")),
        Walk(name: "investigation", keys: keys("2I")),
        Walk(name: "rules", keys: keys(":rules") + [.enter]),
        Walk(name: "rules filter", keys: keys(":rules") + [.enter] + keys("/")),
        Walk(name: "rules try-it line", keys: keys(":rules") + [.enter] + keys("t")),
        Walk(name: "new rule form", keys: keys(":rules") + [.enter] + keys("a")),
        Walk(name: "flag reason", keys: keys("2If")),
        Walk(name: "appeal form", keys: keys("2IA")),
        Walk(name: "playbook", keys: keys("/cat:security") + [.enter, .enter] + keys("p")),
        Walk(name: "help", keys: keys("?")),
    ]

    /// Opens `walk`'s mode on a fresh console.
    func open(_ walk: Walk, login: String, width: Int = 200, height: Int = 60) throws -> HeadlessConsole {
        let c = try HeadlessConsole(width: width, height: height, login: login)
        for key in walk.keys { c.press(key) }
        return c
    }

    /// The hints the footer shows, read off the drawn status bar (after the name, role and
    /// pane, which are followed by two spaces).
    func shownHints(_ c: HeadlessConsole) -> [String] {
        let bar = c.lines[c.state.height - 1]
        guard let gap = bar.range(of: "  ") else { return [] }
        let part = bar[gap.upperBound...].trimmingCharacters(in: .whitespaces)
        return part.isEmpty ? [] : part.components(separatedBy: " · ")
    }

    @Test(arguments: ["budi", "sari"], [(80, 24), (200, 60)])
    func everyHintIsAKeyOfTheActiveContexts(login: String, size: (Int, Int)) throws {
        var visited: Set<KeyContext> = []
        for walk in Self.walks + [Walk(name: "supervisor screen", keys: Self.keys("S"))] {
            let c = try open(walk, login: login, width: size.0, height: size.1)
            let contexts = c.state.activeContexts
            visited.formUnion(contexts)
            let hints = c.state.hintBindings
            #expect(!hints.isEmpty, "\(walk.name): no hints")
            for b in hints {
                #expect(contexts.contains(b.context), "\(walk.name): '\(b.englishHelp)' is a key of \(b.context), not active")
                #expect(b.minimumRole <= c.state.actor.role, "\(walk.name): \(login) is shown '\(b.englishHelp)'")
                // The hint names its own key: "Enter open", "↑↓ choose" (a key of the binding).
                let text = Catalogue.text(b.hint!, .en)
                let named = text.split(separator: " ").first.map(String.init) ?? ""
                #expect(b.keys.contains { named.contains($0.name) }, "\(walk.name): hint '\(text)' does not name \(b.keys.map(\.name))")
                // The key the hint names does what the binding says here.
                #expect(b.keys.contains { KeyMap.binding(for: $0, in: contexts)?.help == b.help }, "\(walk.name): '\(text)' is shadowed")
            }
            // What the bar shows is the start of that list, each hint whole.
            let shown = shownHints(c)
            let expected = StatusLine.hints(c.state).map { c.state.t($0) }
            #expect(!shown.isEmpty && shown == Array(expected.prefix(shown.count)), "\(walk.name) at \(size): \(shown) vs \(expected)")
            #expect(DisplayWidth.of(c.lines[c.state.height - 1]) <= size.0)
        }
        // The walk reaches every mode of the table but a running export (over before a
        // key reaches it) and a complaint's record (its own test, narrow screens).
        let unreached = Set(KeyContext.allCases).subtracting(visited).subtracting([.exporting, .complaintRecord])
        if login == "sari" { #expect(unreached.isEmpty, "never active: \(unreached)") }
    }

    @Test(arguments: ["budi", "sari"])
    func helpListsTheModesKeysForTheRoleThenTheGlobalOnes(login: String) throws {
        for walk in Self.walks + [Walk(name: "supervisor screen", keys: Self.keys("S"))] where walk.name != "help" {
            let c = try open(walk, login: login)
            let before = c.state.activeContexts
            if login == "budi" && walk.name == "supervisor screen" { continue }   // agents have none
            c.press(.f(1))
            guard case .help = c.state.mode else { Issue.record("\(walk.name): F1 opened no help"); continue }
            let text = c.text
            let role = c.state.actor.role
            for context in before + [.global] {
                for b in KeyMap.bindings where b.context == context {
                    let shown = text.contains(String(b.englishHelp.prefix(50)))
                    #expect(shown == (b.minimumRole <= role), "\(walk.name) (\(login)): '\(b.englishHelp)' shown: \(shown)")
                }
            }
            // The mode's own keys come first, the global ones after.
            let lines = c.lines
            let own = lines.firstIndex { $0.contains("║  " + Catalogue.text(before[0].title, .en)) || $0.contains(" " + Catalogue.text(before[0].title, .en) + " ") }
            let global = lines.firstIndex { $0.contains(Catalogue.text(KeyContext.global.title, .en)) }
            if let own, let global { #expect(own <= global, "\(walk.name): the global keys come first") }
            #expect(global != nil, "\(walk.name): no global keys")
            // Esc gives the keyboard back to the mode the help was opened over.
            c.press(.escape)
            #expect(c.state.activeContexts == before, "\(walk.name): Esc left \(c.state.activeContexts)")
        }
    }

    /// The footer's hints where text is typed are the key table's, and the keys they name
    /// do what they say there: Esc on the rules filter clears it, Tab on the appeal moves
    /// to the reason, Enter on the try-it line asks the store.
    @Test func textLinesTakeTheirKeysFromTheTable() throws {
        let c = try open(Walk(name: "rules filter", keys: Self.keys(":rules") + [.enter] + Self.keys("/")), login: "sari")
        c.press(.char("q"))   // text, not the rules screen's q
        #expect(c.state.activeContexts == [.rulesFilter])
        #expect(shownHints(c) == ["Enter done", "Esc clear"])
        c.press(.escape)
        guard case .rules(let view) = c.state.mode else { Issue.record("Esc left the rules screen"); return }
        #expect(view.filter.text.isEmpty && view.focus == .list)

        let form = try open(Walk(name: "new rule form", keys: Self.keys(":rules") + [.enter] + Self.keys("a")), login: "sari")
        #expect(shownHints(form) == ["Enter add", "Tab complete", "↑↓ field", "Esc cancel"])
        #expect(form.text.contains("Enter add · Tab complete · ↑↓ field · Esc cancel"), "the form's own line is the table's hints")

        let appeal = try open(Walk(name: "appeal form", keys: Self.keys("2IA")), login: "budi")
        #expect(shownHints(appeal) == ["Enter open", "Tab field", "Esc cancel"])
        appeal.press(.tab, .char("w"))
        guard case .investigation(let inv) = appeal.state.mode, case .appeal(_, let reason, let onTime)? = inv.prompt else {
            Issue.record("Tab closed the appeal"); return
        }
        #expect(!onTime && reason.text == "w")
    }

    /// a and r act in the Approvals box only, so the footer offers them there only.
    @Test func approveAndRejectAreHintedInTheApprovalsBoxOnly() throws {
        let c = try HeadlessConsole(width: 200, height: 60, login: "sari")
        c.press(.char("S"))
        for _ in SupervisorPanel.allCases {
            let hints = shownHints(c)
            let inApprovals = c.state.supervisor.panel == .approvals
            #expect(hints.contains("a approve") == inApprovals, "\(c.state.supervisor.panel): \(hints)")
            #expect(hints.contains("r reject") == inApprovals, "\(c.state.supervisor.panel): \(hints)")
            c.press(.tab)
        }
    }

    @Test func helpStaysOpenOnKeysItDoesNotUse() throws {
        let c = try HeadlessConsole()
        c.press(.char("?"), .char("x"))
        guard case .help = c.state.mode else { Issue.record("x closed the help"); return }
        c.press(.char("j"))
        guard case .help(let scroll, _) = c.state.mode else { Issue.record("j closed the help"); return }
        #expect(scroll == 1)
        c.press(.char("q"))
        guard case .normal = c.state.mode else { Issue.record("q did not close the help"); return }
        #expect(c.state.running, "q in the help closes it, it does not quit")
    }
}
