import Foundation
import SupportCore
import Testing

/// `tx list` on the file writes its table from the statement's bytes; through the service
/// it still builds the table from `Transaction` values. The two must print the same bytes
/// for any rows: hostile and wide text, text SQLite keeps but a `String` reads otherwise
/// (a NUL inside, invalid UTF-8), unknown types and statuses, other currencies, amounts
/// from zero to the largest there is, instants from before 1900 to 2200.
@Suite struct TransactionListingTests {
    /// Texts a row may hold, picked at random per cell.
    static let texts: [[UInt8]] = [
        Array("TOKOPEDIA".utf8), Array("".utf8), Array(" lead and trail ".utf8), Array("王小明 超市 🛒".utf8),
        Array("ｆｕｌｌ　ｗｉｄｔｈ".utf8), Array("e\u{301}\u{302} combining".utf8), Array(InjectionTerminalTests.hostile.utf8),
        Array("Z\u{0335}\u{0336}algo\u{200D}👨‍👩‍👧".utf8), Array("tab\tand\nnewline".utf8), Array("%s%n{0}'; DROP TABLE x;--".utf8),
        Array("\u{1B}[31mred\u{1B}[0m".utf8), Array(String(repeating: "long ", count: 30).utf8),
    ]
    /// Bytes only SQLite keeps in a TEXT column: PostgreSQL refuses them.
    static let rawTexts: [[UInt8]] = [[0x41, 0x00, 0x42, 0x43], [0xFF, 0xFE, 0x41], [0xC3, 0x28], [0xE2, 0x82]]
    /// With names that differ from a known one by a letter's case, a missing or an extra
    /// letter: the file's path matches the stored bytes exactly, as `init(rawValue:)` does.
    static let types = ["payment", "topup", "p2p_in", "p2p_out", "refund", "cashback", "qr_payment", "no_such_type",
                        "topu", "Topup", "qr_payments", "withdrawal", "bill_payment"]
    static let statuses = ["success", "failed", "pending", "reversed", "odd", "succes", "SUCCESS", "failedx"]
    static let currencies = ["IDR", "IDR", "IDR", "USD", "JPY", "EUR", "idr", "XXX"]

    /// Rewrites customer 8's rows at random (seeded, so a failure repeats).
    private func seeded(seed: UInt64) throws -> (db: String, wallet: String) {
        let db = try Harness.demoDatabase()
        let wallet = try #require(try StoreUnderTest.value(db, "SELECT wallet_id FROM customers WHERE id = 8"))
        let ids = try StoreUnderTest.rows(db, "SELECT id FROM transactions WHERE customer_id = 8 ORDER BY id").compactMap { $0.first ?? nil }
        #expect(ids.count >= 20, "customer 8 has \(ids.count) transactions")
        var random = SplitMix64(seed: seed)
        let texts = Self.texts + (StoreUnderTest.holdsOnlyValidText ? [] : Self.rawTexts)
        func text(_ prefix: String = "") -> String {
            StoreUnderTest.textExpression(Array(prefix.utf8) + texts[Int.random(in: 0..<texts.count, using: &random)])
        }
        // Up to a quadrillion rupiah: the footer's totals sum a whole account in SQL.
        let amounts: [Int64] = [0, 1, 99, 100, 101, 999_999, 123_456_789_012, 100_000_000_000_000_000]
        var statements: [String] = []
        for (index, id) in ids.enumerated() {
            let amount = Bool.random(using: &random) ? amounts[Int.random(in: 0..<amounts.count, using: &random)]
                                                      : Int64.random(in: 0...100_000_000_000_000_000, using: &random)
            // Seconds from 1800 to 2200, and a few around the epoch.
            let at = index % 5 == 0 ? Int64.random(in: -100_000...100_000, using: &random)
                                    : Int64.random(in: -5_364_662_400...7_258_118_400, using: &random)
            statements.append("""
                UPDATE transactions SET reference = \(text("R\(index)-")), counterparty = \(text()), channel = \(text()),
                  type = '\(Self.types.randomElement(using: &random)!)', status = '\(Self.statuses.randomElement(using: &random)!)',
                  currency = '\(Self.currencies.randomElement(using: &random)!)', amount = \(amount), at = \(at),
                  flagged = \(Int.random(in: 0...1, using: &random)) WHERE id = \(id)
                """)
        }
        try StoreUnderTest.execute(db, statements.joined(separator: ";\n"))
        return (db, wallet)
    }

    @Test(arguments: [UInt64(16), 2_026])
    func theFilesTableIsTheServicesTable(seed: UInt64) throws {
        let (db, wallet) = try seeded(seed: seed)
        // When this run routes the file's commands to a service already, both sides go there.
        let service = ServiceRouting.enabled ? nil : try ServiceEndToEndTests.RunningService(db: db)
        defer {
            let stopped = service?.stop()
            #expect(stopped?.stderr.contains("Fatal error") != true, "the service: \(stopped?.stderr ?? "")")
        }
        // A page ending on a hostile reference offers no cursor (it is not echoed): the first
        // page size whose last reference is plain gives one.
        var offered: String?
        for size in 3...40 where offered == nil {
            let page = try Harness.run(["tx", "list", "--customer", wallet, "--limit", "\(size)", "--db", db, "--as", "sari"])
            #expect(page.stdout.contains("More: add --after ") || page.stdout.contains("cannot be used as --after"),
                    "\(page.stdout) \(page.stderr)")
            if page.stdout.contains("More: add --after ") {
                offered = page.stdout.components(separatedBy: "More: add --after ").last?.trimmingCharacters(in: .newlines)
            }
        }
        let cursor = try #require(offered, "no page of 3 to 40 rows ended on a plain reference")
        let listings: [[String]] = [[], ["--limit", "3"], ["--limit", "20000"], ["--query", "status:failed"],
                                    ["--after", cursor, "--limit", "5"]]
        // A supervisor and an agent see the same columns; neither is masked more on one path.
        for login in ["sari", "budi"] {
            for listing in listings {
                let arguments = ["tx", "list", "--customer", wallet] + listing
                let file = try Harness.run(arguments + ["--db", db, "--as", login])
                let remote = try service.map { try $0.cli(arguments, as: login) } ?? Harness.run(arguments + ["--db", db, "--as", login])
                #expect(file.status == 0 && remote.status == 0, "\(listing): \(file.stderr) \(remote.stderr)")
                #expect(file.stdout.hasPrefix("REFERENCE "), "\(listing): \(file.stdout)")
                #expect(Array(file.stdout.utf8) == Array(remote.stdout.utf8),
                        "\(login) \(listing): the file's table\n\(file.stdout)\nthe service's\n\(remote.stdout)")
                // The whole output, footer included: a cursor is offered only when it is plain.
                #expect(InjectionOutputTests.controls(file.stdout).isEmpty, "\(listing) printed \(InjectionOutputTests.controls(file.stdout))")
            }
        }
    }

    /// The table from the file checks the actor as every request does: a disabled agent
    /// lists nothing.
    @Test func aDisabledAgentListsNothing() throws {
        let db = try Harness.demoDatabase()
        let wallet = try #require(try StoreUnderTest.value(db, "SELECT wallet_id FROM customers WHERE id = 8"))
        #expect(try Harness.run(["tx", "list", "--customer", wallet, "--db", db, "--as", "dewi"]).status == 0)
        #expect(try Harness.run(["agent", "disable", "dewi", "--db", db, "--as", "ops"]).status == 0)
        let refused = try Harness.run(["tx", "list", "--customer", wallet, "--db", db, "--as", "dewi"])
        #expect(refused.status != 0, "\(refused.stdout) \(refused.stderr)")
        #expect(!refused.stdout.contains("REFERENCE"))
    }
}
