import Logging
import PostgresNIO
import SupportStore

/// The hash-chained audit log in PostgreSQL: appended by `PostgresEngine.appendAudit`
/// (several instances, one chain, serialised on the head row), walked here.
enum PostgresAuditLog {
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
