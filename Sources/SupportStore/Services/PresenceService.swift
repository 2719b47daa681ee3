import Foundation
import SupportCore

public enum PresenceState: String, Sendable, Codable {
    case viewing, typing
}

/// Who else is on a ticket right now, for the collision line in the ticket view.
public struct PresenceEntry: Sendable, Equatable, Codable {
    public var login: String
    public var state: PresenceState
    public var since: Date

    public init(login: String, state: PresenceState, since: Date) {
        self.login = login; self.state = state; self.since = since
    }
}

/// A reply or note being written, kept in the database so it survives a crash.
public struct Draft: Sendable, Equatable, Codable {
    public var kind: String
    public var body: String
    public var updatedAt: Date

    public init(kind: String, body: String, updatedAt: Date) {
        self.kind = kind; self.body = body; self.updatedAt = updatedAt
    }
}

/// Presence older than this is treated as gone (a console that crashed).
let presenceTimeout: Int64 = 30

// The presence table, for consoles on one host without a service (a service keeps
// presence in memory: `PresenceBook`). Written once for both stores.
extension StoreEngine {
    /// Best effort: presence is a hint, so a busy database never blocks the agent.
    public func setPresence(agent: Agent, ticketNumber: Int64?, state: PresenceState) {
        _ = try? writing { db in
            let ticketId = try ticketNumber.flatMap {
                try db.fetchValue("SELECT id FROM tickets WHERE number = ?", [$0], as: Int64.self)
            }
            try db.run("""
                INSERT INTO presence (agent_id, ticket_id, state, updated_at) VALUES (?, ?, ?, ?)
                ON CONFLICT(agent_id) DO UPDATE SET ticket_id = excluded.ticket_id, state = excluded.state,
                    updated_at = excluded.updated_at
                """, [agent.id, ticketId, state.rawValue, now])
        }
    }

    /// Other agents on this ticket within the last half minute.
    public func presence(ticketNumber: Int64, excluding agent: Agent) throws -> [PresenceEntry] {
        let cutoff = now - presenceTimeout
        return try reading { db in
            try db.fetchRows("""
                SELECT a.login, p.state, p.updated_at FROM presence p
                JOIN agents a ON a.id = p.agent_id JOIN tickets t ON t.id = p.ticket_id
                WHERE t.number = ? AND p.agent_id != ? AND p.updated_at >= ? ORDER BY a.login
                """, [ticketNumber, agent.id, cutoff]).map {
                PresenceEntry(login: $0["login"], state: PresenceState(rawValue: $0["state"]) ?? .viewing,
                              since: Date(epoch: $0["updated_at"]))
            }
        }
    }

    /// What each agent is looking at now (for the supervisor's workload table).
    public func currentlyViewing() throws -> [String: Int64] {
        let cutoff = now - presenceTimeout
        return try reading { db in
            var result: [String: Int64] = [:]
            for row in try db.fetchRows("""
                SELECT a.login, t.number FROM presence p JOIN agents a ON a.id = p.agent_id
                JOIN tickets t ON t.id = p.ticket_id WHERE p.updated_at >= ?
                """, [cutoff]) {
                result[row["login"]] = row["number"]
            }
            return result
        }
    }
}
