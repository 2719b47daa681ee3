import Foundation
import Testing

/// Every command the README documents is one the binary knows: a subcommand defined but
/// never registered is a feature nobody can reach (the investigation's `timeline`,
/// `rules` and `detector-check` once were).
@Suite struct CommandRegistryTests {
    @Test func everyDocumentedAccountCommandRuns() throws {
        let db = try Harness.demoDatabase()
        let timeline = try Harness.run(["account", "timeline", "--db", db, "--as", "sari", "WLT-10000000", "--limit", "5"])
        #expect(timeline.status == 0, "\(timeline.stderr)")
        #expect(!timeline.stdout.isEmpty)
        let rules = try Harness.run(["account", "rules", "--db", db, "--as", "sari"])
        #expect(rules.status == 0, "\(rules.stderr)")
        #expect(rules.stdout.contains("RULE"))
        let check = try Harness.run(["account", "detector-check", "--db", db, "--as", "sari"])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdout.contains("planted stories"))
    }

    /// The README's synopsis line for each command group lists only subcommands the
    /// binary's help shows.
    @Test func theReadmeSynopsisMatchesTheHelp() throws {
        let readme = try String(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("README.md"), encoding: .utf8)
        for line in readme.components(separatedBy: "\n") where line.hasPrefix("paydesk ") && line.contains("|") {
            let words = line.split(separator: " ")
            guard words.count >= 3, words[1].allSatisfy({ $0.isLetter || $0 == "-" }) else { continue }
            let group = String(words[1])
            let help = try Harness.run([group, "--help"])
            guard help.status == 0 else { continue }
            for sub in words[2].split(separator: "|").map(String.init) where sub.allSatisfy({ $0.isLetter || $0 == "-" || $0.isNumber }) {
                #expect(help.stdout.contains("  \(sub)"), "README lists `paydesk \(group) \(sub)` but the help does not")
            }
        }
    }
}
