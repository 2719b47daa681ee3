import Foundation
import TestSupport
import SupportAPI
import SupportCore
import SupportPostgres
import SupportRemote
import SupportStore
import Synchronization
import Testing

/// Maker-checker across service instances: two `paydesk serve --store postgresql://…` on
/// one database, two supervisors deciding the same waiting request at the same moment,
/// one through each instance. Exactly one decision may win, the account must show the
/// winner's effect, the loser is told it lost and nothing of its decision is kept.
@Suite struct ServeSecurityTests {
    /// One outcome of a request raced through a service: the state it left, or the refusal's kind and words.
    static func attempt(_ body: () throws -> String) -> String {
        do {
            return try body()
        } catch let error as StoreError {
            return "\(error.kind): \(error.message)"
        } catch {
            return "error: \(error)"
        }
    }

    /// A body handed to the one thread that runs it; each body uses clients of its own.
    struct OwnThread<T>: @unchecked Sendable { let body: () -> T }

    /// Runs `bodies` at the same moment, one thread each, every client already connected.
    static func together<T: Sendable>(_ list: [() -> T]) -> [T] {
        let bodies = list.map(OwnThread.init)
        let results = Mutex<[Int: T]>([:])
        let start = DispatchSemaphore(value: 0), ready = DispatchGroup()
        let done = DispatchGroup()
        for (i, body) in bodies.enumerated() {
            ready.enter(); done.enter()
            Thread.detachNewThread {
                ready.leave()
                start.wait()
                let value = body.body()
                results.withLock { $0[i] = value }
                done.leave()
            }
        }
        ready.wait()
        for _ in bodies { start.signal() }
        done.wait()
        return results.withLock { r in bodies.indices.map { r[$0]! } }
    }

    @Test func twoSupervisorsDecidingOneRequestThroughTwoInstancesLeaveOneDecision() async throws {
        let demo = try await MigratedDemo.make()
        defer { demo.source.remove() }
        let a = try ServePostgresTests.serve(demo, socket: demo.source.dir.appendingPathComponent("a.sock").path)
        let b = try ServePostgresTests.serve(demo, socket: demo.source.dir.appendingPathComponent("b.sock").path)
        var stopped = false
        defer {
            if !stopped { for instance in [a, b] { kill(instance.running.pid, SIGKILL); _ = ProgramRun.wait(instance.running) } }
        }
        try ServePostgresTests.waitUntilServing(a)
        try ServePostgresTests.waitUntilServing(b)
        let engine = try await PostgresEngine.open(demo.location, auditKeyPath: demo.keyPath, maximumConnections: 2)
        let customers = try engine.reading { db in
            try db.fetchValues("SELECT id FROM customers WHERE status = 'active' ORDER BY id LIMIT 8", as: Int64.self)
        }
        try #require(customers.count == 8)

        // Freezing races too: two agents, one instance each, the same account at once.
        for id in customers {
            let budi = RemoteClient(socketPath: a.socket, asLogin: "budi"), dewi = RemoteClient(socketPath: b.socket, asLogin: "dewi")
            _ = try budi.whoAmI(); _ = try dewi.whoAmI()
            let freezes = Self.together([
                { Self.attempt { try budi.freeze(customerId: id, reason: "stolen phone reported by call").state.rawValue } },
                { Self.attempt { try dewi.freeze(customerId: id, reason: "stolen phone reported by chat").state.rawValue } },
            ])
            #expect(freezes.filter { $0 == "done" }.count == 1, "customer \(id): \(freezes)")
            #expect(freezes.filter { $0.hasPrefix("conflict: ") && $0.contains("already frozen") }.count == 1, "customer \(id): \(freezes)")
        }
        let frozenBy = try engine.reading { db in
            try db.fetchValue("SELECT COUNT(*) FROM security_actions WHERE kind = 'freeze' AND customer_id IN (\(customers.map(String.init).joined(separator: ",")))",
                              as: Int.self)
        }
        #expect(frozenBy == customers.count)

        // Disputing one transaction at once through both instances opens one dispute.
        let debits = try engine.reading { db in
            try db.fetchValues("""
                SELECT MIN(reference) FROM transactions WHERE type = 'payment' AND status = 'success'
                GROUP BY customer_id ORDER BY customer_id LIMIT 4
                """, as: String.self)
        }
        try #require(debits.count == 4)
        for reference in debits {
            let budi = RemoteClient(socketPath: a.socket, asLogin: "budi"), dewi = RemoteClient(socketPath: b.socket, asLogin: "dewi")
            _ = try budi.whoAmI(); _ = try dewi.whoAmI()
            let opened = Self.together([
                { Self.attempt { try budi.openDispute(reference: reference, reason: "not made by the customer").state.rawValue } },
                { Self.attempt { try dewi.openDispute(reference: reference, reason: "customer called again").state.rawValue } },
            ])
            #expect(opened.filter { $0 == "open" }.count == 1, "\(reference): \(opened)")
            #expect(opened.filter { $0.hasPrefix("conflict: ") && $0.contains("already has dispute") }.count == 1, "\(reference): \(opened)")
            let disputes = try engine.reading { db in
                try db.fetchValue("SELECT COUNT(*) FROM disputes d JOIN transactions x ON x.id = d.transaction_id WHERE x.reference = ?",
                                  [reference], as: Int.self)
            }
            #expect(disputes == 1, "\(reference)")
        }

        // The maker files each request through A; the command line refuses their own approval through B.
        let maker = RemoteClient(socketPath: a.socket, asLogin: "budi")
        let requests = try customers.map { try maker.requestUnfreeze(customerId: $0, reason: "owner verified at the branch").id }
        let own = try ServePostgresTests.paydesk(b.socket, as: "budi", ["approvals", "approve", String(requests[0]), "--reason", "me"])
        #expect(own.status == 4, "\(own.output)")
        #expect(own.stderr.contains("cannot approve their own request"), "\(own.output)")

        // Two supervisors decide each request at once, sari through A and ops through B;
        // which of them approves and which rejects alternates.
        let auditBefore = try #require(try engine.reading { try $0.fetchValue("SELECT COUNT(*) FROM audit_log", as: Int.self) })
        var winners: [Int64: String] = [:]
        for (i, request) in requests.enumerated() {
            let sari = RemoteClient(socketPath: a.socket, asLogin: "sari"), ops = RemoteClient(socketPath: b.socket, asLogin: "ops")
            _ = try sari.whoAmI(); _ = try ops.whoAmI()
            let sariApproves = i % 2 == 0
            let results = Self.together([
                { Self.attempt { (sariApproves ? try sari.approve(requestId: request, reason: "KTP checked")
                                               : try sari.reject(requestId: request, reason: "not convinced")).state.rawValue } },
                { Self.attempt { (sariApproves ? try ops.reject(requestId: request, reason: "not convinced")
                                               : try ops.approve(requestId: request, reason: "KTP checked")).state.rawValue } },
            ])
            let won = results.filter { $0 == "approved" || $0 == "rejected" }
            #expect(won.count == 1, "request \(request): \(results)")
            #expect(results.filter { $0.hasPrefix("conflict: Request #\(request)") }.count == 1, "request \(request): \(results)")
            winners[request] = won.first
        }

        // The account shows the winner's effect; the request records the winner; one audit
        // record per decision, none for the loser.
        for (request, customer) in zip(requests, customers) {
            let row = try #require(try engine.reading { db in
                try db.fetchRow("""
                    SELECT s.state, s.decided_by, c.status FROM security_actions s JOIN customers c ON c.id = s.customer_id WHERE s.id = ?
                    """, [request])
            })
            let state: String = row["state"], status: String = row["status"]
            #expect(state == winners[request], "request \(request)")
            #expect(status == (state == "approved" ? "active" : "frozen"), "customer \(customer) after \(state)")
            let decisions = try engine.reading { db in
                try db.fetchValue("""
                    SELECT COUNT(*) FROM audit_log WHERE entity = 'security_action' AND entity_id = ? AND action IN ('security.approve','security.reject')
                    """, [String(request)], as: Int.self)
            }
            #expect(decisions == 1, "request \(request)")
        }
        #expect(Set(winners.values).count >= 1)
        let records = try #require(try engine.reading { try $0.fetchValue("SELECT COUNT(*) FROM audit_log", as: Int.self) })
        #expect(records == auditBefore + requests.count)

        // The supervisors' box, through either instance, agrees.
        let listed = try ServePostgresTests.paydesk(b.socket, as: "sari", ["approvals", "list", "--state", "all", "--json"])
        #expect(listed.status == 0, "\(listed.output)")
        let box = try RemoteClient(socketPath: b.socket, asLogin: "sari").approvals(state: nil)
        for request in requests { #expect(box.first { $0.id == request }?.state.rawValue == winners[request]) }

        for instance in [a, b] { kill(instance.running.pid, SIGTERM) }
        for instance in [a, b] { #expect(ProgramRun.wait(instance.running).status == 0) }
        stopped = true
        #expect(try await engine.store.verifyAuditChain() == .ok(records: records))
        await engine.close()
    }
}
