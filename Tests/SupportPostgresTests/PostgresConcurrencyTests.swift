import Foundation
import SupportPostgres
import SupportStore
import Testing

/// Two service instances (two connection pools) writing one PostgreSQL database at once.
@Suite struct PostgresConcurrencyTests {
    @Test func twoInstancesClaimingTheSameTicketsLeaveExactlyOneOwnerEach() async throws {
        let demo = try await MigratedDemo.make()
        defer { demo.source.remove() }
        let a = try await demo.open(connections: 8), b = try await demo.open(connections: 8)
        let logins = try await a.activeAgentLogins()
        try #require(logins.count >= 2)
        let (agentA, agentB) = (logins[0], logins[1])
        let tickets = try await a.claimableTickets(limit: 24)
        try #require(tickets.count >= 10)
        var versions: [Int64: Int64] = [:]
        for n in tickets { versions[n] = try await a.ownership(ticket: n)?.version }
        let auditBefore = try await a.pool.rowCount("audit_log")

        // Every ticket is claimed by both instances at the same moment.
        let results = try await withThrowingTaskGroup(of: (Int64, Result<TicketOwnership, Error>, Result<TicketOwnership, Error>).self) { group in
            for n in tickets {
                group.addTask {
                    async let viaA = Self.outcome { try await a.claim(ticket: n, by: agentA) }
                    async let viaB = Self.outcome { try await b.claim(ticket: n, by: agentB) }
                    return (n, await viaA, await viaB)
                }
            }
            var all: [(Int64, Result<TicketOwnership, Error>, Result<TicketOwnership, Error>)] = []
            for try await result in group { all.append(result) }
            return all
        }
        var winsA = 0, winsB = 0
        for (n, ra, rb) in results {
            let won = [ra, rb].compactMap { try? $0.get() }
            #expect(won.count == 1, "ticket \(n) has \(won.count) owners")
            guard let winner = won.first else { continue }
            if winner.assignee == agentA { winsA += 1 } else { winsB += 1 }
            let lost = [ra, rb].compactMap { result -> StoreError? in
                if case .failure(let error) = result { return error as? StoreError }
                return nil
            }
            #expect(lost.count == 1 && lost[0].kind == .conflict, "ticket \(n): \(lost)")
            let stored = try await a.ownership(ticket: n)
            #expect(stored?.assignee == winner.assignee)
            #expect(stored?.version == versions[n]! + 1, "one change, one version step")
        }
        print("claim race: \(tickets.count) tickets, \(winsA) won through instance A, \(winsB) through B")
        #expect(try await a.pool.rowCount("audit_log") == auditBefore + Int64(tickets.count))
        #expect(try await b.verifyAuditChain() == .ok(records: Int(auditBefore) + tickets.count))
        await a.close(); await b.close()
    }

    @Test func twoHundredAppendsFromTwoInstancesMakeOneUnbrokenChain() async throws {
        let demo = try await MigratedDemo.make()
        defer { demo.source.remove() }
        let a = try await demo.open(connections: 10), b = try await demo.open(connections: 10)
        let before = try await a.pool.rowCount("audit_log")
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<100 {
                group.addTask { try await a.recordAudit(actor: "sari", action: "test.append", entity: "instance-a", entityId: String(i)) }
                group.addTask { try await b.recordAudit(actor: "budi", action: "test.append", entity: "instance-b", entityId: String(i)) }
            }
            try await group.waitForAll()
        }
        let expected = Int(before) + 200
        #expect(try await a.pool.rowCount("audit_log") == Int64(expected))
        #expect(try await a.verifyAuditChain() == .ok(records: expected))
        #expect(try await b.verifyAuditChain() == .ok(records: expected))
        await a.close(); await b.close()
    }

    @Test func aStaleVersionIsRefusedAndChangesNothing() async throws {
        let demo = try await MigratedDemo.make()
        defer { demo.source.remove() }
        let store = try await demo.open(connections: 2)
        let login = try #require(try await store.activeAgentLogins().first)
        let n = try #require(try await store.claimableTickets(limit: 1).first)
        let seen = try #require(try await store.ownership(ticket: n))
        let events = try await store.pool.rowCount("ticket_events"), audit = try await store.pool.rowCount("audit_log")
        await #expect { try await store.claim(ticket: n, by: login, expecting: seen.version - 1) } throws: {
            ($0 as? StoreError)?.kind == .conflict
        }
        #expect(try await store.ownership(ticket: n) == seen)
        #expect(try await store.pool.rowCount("ticket_events") == events)
        #expect(try await store.pool.rowCount("audit_log") == audit)
        let claimed = try await store.claim(ticket: n, by: login, expecting: seen.version)
        #expect(claimed.version == seen.version + 1 && claimed.assignee == login)
        // The claim's timeline entry, and a status move when it opened a new ticket.
        #expect(try await store.pool.rowCount("ticket_events") == events + (seen.status == "new" ? 2 : 1))
        #expect(try await store.pool.rowCount("audit_log") == audit + 1)
        await store.close()
    }

    static func outcome(_ body: () async throws -> TicketOwnership) async -> Result<TicketOwnership, Error> {
        do { return .success(try await body()) } catch { return .failure(error) }
    }
}
