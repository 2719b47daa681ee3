import Foundation
import SupportPostgres
import SupportStore
import Synchronization
import Testing

/// Two service instances (two connection pools) writing one PostgreSQL database at once.
@Suite struct PostgresConcurrencyTests {
    @Test func twoHundredAppendsFromTwoInstancesMakeOneUnbrokenChain() async throws {
        let demo = try await MigratedDemo.make()
        defer { demo.source.remove() }
        let a = try await PostgresEngine.open(demo.location, auditKeyPath: demo.keyPath, maximumConnections: 10)
        let b = try await PostgresEngine.open(demo.location, auditKeyPath: demo.keyPath, maximumConnections: 10)
        let before = try await a.store.pool.rowCount("audit_log")
        let failures = Mutex<[String]>([])
        // Each append is a transaction of its own, as every audited write's is.
        DispatchQueue.concurrentPerform(iterations: 200) { i in
            let (engine, actor) = i % 2 == 0 ? (a, "sari") : (b, "budi")
            do {
                try engine.writing { session in
                    try engine.appendAudit(session, AuditAppend(at: engine.now, actor: actor, action: "test.append",
                                                                entity: "instance-\(i % 2)", entityId: String(i / 2)))
                }
            } catch {
                failures.withLock { $0.append("\(error)") }
            }
        }
        #expect(failures.withLock { $0 }.isEmpty)
        let expected = Int(before) + 200
        #expect(try await a.store.pool.rowCount("audit_log") == Int64(expected))
        #expect(try await a.store.verifyAuditChain() == .ok(records: expected))
        #expect(try await b.store.verifyAuditChain() == .ok(records: expected))
        await a.close(); await b.close()
    }

    @Test func aStaleVersionIsRefusedAndChangesNothing() async throws {
        let demo = try await MigratedDemo.make()
        defer { demo.source.remove() }
        let engine = try await PostgresEngine.open(demo.location, auditKeyPath: demo.keyPath, maximumConnections: 2)
        let budi = try #require(try engine.agent(login: "budi"))
        let n = try #require(try engine.queuePage(QueueSpec(view: .unassigned, actor: budi), limit: 1).first?.number)
        let seen = try engine.ticket(number: n)
        let events = try await engine.store.pool.rowCount("ticket_events"), audit = try await engine.store.pool.rowCount("audit_log")
        #expect { try engine.claim(ticket: n, by: budi, expecting: seen.version - 1) } throws: {
            ($0 as? StoreError)?.kind == .conflict
        }
        #expect(try engine.ticket(number: n) == seen)
        #expect(try await engine.store.pool.rowCount("ticket_events") == events)
        #expect(try await engine.store.pool.rowCount("audit_log") == audit)
        let claimed = try engine.claim(ticket: n, by: budi, expecting: seen.version)
        #expect(claimed.version == seen.version + 1 && claimed.assigneeId == budi.id)
        // The claim's timeline entry, and a status move when it opened a new ticket.
        #expect(try await engine.store.pool.rowCount("ticket_events") == events + (seen.status == .new ? 2 : 1))
        #expect(try await engine.store.pool.rowCount("audit_log") == audit + 1)
        await engine.close()
    }
}
