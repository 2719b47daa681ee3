import Foundation
import GRDB
import SupportCore

/// A ticket a transaction is attached to, as the transaction's detail view lists it.
public struct LinkedTicket: Sendable, Codable, Hashable {
    public var number: Int64
    public var subject: String
    public var status: TicketStatus
    public var attachedBy: String
    public var attachedAt: Date

    public init(number: Int64, subject: String, status: TicketStatus, attachedBy: String, attachedAt: Date) {
        self.number = number; self.subject = subject; self.status = status
        self.attachedBy = attachedBy; self.attachedAt = attachedAt
    }
}

// Attaching a transaction to a ticket: the evidence an agent works from ("this is the
// payment that failed") goes on the timeline where the next agent will look for it.
// On either store.
extension StoreEngine {
    /// Attaches the transaction to the ticket: a link row plus a `transaction_attached`
    /// event carrying the reference, amount and status, in one audited transaction.
    /// Like a note, any agent may attach; the transaction must be the ticket customer's.
    @discardableResult
    public func attachTransaction(reference: String, ticket number: Int64, by actor: Agent) throws -> Ticket {
        try changingTicket(number: number, by: actor, action: "ticket.attach_transaction", expecting: nil) { db, ticket in
            let tx = try Self.loadTransaction(db, reference: reference)
            guard tx.customerId == ticket.customerId else {
                throw StoreError.invalid("\(tx.reference) belongs to another customer than \(TicketNumber.format(number)); attach it to that customer's ticket.")
            }
            let attached = try db.run("""
                INSERT INTO transaction_links (transaction_id, ticket_id, attached_by, at) VALUES (?, ?, ?, ?)
                ON CONFLICT DO NOTHING
                """, [tx.id, ticket.id, actor.login, now])
            guard attached == 1 else {
                throw StoreError.conflict("\(tx.reference) is already attached to \(TicketNumber.format(number)).")
            }
            try Self.appendEvent(db, ticketId: ticket.id, kind: .transactionAttached, author: actor.login,
                                 body: Self.attachmentText(tx), at: now)
            return (nil, "transaction=\(tx.reference)", try Self.loadTicket(db, number: number))
        }
    }

    /// `TX4100000037 · payment -Rp150.000 · failed (INSUFFICIENT_FUNDS) · 2026-11-24 10:02 · Tokopedia`:
    /// everything the next agent needs without opening the transaction.
    static func attachmentText(_ tx: Transaction) -> String {
        var status = tx.status.rawValue
        if let code = tx.failureCode { status += " (\(code))" }
        return [tx.reference, "\(tx.type.rawValue) \(Money.signed(tx))", status, TimeText.clock(tx.at), tx.counterparty]
            .joined(separator: " · ") + (tx.flagged ? " · flagged" : "")
    }

    /// Tickets the transaction is attached to, most recent attachment first.
    public func ticketsLinked(toTransaction reference: String) throws -> [LinkedTicket] {
        try reading { db in
            let tx = try Self.loadTransaction(db, reference: reference)
            return try db.fetchRows("""
                SELECT t.number, t.subject, t.status, l.attached_by, l.at FROM transaction_links l
                JOIN tickets t ON t.id = l.ticket_id
                WHERE l.transaction_id = ? ORDER BY l.at DESC, t.number DESC
                """, [tx.id]).map { row in
                LinkedTicket(number: row["number"], subject: row["subject"],
                             status: TicketStatus(rawValue: row["status"]) ?? .open,
                             attachedBy: row["attached_by"], attachedAt: Date(epoch: row["at"]))
            }
        }
    }
}
