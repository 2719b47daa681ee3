import Foundation
import GRDB
import SupportCore

// Reading tickets, their timelines and agents, and the checks every ticket change makes:
// the same SQL and the same rules on either store.
extension StoreEngine {
    public func ticket(number: Int64) throws -> Ticket {
        try reading { try Self.loadTicket($0, number: number) }
    }

    /// A ticket's timeline in order, whole or a part of it: the entries from `from` on
    /// (an id; what a console already holds, re-read after a change), those before
    /// `before`, and of those at most the newest `limit`. A part is a walk of
    /// `ticket_events_ticket` from its end, so the newest entries of a ticket of ten
    /// thousand cost what those of a ticket of ten do.
    public func timeline(ticketNumber: Int64, from: Int64? = nil, before: Int64? = nil, limit: Int? = nil) throws -> [TicketEvent] {
        try reading { session in
            let ticket = try Self.loadTicket(session, number: ticketNumber)
            var sql = "SELECT * FROM ticket_events WHERE ticket_id = ?"
            var arguments: SQLArguments = [ticket.id]
            if let from { sql += " AND id >= ?"; arguments.append(from) }
            if let before { sql += " AND id < ?"; arguments.append(before) }
            guard let limit else {
                return try session.fetch(TicketEventDecoder.self, sql + " ORDER BY id", arguments)
            }
            let newest = try session.fetch(TicketEventDecoder.self, sql + " ORDER BY id DESC LIMIT ?", arguments + [max(0, limit)])
            return newest.reversed()
        }
    }

    public func customer(id: Int64) throws -> Customer {
        try reading { session in
            guard let row = try session.fetchRow("SELECT * FROM customers WHERE id = ?", [id]) else {
                throw StoreError.notFound("Customer \(id)")
            }
            return Customer(row: row)
        }
    }

    public func links(ticket number: Int64) throws -> [TicketLink] {
        try reading { session in
            let ticket = try Self.loadTicket(session, number: number)
            return try session.fetchRows("""
                SELECT f.number AS f, t.number AS t, l.kind FROM ticket_links l
                JOIN tickets f ON f.id = l.from_ticket JOIN tickets t ON t.id = l.to_ticket
                WHERE l.from_ticket = ? OR l.to_ticket = ? ORDER BY l.at
                """, [ticket.id, ticket.id]).map {
                TicketLink(from: $0["f"], to: $0["t"], kind: TicketLinkKind(rawValue: $0["kind"]) ?? .relatesTo)
            }
        }
    }

    public func agents(includeDisabled: Bool = true) throws -> [Agent] {
        try reading { db in
            try db.fetchRows("SELECT * FROM agents \(includeDisabled ? "" : "WHERE active = 1") ORDER BY login")
                .map(Agent.init(row:))
        }
    }

    public func auditRecords(entity: String? = nil, entityId: String? = nil, limit: Int = 100) throws -> [AuditRecord] {
        try reading { db in
            var sql = "SELECT * FROM audit_log"
            var args: [DatabaseValueConvertible?] = []
            if let entity {
                sql += " WHERE entity = ?"
                args.append(entity)
                if let entityId { sql += " AND entity_id = ?"; args.append(entityId) }
            }
            sql += " ORDER BY id DESC LIMIT ?"
            args.append(limit)
            return try db.fetchRows(sql, args).map { row in
                AuditRecord(id: row["id"], at: Date(epoch: row["at"]), actor: row["actor"], action: row["action"],
                            entity: row["entity"], entityId: row["entity_id"], before: row["before"],
                            after: row["after"], reason: row["reason"])
            }
        }
    }

    public func agent(login: String) throws -> Agent? {
        try reading { try $0.fetchRow("SELECT * FROM agents WHERE login = ?", [login]).map(Agent.init(row:)) }
    }

    public func agent(id: Int64) throws -> Agent? {
        try reading { try $0.fetchRow("SELECT * FROM agents WHERE id = ?", [id]).map(Agent.init(row:)) }
    }

    /// Who is acting for a caller the kernel identified (the OS user running this process,
    /// or the peer of the service's socket). `asLogin` is honoured on a demo database only.
    /// Re-read on every request, so a disabled or demoted agent is refused at once.
    public func resolveActor(caller: String, asLogin: String?) throws -> Agent {
        let login = asLogin ?? caller
        // The demo flag (asked only for `--as`) and the agent in one read: every request
        // resolves its actor, and a read transaction each for the two cost a key that
        // redraws the queue about 5% of its CPU.
        let (demo, found) = try reading { session in
            (try asLogin.map { _ in try Self.isDemo(session) } ?? false,
             try session.fetchRow("SELECT * FROM agents WHERE login = ?", [login]).map(Agent.init(row:)))
        }
        if let asLogin {
            guard demo else {
                try? recordRefusal(actor: caller, action: "identity.as", entity: "agent",
                                   entityId: asLogin, reason: "--as used on a non-demo database")
                throw StoreError.forbidden("--as is accepted only on a demo database; this one is not.")
            }
        }
        // Failed identification is audited like any refused access (PCI DSS 10.2.1.4).
        guard let agent = found else {
            let message = "'\(login)' is not a paydesk agent; an admin can add it with `paydesk agent add \(login)`."
            try? recordRefusal(actor: caller, action: "identity.unknown", entity: "agent", entityId: login, reason: message)
            throw StoreError.forbidden(message)
        }
        guard agent.active else {
            try? recordRefusal(actor: caller, action: "identity.disabled", entity: "agent", entityId: login,
                               reason: "the agent is disabled")
            throw StoreError.forbidden("Agent '\(login)' is disabled.")
        }
        return agent
    }

    // MARK: helpers inside a transaction

    /// The ticket and its tags in one statement: every change of a ticket reads it twice
    /// (before and after), and on PostgreSQL the tags' own statement was a round trip each.
    static func loadTicket(_ session: any SQLSession, number: Int64) throws -> Ticket {
        guard let (found, tagList) = try session.fetchOne(TicketWithTagsDecoder.self, ticketWithTags(session.dialect), [number]) else {
            throw StoreError.notFound("Ticket \(TicketNumber.format(number))")
        }
        return try withTags(found, tagList, session)
    }

    /// The ticket with the tags `tag_list` holds. No tags: `[]` from SQLite, NULL from
    /// PostgreSQL. An array that does not decode (it cannot, short of a fault) is not taken
    /// for no tags: they are read alone.
    static func withTags(_ found: Ticket, _ tagList: String?, _ session: any SQLSession) throws -> Ticket {
        var ticket = found
        guard let tagList else { return ticket }
        if let tags = try? JSONDecoder().decode([String].self, from: Data(tagList.utf8)) {
            ticket.tags = tags
        } else {
            ticket.tags = try session.fetchValues("SELECT tag FROM ticket_tags WHERE ticket_id = ? ORDER BY tag", [ticket.id], as: String.self)
        }
        return ticket
    }

    /// `tag_list` is a JSON array of the tags in each database's `ORDER BY tag` order, as
    /// the tags' own statement read them (`TicketWithTagsDecoder`).
    static func ticketWithTags(_ dialect: SQLDialect) -> String {
        "SELECT t.*, \(tagList(dialect, of: "t")) AS tag_list FROM tickets t WHERE t.number = ?"
    }

    /// A change's compare-and-set on the version, handing back the ticket it leaves (no
    /// row: another change came first). SQLite's RETURNING takes `*` but not `t.*`.
    static func versionBump(_ dialect: SQLDialect) -> String {
        """
        UPDATE tickets SET version = version + 1, updated_at = ?, updated_by = ?
        WHERE id = ? AND version = ? RETURNING *, \(tagList(dialect, of: "tickets")) AS tag_list
        """
    }

    private static func tagList(_ dialect: SQLDialect, of table: String) -> String {
        switch dialect {
        case .sqlite:
            "(SELECT json_group_array(tag) FROM (SELECT g.tag FROM ticket_tags g WHERE g.ticket_id = \(table).id ORDER BY g.tag))"
        case .postgresql:
            "(SELECT json_agg(g.tag ORDER BY g.tag) FROM ticket_tags g WHERE g.ticket_id = \(table).id)::text"
        }
    }

    /// Appends a timeline entry (and makes it searchable when it is text someone wrote);
    /// returns its id. Intake hands `search` to gather the search row for later in the
    /// transaction (`IntakeSearchRows`).
    @discardableResult
    static func appendEvent(_ session: any SQLSession, ticketId: Int64, kind: TicketEventKind, author: String,
                            body: String, at: Int64, search: IntakeSearchRows? = nil) throws -> Int64 {
        let id = try session.insert("INSERT INTO ticket_events (ticket_id, kind, author, body, at) VALUES (?, ?, ?, ?, ?)",
                                    [ticketId, kind.rawValue, author, body, at])
        if kind == .customerMessage || kind == .reply || kind == .note {
            if let search {
                search.add(body, ticketId: ticketId)
            } else {
                try session.run("INSERT INTO ticket_search (body, ticket_id) VALUES (?, ?)", [body, ticketId])
            }
        }
        return id
    }

    static func login(_ session: any SQLSession, agentId: Int64) throws -> String {
        try session.fetchValue("SELECT login FROM agents WHERE id = ?", [agentId], as: String.self) ?? "agent \(agentId)"
    }

    static func normalizeTag(_ tag: String) -> String {
        tag.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: " ", with: "-")
    }

    static func requireText(_ body: String, what: String) throws -> String {
        let text = body.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw StoreError.invalid("\(what) cannot be empty.") }
        guard text.utf8.count <= 64_000 else { throw StoreError.invalid("\(what) is longer than 64,000 bytes.") }
        return text
    }

    static func staleError(_ current: Ticket) -> StoreError {
        let who = current.updatedBy ?? "someone"
        let when = TimeText.clock(current.updatedAt)
        return StoreError.conflict("\(TicketNumber.format(current.number)) was changed by \(who) at \(when) since you loaded it; reload and try again.")
    }

    /// Agents work their own tickets and the unassigned queue; supervisors work all.
    static func requireWorkable(_ ticket: Ticket, by actor: Agent, db session: any SQLSession) throws {
        if actor.role.can(.viewAllQueues) { return }
        if ticket.assigneeId == nil || ticket.assigneeId == actor.id { return }
        let owner = try ticket.assigneeId.flatMap { try session.fetchValue("SELECT login FROM agents WHERE id = ?", [$0], as: String.self) }
            ?? "another agent"
        throw StoreError.forbidden("\(TicketNumber.format(ticket.number)) belongs to \(owner); agents work only their own and unassigned tickets.")
    }

    // MARK: the guarded update every ticket change goes through

    /// Loads the ticket, lets `change` check rules and write, then bumps the version with a
    /// compare-and-set so that a concurrent writer makes this one fail instead of overwrite.
    /// `locking`: tickets whose rows are locked first, in number order, so that a change
    /// that must see the one before it (complaint records, merges) waits for it on
    /// PostgreSQL rather than failing on the version it read.
    func changingTicket<T>(number: Int64, by actor: Agent, locking: [Int64] = [], action: String, expecting version: Int64?,
                           reason: String? = nil,
                           _ change: (any SQLSession, Ticket) throws -> (before: String?, after: String?, result: T)) throws -> T {
        try auditedWriting(by: actor, action, entity: "ticket", id: String(number)) { session in
            try Self.lockTickets(session, numbers: locking)
            let ticket = try Self.loadTicket(session, number: number)
            if let version, version != ticket.version {
                throw Self.staleError(ticket)
            }
            let outcome = try change(session, ticket)
            // The version moves only from the one read above (compare-and-set), and the
            // statement hands back the ticket as it now stands, tags and all: a ticket handed
            // back must carry the version this change produced, and the deadline is computed
            // from it (a change's closure hands back the ticket it was given, not a read of
            // its own). One statement, where the bump and the read were two round trips on
            // PostgreSQL.
            guard let (bumped, tagList) = try session.fetchOne(TicketWithTagsDecoder.self, Self.versionBump(session.dialect),
                                                               [now, actor.login, ticket.id, ticket.version]) else {
                throw Self.staleError(try Self.loadTicket(session, number: number))
            }
            let fresh = try Self.withTags(bumped, tagList, session)
            try self.refreshDeadline(session, fresh)
            var result = outcome.result
            if result is Ticket, let fresh = fresh as? T { result = fresh }
            return AuditedChange(result, before: outcome.before, after: outcome.after, reason: reason)
        }
    }
}
