import Foundation
import GRDB
import SupportCore

// Customer messages and closing solved tickets on SQLite (replies, notes and status are
// the engine's: Engine/TicketReply.swift, TicketConversation.swift).
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

    /// The range `--days` may take: a day to ten years. Outside it the arithmetic on
    /// seconds overflowed (999999999999999 days trapped) or the cutoff was meaningless.
    public static let autoCloseDays = 1...3_650

    /// Closes solved tickets older than `days`, as `system` (intake's reopen window);
    /// returns how many were closed.
    @discardableResult
    public func autoCloseSolved(afterDays days: Int) throws -> Int {
        try Self.requireAutoCloseDays(days)
        return try write { db in try self.closeSolved(db, afterDays: days, by: "system") }
    }

    /// Closes solved tickets older than `days` on behalf of the supervisor or admin who
    /// ran it: the records name them, and a refusal is audited.
    @discardableResult
    public func autoCloseSolved(afterDays days: Int, by actor: Agent) throws -> Int {
        try Self.requireAutoCloseDays(days)
        return try audited(by: actor, action: "ticket.autoclose", entity: "ticket", entityId: "*") { db in
            try Self.requirePermission(actor, .reassign)
            return try self.closeSolved(db, afterDays: days, by: actor.login)
        }
    }

    static func requireAutoCloseDays(_ days: Int) throws {
        guard autoCloseDays.contains(days) else {
            throw StoreError.invalid("--days must be between \(autoCloseDays.lowerBound) and \(autoCloseDays.upperBound).")
        }
    }

    private func closeSolved(_ db: Database, afterDays days: Int, by author: String) throws -> Int {
        let cutoff = now - Int64(days) * 86_400
        let rows = try Row.fetchAll(db, sql: "SELECT * FROM tickets WHERE status = 'solved' AND solved_at <= ?",
                                    arguments: [cutoff])
        for row in rows {
            let ticket = Ticket(row: row)
            try moveStatus(db, ticket, to: .closed, author: author)
            try db.execute(sql: "UPDATE tickets SET version = version + 1, updated_at = ?, updated_by = ? WHERE id = ?",
                           arguments: [now, author, ticket.id])
            try AuditChain.append(db, at: now, actor: author, action: "ticket.autoclose", entity: "ticket",
                                  entityId: String(ticket.number), before: "status=solved", after: "status=closed",
                                  reason: "solved more than \(days) days ago")
        }
        return rows.count
    }
}
