import Foundation
import GRDB
import SupportCore

// Notes, status and priority: the changes of the ticket core that need no channel (a
// reply, which queues mail or a gateway message, is TicketReply.swift).
extension StoreEngine {
    /// Adds an internal note, never shown to the customer. Any agent may note any ticket.
    @discardableResult
    public func note(ticket number: Int64, body: String, by actor: Agent, expecting version: Int64? = nil) throws -> Ticket {
        let text = try Self.requireText(body, what: "A note")
        return try changingTicket(number: number, by: actor, action: "ticket.note", expecting: version) { session, ticket in
            try Self.appendEvent(session, ticketId: ticket.id, kind: .note, author: actor.login, body: text, at: now)
            return (nil, "note \(text.count) chars", ticket)
        }
    }

    @discardableResult
    public func setStatus(ticket number: Int64, to status: TicketStatus, by actor: Agent,
                          expecting version: Int64? = nil) throws -> Ticket {
        try changingTicket(number: number, by: actor, action: "ticket.status", expecting: version) { session, ticket in
            try Self.requireWorkable(ticket, by: actor, db: session)
            do {
                try TicketLifecycle.check(from: ticket.status, to: status)
            } catch {
                throw StoreError.conflict("\(TicketNumber.format(number)): \(error)")
            }
            try self.moveStatus(session, ticket, to: status, author: actor.login)
            return ("status=\(ticket.status.rawValue)", "status=\(status.rawValue)", ticket)
        }
    }

    @discardableResult
    public func setPriority(ticket number: Int64, to priority: Priority, by actor: Agent,
                            expecting version: Int64? = nil) throws -> Ticket {
        try changingTicket(number: number, by: actor, action: "ticket.priority", expecting: version) { session, ticket in
            try Self.requireWorkable(ticket, by: actor, db: session)
            guard priority != ticket.priority else {
                throw StoreError.conflict("\(TicketNumber.format(number)) already has priority \(priority.rawValue).")
            }
            try session.run("UPDATE tickets SET priority = ? WHERE id = ?", [priority.rawValue, ticket.id])
            try Self.appendEvent(session, ticketId: ticket.id, kind: .priorityChange, author: actor.login,
                                 body: "\(ticket.priority.rawValue) → \(priority.rawValue)", at: now)
            return ("priority=\(ticket.priority.rawValue)", "priority=\(priority.rawValue)", ticket)
        }
    }

    /// Changes status inside a caller's transaction: keeps the pause spans (pending stops
    /// the SLA clocks), the solved time, and the timeline entry.
    /// A move to solved queues the satisfaction survey (once per ticket) unless `survey`
    /// is false: a ticket solved on its way to being merged away was not answered.
    func moveStatus(_ session: any SQLSession, _ ticket: Ticket, to status: TicketStatus, author: String? = nil,
                    survey: Bool = true) throws {
        let at = now
        try session.run("UPDATE tickets SET status = ? WHERE id = ?", [status.rawValue, ticket.id])
        if ticket.status == .pending && status != .pending {
            try session.run("UPDATE ticket_pauses SET ended_at = ? WHERE ticket_id = ? AND ended_at IS NULL", [at, ticket.id])
        }
        if status == .pending && ticket.status != .pending {
            try session.run("INSERT INTO ticket_pauses (ticket_id, started_at) VALUES (?, ?)", [ticket.id, at])
        }
        if status == .solved {
            try session.run("UPDATE tickets SET solved_at = ? WHERE id = ?", [at, ticket.id])
        } else if status != .closed {
            try session.run("UPDATE tickets SET solved_at = NULL WHERE id = ?", [ticket.id])
        }
        try Self.appendEvent(session, ticketId: ticket.id, kind: .statusChange, author: author ?? "system",
                             body: "\(ticket.status.rawValue) → \(status.rawValue)", at: at)
        if status == .solved && ticket.status != .solved && survey {
            var solved = ticket
            solved.status = .solved
            try queueSurvey(session, ticket: solved)
        }
    }
}
