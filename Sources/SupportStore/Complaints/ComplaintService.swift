import Foundation
import GRDB
import SupportCore

extension SupportStore {
    /// Working days a complaint has for its resolution unless an admin sets another figure
    /// (Indonesian payment-provider consumer-protection rules commonly use 20).
    public static let defaultComplaintWorkingDays = 20
    static let complaintWorkingDaysKey = "complaint_working_days"
}

// Complaints: the record on a complaint ticket, its evidence, decisions, escalation and
// outcome, on either store. Every change goes through `changingTicket`, so it is
// compare-and-set on the ticket's version, leaves a line on the timeline and appends its
// audit record in the same transaction; refusals for lack of permission are audited too.
// The ticket's row is locked before it is read (`locking:`): two changes to one
// complaint through two instances take turns, and the second sees what the first did
// (its decision kept after the other, or "already has a complaint record") instead of
// failing on the version it read before the first committed.
extension StoreEngine {
    // MARK: opening

    @discardableResult
    public func openComplaint(ticket number: Int64, statement: String, expectedOutcome: String,
                              by actor: Agent) throws -> ComplaintRecord {
        let statement = try Self.complaintText(statement, what: "The customer's statement")
        let expected = try Self.complaintText(expectedOutcome, what: "The outcome the customer expects")
        return try changingTicket(number: number, by: actor, locking: [number], action: "complaint.open", expecting: nil) { db, ticket in
            try Self.requireWorkable(ticket, by: actor, db: db)
            guard ticket.category == .complaint else {
                throw StoreError.conflict("\(TicketNumber.format(number)) is a \(ticket.category.rawValue) ticket; complaint records go on complaint tickets.")
            }
            guard ticket.subcategory != "suggestion" else {
                throw StoreError.conflict("\(TicketNumber.format(number)) is a suggestion (product feedback), not a complaint.")
            }
            guard ticket.status != .closed else {
                throw StoreError.conflict("\(TicketNumber.format(number)) is closed; a new complaint needs a new ticket.")
            }
            if let existing = try Self.loadComplaint(db, ticket: ticket) {
                throw StoreError.conflict("\(TicketNumber.format(number)) already has a complaint record, opened by \(existing.openedBy) at \(TimeText.clock(existing.openedAt)).")
            }
            let days = try Self.complaintWorkingDays(db)
            let calendar = try Self.calendar(db)
            // The clock runs from receipt: the ticket was created at the contact's time.
            let due = calendar.workingDaysDeadline(days, after: ticket.createdAt)
            try db.run("""
                INSERT INTO complaints (ticket_id, statement, expected_outcome, level, received_at, opened_by, opened_at,
                                        working_days, due_at)
                VALUES (?, ?, ?, 'agent', ?, ?, ?, ?, ?)
                """, [ticket.id, statement, expected, ticket.createdAt.epoch, actor.login, now, days, due.epoch])
            try Self.appendEvent(db, ticketId: ticket.id, kind: .note, author: actor.login,
                                 body: "Complaint recorded; resolution due \(TimeText.clock(due)) (\(days) working days).", at: now)
            let record = try Self.loadComplaint(db, ticket: ticket)!
            return (nil, "level=agent working_days=\(days) due=\(due.epoch)", record)
        }
    }

    // MARK: evidence and decisions

    @discardableResult
    public func addEvidence(ticket number: Int64, kind: EvidenceKind, text: String, by actor: Agent) throws -> ComplaintRecord {
        let text = try Self.complaintText(text, what: "Evidence")
        return try changingTicket(number: number, by: actor, locking: [number], action: "complaint.evidence", expecting: nil) { db, ticket in
            try Self.requireWorkable(ticket, by: actor, db: db)
            _ = try Self.requireOpenComplaint(db, ticket: ticket)
            if kind == .transaction {
                // A reference must name one of this customer's transactions, so evidence
                // never points at somebody else's money; outside references go in a statement.
                let known = try db.fetchValue("SELECT 1 FROM transactions WHERE reference = ? AND customer_id = ?",
                                              [text, ticket.customerId], as: Int.self)
                guard known != nil else {
                    throw StoreError.notFound("Transaction \(text) of this customer (record other references as a statement)")
                }
            }
            try db.run("INSERT INTO complaint_evidence (ticket_id, kind, body, added_by, added_at) VALUES (?, ?, ?, ?, ?)",
                       [ticket.id, kind.rawValue, text, actor.login, now])
            try Self.appendEvent(db, ticketId: ticket.id, kind: .note, author: actor.login,
                                 body: "Complaint evidence (\(kind.label)): \(Self.excerpt(text))", at: now)
            return (nil, "evidence kind=\(kind.rawValue) \(text.utf8.count) bytes", try Self.loadComplaint(db, ticket: ticket)!)
        }
    }

    /// Records a decision or handling opinion. Replies to the customer stay on the ticket
    /// timeline as they are; this keeps what was decided, at which level, by whom.
    @discardableResult
    public func recordDecision(ticket number: Int64, text: String, by actor: Agent) throws -> ComplaintRecord {
        let text = try Self.complaintText(text, what: "A decision")
        return try changingTicket(number: number, by: actor, locking: [number], action: "complaint.decision", expecting: nil) { db, ticket in
            try Self.requireWorkable(ticket, by: actor, db: db)
            let complaint = try Self.requireOpenComplaint(db, ticket: ticket)
            try db.run("""
                INSERT INTO complaint_decisions (ticket_id, body, level, decided_by, decided_at) VALUES (?, ?, ?, ?, ?)
                """, [ticket.id, text, complaint.level.rawValue, actor.login, now])
            try Self.appendEvent(db, ticketId: ticket.id, kind: .note, author: actor.login,
                                 body: "Complaint decision (\(complaint.level.rawValue)): \(text)", at: now)
            return (nil, "decision level=\(complaint.level.rawValue)", try Self.loadComplaint(db, ticket: ticket)!)
        }
    }

    // MARK: escalation

    /// Moves the complaint one level up. Role rules live in `ComplaintEscalation`: a role
    /// that is too low is refused as forbidden (and audited); going down, staying or
    /// skipping a level is refused as a conflict with the complaint's state.
    @discardableResult
    public func escalateComplaint(ticket number: Int64, to level: ComplaintLevel, reason: String,
                                  by actor: Agent) throws -> ComplaintRecord {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw StoreError.invalid("Escalating a complaint needs a reason.") }
        guard reason.utf8.count <= 4_000 else { throw StoreError.invalid("The reason is longer than 4,000 bytes.") }
        guard !reason.contains("\u{0}") else { throw StoreError.invalid("The reason cannot contain NUL bytes.") }
        return try changingTicket(number: number, by: actor, locking: [number], action: "complaint.escalate", expecting: nil,
                                reason: reason) { db, ticket in
            let complaint = try Self.requireOpenComplaint(db, ticket: ticket)
            do throws(ComplaintEscalationError) {
                try ComplaintEscalation.check(from: complaint.level, to: level, role: actor.role)
            } catch {
                let sentence = "\(TicketNumber.format(number)): \(error)"
                throw error.isPermission ? StoreError.forbidden(sentence) : StoreError.conflict(sentence)
            }
            try Self.requireWorkable(ticket, by: actor, db: db)
            try db.run("UPDATE complaints SET level = ? WHERE ticket_id = ?", [level.rawValue, ticket.id])
            try db.run("""
                INSERT INTO complaint_escalations (ticket_id, from_level, to_level, reason, by, at) VALUES (?, ?, ?, ?, ?, ?)
                """, [ticket.id, complaint.level.rawValue, level.rawValue, reason, actor.login, now])
            try Self.appendEvent(db, ticketId: ticket.id, kind: .note, author: actor.login,
                                 body: "Complaint escalated to \(level.title): \(reason)", at: now)
            return ("level=\(complaint.level.rawValue)", "level=\(level.rawValue)", try Self.loadComplaint(db, ticket: ticket)!)
        }
    }

    // MARK: closing

    /// Records the final outcome and whether the customer accepted it, and solves the
    /// ticket if it is still active. Only the level that holds the complaint (or higher)
    /// may close it. A customer who does not accept the outcome is usually escalated
    /// instead; closing with `accepted: false` records that they were left unsatisfied.
    @discardableResult
    public func closeComplaint(ticket number: Int64, outcome: String, accepted: Bool, by actor: Agent) throws -> ComplaintRecord {
        let outcome = try Self.complaintText(outcome, what: "The outcome")
        return try changingTicket(number: number, by: actor, locking: [number], action: "complaint.close", expecting: nil) { db, ticket in
            let complaint = try Self.requireOpenComplaint(db, ticket: ticket)
            guard ComplaintEscalation.mayClose(at: complaint.level, role: actor.role) else {
                let owner = ComplaintEscalation.owner(of: complaint.level)
                throw StoreError.forbidden("\(TicketNumber.format(number)) is with \(complaint.level.title); only a\(owner == .admin ? "n" : "") \(owner.rawValue) may record its outcome.")
            }
            try Self.requireWorkable(ticket, by: actor, db: db)
            try db.run("""
                UPDATE complaints SET outcome = ?, accepted = ?, closed_by = ?, closed_at = ? WHERE ticket_id = ?
                """, [outcome, accepted, actor.login, now, ticket.id])
            try Self.appendEvent(db, ticketId: ticket.id, kind: .note, author: actor.login,
                                 body: "Complaint closed (\(accepted ? "customer accepted" : "customer did not accept")): \(outcome)",
                                 at: now)
            if ticket.status.isActive { try self.moveStatus(db, ticket, to: .solved, author: actor.login) }
            let record = try Self.loadComplaint(db, ticket: ticket)!
            let clock = record.clock(now: Date(epoch: now))
            return ("level=\(complaint.level.rawValue)", "closed accepted=\(accepted ? "yes" : "no") deadline=\(clock.state.rawValue)", record)
        }
    }

    // MARK: settings

    public func complaintWorkingDays() throws -> Int {
        try reading { db in try Self.complaintWorkingDays(db) }
    }

    /// Sets the working days new complaints get; complaints already open keep theirs.
    public func setComplaintWorkingDays(_ days: Int, by actor: Agent) throws {
        guard (1...365).contains(days) else { throw StoreError.invalid("Working days must be between 1 and 365.") }
        try auditedWriting(by: actor, "complaint.settings", entity: "settings", id: SupportStore.complaintWorkingDaysKey) { db in
            guard actor.role.can(.manageSLA) else {
                throw StoreError.forbidden("Only an admin may change the complaint deadline.")
            }
            let before = try Self.complaintWorkingDays(db)
            try SupportStore.setMeta(in: db, SupportStore.complaintWorkingDaysKey, String(days))
            return AuditedChange(before: "working_days=\(before)", after: "working_days=\(days)")
        }
    }

    static func complaintWorkingDays(_ db: any SQLSession) throws -> Int {
        let stored = try db.fetchValue("SELECT value FROM meta WHERE key = ?", [SupportStore.complaintWorkingDaysKey], as: String.self)
        return stored.flatMap(Int.init).flatMap { $0 > 0 ? $0 : nil } ?? SupportStore.defaultComplaintWorkingDays
    }

    // MARK: helpers

    static func requireOpenComplaint(_ db: any SQLSession, ticket: Ticket) throws -> ComplaintRecord {
        guard let complaint = try loadComplaint(db, ticket: ticket) else {
            throw StoreError.notFound("A complaint record on \(TicketNumber.format(ticket.number)) (open one with `paydesk complaint open`)")
        }
        guard !complaint.isClosed else {
            throw StoreError.conflict("The complaint on \(TicketNumber.format(ticket.number)) was closed by \(complaint.closedBy ?? "someone") at \(TimeText.clock(complaint.closedAt!)).")
        }
        return complaint
    }

    /// Text for the complaint record: what `requireText` accepts, without NUL bytes, which
    /// would cut the text short in tools that read the database as C strings.
    static func complaintText(_ text: String, what: String) throws -> String {
        let checked = try requireText(text, what: what)
        guard !checked.contains("\u{0}") else { throw StoreError.invalid("\(what) cannot contain NUL bytes.") }
        return checked
    }

    /// One line of a long text for the timeline; the full text stays in its own table.
    static func excerpt(_ text: String, limit: Int = 120) -> String {
        let line = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? text
        return line.count > limit || line.count < text.count ? String(line.prefix(limit)) + "…" : line
    }
}
