import Logging
import PostgresNIO
import SupportStore

/// The hash-chained audit log in PostgreSQL. Several service instances append to one
/// chain, so an append first locks the chain's head row (`pd_audit_head … FOR UPDATE`)
/// inside the writing transaction: the next writer waits there until this transaction
/// commits or rolls back, then reads the head this one left. Ids and links come from the
/// head, never from a sequence, so the chain has no gaps and no forks.
enum PostgresAuditLog {
    struct Entry: Sendable {
        var at: Int64
        var actor: String
        var action: String
        var entity: String
        var entityId: String
        var before: String?
        var after: String?
        var reason: String?
    }

    /// Appends one record in the caller's transaction; returns its id.
    static func append(_ entry: Entry, on connection: PostgresConnection, hasher: AuditChainHasher,
                       logger: Logger) async throws -> Int64 {
        let head = try await connection.query(
            "SELECT last_id, last_hash FROM pd_audit_head WHERE id = 1 FOR UPDATE", logger: logger)
        var last: (Int64, String)?
        for try await row in head.decode((Int64, String).self) { last = row }
        guard let (lastId, prev) = last else {
            throw PostgresStoreError("The audit chain's head row is missing; the PostgreSQL schema is incomplete.")
        }
        let id = lastId + 1
        let hash = hasher.hash(prev: prev, id: id, at: entry.at, actor: entry.actor, action: entry.action,
                               entity: entry.entity, entityId: entry.entityId, before: entry.before,
                               after: entry.after, reason: entry.reason)
        try await connection.query("""
            INSERT INTO audit_log (id, at, actor, action, entity, entity_id, before, after, reason, prev_hash, hash)
            VALUES (\(id), \(entry.at), \(entry.actor), \(entry.action), \(entry.entity), \(entry.entityId),
                    \(entry.before), \(entry.after), \(entry.reason), \(prev), \(hash))
            """, logger: logger)
        try await connection.query(
            "UPDATE pd_audit_head SET last_id = \(id), last_hash = \(hash) WHERE id = 1", logger: logger)
        return id
    }

    /// Walks the whole log oldest first with the chain's shared walk; the first break wins.
    static func walk(_ pool: PostgresPool, hasher: AuditChainHasher) async throws -> AuditVerification {
        try await pool.withConnection { connection in
            var walk = AuditChainWalk(hasher: hasher)
            let rows = try await connection.query("""
                SELECT id, at, actor, action, entity, entity_id, before, after, reason, prev_hash, hash
                FROM audit_log ORDER BY id
                """, logger: pool.logger)
            typealias Columns = (Int64, Int64, String, String, String, String, String?, String?, String?, String, String)
            for try await c in rows.decode(Columns.self) {
                let row = AuditChainRow(id: c.0, at: c.1, actor: c.2, action: c.3, entity: c.4, entityId: c.5,
                                        before: c.6, after: c.7, reason: c.8, prevHash: c.9, hash: c.10)
                if let broken = walk.check(row) { return broken }
            }
            return .ok(records: walk.count)
        }
    }
}
