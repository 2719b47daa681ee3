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
// audit record, and a refusal is audited in its own transaction. The work is the
// engine's (`StoreEngine.auditedWriting`); these hand SQLite's services GRDB's `Database`.
extension SupportStore {
    func auditedWrite<T>(by actor: Agent, _ action: String, entity: String, id: String,
                         _ body: (Database) throws -> AuditedChange<T>) throws -> T {
        try auditedWriting(by: actor, action, entity: entity, id: id) { try body($0.grdb) }
    }

    func auditedWrite<T>(actor login: String, _ action: String, entity: String, id: String,
                         _ body: (Database) throws -> AuditedChange<T>) throws -> T {
        try auditedWriting(actor: login, action, entity: entity, id: id) { try body($0.grdb) }
    }

    func audited<T>(actor: String, action: String, entity: String, entityId: String,
                    _ body: (Database) throws -> T) throws -> T {
        try auditing(actor: actor, action: action, entity: entity, entityId: entityId) { try body($0.grdb) }
    }

    func audited<T>(by actor: Agent, action: String, entity: String, entityId: String,
                    _ body: (Database) throws -> T) throws -> T {
        try auditing(by: actor, action: action, entity: entity, entityId: entityId) { try body($0.grdb) }
    }
}

extension SQLSession {
    /// A SQLite store's sessions are GRDB's `Database`; its own services use GRDB directly.
    var grdb: Database {
        guard let db = self as? Database else { preconditionFailure("a SQLite service was handed a \(dialect) session") }
        return db
    }
}
