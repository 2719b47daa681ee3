import Foundation
import GRDB
import SupportCore

/// What happened to one imported contact.
public struct IntakeItem: Sendable, Codable, Hashable {
    public enum Outcome: String, Sendable, Codable {
        case created        // a new ticket, its SLA clocks starting at the contact's time
        case threaded       // added to the customer's open ticket of the same category
        case duplicate      // imported before (same channel and source id): nothing done
    }

    public var file: String
    public var line: Int?
    public var sourceId: String
    public var outcome: Outcome
    public var ticket: Int64

    enum CodingKeys: String, CodingKey { case file, line, sourceId = "source_id", outcome, ticket }
}

public struct IntakeReport: Sendable, Codable {
    public var channel: Channel
    public var files: Int
    public var created = 0
    public var threaded = 0
    public var duplicates = 0
    public var rejected = 0
    public var items: [IntakeItem] = []
    public var rejections: [IntakeRejection] = []

    init(channel: Channel, files: Int) { self.channel = channel; self.files = files }

    mutating func add(_ outcome: Result<IntakeItem, IntakeRejection>) {
        switch outcome {
        case .success(let item):
            items.append(item)
            switch item.outcome {
            case .created: created += 1
            case .threaded: threaded += 1
            case .duplicate: duplicates += 1
            }
        case .failure(let rejection):
            rejections.append(rejection)
        }
    }

    /// The summary as the run's audit record states it, with every rejection counted.
    var auditSummary: String {
        var copy = self
        copy.rejected = rejections.count
        return copy.summary
    }

    /// `created 3, threaded 2, duplicates 0, rejected 1`
    public var summary: String {
        "created \(created), threaded \(threaded), duplicates \(duplicates), rejected \(rejected)"
    }
}

/// A contact that cannot be imported for a reason of its own (not the database's).
struct IntakeProblem: Error { var reason: String }

// Importing contacts from the channels. Threading rule, in one place:
// an email that answers a message of a ticket (In-Reply-To/References) or names it in its
// subject (`[#1029]`) joins that ticket if it is the same customer's and not closed
// (`mailThreadTarget`); otherwise a contact joins the customer's most recently updated ticket of the same category that
// is still being worked (new, open, pending, on_hold) and not merged away; failing that, a
// solved ticket of that category solved within the auto-close window, which the message
// reopens (as `customerMessage` does); otherwise it opens a new ticket. In the complaint
// category the subcategory must match too: a suggestion never lands in a complaint, or the
// product-feedback report would miss it. Closed tickets are final; a new ticket is opened.
extension SupportStore {
    /// The tag every suggestion carries, so product teams find them with `tag:product-feedback`.
    public static let productFeedbackTag = "product-feedback"

    /// At most this many contacts a transaction on SQLite; a transaction also stops taking
    /// more after a fifth of a second (`IntakeTransactionBound`). A commit writes every page
    /// it touched to the write-ahead log, and every contact touches the same last pages of
    /// the tickets table's indexes, the timeline's, the search index's and the audit log's,
    /// so the fewer the commits, the fewer times those pages are written. (PostgreSQL
    /// commits each contact alone: see `intakeTransactionBound`.)
    public static let intakeContactsPerTransaction = 1_000

    /// How far back and ahead a contact's own date may lie. A message "dated 2020" would
    /// land deep in the timeline and skew every SLA clock and report that reads it.
    public static let intakeWindow: (past: Int64, future: Int64) = (90 * 86_400, 86_400)

    static let walletLookup = "SELECT id FROM customers WHERE wallet_id = ?"
}

extension StoreEngine {

    /// One contact in a savepoint: imported, or refused for a reason of its own (its
    /// changes rolled back, the rest of the transaction kept). A database failure throws.
    /// `rules`: the SLA policies and calendar, read once for the transaction (`slaRules`).
    /// An imported contact's search rows join `search`, which the transaction writes after
    /// its last contact; a refused one's are dropped with its savepoint.
    func importInSavepoint(_ db: any SQLSession, _ contact: IncomingContact, channel: Channel, actor: Agent,
                           autoCloseDays: Int, rules: SLARules, search: IntakeSearchRows) throws -> Result<IntakeItem, IntakeRejection> {
        do {
            let mine = IntakeSearchRows()
            let item = try db.inSavepoint {
                try self.importOne(db, contact, channel: channel, actor: actor, autoCloseDays: autoCloseDays, rules: rules,
                                   search: mine)
            }
            search.adopt(mine)
            return .success(item)
        } catch let problem as IntakeProblem {
            return .failure(IntakeRejection(file: contact.file, line: contact.line, reason: problem.reason))
        } catch let error as StoreError where error.kind == .invalid || error.kind == .notFound || error.kind == .conflict {
            return .failure(IntakeRejection(file: contact.file, line: contact.line, reason: error.message))
        }
    }

    /// Whether this channel's message was imported already, and into which ticket.
    public func intakeTicket(channel: Channel, sourceId: String) throws -> Int64? {
        try reading { db in
            try db.fetchValue(Self.importedTicket, [channel.rawValue, sourceId], as: Int64.self)
        }
    }

    static var importedTicket: String {
        "SELECT t.number FROM intake_messages m JOIN tickets t ON t.id = m.ticket_id WHERE m.channel = ? AND m.source_id = ?"
    }

    private func importOne(_ db: any SQLSession, _ contact: IncomingContact, channel: Channel, actor: Agent,
                           autoCloseDays: Int, rules: SLARules, search: IntakeSearchRows) throws -> IntakeItem {
        func item(_ outcome: IntakeItem.Outcome, _ number: Int64) -> IntakeItem {
            IntakeItem(file: contact.file, line: contact.line, sourceId: contact.sourceId, outcome: outcome, ticket: number)
        }
        func imported() throws -> Int64? {
            try db.fetchValue(Self.importedTicket, [channel.rawValue, contact.sourceId], as: Int64.self)
        }
        if let number = try imported() { return item(.duplicate, number) }
        try requireIntakeWindow(contact)
        let customerId = try Self.matchCustomer(db, contact)
        // Two PostgreSQL instances importing for one customer at once would both find no
        // open ticket (or both miss the other's copy of one message) and open two: the
        // second waits here until the first commits, then sees what it imported. SQLite's
        // writes are one at a time already.
        try db.serialise("intake.customer.\(customerId)")
        if db.dialect == .postgresql, let number = try imported() { return item(.duplicate, number) }
        let result: IntakeItem
        let ticketId: Int64
        let mailTarget = channel == .email ? try mailThreadTarget(db, customerId: customerId, contact: contact) : nil
        if let target = mailTarget {
            // An answer to the satisfaction survey is a rating, not a reason to reopen.
            if try !recordSurveyAnswer(db, contact, ticket: target, actor: actor, search: search) {
                try thread(db, contact, into: target, channel: channel, actor: actor, rules: rules, search: search)
            }
            result = item(.threaded, target.number)
            ticketId = target.id
        } else if channel != .email, let target = try surveyTarget(db, customerId: customerId, channel: channel, body: contact.body),
                  try recordSurveyAnswer(db, contact, ticket: target, actor: actor, search: search) {
            // A "5" by SMS, chat or social answers the survey sent there: a rating.
            result = item(.threaded, target.number)
            ticketId = target.id
        } else {
            // Mail that names no category gets one from the keyword rules, or none at all.
            let triage = try Self.triage(db, contact)
            if let target = try threadTarget(db, customerId: customerId, contact: triage.contact, autoCloseDays: autoCloseDays) {
                try thread(db, triage.contact, into: target, channel: channel, actor: actor, rules: rules, search: search)
                result = item(.threaded, target.number)
                ticketId = target.id
            } else {
                let ticket = try openTicket(db, triage.contact, customerId: customerId, channel: channel, actor: actor,
                                            rules: rules, search: search)
                if let note = triage.note {
                    try Self.appendEvent(db, ticketId: ticket.id, kind: .categoryChange, author: "intake", body: note,
                                         at: triage.contact.at.epoch)
                }
                result = item(.created, ticket.number)
                ticketId = ticket.id
            }
        }
        try db.run("INSERT INTO intake_messages (channel, source_id, ticket_id, imported_at) VALUES (?, ?, ?, ?)",
                   [channel.rawValue, contact.sourceId, ticketId, now])
        return result
    }

    private func requireIntakeWindow(_ contact: IncomingContact) throws {
        let at = contact.at.epoch
        if at < now - SupportStore.intakeWindow.past {
            throw IntakeProblem(reason: "dated \(TimeText.clock(contact.at)), more than 90 days ago; import it by hand if it is real")
        }
        if at > now + SupportStore.intakeWindow.future {
            throw IntakeProblem(reason: "dated \(TimeText.clock(contact.at)), more than a day in the future")
        }
    }

    // MARK: matching

    /// The one customer every given key (wallet id, phone, email) points to. A key that
    /// matches nobody is passed over when another matches (people change email addresses);
    /// keys naming different customers, or a phone shared by several, are refused rather
    /// than guessed.
    static func matchCustomer(_ db: any SQLSession, _ contact: IncomingContact) throws -> Int64 {
        var candidates: Set<Int64>?
        var keys: [String] = []
        func consider(_ label: String, _ sql: String, _ value: String) throws {
            keys.append(label)
            let ids = Set(try db.fetchValues(sql, [value], as: Int64.self))
            guard !ids.isEmpty else { return }
            let narrowed = candidates.map { $0.intersection(ids) } ?? ids
            if narrowed.isEmpty {
                throw IntakeProblem(reason: "\(label) belongs to a different customer than \(keys.dropLast().joined(separator: " and "))")
            }
            candidates = narrowed
        }
        if let wallet = contact.walletId {
            // Stored upper case (v8-perf-indexes): an exact match seeks the unique index,
            // where COLLATE NOCASE compared all customers inside the write transaction.
            try consider("wallet_id \(MaskedWalletId(wallet))", SupportStore.walletLookup, WalletId.normalize(wallet))
        }
        if let phone = contact.phone {
            try consider("phone \(MaskedPhone(phone))", "SELECT id FROM customers WHERE phone = ?", phone)
        }
        if let email = contact.email {
            try consider("email \(MaskedEmail(email))", "SELECT id FROM customers WHERE email = ?", email)
        }
        guard let found = candidates else {
            throw IntakeProblem(reason: "unknown customer (\(keys.joined(separator: ", ")))")
        }
        guard found.count == 1, let id = found.first else {
            throw IntakeProblem(reason: "\(keys.joined(separator: ", ")) matches \(found.count) customers; add wallet_id to tell them apart")
        }
        return id
    }

    // MARK: threading

    /// The contact with its category decided, and the timeline's word on how: the rule
    /// that matched, or that none did. A contact that names its category needs no note.
    static func triage(_ db: any SQLSession, _ contact: IncomingContact) throws -> (contact: IncomingContact, note: String?) {
        guard contact.category == nil else { return (contact, nil) }
        var decided = contact
        if let rule = try matchingRule(db, subject: contact.subject, body: contact.body) {
            decided.category = rule.category
            decided.subcategory = rule.subcategory
            return (decided, "rule #\(rule.id) \"\(rule.keyword)\" (\(rule.language.rawValue)) → \(rule.category.rawValue)/\(rule.subcategory)")
        }
        return (decided, "no keyword rule matched: untriaged")
    }

    private func threadTarget(_ db: any SQLSession, customerId: Int64, contact: IncomingContact,
                              autoCloseDays: Int) throws -> Ticket? {
        // Untriaged mail joins the customer's open untriaged ticket, if any: two messages
        // no rule understood are most likely about one thing.
        guard let category = contact.category else {
            guard let number = try db.fetchValue("""
                SELECT number FROM tickets WHERE customer_id = ? AND untriaged = 1 AND merged_into IS NULL
                  AND status IN ('new','open','pending','on_hold') ORDER BY updated_at DESC, id DESC LIMIT 1
                """, [customerId], as: Int64.self) else { return nil }
            return try Self.loadTicket(db, number: number)
        }
        var sql = """
            SELECT number FROM tickets
            WHERE customer_id = ? AND category = ? AND untriaged = 0 AND merged_into IS NULL
              AND (status IN ('new','open','pending','on_hold') OR (status = 'solved' AND solved_at >= ?))
            """
        var arguments: SQLArguments = [customerId, category.rawValue,
                                                     now - Int64(max(0, autoCloseDays)) * 86_400]
        if category == .complaint {
            sql += " AND subcategory = ?"
            arguments.append(contact.subcategory ?? Category.complaint.subcategories[0])
        }
        // Tickets still being worked come before solved ones; then the most recent.
        sql += " ORDER BY CASE WHEN status = 'solved' THEN 1 ELSE 0 END, updated_at DESC, id DESC LIMIT 1"
        guard let number = try db.fetchValue(sql, arguments, as: Int64.self) else { return nil }
        return try Self.loadTicket(db, number: number)
    }

    /// The contact as a customer message on an existing ticket, as `customerMessage` records
    /// one (inside this transaction, so the intake row commits with it).
    private func thread(_ db: any SQLSession, _ contact: IncomingContact, into ticket: Ticket, channel: Channel,
                        actor: Agent, rules: SLARules, search: IntakeSearchRows) throws {
        let when = contact.at.epoch
        try Self.appendEvent(db, ticketId: ticket.id, kind: .customerMessage, author: "customer", body: contact.body, at: when,
                             search: search)
        let next = TicketLifecycle.statusAfterCustomerMessage(ticket.status)
        if next != ticket.status { try moveStatus(db, ticket, to: next, author: "customer") }
        // An old contact imported late must not make the ticket look less recently active.
        try db.run("""
            UPDATE tickets SET version = version + 1, updated_at = CASE WHEN updated_at > ? THEN updated_at ELSE ? END,
                   updated_by = 'customer' WHERE id = ?
            """, [when, when, ticket.id])
        try refreshDeadline(db, ticketId: ticket.id, rules: rules)
        try appendAudit(db, AuditAppend(at: now, actor: actor.login, action: "intake.thread", entity: "ticket",
                                        entityId: String(ticket.number), before: "status=\(ticket.status.rawValue)",
                                        after: "status=\(next.rawValue) channel=\(channel.rawValue) source=\(contact.sourceId)"))
    }

    /// A new ticket for the contact, as `createTicket` opens one, with its SLA clocks
    /// starting at the contact's time and the contact's channel.
    private func openTicket(_ db: any SQLSession, _ contact: IncomingContact, customerId: Int64, channel: Channel,
                            actor: Agent, rules: SLARules, search: IntakeSearchRows) throws -> Ticket {
        let at = contact.at.epoch
        let category = contact.category ?? SupportStore.untriagedPlaceholder.category
        let subcategory = contact.category == nil ? SupportStore.untriagedPlaceholder.subcategory
            : contact.subcategory ?? category.subcategories[0]
        // Numbered as `createTicket` numbers: in turn on PostgreSQL.
        if db.dialect == .postgresql {
            _ = try db.fetchRows("SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(?)) AS l", [Self.ticketNumberLock])
        }
        let number = (try db.fetchValue("SELECT MAX(number) FROM tickets", as: Int64.self) ?? 1000) + 1
        // Inserted with its deadline (what `refreshDeadline` would store for it), so the
        // deadline indexes get the row once.
        let deadline = newTicketDeadline(createdAt: Date(epoch: at), priority: contact.priority, category: category, rules: rules)
        let id = try db.insert("""
            INSERT INTO tickets (number, customer_id, subject, category, subcategory, channel, priority, status,
                                 assignee_id, created_at, updated_at, updated_by, sla_due_at, sla_warn_at, version, untriaged)
            VALUES (?, ?, ?, ?, ?, ?, ?, 'new', NULL, ?, ?, 'intake', ?, ?, 1, ?)
            """, [number, customerId, contact.subject, category.rawValue, subcategory, channel.rawValue,
                  contact.priority.rawValue, at, at, deadline.due, deadline.warn, contact.category == nil])
        try Self.appendEvent(db, ticketId: id, kind: .customerMessage, author: "customer", body: contact.body, at: at,
                             search: search)
        try Self.learnCustomerLanguage(db, customerId: customerId, from: [contact.body, contact.subject])
        search.add(contact.subject, ticketId: id)
        if subcategory == "suggestion" {
            try db.run("INSERT INTO ticket_tags (ticket_id, tag) VALUES (?, ?) ON CONFLICT DO NOTHING",
                       [id, SupportStore.productFeedbackTag])
        }
        try appendAudit(db, AuditAppend(at: now, actor: actor.login, action: "intake.create", entity: "ticket",
                                        entityId: String(number),
                                        after: "status=new priority=\(contact.priority.rawValue) category=\(contact.category?.rawValue ?? "untriaged") channel=\(channel.rawValue) source=\(contact.sourceId)"))
        return try Self.loadTicket(db, number: number)
    }
}
