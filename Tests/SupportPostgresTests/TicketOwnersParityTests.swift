import Foundation
import SupportCore
import SupportPostgres
import SupportStore
import Testing

/// The owners the service sends with each change are the same on both stores: unowned,
/// owned, unknown numbers left out, and after a claim. (PostgreSQL's rows are read by
/// name: by position, the first version crashed the service on the first claim.)
@Suite struct TicketOwnersParityTests {
    static func script(_ e: any StoreEngine) throws -> [String] {
        let budi = try #require(try e.agent(login: "budi"))
        let unassigned = try e.queuePage(QueueSpec(view: .unassigned, actor: budi), limit: 3).map(\.number)
        let owned = try e.queuePage(QueueSpec(view: .mine, actor: budi), limit: 3).map(\.number)
        #expect(unassigned.count == 3 && owned.count == 3)
        var log = try e.ticketOwners(numbers: unassigned + owned + [987_654]).map { "\($0.number)=\($0.assignee ?? "-")" }
        #expect(log.count == 6, "the unknown number is left out")
        #expect(log.filter { $0.hasSuffix("=budi") }.count == 3)
        _ = try e.claim(ticket: unassigned[0], by: budi)
        log += try e.ticketOwners(numbers: [unassigned[0]]).map { "after claim \($0.number)=\($0.assignee ?? "-")" }
        #expect(log.last == "after claim \(unassigned[0])=budi")
        return log
    }

    @Test func theSameOwnersOnBothStores() async throws {
        let (onSQLite, onPostgres) = try await EngineParityTests.run(Self.script)
        EngineParityTests.expectSame(onSQLite, onPostgres)
    }
}
