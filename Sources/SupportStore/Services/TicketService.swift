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

extension SupportStore {
    // MARK: reading

    public func ticket(number: Int64) throws -> Ticket {
        try read { db in try Self.loadTicket(db, number: number) }
    }

    static func loadTicket(_ db: Database, number: Int64) throws -> Ticket {
        // Decoded from the cursor's current row, not a copied one: see `ticketRow`.
        let rows = try Row.fetchCursor(db.cachedStatement(sql: "SELECT * FROM tickets WHERE number = ?"), arguments: [number])
        guard let row = try rows.next() else {
            throw StoreError.notFound("Ticket \(TicketNumber.format(number))")
        }
        let tags = try String.fetchAll(db.cachedStatement(sql: "SELECT tag FROM ticket_tags WHERE ticket_id = ? ORDER BY tag"),
                                       arguments: [row["id"] as Int64])
        return Ticket(row: row, tags: tags)
    }

    /// The ticket a statement's first row holds. A row copied out by `fetchOne` finds each
    /// column by comparing every column name lower-cased, so the two dozen columns of a
    /// ticket cost some six hundred string conversions (a profile of intake had it among
    /// the top entries); the cursor's current row finds them in a dictionary built once.
    static func ticketRow(_ statement: Statement, arguments: StatementArguments) throws -> Ticket? {
        let rows = try Row.fetchCursor(statement, arguments: arguments)
        return try rows.next().map { Ticket(row: $0) }
    }

    public func timeline(ticketNumber: Int64) throws -> [TicketEvent] {
        try read { db in
            let ticket = try Self.loadTicket(db, number: ticketNumber)
            return try Row.fetchAll(db, sql: "SELECT * FROM ticket_events WHERE ticket_id = ? ORDER BY id",
                                    arguments: [ticket.id]).map(TicketEvent.init(row:))
        }
    }

    // MARK: creating

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
        return try auditedWrite(actor: author, "ticket.create", entity: "customer", id: String(new.customerId)) { db in
            if let actor { try Self.recheckActor(db, actor) }
            guard try Int.fetchOne(db, sql: "SELECT 1 FROM customers WHERE id = ?", arguments: [new.customerId]) != nil else {
                throw StoreError.notFound("Customer \(new.customerId)")
            }
            let at = new.at?.epoch ?? now
            let number = (try Int64.fetchOne(db, sql: "SELECT MAX(number) FROM tickets") ?? 1000) + 1
            try db.execute(sql: """
                INSERT INTO tickets (number, customer_id, subject, category, subcategory, channel, priority, status,
                                     assignee_id, created_at, updated_at, updated_by, sla_due_at, sla_warn_at, version)
                VALUES (?, ?, ?, ?, ?, ?, ?, 'new', NULL, ?, ?, ?, ?, ?, 1)
                """, arguments: [number, new.customerId, subject, new.category.rawValue, sub, new.channel.rawValue,
                                 new.priority.rawValue, at, at, author, Schema.noDeadline, Schema.noDeadline])
            let id = db.lastInsertedRowID
            try Self.appendEvent(db, ticketId: id, kind: .customerMessage, author: "customer", body: new.body, at: at)
            try Self.learnCustomerLanguage(db, customerId: new.customerId, from: [new.body, subject])
            try db.execute(sql: "INSERT INTO ticket_search (body, ticket_id) VALUES (?, ?)", arguments: [subject, id])
            // Suggestions are product feedback, whichever way they arrive.
            let tags = new.tags + (sub == "suggestion" ? ["product-feedback"] : [])
            for tag in Set(tags.map(Self.normalizeTag)) where !tag.isEmpty {
                try db.execute(sql: "INSERT OR IGNORE INTO ticket_tags (ticket_id, tag) VALUES (?, ?)", arguments: [id, tag])
            }
            try self.refreshDeadline(db, ticketId: id)
            return AuditedChange(try Self.loadTicket(db, number: number),
                                 after: "status=new priority=\(new.priority.rawValue) category=\(new.category.rawValue)",
                                 entity: "ticket", entityId: String(number))
        }
    }

    static func appendEvent(_ db: Database, ticketId: Int64, kind: TicketEventKind, author: String,
                            body: String, at: Int64) throws {
        try db.cachedStatement(sql: "INSERT INTO ticket_events (ticket_id, kind, author, body, at) VALUES (?, ?, ?, ?, ?)")
            .execute(arguments: [ticketId, kind.rawValue, author, body, at])
        if kind == .customerMessage || kind == .reply || kind == .note {
            try db.cachedStatement(sql: "INSERT INTO ticket_search (body, ticket_id) VALUES (?, ?)").execute(arguments: [body, ticketId])
        }
    }

    static func normalizeTag(_ tag: String) -> String {
        tag.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: " ", with: "-")
    }

    // MARK: the guarded update every ticket change goes through

    /// Loads the ticket, lets `change` check rules and write, then bumps the version with a
    /// compare-and-set so that a concurrent writer makes this one fail instead of overwrite.
    func changeTicket<T>(number: Int64, by actor: Agent, action: String, expecting version: Int64?,
                         reason: String? = nil,
                         _ change: (Database, Ticket) throws -> (before: String?, after: String?, result: T)) throws -> T {
        try auditedWrite(by: actor, action, entity: "ticket", id: String(number)) { db in
            let ticket = try Self.loadTicket(db, number: number)
            if let version, version != ticket.version {
                throw Self.staleError(ticket)
            }
            let outcome = try change(db, ticket)
            try db.execute(sql: """
                UPDATE tickets SET version = version + 1, updated_at = ?, updated_by = ?
                WHERE id = ? AND version = ?
                """, arguments: [now, actor.login, ticket.id, ticket.version])
            guard db.changesCount == 1 else { throw Self.staleError(try Self.loadTicket(db, number: number)) }
            try self.refreshDeadline(db, ticketId: ticket.id)
            // A ticket handed back must carry the version this change produced.
            var result = outcome.result
            if result is Ticket, let fresh = try Self.loadTicket(db, number: number) as? T { result = fresh }
            return AuditedChange(result, before: outcome.before, after: outcome.after, reason: reason)
        }
    }

    static func staleError(_ current: Ticket) -> StoreError {
        let who = current.updatedBy ?? "someone"
        let when = TimeText.clock(current.updatedAt)
        return StoreError.conflict("\(TicketNumber.format(current.number)) was changed by \(who) at \(when) since you loaded it; reload and try again.")
    }

    /// Agents work their own tickets and the unassigned queue; supervisors work all.
    static func requireWorkable(_ ticket: Ticket, by actor: Agent, db: Database) throws {
        if actor.role.can(.viewAllQueues) { return }
        if ticket.assigneeId == nil || ticket.assigneeId == actor.id { return }
        let owner = try String.fetchOne(db, sql: "SELECT login FROM agents WHERE id = ?", arguments: [ticket.assigneeId]) ?? "another agent"
        throw StoreError.forbidden("\(TicketNumber.format(ticket.number)) belongs to \(owner); agents work only their own and unassigned tickets.")
    }
}
