import Foundation
import SupportCore
import Testing
import TermUI
@testable import AgentConsole

/// The other way round from `ModeKeysTests` (which checks that every key of a context is on
/// its `?` screen and that every hint shown is a live key): every binding the key table
/// ranks as a hint is a hint somewhere the agent can be, none always shadowed or unreached.
@Suite struct HintCoverageTests {
    /// Where the walks do not go: a running export (over before a key reaches it) and a
    /// complaint's record (narrow screens, `ComplaintTabTests`); hints that need a state the
    /// walks do not make (files on a reply, the Approvals box) are checked there too.
    static let elsewhere: Set<KeyContext> = [.exporting, .complaintRecord]

    @Test func everyRankedBindingIsAHintWhereItsContextIsActive() throws {
        var hinted: [String: Set<String>] = [:]
        let walks = ModeKeysTests.walks + [ModeKeysTests.Walk(name: "supervisor screen", keys: ModeKeysTests.keys("S"))]
        for walk in walks {
            let c = try HeadlessConsole(width: 200, height: 60, login: "sari")
            for key in walk.keys { c.press(key) }
            for b in c.state.hintBindings { hinted[String(describing: b.context), default: []].insert(b.englishHelp) }
        }
        let role = try HeadlessConsole(width: 80, height: 24, login: "sari").state.actor.role
        for b in KeyMap.bindings where b.hint != nil && b.minimumRole <= role && !Self.elsewhere.contains(b.context) {
            guard case .always = b.hintWhen else { continue }
            #expect(hinted[String(describing: b.context), default: []].contains(b.englishHelp),
                    "'\(b.englishHelp)' (\(b.context)) is ranked as a hint but never shown")
        }
    }

}
