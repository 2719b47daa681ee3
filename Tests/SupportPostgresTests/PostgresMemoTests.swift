import Foundation
import TestSupport
import SupportPostgres
@testable import SupportStore
import Testing

/// PostgreSQL's memos (the supervisor screen's figures, a filter's totals) are kept until
/// the engine's change version moves: a commit through the engine, or a change a peer
/// announced (`noteChangeElsewhere`, which the service's peer relay calls). With the
/// clock standing still, nothing else moves it.
@Suite struct PostgresMemoTests {
    @Test func theDashboardIsComputedOncePerChange() async throws {
        let demo = try await MigratedDemo.make()
        defer { demo.source.remove() }
        let now = Date(timeIntervalSince1970: 1_795_575_600)
        let engine = try await PostgresEngine.open(demo.location, auditKeyPath: demo.keyPath, maximumConnections: 2, clock: { now })
        func computed() -> Int { engine.dashboardMemo.computations.withLock { $0 } }

        let first = try engine.supervisorDashboard()
        #expect(computed() == 1)
        _ = try engine.supervisorDashboard()
        #expect(computed() == 1, "asked again with nothing changed")

        // A peer's announced change.
        engine.noteChangeElsewhere()
        _ = try engine.supervisorDashboard()
        #expect(computed() == 2)

        // A commit through this engine: the escalation shows on the next ask.
        let sari = try #require(try engine.agent(login: "sari"))
        let open = try #require(try engine.queuePage(QueueSpec(view: .team, actor: sari), limit: 50)
            .first { !first.attention.map(\.number).contains($0.number) })
        _ = try engine.escalate(ticket: open.number, reason: "Customer threatens a regulator complaint", by: sari)
        let after = try engine.supervisorDashboard()
        #expect(computed() == 3)
        #expect(after.attention.map(\.number).contains(open.number))
        await engine.close()
    }
}
