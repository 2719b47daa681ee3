import Foundation
import Testing

/// `paydesk agent language`: an agent chooses their console's language from the command
/// line; a bad value is a usage error; another agent's choice is an admin's.
@Suite struct AgentLanguageCommandTests {
    @Test func anAgentSetsTheirOwnConsoleLanguage() throws {
        let db = try Harness.demoDatabase()
        let set = try Harness.run(["agent", "language", "id", "--db", db, "--as", "budi"])
        #expect(set.status == 0)
        #expect(set.stdout == "budi's console speaks Bahasa Indonesia.\n")
        let list = try Harness.run(["agent", "list", "--json", "--db", db, "--as", "budi"])
        #expect(list.stdout.contains("\"uiLanguage\" : \"id\"") || list.stdout.contains("\"uiLanguage\":\"id\""))
        #expect(try Harness.run(["agent", "language", "xx", "--db", db, "--as", "budi"]).status == 2)
        let other = try Harness.run(["agent", "language", "en", "--login", "sari", "--db", db, "--as", "budi"])
        #expect(other.status == 4)
        #expect(other.stderr.contains("Only an admin may choose the console language of another agent."))
        let back = try Harness.run(["agent", "language", "locale", "--db", db, "--as", "budi"])
        #expect(back.stdout == "budi's console speaks the locale's language.\n")
    }
}
