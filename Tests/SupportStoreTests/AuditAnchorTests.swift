import Foundation
import GRDB
import SupportCore
import Testing
@testable import SupportStore

/// Issue 17, finding 4: with a plain SHA-256 chain inside the database, whoever could
/// write the file could cut records off the end, or edit or insert one and re-hash the
/// rest, and `audit verify` still said OK. Each attack is played here by an intruder
/// with the database file but not the key file.
@Suite struct AuditAnchorTests {
    /// Some activity, so that the log has a few dozen records and checkpoints.
    private func busyStore() throws -> (TempStore, Int) {
        let t = try TempStore()
        let c = try t.cast()
        for _ in 0..<3 {
            let n = try t.newTicket(c.customer).number
            try t.store.claim(ticket: n, by: c.a)
            try t.store.note(ticket: n, body: "checked the top-up", by: c.a)
        }
        _ = try t.store.revealContact(customerId: c.customer, reason: "caller verified", by: c.a)
        let verdict = try t.store.verifyAuditChain()
        guard case .ok(let count) = verdict else { throw StoreError(.other, "not ok: \(verdict)") }
        return (t, count)
    }

    /// The intruder's tool: re-links every record from `id` on with plain SHA-256, which
    /// is all anyone without the key can compute.
    private func rehash(_ db: Database, from id: Int64) throws {
        var prev = try String.fetchOne(db, sql: "SELECT hash FROM audit_log WHERE id = ?", arguments: [id - 1]) ?? AuditChain.genesis
        for row in try Row.fetchAll(db, sql: "SELECT * FROM audit_log WHERE id >= ? ORDER BY id", arguments: [id]) {
            let hash = AuditChain.hash(prev: prev, id: row["id"], at: row["at"], actor: row["actor"], action: row["action"],
                                       entity: row["entity"], entityId: row["entity_id"], before: row["before"],
                                       after: row["after"], reason: row["reason"])
            try db.execute(sql: "UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?", arguments: [prev, hash, row["id"]])
            prev = hash
        }
    }

    private func intrude(_ t: TempStore, _ change: (Database) throws -> Void) throws -> AuditVerification {
        try DatabaseQueue(path: t.path).write(change)
        return try SupportStore(path: t.path, create: false).verifyAuditChain()
    }

    @Test func newDatabaseHasAnOwnerOnlyKeyAndSignedCheckpoints() throws {
        let (t, count) = try busyStore()
        let files = t.store.auditFiles
        #expect(files.keyPath == t.path + ".audit-key")
        var info = stat()
        #expect(stat(files.keyPath, &info) == 0 && info.st_mode & 0o777 == 0o600)
        let lines = try #require(try AuditCheckpointFile.lines(files.checkpointPath))
        let last = try #require(lines.last.flatMap(AuditCheckpoint.init(line:)))
        #expect(last.records == Int64(count) && last.keyedFrom == 1)
        let key = try #require(try AuditKey.load(files.keyPath))
        #expect(last.isSigned(by: key))
        // The key never enters the database.
        #expect(try t.cells(containing: Hex.string(key.bytes)).isEmpty)
        let report = try t.store.auditReport()
        #expect(report.unkeyedRecords == 0 && report.checkpointRecords == Int64(count))
    }

    @Test func truncationDeleteLastRowsIsCaught() throws {
        let (t, count) = try busyStore()
        for n in [1, 3] {
            let verdict = try intrude(t) { db in
                try db.execute(sql: "DELETE FROM audit_log WHERE id > ?", arguments: [count - n])
            }
            guard case .broken(_, let problem) = verdict else { Issue.record("deleting the last \(n) passed"); continue }
            #expect(problem.contains("records were removed from the end"))
        }
    }

    @Test func editAndRehashWithPlainSHAIsCaught() throws {
        let (t, _) = try busyStore()
        let reveal = try #require(try t.store.auditRecords(limit: 100).first { $0.action == "customer.reveal" })
        let verdict = try intrude(t) { db in
            try db.execute(sql: "UPDATE audit_log SET actor = 'dewi', reason = 'routine' WHERE id = ?", arguments: [reveal.id])
            try rehash(db, from: reveal.id)
        }
        #expect(verdict == .broken(recordId: reveal.id, problem: "its signature does not match the audit key: it was changed, forged or re-hashed after it was written"))
    }

    @Test func insertAndRehashIsCaught() throws {
        let (t, count) = try busyStore()
        // A forged record in the middle: later ids move up one, and everything is re-linked.
        let verdict = try intrude(t) { db in
            try db.execute(sql: "UPDATE audit_log SET id = -id WHERE id >= 5")
            try db.execute(sql: "UPDATE audit_log SET id = 1 - id WHERE id < 0")
            try db.execute(sql: """
                INSERT INTO audit_log (id, at, actor, action, entity, entity_id, before, after, reason, prev_hash, hash)
                VALUES (5, 1795575600, 'sari', 'security.approve', 'security_action', '1', NULL, 'state=approved', 'ok', '', '')
                """)
            try rehash(db, from: 5)
        }
        #expect(verdict == .broken(recordId: 5, problem: "its signature does not match the audit key: it was changed, forged or re-hashed after it was written"))
        // Appended at the end instead, with a correct plain link: the same.
        let (u, _) = try busyStore()
        let end = try intrude(u) { db in
            try db.execute(sql: """
                INSERT INTO audit_log (id, at, actor, action, entity, entity_id, before, after, reason, prev_hash, hash)
                VALUES (?, 1795575600, 'sari', 'security.approve', 'security_action', '1', NULL, 'state=approved', 'ok', '', '')
                """, arguments: [count + 1])
            try rehash(db, from: Int64(count + 1))
        }
        #expect(end == .broken(recordId: Int64(count + 1), problem: "its signature does not match the audit key: it was changed, forged or re-hashed after it was written"))
    }

    @Test func downgradingToAnUnkeyedChainIsCaught() throws {
        let (t, _) = try busyStore()
        // Remove the key record so every record looks "older than the key", then re-hash
        // the whole log with plain SHA-256: the checkpoints still say keyed from 1.
        let verdict = try intrude(t) { db in
            try db.execute(sql: "DELETE FROM audit_key")
            try rehash(db, from: 1)
        }
        guard case .broken(_, let problem) = verdict else { Issue.record("downgrade passed"); return }
        #expect(problem.contains("keyed from record 1") || problem.contains("disagree"))
    }

    @Test func forgedCheckpointAndMissingKeyAreRefused() throws {
        let (t, count) = try busyStore()
        let files = t.store.auditFiles
        // Cut the log, and append a checkpoint that matches the cut, signed with a guess.
        try DatabaseQueue(path: t.path).write { db in try db.execute(sql: "DELETE FROM audit_log WHERE id > ?", arguments: [count - 2]) }
        let head = try DatabaseQueue(path: t.path).read { db in try String.fetchOne(db, sql: "SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1") }
        let guess = AuditKey(bytes: Data(repeating: 7, count: 32))
        var forged = AuditCheckpoint.signed(at: 1_795_575_700, records: Int64(count - 2), head: try #require(head), keyedFrom: 1, key: guess)
        forged.keyId = try #require(try AuditKey.load(files.keyPath)).id
        let handle = try #require(FileHandle(forWritingAtPath: files.checkpointPath))
        handle.seekToEndOfFile()
        handle.write(Data((forged.line + "\n").utf8))
        try handle.close()
        guard case .broken(_, let problem) = try SupportStore(path: t.path, create: false).verifyAuditChain() else {
            Issue.record("forged checkpoint accepted"); return
        }
        #expect(problem.contains("not signed with this database's audit key"))
        // Without its key the database is not opened (and not silently re-keyed).
        try FileManager.default.removeItem(atPath: files.keyPath)
        let missing = refusal { _ = try SupportStore(path: t.path, create: false) }
        #expect(missing?.message.contains("audit key") == true && missing?.message.contains("missing") == true)
        #expect(!FileManager.default.fileExists(atPath: files.keyPath))
    }

    @Test func oldUnkeyedDatabaseStaysVerifiableWithANote() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("paydesk-legacy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("old.sqlite").path
        // A database as the previous release left it: schema up to v7, plain-hashed records.
        let old = try DatabaseQueue(path: path)
        try Schema.migrator.migrate(old, upTo: "v7-csat")
        try old.write { db in
            for i in 0..<4 {
                try AuditChain.append(db, at: 1_795_000_000 + Int64(i), actor: "root", action: "agent.add", entity: "agent",
                                      entityId: "a\(i)")
            }
        }
        try old.close()
        let store = try SupportStore(path: path, create: false)
        let admin = try store.addAgent(login: "root", name: "Root", role: .admin, by: nil)
        try store.addAgent(login: "budi", name: "Budi", role: .agent, by: admin)
        let report = try store.auditReport()
        #expect(report.verification == .ok(records: 6))
        #expect(report.unkeyedRecords == 4)
        #expect(report.notes.first?.contains("Records 1–4 were written before this database had an audit key") == true)
        // An old record edited and the whole log re-hashed: the first keyed record's
        // signature covers the link to the old ones, so it does not match any more.
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: "UPDATE audit_log SET actor = 'eve' WHERE id = 2")
            try rehash(db, from: 2)
        }
        #expect(try SupportStore(path: path, create: false).verifyAuditChain()
            == .broken(recordId: 5, problem: "its signature does not match the audit key: it was changed, forged or re-hashed after it was written"))
    }
}
