import Foundation
import GRDB
import SupportCore

// SQLite as a `StoreEngine`: the sessions are GRDB's `Database`, transactions are the
// store's IMMEDIATE writes with their busy retries, and the audit chain is SQLite's own
// (keyed by the SQL function the store's connections register).
extension SupportStore: StoreEngine {
    public var engineName: String { "SQLite" }

    public func reading<T>(_ body: (any SQLSession) throws -> T) throws -> T {
        try read { db in try body(db) }
    }

    public func writing<T>(_ body: (any SQLSession) throws -> T) throws -> T {
        try write { db in try body(db) }
    }

    /// Any connection's commit, this process's or another's, moves SQLite's data version.
    public func changeVersion() throws -> Int64 {
        try dataVersion.version(path: path)
    }

    public func appendAudit(_ session: any SQLSession, _ record: AuditAppend) throws {
        try AuditChain.append(session.grdb, at: record.at, actor: record.actor, action: record.action, entity: record.entity,
                              entityId: record.entityId, before: record.before, after: record.after, reason: record.reason)
    }
}
