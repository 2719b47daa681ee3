import Foundation
import GRDB
import SupportCore

/// One change applied to many tickets at once (Zammad bulk-edits owner, state and
/// priority only; its users ask for bulk notes, tags and replies — macros carry replies).
public enum BulkChange: Sendable, Equatable, Hashable, Codable {
    /// Give to an agent; nil puts the tickets back in the unassigned queue.
    case assign(String?)
    case status(TicketStatus)
    case priority(Priority)
    case tag(add: [String], remove: [String])
    case macro(String)
    case note(String)

    /// The audit action, the same one the single-ticket service writes.
    var auditAction: String {
        switch self {
        case .assign(let login): login == nil ? "ticket.release" : "ticket.give"
        case .status: "ticket.status"
        case .priority: "ticket.priority"
        case .tag: "ticket.tag"
        case .macro: "ticket.macro"
        case .note: "ticket.note"
        }
    }

    /// "status → solved", for summaries and confirmations.
    public var summary: String {
        switch self {
        case .assign(let login): login.map { "assign to \($0)" } ?? "release to the unassigned queue"
        case .status(let s): "status → \(s.rawValue)"
        case .priority(let p): "priority → \(p.rawValue)"
        case .tag(let add, let remove): "tags " + (add.map { "+" + $0 } + remove.map { "-" + $0 }).joined(separator: " ")
        case .macro(let key): "macro \(key)"
        case .note: "internal note"
        }
    }
}

/// A ticket to change and the version the supervisor saw (nil: whatever it is now).
public struct BulkTarget: Sendable, Hashable, Codable {
    public var number: Int64
    public var version: Int64?
    public init(number: Int64, version: Int64? = nil) { self.number = number; self.version = version }
}

/// What a bulk action did: each ticket either changed or was refused with the reason.
public struct BulkOutcome: Sendable, Equatable, Codable {
    public struct Applied: Sendable, Equatable, Codable {
        public var number: Int64
        public var before: String?
        public var after: String?
        public var version: Int64
    }

    public struct Refused: Sendable, Equatable, Codable {
        public var number: Int64
        /// `conflict` (stale version, invalid transition…), `forbidden`, `not_found` or `invalid`.
        public var kind: String
        public var reason: String
    }

    public var change: String
    public var applied: [Applied]
    public var refused: [Refused]

    /// "3 changed, 1 refused (#1002 was changed by budi at … since you loaded it)."
    public var summary: String {
        var text = "\(change): \(applied.count) changed"
        if !refused.isEmpty {
            let reasons = refused.prefix(3).map { $0.reason.hasSuffix(".") ? String($0.reason.dropLast()) : $0.reason }
            text += ", \(refused.count) refused (" + reasons.joined(separator: "; ")
                + (refused.count > 3 ? "; …" : "") + ")"
        }
        return text + "."
    }
}

// On either store. Each ticket's row is locked as it is read (`lockingRows`): two bulk
// actions over the same tickets through two instances take turns ticket by ticket, and
// the second judges each ticket as the first left it ("already solved") rather than
// failing on the version it read before the first committed.
extension StoreEngine {
    /// Applies one change to many tickets in one transaction. Each ticket is compare-and-set
    /// on the version given and checked by the same rules as a single change; a ticket that
    /// fails is rolled back alone (a savepoint) and reported, the rest commit together.
    /// Every ticket gets exactly one audit record: the change, or `refused:` with the reason.
    public func bulk(_ change: BulkChange, tickets: [BulkTarget], by actor: Agent,
                     locale: ContentLanguage = .en) throws -> BulkOutcome {
        var seen = Set<Int64>()
        let targets = tickets.filter { seen.insert($0.number).inserted }
        guard !targets.isEmpty else { throw StoreError.invalid("Select at least one ticket for a bulk action.") }
        guard targets.count <= 5_000 else { throw StoreError.invalid("A bulk action takes at most 5,000 tickets; narrow the selection.") }
        let prepared = try SupportStore.prepare(change)
        let entityId = targets.prefix(20).map { String($0.number) }.joined(separator: ",") + (targets.count > 20 ? ",…" : "")
        return try auditing(by: actor, action: "ticket.bulk", entity: "ticket", entityId: entityId) { db in
            guard actor.active, actor.role.can(.bulkActions) else {
                throw StoreError.forbidden("\(actor.login) (\(actor.role.rawValue)) may not run bulk actions; a supervisor can.")
            }
            let reason = "bulk action on \(targets.count) ticket\(targets.count == 1 ? "" : "s")"
            var outcome = BulkOutcome(change: change.summary, applied: [], refused: [])
            for target in targets {
                var result: (before: String?, after: String?, version: Int64)?
                do {
                    result = try db.inSavepoint {
                        try self.bulkOne(db, prepared, target, action: change.auditAction, actor: actor,
                                         locale: locale, reason: reason)
                    }
                } catch let error as StoreError {
                    outcome.refused.append(.init(number: target.number, kind: SupportStore.kindName(error.kind), reason: error.message))
                    try appendAudit(db, AuditAppend(at: now, actor: actor.login, action: "refused:" + change.auditAction,
                                                    entity: "ticket", entityId: String(target.number), reason: error.message))
                    continue
                }
                if let result {
                    outcome.applied.append(.init(number: target.number, before: result.before, after: result.after, version: result.version))
                }
            }
            return outcome
        }
    }

}

extension SupportStore {
    /// A change checked once, before any ticket is touched: an unknown macro or empty note
    /// refuses the whole action rather than every ticket in it.
    enum PreparedBulk {
        case assign(String?), status(TicketStatus), priority(Priority), tag([String], [String]), macro(Macro), note(String)
    }

    static func prepare(_ change: BulkChange) throws -> PreparedBulk {
        switch change {
        case .assign(let login): return .assign(login)   // the agent is looked up inside the transaction
        case .status(let s): return .status(s)
        case .priority(let p): return .priority(p)
        case .tag(let add, let remove):
            let a = add.map(normalizeTag).filter { !$0.isEmpty }, r = remove.map(normalizeTag).filter { !$0.isEmpty }
            guard !a.isEmpty || !r.isEmpty else { throw StoreError.invalid("Name at least one tag to add or remove.") }
            return .tag(a, r)
        case .macro(let key):
            guard let macro = Macro.named(key, locale: .en) else {
                throw StoreError.notFound("Macro '\(key)' (known: \(Set(Macro.builtIn.map(\.key)).sorted().joined(separator: ", ")))")
            }
            return .macro(macro)
        case .note(let text): return .note(try requireText(text, what: "A note"))
        }
    }

    static func kindName(_ kind: StoreError.Kind) -> String {
        switch kind {
        case .invalid: "invalid"
        case .notFound: "not_found"
        case .forbidden: "forbidden"
        case .conflict: "conflict"
        case .busy: "busy"
        case .unsupported: "unsupported"
        case .other: "other"
        }
    }

}

extension StoreEngine {
    /// One ticket of a bulk action, inside the caller's savepoint: the same checks and
    /// timeline entries as the single-ticket services, then the version compare-and-set.
    private func bulkOne(_ db: any SQLSession, _ change: SupportStore.PreparedBulk, _ target: BulkTarget, action: String, actor: Agent,
                         locale: ContentLanguage, reason: String) throws -> (before: String?, after: String?, version: Int64) {
        try Self.lockTickets(db, numbers: [target.number])
        let ticket = try Self.loadTicket(db, number: target.number)
        let n = TicketNumber.format(ticket.number)
        if let version = target.version, version != ticket.version { throw Self.staleError(ticket) }
        var before: String?, after: String?
        switch change {
        case .assign(let who):
            guard ticket.status != .closed else { throw StoreError.conflict("\(n) is closed; closed work is not reassigned.") }
            let owner = try ticket.assigneeId.map { try Self.login(db, agentId: $0) }
            if let who {
                guard let agent = try db.fetchRow("SELECT * FROM agents WHERE login = ?", [who]).map(Agent.init(row:)) else {
                    throw StoreError.notFound("Agent '\(who)'")
                }
                guard agent.active else { throw StoreError.conflict("Agent '\(agent.login)' is disabled.") }
                guard ticket.assigneeId != agent.id else { throw StoreError.conflict("\(n) is already \(agent.login)'s.") }
                try db.run("UPDATE tickets SET assignee_id = ? WHERE id = ?", [agent.id, ticket.id])
                if ticket.status == .new { try moveStatus(db, ticket, to: .open) }
                try Self.appendEvent(db, ticketId: ticket.id, kind: .assignment, author: actor.login,
                                     body: "given to \(agent.login)" + (owner.map { " (was \($0))" } ?? "") + " in a bulk action", at: now)
                (before, after) = ("assignee=\(owner ?? "")", "assignee=\(agent.login)")
            } else {
                guard let owner else { throw StoreError.conflict("\(n) is not assigned to anyone.") }
                try db.run("UPDATE tickets SET assignee_id = NULL WHERE id = ?", [ticket.id])
                try Self.appendEvent(db, ticketId: ticket.id, kind: .assignment, author: actor.login,
                                     body: "released by \(actor.login) (was \(owner)) in a bulk action", at: now)
                (before, after) = ("assignee=\(owner)", "assignee=")
            }
        case .status(let status):
            try Self.requireWorkable(ticket, by: actor, db: db)
            do { try TicketLifecycle.check(from: ticket.status, to: status) } catch {
                throw StoreError.conflict("\(n): \(error)")
            }
            try moveStatus(db, ticket, to: status, author: actor.login)
            (before, after) = ("status=\(ticket.status.rawValue)", "status=\(status.rawValue)")
        case .priority(let priority):
            try Self.requireWorkable(ticket, by: actor, db: db)
            guard priority != ticket.priority else { throw StoreError.conflict("\(n) already has priority \(priority.rawValue).") }
            try db.run("UPDATE tickets SET priority = ? WHERE id = ?", [priority.rawValue, ticket.id])
            try Self.appendEvent(db, ticketId: ticket.id, kind: .priorityChange, author: actor.login,
                                 body: "\(ticket.priority.rawValue) → \(priority.rawValue)", at: now)
            (before, after) = ("priority=\(ticket.priority.rawValue)", "priority=\(priority.rawValue)")
        case .tag(let add, let remove):
            let current = Set(ticket.tags)
            let next = current.union(add).subtracting(remove)
            // Reporting "changed" for a ticket that already had the tags would hide what happened.
            guard next != current else { throw StoreError.conflict("\(n) already has those tags; nothing to change.") }
            for tag in add { try db.run("INSERT INTO ticket_tags (ticket_id, tag) VALUES (?, ?) ON CONFLICT DO NOTHING", [ticket.id, tag]) }
            for tag in remove { try db.run("DELETE FROM ticket_tags WHERE ticket_id = ? AND tag = ?", [ticket.id, tag]) }
            try Self.appendEvent(db, ticketId: ticket.id, kind: .tag, author: actor.login,
                                 body: (add.map { "+" + $0 } + remove.map { "-" + $0 }).joined(separator: " "), at: now)
            (before, after) = ("tags=\(ticket.tags.joined(separator: ","))", "tags=\(next.sorted().joined(separator: ","))")
        case .macro(let base):
            try Self.requireWorkable(ticket, by: actor, db: db)
            let macro = Macro.named(base.key, locale: locale) ?? base
            try applyMacroBody(db, macro, ticket, actor: actor)
            after = "macro=\(macro.key)"
        case .note(let text):
            try Self.appendEvent(db, ticketId: ticket.id, kind: .note, author: actor.login, body: text, at: now)
            after = "note \(text.count) chars"
        }
        let changed = try db.run("UPDATE tickets SET version = version + 1, updated_at = ?, updated_by = ? WHERE id = ? AND version = ?",
                                 [now, actor.login, ticket.id, ticket.version])
        guard changed == 1 else { throw Self.staleError(try Self.loadTicket(db, number: ticket.number)) }
        try refreshDeadline(db, ticketId: ticket.id)
        try appendAudit(db, AuditAppend(at: now, actor: actor.login, action: action, entity: "ticket",
                                        entityId: String(ticket.number), before: before, after: after, reason: reason))
        return (before, after, ticket.version + 1)
    }

    /// What `applyMacro` does to one ticket, for use inside a bulk transaction.
    private func applyMacroBody(_ db: any SQLSession, _ macro: Macro, _ ticket: Ticket, actor: Agent) throws {
        let rendering = macro.rendering(values: try Self.macroValues(db, ticket, actor: actor))
        let target = try Self.macroTarget(macro, rendering, from: ticket.status,
                                          refusal: "\(TicketNumber.format(ticket.number)): macro '\(macro.key)'")
        try writeMacro(db, macro, on: ticket, reply: rendering.text, target: target,
                       event: "applied macro \(macro.key) (\(macro.locale.rawValue)) in a bulk action", actor: actor)
    }
}
