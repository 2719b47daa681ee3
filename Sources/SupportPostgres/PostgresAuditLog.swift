import GRDB
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

extension PostgresEngine {
    /// `audit verify` on PostgreSQL: the chain walked with the key in one snapshot. There
    /// are no signed checkpoints outside the database for this chain yet, so the report
    /// says that records cut off its end would not show.
    public func auditReport() throws -> AuditReport {
        let hasher = store.hasher
        let walk = try reading { session in
            var walk = AuditChainWalk(hasher: hasher)
            var broken: AuditVerification?
            _ = try session.fetchDecoded("""
                SELECT id, at, actor, action, entity, entity_id, before, after, reason, prev_hash, hash
                FROM audit_log ORDER BY id
                """, []) { row in
                if broken == nil { broken = walk.check(SupportStore.chainRow(row)) }
            }
            return (walk, broken)
        }
        var notes: [String] = []
        if walk.0.unkeyed > 0 {
            notes.append("Records 1–\(walk.0.unkeyed) were written before this database had an audit key; they are checked by their plain SHA-256 links, which anyone could recompute.")
        }
        notes.append("PostgreSQL keeps no signed checkpoints outside the database yet: the chain is vouched for by the audit key alone, so records removed from its end would not show.")
        return AuditReport(verification: walk.1 ?? .ok(records: walk.0.count), records: walk.0.count,
                           unkeyedRecords: walk.0.unkeyed, checkpointRecords: nil, checkpointAt: nil, notes: notes)
    }
}
