import Foundation
import SupportCore
import SupportPostgres
import SupportStore
import Testing

/// A ticket is read with its tags in one statement (`tag_list`, a JSON array): the tags
/// must be exactly what their own statement reads, in its order, for tickets with none,
/// one and many, including tags with commas, quotes, backslashes and text outside ASCII;
/// on both stores, with the same answers.
@Suite struct TicketWithTagsParityTests {
    static let tags = ["vip", "a,b", "say \"hi\"", "back\\slash", "退款", "ñandú", "zz-last", "[x]", "null"]

    static func script(_ e: any StoreEngine) throws -> [String] {
        let sari = try #require(try e.agent(login: "sari"))
        let numbers = try e.reading { db in
            try db.fetchValues("SELECT number FROM tickets ORDER BY number LIMIT 12", as: Int64.self)
        }
        var rng = SplitMix64(seed: 19)
        var log: [String] = []
        for (i, number) in numbers.enumerated() {
            // None on the first (any it had taken off), every one on the second, a few at random after.
            if i == 0, case let had = try e.ticket(number: number).tags, !had.isEmpty {
                try e.tag(ticket: number, remove: had, by: sari)
            }
            let add = i == 0 ? [] : i == 1 ? tags : tags.filter { _ in rng.next() % 3 == 0 }
            if !add.isEmpty { try e.tag(ticket: number, add: add, by: sari) }
            let read = try e.ticket(number: number)
            let own = try e.reading { db in
                try db.fetchValues("SELECT g.tag FROM ticket_tags g JOIN tickets t ON t.id = g.ticket_id WHERE t.number = ? ORDER BY g.tag",
                                   [number], as: String.self)
            }
            #expect(read.tags == own, "#\(number): \(read.tags) against \(own)")
            if i == 0 { #expect(read.tags.isEmpty, "no tags: `[]` on SQLite, NULL on PostgreSQL") }
            if i == 1 { #expect(Set(read.tags).isSuperset(of: tags.map { $0.lowercased().replacingOccurrences(of: " ", with: "-") })) }
            log.append("#\(number) \(read.tags)")
        }
        return log
    }

    @Test func theTagsReadWithTheTicketAreTheirOwnStatementsOnBothStores() async throws {
        let (onSQLite, onPostgres) = try await EngineParityTests.run(Self.script)
        EngineParityTests.expectSame(onSQLite, onPostgres)
    }
}
