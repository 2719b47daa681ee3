import Foundation
import GRDB
import TestSupport
import SupportCore
import SupportPostgres
import SupportStore
import Testing

/// Signed checkpoints of the PostgreSQL chain, outside the database: whoever can rewrite
/// the database — even holding the audit key, so that the re-hashed chain walks clean —
/// cannot also rewrite the checkpoint the service signed after its last commit.
@Suite struct PostgresAuditCheckpointTests {
    /// Some audited writes through the engine, each commit checkpointed.
    static func work(_ engine: PostgresEngine) throws {
        let sari = try #require(try engine.agent(login: "sari"))
        let n = try #require(try engine.reading { try $0.fetchValue("SELECT MIN(number) FROM tickets WHERE status = 'open'", as: Int64.self) })
        try engine.note(ticket: n, body: "checked the switch log", by: sari)
        try engine.setPriority(ticket: n, to: .p1, by: sari)
        try engine.note(ticket: n, body: "refund reference sent", by: sari)
    }

    static func rows(_ engine: PostgresEngine) throws -> [AuditChainRow] {
        try engine.reading { db in
            try db.fetchDecoded("SELECT * FROM audit_log ORDER BY id", [], SupportStore.chainRow)
        }
    }

    /// The chain walked by itself, with the key, and no checkpoint.
    static func chainAlone(_ engine: PostgresEngine, keyPath: String) throws -> AuditVerification? {
        let keyedFrom = try engine.reading { try $0.fetchValue("SELECT keyed_from FROM audit_key WHERE id = 1", as: Int64.self) }
        var walk = AuditChainWalk(hasher: try AuditChainHasher(keyPath: keyPath, keyedFrom: keyedFrom))
        for row in try rows(engine) { if let broken = walk.check(row) { return broken } }
        return nil
    }

    @Test func aTailRewrittenAndReHashedWithTheKeyFailsAgainstTheCheckpoint() async throws {
        let (_, postgres, demo) = try await EngineParityTests.engines()
        defer { demo.source.remove() }
        try Self.work(postgres)
        let count = try Self.rows(postgres).count
        let before = try postgres.auditReport()
        #expect(before.verification == .ok(records: count), "\(before)")
        #expect(before.checkpointRecords == Int64(count))
        #expect(before.notes.contains { $0.contains("Held against the checkpoint of") && $0.contains(postgres.checkpoints.path) })

        // The attack: record N-2 says something else, and every record from it on is
        // re-hashed with the key and re-linked, the head row too.
        let keyedFrom = try postgres.reading { try $0.fetchValue("SELECT keyed_from FROM audit_key WHERE id = 1", as: Int64.self) }
        let hasher = try AuditChainHasher(keyPath: demo.keyPath, keyedFrom: keyedFrom)
        try postgres.writing { db in
            let rows = try db.fetchDecoded("SELECT * FROM audit_log ORDER BY id", [], SupportStore.chainRow)
            var prev = rows[rows.count - 3].prevHash
            for var row in rows[(rows.count - 3)...] {
                if row.id == Int64(rows.count - 2) { row.after = "priority=p4" }
                let hash = hasher.hash(prev: prev, id: row.id, at: row.at, actor: row.actor, action: row.action, entity: row.entity,
                                       entityId: row.entityId, before: row.before, after: row.after, reason: row.reason)
                try db.run("UPDATE audit_log SET after = ?, prev_hash = ?, hash = ? WHERE id = ?", [row.after, prev, hash, row.id])
                prev = hash
            }
            try db.run("UPDATE pd_audit_head SET last_hash = ? WHERE id = 1", [prev])
        }
        // The rewritten chain holds by itself: only the checkpoint can tell.
        #expect(try Self.chainAlone(postgres, keyPath: demo.keyPath) == nil)
        let after = try postgres.auditReport()
        guard case .broken(let id, let problem) = after.verification else {
            Issue.record("a re-hashed tail verified: \(after)"); return
        }
        // Caught at the rewritten record itself: its own commit's checkpoint signed the old head.
        #expect(id == Int64(count - 2))
        #expect(problem.contains("the log was rewritten"), "\(problem)")

        // A later commit checkpoints the rewritten chain's head; the lines written before
        // the rewrite still disagree with it.
        let sari = try #require(try postgres.agent(login: "sari"))
        let n = try #require(try postgres.reading { try $0.fetchValue("SELECT MIN(number) FROM tickets WHERE status = 'open'", as: Int64.self) })
        try postgres.note(ticket: n, body: "written after the rewrite", by: sari)
        #expect(try postgres.checkpoints.load().records == Int64(count + 1))
        guard case .broken(let still, _) = try postgres.verifyAuditChain() else {
            Issue.record("a later checkpoint hid the rewrite"); return
        }
        #expect(still == Int64(count - 2))
        await postgres.close()
    }

    @Test func recordsCutOffTheEndOrAForgedCheckpointFailVerification() async throws {
        let (_, postgres, demo) = try await EngineParityTests.engines()
        defer { demo.source.remove() }
        try Self.work(postgres)
        let count = try Self.rows(postgres).count
        try postgres.writing { db in
            try db.run("DELETE FROM audit_log WHERE id > ?", [count - 2])
            let head = try #require(try db.fetchValue("SELECT hash FROM audit_log WHERE id = ?", [count - 2], as: String.self))
            try db.run("UPDATE pd_audit_head SET last_id = ?, last_hash = ? WHERE id = 1", [count - 2, head])
        }
        #expect(try Self.chainAlone(postgres, keyPath: demo.keyPath) == nil)
        guard case .broken(let id, let problem) = try postgres.verifyAuditChain() else {
            Issue.record("a cut-off chain verified"); return
        }
        #expect(id == Int64(count - 1))
        #expect(problem.contains("records were removed from the end"), "\(problem)")

        // A checkpoint line signed with another key is reported, not skipped.
        let otherKey = demo.source.dir.appendingPathComponent("other.audit-key").path
        try AuditChainHasher.createKeyFile(at: otherKey)
        let forger = AuditCheckpointLog(path: postgres.checkpoints.path, hasher: try AuditChainHasher(keyPath: otherKey, keyedFrom: 1))
        forger.committed(records: Int64(count - 2), head: String(repeating: "a", count: 64), keyedFrom: 1, at: 1)
        guard case .broken(_, let forged) = try postgres.verifyAuditChain() else {
            Issue.record("a forged checkpoint verified"); return
        }
        #expect(forged.contains("is not signed with this database's audit key"), "\(forged)")
        await postgres.close()
    }

    /// Through a service: the last record rewritten and re-signed inside PostgreSQL after
    /// the instance checkpointed it, `audit verify` against the instance exits 1 naming the rewrite.
    @Test func auditVerifyThroughAServiceFindsTheRewrittenTail() async throws {
        let demo = try await MigratedDemo.make()
        defer { demo.source.remove() }
        let a = try ServePostgresTests.serve(demo, socket: demo.source.dir.appendingPathComponent("a.sock").path)
        defer { kill(a.running.pid, SIGKILL); _ = ProgramRun.wait(a.running) }
        try ServePostgresTests.waitUntilServing(a)
        let clean = try ServePostgresTests.paydesk(a.socket, as: "ops", ["audit", "verify"])
        #expect(clean.status == 0, "\(clean.output)")
        #expect(clean.stdout.contains("Held against the checkpoint of"), "\(clean.output)")

        let engine = try await PostgresEngine.open(demo.location, auditKeyPath: demo.keyPath, maximumConnections: 2)
        let last = try #require(try engine.reading { try $0.fetchRow("SELECT * FROM audit_log ORDER BY id DESC LIMIT 1") })
        var row = SupportStore.chainRow(last)
        row.reason = "nothing to see"
        let keyedFrom = try engine.reading { try $0.fetchValue("SELECT keyed_from FROM audit_key WHERE id = 1", as: Int64.self) }
        let hash = try AuditChainHasher(keyPath: demo.keyPath, keyedFrom: keyedFrom)
            .hash(prev: row.prevHash, id: row.id, at: row.at, actor: row.actor, action: row.action, entity: row.entity,
                  entityId: row.entityId, before: row.before, after: row.after, reason: row.reason)
        try engine.writing { db in
            try db.run("UPDATE audit_log SET reason = ?, hash = ? WHERE id = ?", [row.reason, hash, row.id])
            try db.run("UPDATE pd_audit_head SET last_hash = ? WHERE id = 1", [hash])
        }
        await engine.close()
        let caught = try ServePostgresTests.paydesk(a.socket, as: "ops", ["audit", "verify"])
        #expect(caught.status == 1, "\(caught.output)")
        #expect(caught.output.contains("the log was rewritten"), "\(caught.output)")
    }
}
