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
        try reply(ticket: number, body: body, attachments: [], by: actor, seenEventId: seenEventId,
                  setStatus: setStatus, expecting: version)
    }

    func reply(ticket number: Int64, body: String, attachments: [String], by actor: Agent, seenEventId: Int64?,
               setStatus: TicketStatus?, expecting version: Int64?) throws -> Ticket {
        let text = try Self.requireText(body, what: "A reply")
        for path in attachments { try Self.requireAttachable(path) }
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
            // The timeline names each file sent, one line each; the customer's mail carries
            // them as parts.
            let shown = ([text] + attachments.map { "📎 " + ($0 as NSString).lastPathComponent }).joined(separator: "\n")
            try Self.appendEvent(db, ticketId: ticket.id, kind: .reply, author: actor.login, body: shown, at: now)
            try self.enqueueReply(db, ticket: ticket, body: text, attachments: attachments)
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
