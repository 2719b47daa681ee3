import Foundation
import SupportCore
import SupportPostgres
import SupportStore
import Testing

/// The filters that match a substring (`customer:`, `cp:`, `channel:`, `ref:` and a
/// transaction's free words) ignore the letters' case on both stores: SQLite's LIKE folds
/// ASCII, PostgreSQL's did not — `customer:budi` found "Budi" on one store and nothing on
/// the other. Every filter is typed lower-case, upper-case and as stored; each spelling
/// finds the same rows, something, and the same rows on both stores.
@Suite struct TextFilterCaseParityTests {
    static func script(_ e: any StoreEngine) throws -> [String] {
        let sari = try #require(try e.agent(login: "sari"))
        let now = Date(timeIntervalSince1970: TimeInterval(e.now))
        var log: [String] = []
        func spellings(_ text: String) -> [String] { [text, text.lowercased(), text.uppercased()] }
        // A customer's name, a counterparty and a reference from the data itself.
        let ticket = try #require(try e.queuePage(QueueSpec(view: .all, actor: sari), limit: 1).first)
        let name = try #require(ticket.customerName.split(separator: " ").first.map(String.init))
        var ticketAnswers: Set<[Int64]> = []
        for text in spellings(name) {
            let query = try QueryParser.parse("customer:\(text)", schema: .tickets, now: now)
            let numbers = try e.queuePage(QueueSpec(view: .all, query: query, actor: sari), limit: 500).map(\.number)
            #expect(numbers.contains(ticket.number), "customer:\(text) misses #\(ticket.number)")
            ticketAnswers.insert(numbers)
            log.append("customer:\(text) → \(numbers.count) \(numbers.prefix(8))")
        }
        #expect(ticketAnswers.count == 1, "customer: gives different tickets for different cases: \(log)")
        let customer = ticket.customerId
        let sample = try e.transactions(customerId: customer, limit: 20)
        let row = try #require(sample.first { $0.counterparty.contains { $0.isLetter } })
        let word = try #require(row.counterparty.split(separator: " ").first.map(String.init))
        for (field, text) in [("cp", word), ("ref", String(row.reference.prefix(4))), ("channel", row.channel), ("", word)] {
            var answers: Set<[String]> = []
            for spelled in spellings(text) {
                let filter = field.isEmpty ? "\"\(spelled)\"" : "\(field):\(spelled)"
                let query = try QueryParser.parse(filter, schema: .transactions, now: now)
                let references = try e.transactions(customerId: customer, query: query, limit: 200).map(\.reference)
                #expect(!references.isEmpty, "\(filter) found nothing")
                answers.insert(references)
                let totals = try e.transactionTotals(customerId: customer, query: query)
                #expect(totals.count >= references.count)
                log.append("\(filter) → \(references.count) \(references.prefix(5)) total \(totals.count)")
            }
            #expect(answers.count == 1, "\(field): different rows for different cases")
        }
        return log
    }

    @Test func substringFiltersIgnoreCaseOnBothStores() async throws {
        let (onSQLite, onPostgres) = try await EngineParityTests.run(Self.script)
        EngineParityTests.expectSame(onSQLite, onPostgres)
        #expect(onSQLite.count == 15)
    }
}
