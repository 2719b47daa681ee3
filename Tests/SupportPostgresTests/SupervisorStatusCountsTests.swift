import Foundation
import SupportCore
import SupportPostgres
import SupportStore
import Testing

/// A supervisor's Team and Pending counts (unfiltered) are sums of the per-status counts the
/// triggers keep, not a walk over every active ticket. After each step of a random run of
/// new tickets and status changes (the triggers' whole job) they equal a plain COUNT over
/// the tickets, on both stores, with the same answers; an agent's Pending, which depends on
/// who owns the ticket, and a filtered Team still count the tickets themselves.
@Suite struct SupervisorStatusCountsTests {
    static func script(_ e: any StoreEngine) throws -> [String] {
        let sari = try #require(try e.agent(login: "sari")), budi = try #require(try e.agent(login: "budi"))
        var rng = SplitMix64(seed: 19)
        var log: [String] = []
        let statuses: [TicketStatus] = [.open, .pending, .onHold, .solved, .pending, .open]
        func plain(_ statuses: String) throws -> Int {
            try e.reading { try $0.fetchValue("SELECT COUNT(*) FROM tickets WHERE status IN \(statuses)", [], as: Int.self) } ?? -1
        }
        let urgent = try QueryParser.parse("priority:p1", schema: .tickets, now: Date(timeIntervalSince1970: TimeInterval(e.now)))
        for step in 0..<40 {
            let action: String
            do {
                if rng.next() % 4 == 0 {
                    let number = try e.createTicket(NewTicket(customerId: 1, subject: "Saldo terpotong dua kali", body: "Mohon dicek",
                                                              category: .payment, channel: .email, priority: .p1), by: nil).number
                    action = "new \(number)"
                } else {
                    let view: QueueView = rng.next() % 3 == 0 ? .pending : .team
                    let page = try e.queuePage(QueueSpec(view: view, actor: sari), limit: 30)
                    guard let ticket = page.randomElement(using: &rng) else { continue }
                    let status = statuses.randomElement(using: &rng)!
                    try e.setStatus(ticket: ticket.number, to: status, by: sari)
                    action = "\(ticket.number) → \(status.rawValue)"
                }
            } catch let error as StoreError {
                log.append("\(step) refused \(error.kind): \(error.message)")
                continue
            }
            let counts = try e.queueCounts(for: sari)
            let team = try plain("('new','open','pending','on_hold')"), pending = try plain("('pending')")
            #expect(counts[.team] == team && counts[.pending] == pending, "step \(step) \(action): \(counts) against \(team)/\(pending)")
            #expect(try e.queueCount(QueueSpec(view: .team, actor: sari)) == team)
            #expect(try e.queueCount(QueueSpec(view: .pending, actor: sari)) == pending)
            // Counted from the tickets: the agent's own and unassigned, and a filter.
            let agentPending = try e.queueCount(QueueSpec(view: .pending, actor: budi))
            let urgentTeam = try e.queueCount(QueueSpec(view: .team, query: urgent, actor: sari))
            #expect(agentPending <= pending && urgentTeam <= team)
            log.append("\(step) \(action): team \(team) pending \(pending) budi's pending \(agentPending) p1 \(urgentTeam)")
        }
        return log
    }

    @Test func teamAndPendingEqualTheTicketsOnBothStores() async throws {
        let (onSQLite, onPostgres) = try await EngineParityTests.run(Self.script)
        EngineParityTests.expectSame(onSQLite, onPostgres)
        #expect(onSQLite.count > 30)
    }

}
