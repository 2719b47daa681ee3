import Foundation
import SupportCore

/// The signed checkpoints of the current log as read back from their file: the newest,
/// or the problem that stops them being trusted (a line another key signed).
public struct AuditCheckpoints: Sendable {
    let latest: AuditCheckpoint?
    public let problem: AuditVerification?
    /// Every checkpoint of the current log by the record count it signed: the chain must
    /// pass through each head, so a record rewritten (and the rest re-hashed) before a
    /// later commit was checkpointed is still caught by the lines written before it.
    let signed: [Int64: AuditCheckpoint]

    init(latest: AuditCheckpoint?, problem: AuditVerification?, signed: [Int64: AuditCheckpoint] = [:]) {
        self.latest = latest; self.problem = problem; self.signed = signed
    }

    /// How many records the newest checkpoint vouches for; nil when there is none.
    public var records: Int64? { latest?.records }

    /// The lines after the newest one that started a log (records=0, a new database under
    /// the same name). A line not signed with this key is a forgery or another key's, and is
    /// reported rather than skipped.
    static func load(path: String, key: AuditKey) throws -> AuditCheckpoints {
        guard let lines = try AuditCheckpointFile.lines(path) else { return AuditCheckpoints(latest: nil, problem: nil) }
        var current: [AuditCheckpoint] = []
        for (index, line) in lines.enumerated() {
            guard let checkpoint = AuditCheckpoint(line: line) else { continue }
            guard checkpoint.isSigned(by: key) else {
                return AuditCheckpoints(latest: nil, problem: .broken(recordId: checkpoint.records, problem: "line \(index + 1) of \(path) is not signed with this database's audit key: the checkpoints were forged or the key was replaced"))
            }
            if checkpoint.records == 0 { current = [] }
            current.append(checkpoint)
        }
        if let first = current.first, current.contains(where: { $0.keyedFrom != first.keyedFrom }) {
            return AuditCheckpoints(latest: nil, problem: .broken(recordId: first.keyedFrom, problem: "the checkpoints disagree on where the keyed chain starts: the audit key record was removed and re-created"))
        }
        var signed: [Int64: AuditCheckpoint] = [:]
        for checkpoint in current where checkpoint.records > 0 { signed[checkpoint.records] = checkpoint }
        return AuditCheckpoints(latest: current.max { $0.records < $1.records }, problem: nil, signed: signed)
    }

    /// `audit verify`'s report, the same on every store: `walk` reads the chain, holding
    /// each record against the checkpoint that signed it (`AuditChainFindings.check`),
    /// unless the checkpoints themselves are already untrustworthy; the walk's end is then
    /// held against the newest of them.
    public func report(keyedFrom: Int64?, path: String, walk: () throws -> AuditChainFindings) rethrows -> AuditReport {
        var report = AuditReport(verification: .ok(records: 0), records: 0, unkeyedRecords: 0,
                                 checkpointRecords: latest?.records,
                                 checkpointAt: latest.map { Date(epoch: $0.at) }, notes: [])
        if let problem {
            report.verification = problem
            return report
        }
        let found = try walk()
        report.records = found.count
        report.unkeyedRecords = found.unkeyed
        if found.unkeyed > 0 {
            report.notes.append("Records 1–\(found.unkeyed) were written before this database had an audit key; they are checked by their plain SHA-256 links, which anyone could recompute.")
        }
        if let broken = found.broken {
            report.verification = broken
            return report
        }
        let end = SupportStore.against(latest, count: found.count, headAt: found.headAt, keyedFrom: keyedFrom, path: path)
        // A changed keyed start explains every head after it; say that rather than the first.
        let keyedStartChanged = latest.map { $0.keyedFrom != keyedFrom } ?? false
        report.verification = keyedStartChanged ? end : found.rewritten ?? end
        if case .ok = report.verification, let latest {
            report.notes.append("Held against the checkpoint of \(TimeText.clock(Date(epoch: latest.at))) (\(latest.records) records) in \(path).")
            if Int64(found.count) > latest.records {
                report.notes.append("\(Int64(found.count) - latest.records) newer records are not checkpointed yet; only the chain vouches for them.")
            }
        }
        return report
    }
}

/// What a walk of the chain found: how many records held, how many of them predate the
/// key, the head hash at the checkpointed record, and the first break.
public struct AuditChainFindings: Sendable {
    public var count = 0
    public var unkeyed = 0
    public var headAt: String?
    /// A break of the chain itself (a link, a signature, a gap): the walk stops there.
    public var broken: AuditVerification?
    /// The first record whose head is not the one a checkpoint signed; the walk goes on.
    public var rewritten: AuditVerification?

    public init() {}

    /// Checks the next row, oldest first: its link and signature (stopping at the first
    /// break), then the head against any checkpoint of this many records.
    public mutating func check(_ walk: inout AuditChainWalk, _ row: AuditChainRow, against checkpoints: AuditCheckpoints) {
        guard broken == nil else { return }
        if let problem = walk.check(row) {
            broken = problem
            return
        }
        count = walk.count
        unkeyed = walk.unkeyed
        guard let signed = checkpoints.signed[Int64(walk.count)] else { return }
        if Int64(walk.count) == checkpoints.latest?.records { headAt = walk.head }
        if rewritten == nil, signed.head != walk.head {
            rewritten = .broken(recordId: signed.records, problem: "it is not the record the checkpoint of \(TimeText.clock(Date(epoch: signed.at))) signed: the log was rewritten")
        }
    }
}

/// A chain's checkpoints kept by a store whose database is no file to put them beside
/// (PostgreSQL): every instance appends, after each commit that added audit records, a
/// signed line of the head that commit left, to a file of its own outside the database.
/// `audit verify` holds the chain against the newest, so a tail rewritten inside the
/// database (even re-hashed with the key) or cut off no longer matches it.
public final class AuditCheckpointLog: Sendable {
    public let path: String
    let key: AuditKey
    let mark = CheckpointMark()

    public init(path: String, hasher: AuditChainHasher) {
        self.path = path
        self.key = hasher.key
    }

    /// `$PAYDESK_AUDIT_CHECKPOINTS` when set, else beside the audit key: `paydesk.sqlite.audit-key`
    /// gives `paydesk.sqlite.postgresql-audit-checkpoints`, apart from the SQLite file's own.
    public static func defaultPath(auditKey: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let set = environment["PAYDESK_AUDIT_CHECKPOINTS"], !set.isEmpty { return set }
        let stem = auditKey.hasSuffix(".audit-key") ? String(auditKey.dropLast(".audit-key".count)) : auditKey
        return stem + ".postgresql-audit-checkpoints"
    }

    /// After a commit that appended records up to `records` with hash `head`. Best effort,
    /// as SQLite's: the write is committed, and a missing line only leaves the newest
    /// records vouched for by the chain alone until the next one.
    public func committed(records: Int64, head: String, keyedFrom: Int64?, at: Int64) {
        guard let keyedFrom, records >= keyedFrom, mark.advance(to: records) else { return }
        try? AuditCheckpointFile.append(.signed(at: at, records: records, head: head, keyedFrom: keyedFrom, key: key), to: path)
    }

    /// A new chain (a database keyed from its first record) says so, so that checkpoints of
    /// an earlier database under the same key are not held against it.
    public func startsNewLog(keyedFrom: Int64, at: Int64) throws {
        try AuditCheckpointFile.append(.signed(at: at, records: 0, head: AuditChain.genesis, keyedFrom: keyedFrom, key: key), to: path)
    }

    public func load() throws -> AuditCheckpoints {
        try AuditCheckpoints.load(path: path, key: key)
    }
}
