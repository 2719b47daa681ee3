import Foundation
import GRDB
import SupportCore

public enum TicketLinkKind: String, Sendable, Codable, CaseIterable {
    case relatesTo = "relates_to"
    case duplicateOf = "duplicate_of"
}

public struct TicketLink: Sendable, Codable, Equatable {
    public var from: Int64      // ticket numbers
    public var to: Int64
    public var kind: TicketLinkKind

    public init(from: Int64, to: Int64, kind: TicketLinkKind) {
        self.from = from; self.to = to; self.kind = kind
    }
}

extension StoreEngine {
    /// Merges `number` into `target`: its timeline is copied onto the target (the original
    /// stays append-only), and it is closed with a pointer to the target. Both tickets'
    /// rows are locked first: of two merges of one pair through two instances, the second
    /// waits and is told the ticket was already merged.
    public func merge(ticket number: Int64, into target: Int64, by actor: Agent, expecting version: Int64? = nil) throws {
        guard number != target else { throw StoreError.invalid("A ticket cannot be merged into itself.") }
        try changingTicket(number: number, by: actor, locking: [number, target], action: "ticket.merge", expecting: version) { db, ticket in
            try Self.requireWorkable(ticket, by: actor, db: db)
            let into = try Self.loadTicket(db, number: target)
            guard into.status != .closed else {
                throw StoreError.conflict("\(TicketNumber.format(target)) is closed; merge into an open ticket.")
            }
            guard ticket.customerId == into.customerId else {
                throw StoreError.conflict("\(TicketNumber.format(number)) and \(TicketNumber.format(target)) belong to different customers.")
            }
            guard ticket.mergedInto == nil else {
                throw StoreError.conflict("\(TicketNumber.format(number)) was already merged into \(TicketNumber.format(ticket.mergedInto!)).")
            }
            try db.run("""
                INSERT INTO ticket_events (ticket_id, kind, author, body, at)
                SELECT ?, kind, author, body, at FROM ticket_events
                WHERE ticket_id = ? AND kind IN ('customer_message','reply','note') ORDER BY id
                """, [into.id, ticket.id])
            try db.run("INSERT INTO ticket_search (body, ticket_id) SELECT body, ? FROM ticket_search WHERE ticket_id = ?", [into.id, ticket.id])
            try Self.appendEvent(db, ticketId: into.id, kind: .merge, author: actor.login,
                                 body: "merged \(TicketNumber.format(number)) into this ticket", at: now)
            if ticket.status != .closed {
                if ticket.status != .solved { try self.moveStatus(db, ticket, to: .solved, author: actor.login, survey: false) }
                try self.moveStatus(db, try Self.loadTicket(db, number: number), to: .closed, author: actor.login)
            }
            try db.run("UPDATE tickets SET merged_into = ? WHERE id = ?", [target, ticket.id])
            try Self.appendEvent(db, ticketId: ticket.id, kind: .merge, author: actor.login,
                                 body: "merged into \(TicketNumber.format(target))", at: now)
            try db.run("UPDATE tickets SET version = version + 1, updated_at = ?, updated_by = ? WHERE id = ?", [now, actor.login, into.id])
            return ("status=\(ticket.status.rawValue)", "merged_into=\(target)", ())
        }
    }
}
