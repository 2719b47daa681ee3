import Foundation
import GRDB
import SupportCore

// Customer messages on SQLite (replies, notes and status are the engine's:
// Engine/TicketReply.swift, TicketConversation.swift; closing solved tickets is
// Engine/SolvedAutoClose.swift).
extension SupportStore {
    /// Records a message from the customer; it reopens a solved ticket.
    @discardableResult
    public func customerMessage(ticket number: Int64, body: String, at: Date? = nil) throws -> Ticket {
        let text = try Self.requireText(body, what: "A message")
        return try write { db in
            let ticket = try Self.loadTicket(db, number: number)
            guard ticket.status != .closed else {
                throw StoreError.conflict("\(TicketNumber.format(number)) is closed; the message needs a new ticket.")
            }
            let when = at?.epoch ?? now
            try Self.appendEvent(db, ticketId: ticket.id, kind: .customerMessage, author: "customer", body: text, at: when)
            let next = TicketLifecycle.statusAfterCustomerMessage(ticket.status)
            if next != ticket.status { try self.moveStatus(db, ticket, to: next, author: "customer") }
            try db.execute(sql: "UPDATE tickets SET version = version + 1, updated_at = ?, updated_by = 'customer' WHERE id = ?",
                           arguments: [when, ticket.id])
            try self.refreshDeadline(db, ticketId: ticket.id)
            try AuditChain.append(db, at: now, actor: "customer", action: "ticket.customer_message", entity: "ticket",
                                  entityId: String(number), after: "status=\(next.rawValue)")
            return try Self.loadTicket(db, number: number)
        }
    }
}
