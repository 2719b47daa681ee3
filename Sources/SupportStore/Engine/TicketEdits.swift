import Foundation
import GRDB
import SupportCore

// The ticket core's other edits — escalation, tags, links, category — on either store.
extension StoreEngine {
    /// Hands a ticket up to the supervisors: tagged `escalated` (supervisor views list
    /// those first), the reason on the timeline, and the priority raised one step unless
    /// it is already p1. Any agent working the ticket may escalate; a reason is required.
    @discardableResult
    public func escalate(ticket number: Int64, reason: String, by actor: Agent, expecting version: Int64? = nil) throws -> Ticket {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw StoreError.invalid("Escalating needs a reason.") }
        return try changingTicket(number: number, by: actor, action: "ticket.escalate", expecting: version, reason: reason) { db, ticket in
            try Self.requireWorkable(ticket, by: actor, db: db)
            guard ticket.status.isActive else {
                throw StoreError.conflict("\(TicketNumber.format(number)) is \(ticket.status.rawValue); only open work can be escalated.")
            }
            guard !ticket.tags.contains("escalated") else {
                throw StoreError.conflict("\(TicketNumber.format(number)) is already escalated.")
            }
            try db.run("INSERT INTO ticket_tags (ticket_id, tag) VALUES (?, 'escalated') ON CONFLICT DO NOTHING", [ticket.id])
            var raised = ticket.priority
            if ticket.priority != .p1, let higher = Priority.allCases.last(where: { $0 < ticket.priority }) {
                raised = higher
                try db.run("UPDATE tickets SET priority = ? WHERE id = ?", [higher.rawValue, ticket.id])
                try Self.appendEvent(db, ticketId: ticket.id, kind: .priorityChange, author: actor.login,
                                     body: "\(ticket.priority.rawValue) → \(higher.rawValue) on escalation", at: now)
            }
            try Self.appendEvent(db, ticketId: ticket.id, kind: .note, author: actor.login,
                                 body: "Escalated to a supervisor: \(reason)", at: now)
            return ("priority=\(ticket.priority.rawValue)", "escalated priority=\(raised.rawValue)", try Self.loadTicket(db, number: number))
        }
    }

    @discardableResult
    public func tag(ticket number: Int64, add: [String] = [], remove: [String] = [], by actor: Agent,
                    expecting version: Int64? = nil) throws -> Ticket {
        let added = add.map(Self.normalizeTag).filter { !$0.isEmpty }
        let removed = remove.map(Self.normalizeTag).filter { !$0.isEmpty }
        guard !added.isEmpty || !removed.isEmpty else { throw StoreError.invalid("Name at least one tag to add or remove.") }
        return try changingTicket(number: number, by: actor, action: "ticket.tag", expecting: version) { db, ticket in
            for tag in added {
                try db.run("INSERT INTO ticket_tags (ticket_id, tag) VALUES (?, ?) ON CONFLICT DO NOTHING", [ticket.id, tag])
            }
            for tag in removed {
                try db.run("DELETE FROM ticket_tags WHERE ticket_id = ? AND tag = ?", [ticket.id, tag])
            }
            let summary = (added.map { "+" + $0 } + removed.map { "-" + $0 }).joined(separator: " ")
            try Self.appendEvent(db, ticketId: ticket.id, kind: .tag, author: actor.login, body: summary, at: now)
            let after = try Self.loadTicket(db, number: number)
            return ("tags=\(ticket.tags.joined(separator: ","))", "tags=\(after.tags.joined(separator: ","))", after)
        }
    }

    public func link(ticket number: Int64, to other: Int64, kind: TicketLinkKind, by actor: Agent) throws {
        guard number != other else { throw StoreError.invalid("A ticket cannot be linked to itself.") }
        try changingTicket(number: number, by: actor, action: "ticket.link", expecting: nil) { db, ticket in
            let target = try Self.loadTicket(db, number: other)
            let linked = try db.run("""
                INSERT INTO ticket_links (from_ticket, to_ticket, kind, created_by, at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT DO NOTHING
                """, [ticket.id, target.id, kind.rawValue, actor.login, now])
            guard linked == 1 else {
                throw StoreError.conflict("\(TicketNumber.format(number)) is already linked to \(TicketNumber.format(other)).")
            }
            try Self.appendEvent(db, ticketId: ticket.id, kind: .link, author: actor.login,
                                 body: "\(kind.rawValue.replacingOccurrences(of: "_", with: " ")) \(TicketNumber.format(other))", at: now)
            return (nil, "\(kind.rawValue)=\(other)", ())
        }
    }

    /// Sets a ticket's category and subcategory (anyone who may work the ticket). On an
    /// untriaged ticket this is the triage: the mark goes, even when the placeholder
    /// category is the one chosen.
    public func setCategory(ticket number: Int64, to category: Category, subcategory: String?, by actor: Agent,
                            expecting version: Int64? = nil) throws -> Ticket {
        let sub = subcategory ?? category.subcategories[0]
        guard category.subcategories.contains(sub) else {
            throw StoreError.invalid("'\(sub)' is not a subcategory of \(category.rawValue); use \(category.subcategories.joined(separator: ", ")).")
        }
        return try changingTicket(number: number, by: actor, action: "ticket.category", expecting: version) { db, ticket in
            try Self.requireWorkable(ticket, by: actor, db: db)
            guard ticket.untriaged || ticket.category != category || ticket.subcategory != sub else {
                throw StoreError.conflict("\(TicketNumber.format(number)) is already \(category.rawValue)/\(sub).")
            }
            try db.run("UPDATE tickets SET category = ?, subcategory = ?, untriaged = 0 WHERE id = ?",
                           [category.rawValue, sub, ticket.id])
            let from = ticket.untriaged ? "untriaged" : "\(ticket.category.rawValue)/\(ticket.subcategory)"
            try Self.appendEvent(db, ticketId: ticket.id, kind: .categoryChange, author: actor.login,
                                 body: "\(from) → \(category.rawValue)/\(sub)", at: now)
            return ("category=\(from)", "category=\(category.rawValue)/\(sub)", try Self.loadTicket(db, number: number))
        }
    }
}
