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
}

extension SupportStore {
    @discardableResult
    public func tag(ticket number: Int64, add: [String] = [], remove: [String] = [], by actor: Agent,
                    expecting version: Int64? = nil) throws -> Ticket {
        let added = add.map(Self.normalizeTag).filter { !$0.isEmpty }
        let removed = remove.map(Self.normalizeTag).filter { !$0.isEmpty }
        guard !added.isEmpty || !removed.isEmpty else { throw StoreError.invalid("Name at least one tag to add or remove.") }
        return try changeTicket(number: number, by: actor, action: "ticket.tag", expecting: version) { db, ticket in
            for tag in added {
                try db.execute(sql: "INSERT OR IGNORE INTO ticket_tags (ticket_id, tag) VALUES (?, ?)", arguments: [ticket.id, tag])
            }
            for tag in removed {
                try db.execute(sql: "DELETE FROM ticket_tags WHERE ticket_id = ? AND tag = ?", arguments: [ticket.id, tag])
            }
            let summary = (added.map { "+" + $0 } + removed.map { "-" + $0 }).joined(separator: " ")
            try Self.appendEvent(db, ticketId: ticket.id, kind: .tag, author: actor.login, body: summary, at: now)
            let after = try Self.loadTicket(db, number: number)
            return ("tags=\(ticket.tags.joined(separator: ","))", "tags=\(after.tags.joined(separator: ","))", after)
        }
    }

    public func link(ticket number: Int64, to other: Int64, kind: TicketLinkKind, by actor: Agent) throws {
        guard number != other else { throw StoreError.invalid("A ticket cannot be linked to itself.") }
        try changeTicket(number: number, by: actor, action: "ticket.link", expecting: nil) { db, ticket in
            let target = try Self.loadTicket(db, number: other)
            try db.execute(sql: """
                INSERT OR IGNORE INTO ticket_links (from_ticket, to_ticket, kind, created_by, at) VALUES (?, ?, ?, ?, ?)
                """, arguments: [ticket.id, target.id, kind.rawValue, actor.login, now])
            guard db.changesCount == 1 else {
                throw StoreError.conflict("\(TicketNumber.format(number)) is already linked to \(TicketNumber.format(other)).")
            }
            try Self.appendEvent(db, ticketId: ticket.id, kind: .link, author: actor.login,
                                 body: "\(kind.rawValue.replacingOccurrences(of: "_", with: " ")) \(TicketNumber.format(other))", at: now)
            return (nil, "\(kind.rawValue)=\(other)", ())
        }
    }

    /// Merges `number` into `target`: its timeline is copied onto the target (the original
    /// stays append-only), and it is closed with a pointer to the target.
    public func merge(ticket number: Int64, into target: Int64, by actor: Agent, expecting version: Int64? = nil) throws {
        guard number != target else { throw StoreError.invalid("A ticket cannot be merged into itself.") }
        try changeTicket(number: number, by: actor, action: "ticket.merge", expecting: version) { db, ticket in
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
            try db.execute(sql: """
                INSERT INTO ticket_events (ticket_id, kind, author, body, at)
                SELECT ?, kind, author, body, at FROM ticket_events
                WHERE ticket_id = ? AND kind IN ('customer_message','reply','note') ORDER BY id
                """, arguments: [into.id, ticket.id])
            try db.execute(sql: "INSERT INTO ticket_search (body, ticket_id) SELECT body, ? FROM ticket_search WHERE ticket_id = ?",
                           arguments: [into.id, ticket.id])
            try Self.appendEvent(db, ticketId: into.id, kind: .merge, author: actor.login,
                                 body: "merged \(TicketNumber.format(number)) into this ticket", at: now)
            if ticket.status != .closed {
                if ticket.status != .solved { try self.moveStatus(db, ticket, to: .solved, author: actor.login, survey: false) }
                try self.moveStatus(db, try Self.loadTicket(db, number: number), to: .closed, author: actor.login)
            }
            try db.execute(sql: "UPDATE tickets SET merged_into = ? WHERE id = ?", arguments: [target, ticket.id])
            try Self.appendEvent(db, ticketId: ticket.id, kind: .merge, author: actor.login,
                                 body: "merged into \(TicketNumber.format(target))", at: now)
            try db.execute(sql: "UPDATE tickets SET version = version + 1, updated_at = ?, updated_by = ? WHERE id = ?",
                           arguments: [now, actor.login, into.id])
            return ("status=\(ticket.status.rawValue)", "merged_into=\(target)", ())
        }
    }
}
