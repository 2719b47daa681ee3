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
    /// `audit verify` on PostgreSQL: the chain walked with the key in one snapshot, then
    /// held against the newest signed checkpoint in this instance's checkpoint file, as
    /// SQLite's is: a tail cut off, or rewritten and re-hashed inside the database, no
    /// longer matches what the checkpoint signed.
    public func auditReport() throws -> AuditReport {
        let hasher = store.hasher
        let loaded = try checkpoints.load()
        return try reading { session in
            try loaded.report(keyedFrom: hasher.keyedFrom, path: checkpoints.path) {
                var found = AuditChainFindings()
                var walk = AuditChainWalk(hasher: hasher)
                _ = try session.fetchDecoded("""
                    SELECT id, at, actor, action, entity, entity_id, before, after, reason, prev_hash, hash
                    FROM audit_log ORDER BY id
                    """, []) { row in
                    found.check(&walk, SupportStore.chainRow(row), against: loaded)
                }
                return found
            }
        }
    }

    /// On opening: a chain keyed from its first record just now starts a new log in the
    /// checkpoint file; a chain this file has no checkpoint of yet (a database migrated
    /// from SQLite, a new checkpoint file) is checkpointed as this instance finds it, as
    /// the first commit would. A file whose lines another key signed is left as it is, and
    /// `audit verify` reports it.
    func adoptCheckpoints() throws {
        if store.keyedNewLog {
            try checkpoints.startsNewLog(keyedFrom: 1, at: now)
            return
        }
        let loaded = try checkpoints.load()
        guard loaded.problem == nil, loaded.records == nil else { return }
        guard let head = try reading({ try $0.fetchRow("SELECT last_id, last_hash FROM pd_audit_head WHERE id = 1") }) else { return }
        checkpoints.committed(records: head["last_id"], head: head["last_hash"], keyedFrom: store.hasher.keyedFrom, at: now)
    }
}
