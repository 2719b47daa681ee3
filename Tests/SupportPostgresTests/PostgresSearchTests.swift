import Foundation
import TestSupport
import Logging
import PostgresNIO
import SupportPostgres
import SupportStore
import Testing

/// Search over subjects and messages in Chinese, Indonesian and English finds exactly the
/// tickets whose text contains the phrase, through the trigram index.
@Suite struct PostgresSearchTests {
    @Test(arguments: ["余额不足", "注销", "gagal", "Payment", "50%_off"])
    func searchFindsExactlyTheTicketsContainingThePhrase(_ phrase: String) async throws {
        let demo = try await MigratedDemo.make()
        defer { demo.source.remove() }
        let store = try await demo.open(connections: 2)
        let expected = try Self.ticketsContaining(phrase, in: demo.source.store)
        let found = try await store.searchTickets(containing: phrase, limit: 10_000)
        await store.close()
        #expect(found == expected)
        if phrase != "50%_off" { #expect(!found.isEmpty, "the demo has text with '\(phrase)'") }
    }

    @Test func aChineseSubstringIsAnsweredFromTheTrigramIndex() async throws {
        let pool = PostgresPool(try await PostgresCluster.freshDatabase(), maximumConnections: 1)
        try await PostgresMigrator.migrate(pool)
        let plan: String = try await pool.withConnection { connection in
            let logger = Logger(label: "test")
            // A near-empty table would be scanned whatever the indexes; the question is
            // whether the index can answer a CJK pattern at all.
            try await connection.query("SET enable_seqscan = off", logger: logger)
            let rows = try await connection.query("EXPLAIN SELECT ticket_id FROM ticket_search WHERE body ILIKE '%余额不足%'", logger: logger)
            var lines: [String] = []
            for try await line in rows.decode(String.self) { lines.append(line) }
            return lines.joined(separator: "\n")
        }
        await pool.close()
        #expect(plan.contains("ticket_search_body_trgm"), "\(plan)")
    }

    /// The answer worked out from SQLite's search rows, case-insensitively.
    static func ticketsContaining(_ phrase: String, in store: SupportStore) throws -> [Int64] {
        let table = try #require(try store.dumpTables().first { $0.name == "ticket_search" })
        let bodyIndex = try #require(table.columns.firstIndex(of: "body"))
        let ticketIndex = try #require(table.columns.firstIndex(of: "ticket_id"))
        var ids = Set<Int64>()
        var after: [DumpValue]?
        while true {
            let batch = try store.dumpRows(table, after: after, limit: 1_000)
            guard let last = batch.keys.last else { break }
            for row in batch.rows {
                guard case .text(let body) = row[bodyIndex], case .integer(let id) = row[ticketIndex] else { continue }
                if body.lowercased().contains(phrase.lowercased()) { ids.insert(id) }
            }
            after = last
        }
        return ids.sorted()
    }
}
