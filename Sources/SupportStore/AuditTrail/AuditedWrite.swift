import Foundation
import GRDB
import SupportCore

/// What an audited write changed, as its audit record tells it. The service returns it;
/// `auditedWrite` appends the record, so the action, entity and id are stated once.
struct AuditedChange<Result> {
    var result: Result
    var before: String?
    var after: String?
    var reason: String?
    /// The entity and id as the write found them, where they differ from those asked for
    /// (a transaction reference as stored, not as typed; the customer a dispute is about).
    var entity: String?
    var entityId: String?
    /// The time the write acted at, where it read the clock once for several rows.
    var at: Int64?

    init(_ result: Result, before: String? = nil, after: String? = nil, reason: String? = nil,
         entity: String? = nil, entityId: String? = nil, at: Int64? = nil) {
        self.result = result; self.before = before; self.after = after; self.reason = reason
        self.entity = entity; self.entityId = entityId; self.at = at
    }
}

extension AuditedChange where Result == Void {
    init(before: String? = nil, after: String? = nil, reason: String? = nil) {
        self.init((), before: before, after: after, reason: reason)
    }
}

// GRDB's AppDatabase: one write, one invariant. Every change of state commits with its
// audit record, and a refusal is audited in its own transaction.
extension SupportStore {
    /// One audited write by an agent: the agent is re-checked, `body` changes rows and says
    /// what changed, and the record (actor, action, entity, id, before, after, reason) is
    /// appended in the same transaction. A `.forbidden` refusal is audited as
    /// `refused:ACTION` on the same entity and id.
    func auditedWrite<T>(by actor: Agent, _ action: String, entity: String, id: String,
                         _ body: (Database) throws -> AuditedChange<T>) throws -> T {
        try audited(by: actor, action: action, entity: entity, entityId: id) { db in
            try appendAudit(db, actor: actor.login, action, entity: entity, id: id, try body(db))
        }
    }

    /// The same for an actor named by login only (no agent snapshot to re-check).
    func auditedWrite<T>(actor login: String, _ action: String, entity: String, id: String,
                         _ body: (Database) throws -> AuditedChange<T>) throws -> T {
        try audited(actor: login, action: action, entity: entity, entityId: id) { db in
            try appendAudit(db, actor: login, action, entity: entity, id: id, try body(db))
        }
    }

    private func appendAudit<T>(_ db: Database, actor: String, _ action: String, entity: String, id: String,
                                _ change: AuditedChange<T>) throws -> T {
        try AuditChain.append(db, at: change.at ?? now, actor: actor, action: action, entity: change.entity ?? entity,
                              entityId: change.entityId ?? id, before: change.before, after: change.after,
                              reason: change.reason)
        return change.result
    }
}
