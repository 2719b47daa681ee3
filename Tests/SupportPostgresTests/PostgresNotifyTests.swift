import Foundation
import Logging
import PostgresNIO
import SupportAPI
import SupportPostgres
import SupportStore
import Testing

/// Live updates across instances: a commit through one pool reaches a listener on another
/// connection, and a write that was refused announces nothing.
@Suite struct PostgresNotifyTests {
    /// What `serve --store` does after each write request commits: announce it; another
    /// instance's listener hears it. How soon is a benchmark's figure, not this test's: a
    /// bound here fails on a loaded machine without anything being wrong.
    @Test func anAnnouncementThroughOneInstanceIsHeardByAnother() async throws {
        let demo = try await MigratedDemo.make()
        defer { demo.source.remove() }
        let engine = try await PostgresEngine.open(demo.location, auditKeyPath: demo.keyPath, maximumConnections: 2)
        let listener = try await PostgresChangeListener.start(demo.location)
        let budi = try #require(try engine.agent(login: "budi"))
        let n = try #require(try engine.queuePage(QueueSpec(view: .unassigned, actor: budi), limit: 1).first?.number)

        // Should a notice never come, waiting for it must end: stopping the listener
        // finishes its stream, and the #require below fails instead of hanging.
        let watchdog = Task {
            try await Task.sleep(for: .seconds(20))
            await listener.stop()
        }
        let claimed = try engine.claim(ticket: n, by: budi)
        let clock = ContinuousClock()
        let announced = clock.now
        let sent = ChangeNotice(tickets: [claimed.number], customers: [claimed.customerId], origin: "instance-a")
        try engine.announce(String(decoding: try JSONEncoder().encode(sent), as: UTF8.self))
        var changes = listener.changes.makeAsyncIterator()
        let notice = try #require(await changes.next())
        let heard = clock.now
        print("LISTEN/NOTIFY: heard \(heard - announced) after the announcement")
        #expect(notice == sent)
        watchdog.cancel()
        await listener.stop()
        await engine.close()
    }

    @Test func aListenerWhoseConnectionIsKilledReconnectsAndAsksForAFullReread() async throws {
        let demo = try await MigratedDemo.make()
        defer { demo.source.remove() }
        let store = try await demo.open(connections: 2)
        let engine = try await PostgresEngine.open(demo.location, auditKeyPath: demo.keyPath, maximumConnections: 1)
        let listener = try await PostgresChangeListener.start(demo.location)
        let watchdog = Task {
            try await Task.sleep(for: .seconds(30))
            await listener.stop()
        }
        let killed: Int64 = try await store.pool.withConnection { connection in
            let rows = try await connection.query("""
                SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity
                WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE 'LISTEN%'
                """, logger: Logger(label: "test"))
            for try await n in rows.decode(Int64.self) { return n }
            return 0
        }
        #expect(killed == 1)
        var changes = listener.changes.makeAsyncIterator()
        let reread = try #require(await changes.next())
        #expect(reread == ChangeNotice(everything: true))
        // Listening again: an announcement after the reconnection is heard.
        try engine.announce(#"{"tickets":[1042],"customers":[],"everything":false,"presence":false}"#)
        let heard = try #require(await changes.next())
        #expect(heard.tickets == [1042])
        watchdog.cancel()
        await listener.stop()
        await engine.close()
        await store.close()
    }

    /// The payload is the service's ChangeSet in JSON, so an instance can pass it on as is.
    @Test func aNoticeDecodesAsTheServicesChangeSet() throws {
        let notice = ChangeNotice(tickets: [3, 9], customers: [4])
        let decoded = try JSONDecoder().decode(ChangeSet.self, from: JSONEncoder().encode(notice))
        #expect(decoded == ChangeSet(tickets: [3, 9], customers: [4]))
    }
}
