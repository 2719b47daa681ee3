import Foundation
import SupportPostgres
import TestSupport

extension ServePostgresTests {
    /// Two `paydesk serve --store` instances on one freshly migrated demo, both answering,
    /// and an engine on the same database for the test's own reads; both instances are
    /// killed at the end. The races between instances start from here.
    static func twoInstances(_ body: (Instance, Instance, PostgresEngine, MigratedDemo) async throws -> Void) async throws {
        let demo = try await MigratedDemo.make()
        defer { demo.source.remove() }
        let a = try serve(demo, socket: demo.source.dir.appendingPathComponent("a.sock").path)
        let b = try serve(demo, socket: demo.source.dir.appendingPathComponent("b.sock").path)
        defer { for instance in [a, b] { kill(instance.running.pid, SIGKILL); _ = ProgramRun.wait(instance.running) } }
        try waitUntilServing(a)
        try waitUntilServing(b)
        let engine = try await PostgresEngine.open(demo.location, auditKeyPath: demo.keyPath, maximumConnections: 2)
        do { try await body(a, b, engine, demo) } catch { await engine.close(); throw error }
        await engine.close()
    }
}
