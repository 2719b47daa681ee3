import Foundation
import SupportAPI
import SupportPostgres
import SupportRemote
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

    /// What `feed` reports up to a change naming `ticket`, waiting at most `seconds`.
    static func changes(_ feed: ChangeFeed, until ticket: Int64, seconds: Int = 10) -> [ChangeSet] {
        var heard: [ChangeSet] = []
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            if let change = feed.poll() {
                heard.append(change)
                if change.tickets.contains(ticket) { break }
            } else {
                usleep(2_000)
            }
        }
        return heard
    }

    /// Feeds connect in the background: notes on `ticket` by `writer` until each has heard
    /// one. False when one never did.
    static func listening(_ feeds: [ChangeFeed], notes writer: RemoteClient, on ticket: Int64) throws -> Bool {
        for feed in feeds {
            var listening = false
            for _ in 0..<20 where !listening {
                try writer.note(ticket: ticket, body: "listening?")
                listening = changes(feed, until: ticket, seconds: 1).last?.tickets.contains(ticket) == true
            }
            guard listening else { return false }
        }
        return true
    }
}
