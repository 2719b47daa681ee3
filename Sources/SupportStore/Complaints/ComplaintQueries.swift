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

extension SupportStore {
    // MARK: one complaint

    /// The complaint record on a ticket; nil when the ticket has none. Throws not-found
    /// when the ticket itself does not exist.
    public func complaint(ticket number: Int64) throws -> ComplaintRecord? {
        try read { db in try Self.loadComplaint(db, ticket: try Self.loadTicket(db, number: number)) }
    }

    static func loadComplaint(_ db: Database, ticket: Ticket) throws -> ComplaintRecord? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM complaints WHERE ticket_id = ?", arguments: [ticket.id]) else {
            return nil
        }
        let evidence = try Row.fetchAll(db, sql: "SELECT * FROM complaint_evidence WHERE ticket_id = ? ORDER BY id",
                                        arguments: [ticket.id]).map { r in
            ComplaintEvidence(id: r["id"], kind: EvidenceKind(rawValue: r["kind"]) ?? .statement, text: r["body"],
                              addedBy: r["added_by"], addedAt: Date(epoch: r["added_at"]))
        }
        let decisions = try Row.fetchAll(db, sql: "SELECT * FROM complaint_decisions WHERE ticket_id = ? ORDER BY id",
                                         arguments: [ticket.id]).map { r in
            ComplaintDecision(id: r["id"], text: r["body"], level: ComplaintLevel(rawValue: r["level"]) ?? .agent,
                              decidedBy: r["decided_by"], decidedAt: Date(epoch: r["decided_at"]))
        }
        let escalations = try Row.fetchAll(db, sql: "SELECT * FROM complaint_escalations WHERE ticket_id = ? ORDER BY id",
                                           arguments: [ticket.id]).map { r in
            ComplaintEscalationStep(id: r["id"], from: ComplaintLevel(rawValue: r["from_level"]) ?? .agent,
                                    to: ComplaintLevel(rawValue: r["to_level"]) ?? .agent, reason: r["reason"],
                                    by: r["by"], at: Date(epoch: r["at"]))
        }
        let accepted: Int64? = row["accepted"]
        return ComplaintRecord(ticketNumber: ticket.number, subject: ticket.subject, customerId: ticket.customerId,
                               statement: row["statement"], expectedOutcome: row["expected_outcome"],
                               level: ComplaintLevel(rawValue: row["level"]) ?? .agent,
                               receivedAt: Date(epoch: row["received_at"]), openedAt: Date(epoch: row["opened_at"]),
                               openedBy: row["opened_by"], workingDays: row["working_days"],
                               dueAt: Date(epoch: row["due_at"]), evidence: evidence, decisions: decisions,
                               escalations: escalations, outcome: row["outcome"], accepted: accepted.map { $0 != 0 },
                               closedAt: (row["closed_at"] as Int64?).map(Date.init(epoch:)), closedBy: row["closed_by"],
                               calendar: try calendar(db))
    }

    // MARK: lists

    /// Open complaints due within `workingDays` working days from now (by close of
    /// business on that day), overdue ones included, soonest first.
    public func complaintsNearDeadline(within workingDays: Int, limit: Int = 100) throws -> [ComplaintRecord] {
        try read { db in
            let calendar = try Self.calendar(db)
            let bound = calendar.workingDaysDeadline(max(0, workingDays), after: clock())
            let ids = try Int64.fetchAll(db, sql: """
                SELECT t.number FROM complaints c JOIN tickets t ON t.id = c.ticket_id
                WHERE c.closed_at IS NULL AND c.due_at <= ?
                ORDER BY c.due_at, t.number LIMIT ?
                """, arguments: [bound.epoch, max(0, limit)])
            return try ids.compactMap { try Self.loadComplaint(db, ticket: try Self.loadTicket(db, number: $0)) }
        }
    }

    /// Open complaints raised above the agent (to a supervisor, management or the
    /// regulator): the supervisors' Attention box shows them from the moment they are raised,
    /// not only once their deadline nears.
    public func complaintsEscalated(limit: Int = 100) throws -> [ComplaintRecord] {
        try read { db in
            let ids = try Int64.fetchAll(db, sql: """
                SELECT t.number FROM complaints c JOIN tickets t ON t.id = c.ticket_id
                WHERE c.closed_at IS NULL AND c.level != 'agent'
                ORDER BY c.due_at, t.number LIMIT ?
                """, arguments: [max(0, limit)])
            return try ids.compactMap { try Self.loadComplaint(db, ticket: try Self.loadTicket(db, number: $0)) }
        }
    }

    /// Suggestions received in [from, to), oldest first, with the customer's first message.
    public func suggestions(from: Date, to: Date, limit: Int = 5_000) throws -> [SuggestionRow] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT t.id, t.number, t.created_at, t.channel, t.status, t.subject,
                       (SELECT e.body FROM ticket_events e WHERE e.ticket_id = t.id AND e.kind = 'customer_message'
                        ORDER BY e.id LIMIT 1) AS message,
                       (SELECT group_concat(tag, ',') FROM (SELECT tag FROM ticket_tags g WHERE g.ticket_id = t.id ORDER BY tag)) AS tags
                FROM tickets t
                WHERE t.subcategory = 'suggestion' AND t.category = 'complaint' AND t.created_at >= ? AND t.created_at < ?
                ORDER BY t.created_at, t.number LIMIT ?
                """, arguments: [from.epoch, to.epoch, max(0, limit)]).map { row in
                let tags: String? = row["tags"]
                return SuggestionRow(ticket: row["number"], createdAt: Date(epoch: row["created_at"]),
                                     channel: Channel(rawValue: row["channel"]) ?? .web,
                                     status: TicketStatus(rawValue: row["status"]) ?? .open, subject: row["subject"],
                                     message: row["message"] ?? "",
                                     tags: tags.map { $0.split(separator: ",").map(String.init) } ?? [])
            }
        }
    }
}
