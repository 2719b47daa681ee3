import Foundation
import PostgresNIO
import SupportCore
import SupportStore

/// A ticket's owner and version after a claim, or as it stands.
public struct TicketOwnership: Sendable, Equatable {
    public var ticketId: Int64
    public var number: Int64
    public var status: String
    public var assignee: String?
    public var version: Int64
}

// Claiming is a compare-and-set in one UPDATE: it succeeds only while the ticket has no
// owner (and, when the caller says which version it saw, is still at that version).
// PostgreSQL re-checks the WHERE clause after waiting on a concurrent writer's row lock,
// so of two instances claiming at once exactly one UPDATE changes the row; the other
// finds the new owner and is refused with their name. (SQLite's claim also recomputes the
// ticket's stored SLA deadline; that comes with the port of the ticket service, which
// owns the SLA clock.)
extension PostgresStore {
    @discardableResult
    public func claim(ticket number: Int64, by login: String, expecting version: Int64? = nil) async throws -> TicketOwnership {
        let at = now
        return try await pool.withTransaction { connection in
            let agentId = try await activeAgent(login, on: connection)
            // The CTE locks the row first, so the status it read is the one this UPDATE replaces.
            let claimed = try await connection.query("""
                WITH old AS (SELECT id, status FROM tickets WHERE number = \(number) FOR UPDATE)
                UPDATE tickets t SET assignee_id = \(agentId), version = t.version + 1, updated_at = \(at), updated_by = \(login),
                    status = CASE WHEN t.status = 'new' THEN 'open' ELSE t.status END
                FROM old
                WHERE t.id = old.id AND t.assignee_id IS NULL AND t.status <> 'closed'
                  AND (\(version)::bigint IS NULL OR t.version = \(version))
                RETURNING t.id, t.customer_id, old.status, t.status, t.version
                """, logger: pool.logger)
            var row: (Int64, Int64, String, String, Int64)?
            for try await r in claimed.decode((Int64, Int64, String, String, Int64).self) { row = r }
            guard let (ticketId, customerId, oldStatus, status, newVersion) = row else {
                throw try await refusal(number: number, login: login, expecting: version, on: connection)
            }
            // The timeline as SQLite's claim writes it: the status move (by the system), then the claim.
            if oldStatus != status {
                try await connection.query("""
                    INSERT INTO ticket_events (ticket_id, kind, author, body, at)
                    VALUES (\(ticketId), \(TicketEventKind.statusChange.rawValue), 'system', \("\(oldStatus) → \(status)"), \(at))
                    """, logger: pool.logger)
            }
            try await connection.query("""
                INSERT INTO ticket_events (ticket_id, kind, author, body, at)
                VALUES (\(ticketId), \(TicketEventKind.assignment.rawValue), \(login), \("claimed by \(login)"), \(at))
                """, logger: pool.logger)
            _ = try await PostgresAuditLog.append(
                .init(at: at, actor: login, action: "ticket.claim", entity: "ticket", entityId: String(number),
                      before: "assignee=", after: "assignee=\(login)", reason: nil),
                on: connection, hasher: hasher, logger: pool.logger)
            try await ChangeNotice(tickets: [ticketId], customers: [customerId]).announce(on: connection, logger: pool.logger)
            return TicketOwnership(ticketId: ticketId, number: number, status: status, assignee: login, version: newVersion)
        }
    }

    /// The ticket's owner and version as they stand.
    public func ownership(ticket number: Int64) async throws -> TicketOwnership? {
        try await pool.withConnection { connection in try await ownership(number, on: connection) }
    }

    /// Unowned tickets that are not closed, oldest first: what a claim may take.
    public func claimableTickets(limit: Int) async throws -> [Int64] {
        try await pool.withConnection { connection in
            let rows = try await connection.query("""
                SELECT number FROM tickets WHERE assignee_id IS NULL AND status <> 'closed' ORDER BY number LIMIT \(Int64(limit))
                """, logger: pool.logger)
            var numbers: [Int64] = []
            for try await n in rows.decode(Int64.self) { numbers.append(n) }
            return numbers
        }
    }

    /// Logins of the agents who may act.
    public func activeAgentLogins() async throws -> [String] {
        try await pool.withConnection { connection in
            let rows = try await connection.query("SELECT login FROM agents WHERE active = 1 ORDER BY login", logger: pool.logger)
            var logins: [String] = []
            for try await login in rows.decode(String.self) { logins.append(login) }
            return logins
        }
    }

    private func activeAgent(_ login: String, on connection: PostgresConnection) async throws -> Int64 {
        let rows = try await connection.query("SELECT id, active FROM agents WHERE login = \(login)", logger: pool.logger)
        for try await (id, active) in rows.decode((Int64, Int64).self) {
            guard active == 1 else { throw StoreError.forbidden("Agent '\(login)' is disabled.") }
            return id
        }
        throw StoreError.forbidden("'\(login)' is not a paydesk agent.")
    }

    private func ownership(_ number: Int64, on connection: PostgresConnection) async throws -> TicketOwnership? {
        let rows = try await connection.query("""
            SELECT t.id, t.status, a.login, t.version FROM tickets t LEFT JOIN agents a ON a.id = t.assignee_id
            WHERE t.number = \(number)
            """, logger: pool.logger)
        for try await (id, status, assignee, version) in rows.decode((Int64, String, String?, Int64).self) {
            return TicketOwnership(ticketId: id, number: number, status: status, assignee: assignee, version: version)
        }
        return nil
    }

    /// Why a claim changed nothing, in the SQLite store's words.
    private func refusal(number: Int64, login: String, expecting version: Int64?,
                         on connection: PostgresConnection) async throws -> StoreError {
        let name = TicketNumber.format(number)
        guard let current = try await ownership(number, on: connection) else { return StoreError.notFound("Ticket \(name)") }
        if current.assignee == login { return StoreError.conflict("You already own \(name).") }
        if let owner = current.assignee { return StoreError.conflict("\(name) is already claimed by \(owner).") }
        if current.status == "closed" { return StoreError.conflict("\(name) is closed and cannot be claimed.") }
        if let version, version != current.version {
            return StoreError.conflict("\(name) was changed since you loaded it (version \(version), now \(current.version)); reload and try again.")
        }
        return StoreError.conflict("\(name) was claimed by someone else a moment ago.")
    }
}
