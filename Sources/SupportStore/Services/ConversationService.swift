import Foundation
import GRDB
import SupportCore

// Replies, notes, customer messages and status changes: the ticket's timeline.
extension SupportStore {
    /// Sends a public reply. `seenEventId` is the last timeline entry the agent had on
    /// screen: if a reply or note arrived after it, the reply is stopped ("traffic cop")
    /// and the refusal says what changed. Replying to an unassigned ticket claims it.
    @discardableResult
    public func reply(ticket number: Int64, body: String, by actor: Agent, seenEventId: Int64? = nil,
                      setStatus: TicketStatus? = nil, expecting version: Int64? = nil) throws -> Ticket {
        try reply(ticket: number, body: body, attachment: nil, by: actor, seenEventId: seenEventId,
                  setStatus: setStatus, expecting: version)
    }

    func reply(ticket number: Int64, body: String, attachment: String?, by actor: Agent, seenEventId: Int64?,
               setStatus: TicketStatus?, expecting version: Int64?) throws -> Ticket {
        let text = try Self.requireText(body, what: "A reply")
        if let attachment { try Self.requireAttachable(attachment) }
        return try changeTicket(number: number, by: actor, action: "ticket.reply", expecting: version) { db, ticket in
            try Self.requireWorkable(ticket, by: actor, db: db)
            guard ticket.status != .closed else {
                throw StoreError.conflict("\(TicketNumber.format(number)) is closed; open a new ticket to write to the customer.")
            }
            if let seenEventId { try Self.requireNothingNewer(db, ticket: ticket, than: seenEventId, actor: actor) }
            if ticket.assigneeId == nil {
                try db.execute(sql: "UPDATE tickets SET assignee_id = ? WHERE id = ?", arguments: [actor.id, ticket.id])
                try Self.appendEvent(db, ticketId: ticket.id, kind: .assignment, author: actor.login,
                                     body: "claimed by \(actor.login) on reply", at: now)
            }
            // The timeline names the file sent; the customer's mail carries it as a part.
            let shown = attachment.map { text + "\n📎 " + ($0 as NSString).lastPathComponent } ?? text
            try Self.appendEvent(db, ticketId: ticket.id, kind: .reply, author: actor.login, body: shown, at: now)
            try self.enqueueReply(db, ticket: ticket, body: text, attachment: attachment)
            if ticket.firstResponseAt == nil {
                try db.execute(sql: "UPDATE tickets SET first_response_at = ? WHERE id = ?", arguments: [now, ticket.id])
            }
            var current = try Self.loadTicket(db, number: number)
            let target = setStatus ?? (current.status == .new ? .open : nil)
            if let target, target != current.status {
                try self.moveStatus(db, current, to: target)
                current = try Self.loadTicket(db, number: number)
            }
            return (nil, "reply \(text.count) chars", current)
        }
    }

    /// Adds an internal note, never shown to the customer. Any agent may note any ticket.
    @discardableResult
    public func note(ticket number: Int64, body: String, by actor: Agent, expecting version: Int64? = nil) throws -> Ticket {
        let text = try Self.requireText(body, what: "A note")
        return try changeTicket(number: number, by: actor, action: "ticket.note", expecting: version) { db, ticket in
            try Self.appendEvent(db, ticketId: ticket.id, kind: .note, author: actor.login, body: text, at: now)
            return (nil, "note \(text.count) chars", try Self.loadTicket(db, number: number))
        }
    }

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

    @discardableResult
    public func setStatus(ticket number: Int64, to status: TicketStatus, by actor: Agent,
                          expecting version: Int64? = nil) throws -> Ticket {
        try changeTicket(number: number, by: actor, action: "ticket.status", expecting: version) { db, ticket in
            try Self.requireWorkable(ticket, by: actor, db: db)
            do {
                try TicketLifecycle.check(from: ticket.status, to: status)
            } catch {
                throw StoreError.conflict("\(TicketNumber.format(number)): \(error)")
            }
            try self.moveStatus(db, ticket, to: status, author: actor.login)
            return ("status=\(ticket.status.rawValue)", "status=\(status.rawValue)", try Self.loadTicket(db, number: number))
        }
    }

    @discardableResult
    public func setPriority(ticket number: Int64, to priority: Priority, by actor: Agent,
                            expecting version: Int64? = nil) throws -> Ticket {
        try changeTicket(number: number, by: actor, action: "ticket.priority", expecting: version) { db, ticket in
            try Self.requireWorkable(ticket, by: actor, db: db)
            guard priority != ticket.priority else {
                throw StoreError.conflict("\(TicketNumber.format(number)) already has priority \(priority.rawValue).")
            }
            try db.execute(sql: "UPDATE tickets SET priority = ? WHERE id = ?", arguments: [priority.rawValue, ticket.id])
            try Self.appendEvent(db, ticketId: ticket.id, kind: .priorityChange, author: actor.login,
                                 body: "\(ticket.priority.rawValue) → \(priority.rawValue)", at: now)
            return ("priority=\(ticket.priority.rawValue)", "priority=\(priority.rawValue)", try Self.loadTicket(db, number: number))
        }
    }

    /// Changes status inside a caller's transaction: keeps the pause spans (pending stops
    /// the SLA clocks), the solved time, and the timeline entry.
    /// A move to solved queues the satisfaction survey (once per ticket) unless `survey`
    /// is false: a ticket solved on its way to being merged away was not answered.
    func moveStatus(_ db: Database, _ ticket: Ticket, to status: TicketStatus, author: String? = nil,
                    survey: Bool = true) throws {
        let at = now
        try db.cachedStatement(sql: "UPDATE tickets SET status = ? WHERE id = ?").execute(arguments: [status.rawValue, ticket.id])
        if ticket.status == .pending && status != .pending {
            try db.cachedStatement(sql: "UPDATE ticket_pauses SET ended_at = ? WHERE ticket_id = ? AND ended_at IS NULL")
                .execute(arguments: [at, ticket.id])
        }
        if status == .pending && ticket.status != .pending {
            try db.cachedStatement(sql: "INSERT INTO ticket_pauses (ticket_id, started_at) VALUES (?, ?)").execute(arguments: [ticket.id, at])
        }
        if status == .solved {
            try db.cachedStatement(sql: "UPDATE tickets SET solved_at = ? WHERE id = ?").execute(arguments: [at, ticket.id])
        } else if status != .closed {
            try db.cachedStatement(sql: "UPDATE tickets SET solved_at = NULL WHERE id = ?").execute(arguments: [ticket.id])
        }
        try Self.appendEvent(db, ticketId: ticket.id, kind: .statusChange, author: author ?? "system",
                             body: "\(ticket.status.rawValue) → \(status.rawValue)", at: at)
        if status == .solved && ticket.status != .solved && survey {
            var solved = ticket
            solved.status = .solved
            try enqueueSurvey(db, ticket: solved)
        }
    }

    static func requireText(_ body: String, what: String) throws -> String {
        let text = body.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw StoreError.invalid("\(what) cannot be empty.") }
        guard text.utf8.count <= 64_000 else { throw StoreError.invalid("\(what) is longer than 64,000 bytes.") }
        return text
    }

    static func requireNothingNewer(_ db: Database, ticket: Ticket, than seen: Int64, actor: Agent) throws {
        let newer = try Row.fetchOne(db, sql: """
            SELECT kind, author, body, at FROM ticket_events
            WHERE ticket_id = ? AND id > ? AND kind IN ('customer_message','reply','note') AND author != ?
            ORDER BY id LIMIT 1
            """, arguments: [ticket.id, seen, actor.login])
        guard let newer else { return }
        let kind = TicketEventKind(rawValue: newer["kind"]) ?? .note
        let who: String = newer["author"]
        let body: String = newer["body"]
        let what = kind == .customerMessage ? "the customer wrote" : kind == .reply ? "\(who) replied" : "\(who) added a note"
        let excerpt = body.count > 60 ? String(body.prefix(60)) + "…" : body
        throw StoreError.conflict("Not sent: \(what) at \(TimeText.clock(Date(epoch: newer["at"]))) since you opened \(TicketNumber.format(ticket.number)): “\(excerpt)”. Read it, then send again.")
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
