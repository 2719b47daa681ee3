import Foundation
import Testing

/// Stored amounts up to Int64.max and instants in the year 11000: every command that lists,
/// totals or exports them answers with rows or a sentence, and the service keeps answering.
/// A totals counter that ran past Int64 used to stop the process (decoding a REAL as Int64),
/// a filtered sum failed with SQLite's bare "integer overflow", and an export's sum trapped.
@Suite struct TransactionOverflowTests {
    static let largest = "92.233.720.368.547.758,07"

    private func seeded() throws -> (db: String, wallet: String) {
        let db = try Harness.demoDatabase()
        let wallet = try #require(try StoreUnderTest.value(db, "SELECT wallet_id FROM customers WHERE id = 8"))
        let year11000: Int64 = 284_958_000_000
        let rows = [("OVF1", "topup"), ("OVF2", "topup"), ("OVF3", "payment"), ("OVF4", "payment")].enumerated().map { index, row in
            "('\(row.0)', 8, '\(row.1)', 'success', \(Int64.max), 'IDR', 'Huge', 'bank_va', \(year11000 + Int64(index) * 60), 1)"
        }
        try StoreUnderTest.execute(db, """
            INSERT INTO transactions (reference, customer_id, type, status, amount, currency, counterparty, channel, at, flagged)
            VALUES \(rows.joined(separator: ", "))
            """)
        return (db, wallet)
    }

    /// Not on the PostgreSQL pass: there the totals trigger refuses such rows on insert
    /// ("bigint out of range"), so they cannot be stored to list.
    @Test(.enabled(if: !(ServiceRouting.enabled && ServiceRouting.onPostgres)))
    func hugeAmountsGiveASentenceAndTheServiceKeepsAnswering() throws {
        let (db, wallet) = try seeded()
        let service = ServiceRouting.enabled ? nil : try ServiceEndToEndTests.RunningService(db: db)
        let out = try Harness.tempDir()
        let commands: [[String]] = [
            ["tx", "list", "--customer", wallet, "--limit", "4"],
            ["tx", "list", "--customer", wallet, "--limit", "4", "--query", "flagged:yes"],
            ["tx", "export", "--customer", wallet, "--format", "csv", "--reason", "statement"],
            ["tx", "export", "--customer", wallet, "--format", "xlsx", "--reason", "statement"],
        ]
        for (path, run) in [("file", { (a: [String]) in try Harness.run(a + ["--db", db, "--as", "sari"]) }),
                            ("service", { (a: [String]) in
                                try service.map { try $0.cli(a, as: "sari") } ?? Harness.run(a + ["--db", db, "--as", "sari"]) })] {
            for (index, command) in commands.enumerated() {
                let file = out.appendingPathComponent("\(path)-\(index).\(command[5])").path
                let result = try run(command + (command[1] == "export" ? ["--out", file] : []))
                #expect(result.status != 0, "\(path) \(command): \(result.stdout)")
                #expect(result.stderr.contains("total is out of range") || result.stderr.contains("total of these transactions is out of range"),
                        "\(path) \(command): \(result.stderr)")
                #expect(!result.stderr.contains("Fatal error") && !result.stderr.contains("integer overflow"), "\(path) \(command): \(result.stderr)")
                if command[1] == "list" {
                    // The rows themselves, formatted exactly, and their far-future instants.
                    #expect(result.stdout.contains("OVF4") && result.stdout.contains(Self.largest) && result.stdout.contains("10999-12-17"),
                            "\(path) \(command): \(result.stdout)")
                } else {
                    #expect(!FileManager.default.fileExists(atPath: file), "\(path) \(command) left \(file)")
                }
            }
            // Rows come back as JSON too: no sum is involved.
            let json = try run(["tx", "list", "--customer", wallet, "--limit", "2", "--json"])
            #expect(json.status == 0 && json.stdout.contains("\(Int64.max)"), "\(path): \(json.stdout) \(json.stderr)")
        }
        // Another customer's listing still answers, and the service did not crash.
        let after = try service.map { try $0.cli(["tx", "list", "--customer", "1", "--limit", "2"], as: "sari") }
            ?? Harness.run(["tx", "list", "--customer", "1", "--limit", "2", "--db", db, "--as", "sari"])
        #expect(after.status == 0 && after.stdout.contains(" matching; in "), "\(after.stdout) \(after.stderr)")
        if let service {
            let stopped = service.stop()
            #expect(!stopped.stderr.contains("Fatal error"), "the service: \(stopped.stderr)")
        }
    }

    /// A reference holding escape sequences is never echoed to the terminal by the
    /// "More" line, and is not offered as a cursor.
    @Test func aHostileReferenceIsNotPrintedAsTheCursor() throws {
        let db = try Harness.demoDatabase()
        let wallet = try #require(try StoreUnderTest.value(db, "SELECT wallet_id FROM customers WHERE id = 8"))
        let newest = try #require(try StoreUnderTest.value(db, "SELECT id FROM transactions WHERE customer_id = 8 ORDER BY at DESC, id DESC LIMIT 1"))
        let hostile = StoreUnderTest.textExpression(Array("TX\u{1B}]0;owned\u{07}\u{1B}[2J\u{1B}[31mRED\u{9B}1m".utf8))
        try StoreUnderTest.execute(db, "UPDATE transactions SET reference = \(hostile) WHERE id = \(newest)")
        let result = try Harness.run(["tx", "list", "--customer", wallet, "--limit", "1", "--db", db, "--as", "sari"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(InjectionOutputTests.controls(result.stdout + result.stderr).isEmpty,
                "printed \(InjectionOutputTests.controls(result.stdout + result.stderr))")
        #expect(!result.stdout.contains("More: add --after"), "\(result.stdout)")
        #expect(result.stdout.contains("cannot be used as --after"), "\(result.stdout)")
    }
}
