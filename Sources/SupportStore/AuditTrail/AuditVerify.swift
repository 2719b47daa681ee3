import Foundation
import GRDB
import SupportCore

// `audit verify`: the chain is walked with the key (records before the key by their
// plain hash), then held against the newest signed checkpoint outside the database.
// The walk alone cannot see records cut off the end, nor a log re-hashed from scratch by
// someone without the key once the checkpoint says how far it reached and what its head was.
extension SupportStore {
    /// Walks the whole chain and checks it against the checkpoints; the first problem wins.
    public func auditReport() throws -> AuditReport {
        let checkpoints = try loadCheckpoints()
        return try read { db in
            var report = AuditReport(verification: .ok(records: 0), records: 0, unkeyedRecords: 0,
                                     checkpointRecords: checkpoints.latest?.records,
                                     checkpointAt: checkpoints.latest.map { Date(epoch: $0.at) }, notes: [])
            if let problem = checkpoints.problem {
                report.verification = problem
                return report
            }
            let keyedFrom = try AuditChain.keyedFrom(db)
            let walk = try walkChain(db, keyedFrom: keyedFrom, headAt: checkpoints.latest?.records)
            report.records = walk.count
            report.unkeyedRecords = walk.unkeyed
            if walk.unkeyed > 0 {
                report.notes.append("Records 1–\(walk.unkeyed) were written before this database had an audit key; they are checked by their plain SHA-256 links, which anyone could recompute.")
            }
            if let broken = walk.broken {
                report.verification = broken
                return report
            }
            report.verification = Self.against(checkpoints.latest, count: walk.count, headAt: walk.headAt,
                                               keyedFrom: keyedFrom, path: auditFiles.checkpointPath)
            if case .ok = report.verification, let latest = checkpoints.latest {
                report.notes.append("Held against the checkpoint of \(TimeText.clock(Date(epoch: latest.at))) (\(latest.records) records) in \(auditFiles.checkpointPath).")
                if Int64(walk.count) > latest.records {
                    report.notes.append("\(Int64(walk.count) - latest.records) newer records are not checkpointed yet; only the chain vouches for them.")
                }
            }
            return report
        }
    }

    private struct Walk {
        var count = 0
        var unkeyed = 0
        var headAt: String?
        var broken: AuditVerification?
    }

    private func walkChain(_ db: Database, keyedFrom: Int64?, headAt checkpoint: Int64?) throws -> Walk {
        var walk = Walk()
        var chain = AuditChainWalk(hasher: AuditChainHasher(key: auditKey, keyedFrom: keyedFrom))
        let cursor = try Row.fetchCursor(db, sql: "SELECT * FROM audit_log ORDER BY id")
        while let row = try cursor.next() {
            if let broken = chain.check(Self.chainRow(row)) {
                walk.broken = broken
                break
            }
            if Int64(chain.count) == checkpoint { walk.headAt = chain.head }
        }
        walk.count = chain.count
        walk.unkeyed = chain.unkeyed
        return walk
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

    /// The signed checkpoints of the current log: lines after the newest one that
    /// started a log (records=0, a new database at this path). A line not signed with
    /// this key is a forgery or another key's, and is reported rather than skipped.
    func loadCheckpoints() throws -> (latest: AuditCheckpoint?, problem: AuditVerification?) {
        guard let lines = try AuditCheckpointFile.lines(auditFiles.checkpointPath) else { return (nil, nil) }
        var current: [AuditCheckpoint] = []
        for (index, line) in lines.enumerated() {
            guard let checkpoint = AuditCheckpoint(line: line) else { continue }
            guard checkpoint.isSigned(by: auditKey) else {
                return (nil, .broken(recordId: checkpoint.records, problem: "line \(index + 1) of \(auditFiles.checkpointPath) is not signed with this database's audit key: the checkpoints were forged or the key was replaced"))
            }
            if checkpoint.records == 0 { current = [] }
            current.append(checkpoint)
        }
        if let first = current.first, current.contains(where: { $0.keyedFrom != first.keyedFrom }) {
            return (nil, .broken(recordId: first.keyedFrom, problem: "the checkpoints disagree on where the keyed chain starts: the audit key record was removed and re-created"))
        }
        return (current.max { $0.records < $1.records }, nil)
    }
}
