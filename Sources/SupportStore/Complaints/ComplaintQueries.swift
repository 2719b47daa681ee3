import Foundation
import GRDB
import SupportCore

/// A suggestion as the product-feedback report lists it. No customer identity: the
/// product team reads what was suggested; the ticket number leads back when needed.
public struct SuggestionRow: Sendable, Codable, Hashable {
    public var ticket: Int64
    public var createdAt: Date
    public var channel: Channel
    public var status: TicketStatus
    public var subject: String
    public var message: String
    public var tags: [String]

    enum CodingKeys: String, CodingKey {
        case ticket, createdAt = "created_at", channel, status, subject, message, tags
    }
}

extension StoreEngine {
    // MARK: lists

    /// Open complaints due within `workingDays` working days from now (by close of
    /// business on that day), overdue ones included, soonest first.
    public func complaintsNearDeadline(within workingDays: Int, limit: Int = 100) throws -> [ComplaintRecord] {
        try reading { db in
            let calendar = try Self.calendar(db)
            let bound = calendar.workingDaysDeadline(max(0, workingDays), after: clock())
            let ids = try db.fetchValues("""
                SELECT t.number FROM complaints c JOIN tickets t ON t.id = c.ticket_id
                WHERE c.closed_at IS NULL AND c.due_at <= ?
                ORDER BY c.due_at, t.number LIMIT ?
                """, [bound.epoch, max(0, limit)], as: Int64.self)
            return try ids.compactMap { try Self.loadComplaint(db, ticket: try Self.loadTicket(db, number: $0)) }
        }
    }

    /// Open complaints raised above the agent (to a supervisor, management or the
    /// regulator): the supervisors' Attention box shows them from the moment they are raised,
    /// not only once their deadline nears.
    public func complaintsEscalated(limit: Int = 100) throws -> [ComplaintRecord] {
        try reading { db in
            let ids = try db.fetchValues("""
                SELECT t.number FROM complaints c JOIN tickets t ON t.id = c.ticket_id
                WHERE c.closed_at IS NULL AND c.level != 'agent'
                ORDER BY c.due_at, t.number LIMIT ?
                """, [max(0, limit)], as: Int64.self)
            return try ids.compactMap { try Self.loadComplaint(db, ticket: try Self.loadTicket(db, number: $0)) }
        }
    }

    /// Suggestions received in [from, to), oldest first, with the customer's first message.
    public func suggestions(from: Date, to: Date, limit: Int = 5_000) throws -> [SuggestionRow] {
        try reading { db in
            try db.fetchRows("""
                SELECT t.id, t.number, t.created_at, t.channel, t.status, t.subject,
                       (SELECT e.body FROM ticket_events e WHERE e.ticket_id = t.id AND e.kind = 'customer_message'
                        ORDER BY e.id LIMIT 1) AS message,
                       \(Self.tagList(db.dialect)) AS tags
                FROM tickets t
                WHERE t.subcategory = 'suggestion' AND t.category = 'complaint' AND t.created_at >= ? AND t.created_at < ?
                ORDER BY t.created_at, t.number LIMIT ?
                """, [from.epoch, to.epoch, max(0, limit)]).map { row in
                let tags: String? = row["tags"]
                return SuggestionRow(ticket: row["number"], createdAt: Date(epoch: row["created_at"]),
                                     channel: Channel(rawValue: row["channel"]) ?? .web,
                                     status: TicketStatus(rawValue: row["status"]) ?? .open, subject: row["subject"],
                                     message: row["message"] ?? "",
                                     tags: tags.map { $0.split(separator: ",").map(String.init) } ?? [])
            }
        }
    }

    /// A ticket's tags in order, comma-separated, as one column: SQLite's `group_concat`
    /// takes its order from the subquery, PostgreSQL's `string_agg` is told it.
    static func tagList(_ dialect: SQLDialect) -> String {
        switch dialect {
        case .sqlite:
            "(SELECT group_concat(tag, ',') FROM (SELECT tag FROM ticket_tags g WHERE g.ticket_id = t.id ORDER BY tag))"
        case .postgresql:
            "(SELECT string_agg(g.tag, ',' ORDER BY g.tag) FROM ticket_tags g WHERE g.ticket_id = t.id)"
        }
    }
}
