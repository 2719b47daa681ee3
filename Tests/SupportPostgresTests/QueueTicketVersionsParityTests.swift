import Foundation
import SupportCore
import SupportPostgres
import SupportStore
import Testing

/// Marking a whole view reads only its tickets' numbers and versions
/// (`queueTicketVersions`): they must be exactly the numbers and versions of the view's
/// rows as a page reads them, in order, for every view, sort, filter and reader, as
/// random claims, status changes and new tickets move tickets between views and bump
/// their versions; on both stores, with the same answers.
@Suite struct QueueTicketVersionsParityTests {
    static let filters = ["", "prio:p1,p2", "status:open", "cat:payment", "-tag:vip", "assignee:dewi",
                          "customer:1", "customer:2 prio:p1,p2,p3", "customer:a", "saldo", "is:untriaged"]

    static func script(_ e: any StoreEngine) throws -> [String] {
        let budi = try #require(try e.agent(login: "budi")), dewi = try #require(try e.agent(login: "dewi"))
        let sari = try #require(try e.agent(login: "sari"))
        var rng = SplitMix64(seed: 32)
        var log: [String] = []
        var compared = 0, nonEmpty = 0
        for round in 0..<6 {
            // Moves: tickets change view and version between the rounds' reads.
            for _ in 0..<8 {
                let actor = [budi, dewi, sari].randomElement(using: &rng)!
                let numbers = try e.queuePage(QueueSpec(view: .team, actor: sari), limit: 40).map(\.number)
                guard let number = numbers.randomElement(using: &rng) else { continue }
                do {
                    switch rng.next() % 4 {
                    case 0: try e.claim(ticket: number, by: actor)
                    case 1: try e.setStatus(ticket: number, to: .pending, by: actor)
                    case 2: try e.setPriority(ticket: number, to: .p1, by: actor)
                    default:
                        _ = try e.createTicket(NewTicket(customerId: 1, subject: "Saldo terpotong dua kali", body: "Mohon dicek",
                                                         category: .payment, channel: .email, priority: .p2), by: nil)
                    }
                } catch is StoreError {
                    continue
                }
            }
            for _ in 0..<12 {
                let actor = [budi, sari].randomElement(using: &rng)!
                let view = QueueView.allCases.randomElement(using: &rng)!
                let sort = QueueSort.allCases.randomElement(using: &rng)!
                let text = Self.filters.randomElement(using: &rng)!
                let limit = [5, 60, 1_000].randomElement(using: &rng)!
                let query = try QueryParser.parse(text, schema: .tickets, now: EngineParityTests.now)
                let spec = QueueSpec(view: view, query: query, sort: sort, actor: actor)
                let marks = try e.queueTicketVersions(spec, limit: limit)
                let rows = try e.queuePage(spec, limit: limit).map { TicketVersion(number: $0.number, version: $0.version) }
                #expect(marks == rows, "round \(round): \(actor.login) \(view)/\(sort) '\(text)' limit \(limit)")
                compared += 1
                if !marks.isEmpty { nonEmpty += 1 }
                log.append("\(round) \(actor.login) \(view)/\(sort) '\(text)' \(limit): "
                           + marks.prefix(30).map { "\($0.number)@\($0.version)" }.joined(separator: " ") + " (\(marks.count))")
            }
        }
        #expect(compared == 72)
        // Most reads find tickets: the comparison is not of empty lists.
        #expect(nonEmpty > 36, "\(nonEmpty) of \(compared) reads found tickets")
        return log
    }

    @Test func theNumbersAndVersionsAreThePagesOnBothStores() async throws {
        let (onSQLite, onPostgres) = try await EngineParityTests.run(Self.script)
        EngineParityTests.expectSame(onSQLite, onPostgres)
        #expect(onSQLite.count == 72)
    }
}
