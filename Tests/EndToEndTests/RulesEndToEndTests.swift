import Foundation
import SupportCore
import Testing

/// The keyword rules screen in the real terminal (tmux, the ncurses driver) at 80x24: a
/// supervisor adds a rule with the form, the try-it line names it, and it is removed
/// through the dialog (Cancel first, then Remove); the store under test agrees at each step.
@Suite(.serialized) struct RulesEndToEndTests {
    @Test func addTryAndRemoveARuleAt80x24() throws {
        let db = try Harness.demoDatabase()
        let s = try TmuxSession(command: try ServiceRouting.consoleCommand(db, as: "sari"), width: 80, height: 24)
        defer { s.kill() }
        #expect(try s.waitFor("paydesk").found)
        try s.send(":"); try s.type("rules"); try s.send("Enter")
        #expect(try s.waitFor("Keyword rules (").found)

        try s.send("a")
        #expect(try s.waitFor("Add a keyword rule").found)
        try s.type("dompet beku")
        try s.send("Tab"); try s.type("security/stolen"); try s.send("Tab")
        #expect(try s.waitFor("security/stolen_account").found)
        try s.send("Enter")
        let added = try s.waitFor("added: \"dompet beku\" → security/stolen_account")
        #expect(added.found, "\(added.screen)")
        func rule(_ keyword: String) throws -> String? {
            try StoreUnderTest.value(db, "SELECT id FROM category_rules WHERE keyword = '\(keyword)'")
        }
        let id = try #require(try rule("dompet beku"))

        try s.send("t"); try s.type("Tolong, dompet beku sejak pagi"); try s.send("Enter")
        let tried = try s.waitFor("→ rule #\(id) \"dompet beku\"")
        #expect(tried.found, "\(tried.screen)")
        try s.send("Escape")
        #expect(try s.waitForScreen { $0.contains("a add") }.found)

        try s.send("d")
        #expect(try s.waitFor("Remove rule #\(id)?").found)
        try s.send("Enter")   // Cancel has the focus
        #expect(try s.waitFor("Cancelled.").found)
        #expect(try rule("dompet beku") == id)
        try s.send("d")
        #expect(try s.waitFor("Remove rule #\(id)?").found)
        try s.send("Left"); try s.send("Enter")
        #expect(try s.waitFor("Rule #\(id) \"dompet beku\" removed.").found)
        #expect(try rule("dompet beku") == nil)
        try s.send("Escape")
        #expect(try s.waitForScreen { !$0.contains("Keyword rules (") }.found)
        try s.send("q")
        #expect(s.waitForExit() == 0)
    }
}
