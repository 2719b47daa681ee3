@testable import SupportPostgres
import Testing
import TestSupport

/// A pool's close waits for postgres-nio's run task, which once never ended and held a
/// whole test run; the wait is bounded (`PostgresPool.finishes`).
@Suite struct PostgresPoolCloseTests {
    @Test func aWaitThatDoesNotEndIsGivenUpAtItsLimit() async {
        let started = ContinuousClock.now
        let finished = await PostgresPool.finishes({ try? await Task.sleep(for: .seconds(3_600)) }, within: .milliseconds(200))
        #expect(!finished)
        // Given up at the limit, not when the work ended.
        #expect(ContinuousClock.now - started < .seconds(3_000))
    }

    @Test func aWaitThatEndsIsReportedAsFinished() async {
        #expect(await PostgresPool.finishes({ await Task.yield() }, within: .seconds(600)))
    }

    @Test func aPoolClosesAndItsRunTaskEnds() async throws {
        let pool = PostgresPool(try await PostgresCluster.freshDatabase(), maximumConnections: 1)
        try await pool.execute("SELECT 1")
        await pool.close()
        await #expect(throws: (any Error).self) { try await pool.execute("SELECT 1") }
    }
}
