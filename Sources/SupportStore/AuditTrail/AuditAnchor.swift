import Foundation
import GRDB
import Synchronization

/// The newest audit record this store has checkpointed, so that commits that added no
/// record (presence, drafts) write no line.
final class CheckpointMark: Sendable {
    let value = Mutex<Int64>(0)

    /// True when `id` is past the mark (and moves the mark there).
    func advance(to id: Int64) -> Bool {
        value.withLock { mark in
            guard id > mark else { return false }
            mark = id
            return true
        }
    }
}

extension SupportStore {
    /// The key for this database: the file's, or a new one when the database has never
    /// been keyed (a new file, or one from before keyed audit). A keyed database whose
    /// key is gone cannot be extended or verified, so it is refused, never re-keyed.
    static func openAuditKey(_ files: AuditFiles, database path: String, exists: Bool) throws -> AuditKey {
        if let key = try AuditKey.load(files.keyPath) { return key }
        if exists, try databaseIsKeyed(path) {
            throw StoreError(.other, "The audit key \(files.keyPath) is missing, and the audit log of \(path) is signed with it; restore the key (or point PAYDESK_AUDIT_KEY at it). Nothing was changed.")
        }
        return try AuditKey.create(files.keyPath)
    }

    private static func databaseIsKeyed(_ path: String) throws -> Bool {
        var config = Configuration()
        config.readonly = true
        config.busyMode = .timeout(5)
        return try DatabaseQueue(path: path, configuration: config).read { db in
            try db.tableExists("audit_key") && (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_key") ?? 0) > 0
        }
    }

    /// Records where the keyed chain starts, the first time this database is opened with
    /// a key: record 1 for a new database, the next record for an older one (whose
    /// records keep their plain links). A database keyed with another key is refused.
    func adoptAuditKey() throws {
        let known = try read { db in try String.fetchOne(db, sql: "SELECT key_id FROM audit_key WHERE id = 1") }
        if let known {
            guard known == auditKey.id else {
                throw StoreError(.other, "The audit key \(auditFiles.keyPath) is not the one this database's audit log is signed with (key \(auditKey.id), log \(known)); point PAYDESK_AUDIT_KEY at the right key. Nothing was changed.")
            }
            return
        }
        let start: (Int64, Bool) = try write { db in
            if try String.fetchOne(db, sql: "SELECT key_id FROM audit_key WHERE id = 1") != nil { return (0, false) }
            let next = (try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM audit_log") ?? 0) + 1
            try db.execute(sql: "INSERT INTO audit_key (id, key_id, keyed_from, created_at) VALUES (1, ?, ?, ?)",
                           arguments: [auditKey.id, next, now])
            return (next, true)
        }
        // A new log says so outside the database, so that checkpoints of an earlier
        // database at this path (a demo reset) are not held against it.
        if start.1 && start.0 == 1 {
            try? AuditCheckpointFile.append(.signed(at: now, records: 0, head: AuditChain.genesis, keyedFrom: 1, key: auditKey),
                                            to: auditFiles.checkpointPath)
        }
    }

    /// After a commit: if the log grew, append a signed checkpoint of its head. Best
    /// effort — the write is already committed, and a missing line only means the newest
    /// records are vouched for by the chain alone until the next one.
    func checkpointAudit(_ db: Database) {
        guard let head = try? Row.fetchOne(db.cachedStatement(sql: "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1")),
              let keyedFrom = try? AuditChain.keyedFrom(db) else { return }
        let id: Int64 = head["id"]
        guard id >= keyedFrom, checkpointMark.advance(to: id) else { return }
        try? AuditCheckpointFile.append(.signed(at: now, records: id, head: head["hash"], keyedFrom: keyedFrom, key: auditKey),
                                        to: auditFiles.checkpointPath)
    }
}
