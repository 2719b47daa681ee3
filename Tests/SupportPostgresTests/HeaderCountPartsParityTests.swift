import Foundation
import SupportCore
import SupportPostgres
import SupportStore
import Testing

/// The header's counts an agent's console puts together from the unowned part the service
/// sends with each change and the agent's own part (kept while the change provably left it,
/// re-read otherwise) equal the counts read from the store, after every step of a random
/// run of claims, releases, gives, solves, pendings and new tickets by two agents and a
/// supervisor; on both stores, with the same answers.
@Suite struct HeaderCountPartsParityTests {
    static func script(_ e: any StoreEngine) throws -> [String] {
        let budi = try #require(try e.agent(login: "budi")), dewi = try #require(try e.agent(login: "dewi"))
        let sari = try #require(try e.agent(login: "sari"))
        let agents = [budi, dewi]
        var rng = SplitMix64(seed: 16)
        // Each agent's own part as their console keeps it.
        var kept: [String: OwnQueueCounts] = [:]
        var log: [String] = [], held = 0, reread = 0
        func pick(_ view: QueueView, of agent: Agent) throws -> Int64? {
            try e.queuePage(QueueSpec(view: view, actor: agent), limit: 12).map(\.number).randomElement(using: &rng)
        }
        for step in 0..<80 {
            let actor = [budi, dewi, sari].randomElement(using: &rng)!
            let owner = agents.randomElement(using: &rng)!
            var changed: Int64?
            let action: String
            do {
                switch rng.next() % 6 {
                case 0:
                    action = "claim"
                    changed = try pick(.unassigned, of: actor)
                    if let n = changed { try e.claim(ticket: n, by: actor) }
                case 1:
                    // The supervisor releases an agent's ticket; an agent their own.
                    action = "release"
                    changed = try pick(.mine, of: actor.role == .agent ? actor : owner)
                    if let n = changed { try e.release(ticket: n, by: actor) }
                case 2:
                    action = "give"
                    changed = try pick(.mine, of: actor.role == .agent ? actor : owner)
                    let to = agents.first { $0.id != actor.id } ?? owner
                    if let n = changed { try e.give(ticket: n, to: to.login, by: actor) }
                case 3:
                    action = "solve"
                    changed = try pick(.mine, of: actor.role == .agent ? actor : owner)
                    if let n = changed { try e.setStatus(ticket: n, to: .solved, by: actor) }
                case 4:
                    action = "pending"
                    changed = try pick(.mine, of: actor.role == .agent ? actor : owner)
                    if let n = changed { try e.setStatus(ticket: n, to: .pending, by: actor) }
                default:
                    action = "new"
                    changed = try e.createTicket(NewTicket(customerId: 1, subject: "Saldo terpotong dua kali", body: "Mohon dicek",
                                                           category: .payment, channel: .email, priority: .p1), by: nil).number
                }
            } catch let error as StoreError {
                log.append("\(step) \(actor.login) refused \(error.kind): \(error.message)")
                continue
            }
            guard let number = changed else { continue }
            // What the service sends with the change.
            let owners = try e.ticketOwners(numbers: [number])
            let unowned = try e.unownedQueueCounts()
            var line = "\(step) \(actor.login) \(action) \(number) → \(owners.first?.assignee ?? "-")"
            for agent in agents {
                let read = try e.queueCounts(for: agent)
                let fresh = try e.ownQueueCounts(for: agent)
                #expect(fresh.header(with: unowned) == read, "step \(step): \(agent.login)'s own and unowned parts add up to the counts")
                if let own = kept[agent.login], own.hold(after: owners, by: agent.login, at: unowned.at) {
                    #expect(own.header(with: unowned) == read, "step \(step): \(agent.login)'s kept own part is still true after \(action) \(number)")
                    #expect(!fresh.activeTickets.contains(number) || owners.first?.assignee == agent.login)
                    held += 1
                } else {
                    kept[agent.login] = fresh
                    reread += 1
                }
                line += " \(agent.login) " + QueueView.counted(canViewAll: false).map { "\(read[$0] ?? -1)" }.joined(separator: "/")
            }
            log.append(line)
        }
        // Most changes touch neither agent's tickets: without the kept part, none would count.
        #expect(held > 40, "\(held) changes needed no read, \(reread) did")
        #expect(reread > 5, "a change to an agent's own ticket reads their part again")
        return log
    }

    @Test func pushedAndOwnCountsEqualTheStoresOnBothStores() async throws {
        let (onSQLite, onPostgres) = try await EngineParityTests.run(Self.script)
        EngineParityTests.expectSame(onSQLite, onPostgres)
        #expect(onSQLite.count > 60)
    }
}
