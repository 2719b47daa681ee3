import Foundation
import GRDB
import SupportCore

/// Whose tickets a count narrows to, in place of the actor's view (`queueCondition`).
enum QueueOwner {
    case nobody
    case agent(Int64)
}

/// The part of an agent's header counts that is the same for every agent: the unowned
/// tickets of each view (an agent's views hold their own and the unowned). The service
/// counts it once per commit and sends it with the change, so a hundred agents' consoles
/// need not each re-read five counts for a claim that moved none of their own tickets.
public struct UnownedQueueCounts: Codable, Sendable, Equatable {
    /// What these counts mean; a console that knows another version reads its counts.
    public static let currentVersion = 1
    public var version: Int
    /// The store's clock when counted (epoch seconds): Breaching is relative to it.
    public var at: Int64
    public var counts: [QueueView: Int]

    public init(version: Int = currentVersion, at: Int64, counts: [QueueView: Int]) {
        self.version = version; self.at = at; self.counts = counts
    }

    /// The views in which an unowned ticket counts for an agent.
    public static let views: [QueueView] = [.unassigned, .breaching, .pending, .untriaged]
}

/// One agent's own part of their header counts, and what tells a console when it moves:
/// only a commit that touches a ticket the agent held in those counts (`activeTickets`) or
/// owns after it, or the clock reaching `breachingChangesAt` (an own ticket falling due
/// within the hour joins Breaching).
public struct OwnQueueCounts: Codable, Sendable, Equatable {
    public var at: Int64
    public var counts: [QueueView: Int]
    /// The numbers of the agent's active tickets: every ticket the counts above hold.
    public var activeTickets: [Int64]
    /// The first instant (store clock, epoch seconds) at which another own ticket is
    /// Breaching; nil when none is open with a deadline ahead.
    public var breachingChangesAt: Int64?

    public init(at: Int64, counts: [QueueView: Int], activeTickets: [Int64], breachingChangesAt: Int64?) {
        self.at = at; self.counts = counts; self.activeTickets = activeTickets; self.breachingChangesAt = breachingChangesAt
    }

    /// The views in which an agent's own ticket counts.
    public static let views: [QueueView] = [.mine, .breaching, .pending, .untriaged]

    /// The agent's header (`QueueView.counted(canViewAll: false)`): own plus unowned.
    public func header(with unowned: UnownedQueueCounts) -> [QueueView: Int] {
        var header: [QueueView: Int] = [:]
        for view in QueueView.counted(canViewAll: false) {
            header[view] = (counts[view] ?? 0) + (unowned.counts[view] ?? 0)
        }
        return header
    }

    /// Whether these counts still hold for a change whose owners are known: no ticket it
    /// touched was or is now the agent's, and no own ticket has reached Breaching by then.
    public func hold(after owners: [TicketOwner], by login: String, at instant: Int64) -> Bool {
        if let due = breachingChangesAt, instant >= due { return false }
        let held = Set(activeTickets)
        return !owners.contains { $0.assignee == login || held.contains($0.number) }
    }
}

extension StoreEngine {
    /// Every agent's unowned part of the header, in one statement.
    public func unownedQueueCounts() throws -> UnownedQueueCounts {
        let now = self.now
        // The views' conditions take an actor; narrowed to no owner, whose it is does not matter.
        let anyone = Agent(id: 0, login: "", name: "", role: .agent)
        let counts = try readingOneStatement { session in
            try Self.countRow(session, Self.countParts(UnownedQueueCounts.views) { view in
                self.queueCountStatement(QueueSpec(view: view, actor: anyone), now: now, dialect: session.dialect, owner: .nobody)
            })
        }
        return UnownedQueueCounts(at: now, counts: counts)
    }

    /// An agent's own part of the header, the tickets it holds and when its Breaching next
    /// grows, read together (one transaction) so that they agree.
    public func ownQueueCounts(for actor: Agent) throws -> OwnQueueCounts {
        let now = self.now
        return try reading { session in
            let counts = try Self.countRow(session, Self.countParts(OwnQueueCounts.views) { view in
                self.queueCountStatement(QueueSpec(view: view, actor: actor), now: now, dialect: session.dialect, owner: .agent(actor.id))
            })
            let active = try session.fetchRows("""
                SELECT t.number AS number FROM tickets t WHERE t.assignee_id = ? AND t.status IN \(Self.activeStatuses) ORDER BY t.number
                """, [actor.id]).map { row -> Int64 in row["number"] }
            // Breaching is `sla_due_at < now + within`: the first deadline not yet inside it
            // joins it one second after `due - within`.
            let due = try session.fetchRow("""
                SELECT MIN(t.sla_due_at) AS due FROM tickets t
                WHERE t.assignee_id = ? AND t.status IN \(TicketStatus.openSQL) AND t.sla_due_at >= ?
                """, [actor.id, now + QueueView.breachingWithin]).flatMap { row -> Int64? in row["due"] }
            return OwnQueueCounts(at: now, counts: counts, activeTickets: active,
                                  breachingChangesAt: due.map { $0 - QueueView.breachingWithin + 1 })
        }
    }

    private static func countParts(_ views: [QueueView], _ statement: (QueueView) -> (sql: String, arguments: SQLArguments))
        -> [(view: QueueView, sql: String, arguments: SQLArguments)] {
        views.map { view in let s = statement(view); return (view, s.sql, s.arguments) }
    }

    /// The views' counts as subqueries of one SELECT, read back by name.
    private static func countRow(_ session: any SQLSession, _ parts: [(view: QueueView, sql: String, arguments: SQLArguments)]) throws -> [QueueView: Int] {
        let sql = "SELECT " + parts.map { "(\($0.sql)) AS count_\($0.view.rawValue)" }.joined(separator: ", ")
        guard let row = try session.fetchRow(sql, parts.flatMap(\.arguments)) else { return [:] }
        var counts: [QueueView: Int] = [:]
        for part in parts { counts[part.view] = row["count_\(part.view.rawValue)"] ?? 0 }
        return counts
    }
}
