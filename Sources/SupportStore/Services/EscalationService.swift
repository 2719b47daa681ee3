import Foundation
import GRDB
import SupportCore

extension SupportStore {
    /// Hands a ticket up to the supervisors: tagged `escalated` (supervisor views list
    /// those first), the reason on the timeline, and the priority raised one step unless
    /// it is already p1. Any agent working the ticket may escalate; a reason is required.
    @discardableResult
    public func escalate(ticket number: Int64, reason: String, by actor: Agent, expecting version: Int64? = nil) throws -> Ticket {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw StoreError.invalid("Escalating needs a reason.") }
        return try changeTicket(number: number, by: actor, action: "ticket.escalate", expecting: version, reason: reason) { db, ticket in
            try Self.requireWorkable(ticket, by: actor, db: db)
            guard ticket.status.isActive else {
                throw StoreError.conflict("\(TicketNumber.format(number)) is \(ticket.status.rawValue); only open work can be escalated.")
            }
            guard !ticket.tags.contains("escalated") else {
                throw StoreError.conflict("\(TicketNumber.format(number)) is already escalated.")
            }
            try db.execute(sql: "INSERT OR IGNORE INTO ticket_tags (ticket_id, tag) VALUES (?, 'escalated')", arguments: [ticket.id])
            var raised = ticket.priority
            if ticket.priority != .p1, let higher = Priority.allCases.last(where: { $0 < ticket.priority }) {
                raised = higher
                try db.execute(sql: "UPDATE tickets SET priority = ? WHERE id = ?", arguments: [higher.rawValue, ticket.id])
                try Self.appendEvent(db, ticketId: ticket.id, kind: .priorityChange, author: actor.login,
                                     body: "\(ticket.priority.rawValue) → \(higher.rawValue) on escalation", at: now)
            }
            try Self.appendEvent(db, ticketId: ticket.id, kind: .note, author: actor.login,
                                 body: "Escalated to a supervisor: \(reason)", at: now)
            return ("priority=\(ticket.priority.rawValue)", "escalated priority=\(raised.rawValue)", try Self.loadTicket(db, number: number))
        }
    }
}
