import Foundation
import GRDB
import SupportCore

// `audit verify`: the chain is walked with the key (records before the key by their
// plain hash), held against the signed checkpoints outside the database — it must pass
// through every head they signed and reach as far as the newest.
// The walk alone cannot see records cut off the end, nor a log re-hashed from scratch by
// someone without the key once the checkpoint says how far it reached and what its head was.
extension SupportStore {
    /// Walks the whole chain and checks it against the checkpoints; the first problem wins.
    public func auditReport() throws -> AuditReport {
        let checkpoints = try AuditCheckpoints.load(path: auditFiles.checkpointPath, key: auditKey)
        return try read { db in
            let keyedFrom = try AuditChain.keyedFrom(db)
            return try checkpoints.report(keyedFrom: keyedFrom, path: auditFiles.checkpointPath) {
                var found = AuditChainFindings()
                var chain = AuditChainWalk(hasher: AuditChainHasher(key: auditKey, keyedFrom: keyedFrom))
                let cursor = try Row.fetchCursor(db, sql: "SELECT * FROM audit_log ORDER BY id")
                while found.broken == nil, let row = try cursor.next() {
                    found.check(&chain, Self.chainRow(row), against: checkpoints)
                }
                return found
            }
        }
    }

    /// One `audit_log` row as the chain's walk reads it (on either store).
    public static func chainRow(_ row: Row) -> AuditChainRow {
        AuditChainRow(id: row["id"], at: row["at"], actor: row["actor"], action: row["action"], entity: row["entity"],
                      entityId: row["entity_id"], before: row["before"], after: row["after"], reason: row["reason"],
                      prevHash: row["prev_hash"], hash: row["hash"])
    }

    /// The chain's hashing with this database's key and keyed start, for a store that
    /// receives this database's records (`paydesk migrate`).
    public func auditChainHasher() throws -> AuditChainHasher {
        AuditChainHasher(key: auditKey, keyedFrom: try read { try AuditChain.keyedFrom($0) })
    }

    /// The log against the newest checkpoint: as long, the same head, the same keyed start.
    static func against(_ latest: AuditCheckpoint?, count: Int, headAt: String?, keyedFrom: Int64?,
                        path: String) -> AuditVerification {
        guard let latest else {
            guard count == 0 || keyedFrom == nil || Int64(count) < keyedFrom! else {
                return .broken(recordId: Int64(count), problem: "there is no signed checkpoint in \(path), so records removed from the end could not be seen; restore the checkpoint file (or point PAYDESK_AUDIT_CHECKPOINTS at it)")
            }
            return .ok(records: count)
        }
        if keyedFrom != latest.keyedFrom {
            return .broken(recordId: latest.keyedFrom, problem: "the checkpoints say the chain is keyed from record \(latest.keyedFrom), the database says \(keyedFrom.map(String.init) ?? "never"): the audit key record was changed")
        }
        if Int64(count) < latest.records {
            return .broken(recordId: Int64(count) + 1, problem: "the log ends at record \(count), but the checkpoint of \(TimeText.clock(Date(epoch: latest.at))) saw \(latest.records): records were removed from the end")
        }
        if latest.records > 0, headAt != latest.head {
            return .broken(recordId: latest.records, problem: "it is not the record the checkpoint of \(TimeText.clock(Date(epoch: latest.at))) signed: the log was rewritten")
        }
        return .ok(records: count)
    }
}
