import Foundation
import GRDB
import SupportCore

/// What a new ticket needs. `at` lets intake start the SLA clocks at the contact's time.
public struct NewTicket: Sendable, Codable {
    public var customerId: Int64
    public var subject: String
    public var body: String
    public var category: Category
    public var subcategory: String?
    public var channel: Channel
    public var priority: Priority
    public var at: Date?
    public var tags: [String]

    public init(customerId: Int64, subject: String, body: String, category: Category, subcategory: String? = nil,
                channel: Channel, priority: Priority = .p3, at: Date? = nil, tags: [String] = []) {
        self.customerId = customerId; self.subject = subject; self.body = body; self.category = category
        self.subcategory = subcategory; self.channel = channel; self.priority = priority; self.at = at
        self.tags = tags
    }
}

// Opening a ticket, on either store.
extension StoreEngine {
    /// The advisory lock (an arbitrary constant) that orders ticket numbering on PostgreSQL.
    static var ticketNumberLock: Int64 { 0x7064_6e75_6d62 }

    /// Opens a ticket with the customer's first message. `actor` is nil for intake.
    @discardableResult
    public func createTicket(_ new: NewTicket, by actor: Agent?) throws -> Ticket {
        let subject = new.subject.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !subject.isEmpty else { throw StoreError.invalid("A ticket needs a subject.") }
        let sub = new.subcategory ?? new.category.subcategories[0]
        guard new.category.subcategories.contains(sub) else {
            throw StoreError.invalid("'\(sub)' is not a subcategory of \(new.category.rawValue); use \(new.category.subcategories.joined(separator: ", ")).")
        }
        let author = actor?.login ?? "intake"
        // A refusal names the customer asked about; the record names the ticket made.
        return try auditedWriting(actor: author, "ticket.create", entity: "customer", id: String(new.customerId)) { db in
            if let actor { try Self.recheckActor(db, actor) }
            guard try db.fetchValue("SELECT 1 FROM customers WHERE id = ?", [new.customerId], as: Int.self) != nil else {
                throw StoreError.notFound("Customer \(new.customerId)")
            }
            let at = new.at?.epoch ?? now
            // Two PostgreSQL instances numbering at once would read the same MAX and one
            // would fail on the unique number: the second waits here until the first
            // commits, then reads its number (SQLite's writes are one at a time already).
            if db.dialect == .postgresql {
                _ = try db.fetchRows("SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(?)) AS l", [Self.ticketNumberLock])
            }
            let number = (try db.fetchValue("SELECT MAX(number) FROM tickets", as: Int64.self) ?? 1000) + 1
            let id = try db.insert("""
                INSERT INTO tickets (number, customer_id, subject, category, subcategory, channel, priority, status,
                                     assignee_id, created_at, updated_at, updated_by, sla_due_at, sla_warn_at, version)
                VALUES (?, ?, ?, ?, ?, ?, ?, 'new', NULL, ?, ?, ?, ?, ?, 1)
                """, [number, new.customerId, subject, new.category.rawValue, sub, new.channel.rawValue,
                      new.priority.rawValue, at, at, author, Schema.noDeadline, Schema.noDeadline])
            try Self.appendEvent(db, ticketId: id, kind: .customerMessage, author: "customer", body: new.body, at: at)
            try Self.learnCustomerLanguage(db, customerId: new.customerId, from: [new.body, subject])
            try db.run("INSERT INTO ticket_search (body, ticket_id) VALUES (?, ?)", [subject, id])
            // Suggestions are product feedback, whichever way they arrive.
            let tags = new.tags + (sub == "suggestion" ? ["product-feedback"] : [])
            for tag in Set(tags.map(Self.normalizeTag)) where !tag.isEmpty {
                try db.run("INSERT INTO ticket_tags (ticket_id, tag) VALUES (?, ?) ON CONFLICT DO NOTHING", [id, tag])
            }
            try self.refreshDeadline(db, ticketId: id)
            return AuditedChange(try Self.loadTicket(db, number: number),
                                 after: "status=new priority=\(new.priority.rawValue) category=\(new.category.rawValue)",
                                 entity: "ticket", entityId: String(number))
        }
    }
}
