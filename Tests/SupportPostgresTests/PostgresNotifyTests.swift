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
    @Test func aClaimThroughOneInstanceIsHeardByAnotherWithin300ms() async throws {
        let demo = try await MigratedDemo.make()
        defer { demo.source.remove() }
        let store = try await demo.open(connections: 2)
        let listener = try await PostgresChangeListener.start(demo.location)
        let logins = try await store.activeAgentLogins()
        let tickets = try await store.claimableTickets(limit: 2)
        try #require(logins.count >= 2 && tickets.count == 2)

        // Should a notice never come, waiting for it must end: stopping the listener
        // finishes its stream, and the #require below fails instead of hanging.
        let watchdog = Task {
            try await Task.sleep(for: .seconds(20))
            await listener.stop()
        }
        let clock = ContinuousClock()
        let start = clock.now
        let claimed = try await store.claim(ticket: tickets[0], by: logins[0])
        let committed = clock.now
        var changes = listener.changes.makeAsyncIterator()
        let notice = try #require(await changes.next())
        let heard = clock.now
        let ms: (Duration) -> String = { $0.formatted(.units(allowed: [.milliseconds], fractionalPart: .show(length: 1))) }
        print("LISTEN/NOTIFY: heard \(ms(heard - committed)) after the claim committed (\(ms(heard - start)) from the claim's start)")
        #expect(notice.tickets == [claimed.ticketId])
        #expect(notice.customers.count == 1)
        // The bound is on delivery, commit to listener; the claim's own transaction (nine
        // round trips) comes before it and varies with the machine's load.
        #expect(heard - committed < .milliseconds(300))
        #expect(heard - start < .seconds(1), "claim and delivery together, with room for a loaded machine")

        // A refused claim rolls back its notice with everything else: the next notice
        // heard is the following successful claim's.
        await #expect(throws: StoreError.self) { try await store.claim(ticket: tickets[0], by: logins[1]) }
        let second = try await store.claim(ticket: tickets[1], by: logins[1])
        let next = try #require(await changes.next())
        #expect(next.tickets == [second.ticketId])
        watchdog.cancel()
        await listener.stop()
        await store.close()
    }

    @Test func aListenerWhoseConnectionIsKilledReconnectsAndAsksForAFullReread() async throws {
        let demo = try await MigratedDemo.make()
        defer { demo.source.remove() }
        let store = try await demo.open(connections: 2)
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
        // Listening again: a claim after the reconnection is heard.
        let login = try #require(try await store.activeAgentLogins().first)
        let n = try #require(try await store.claimableTickets(limit: 1).first)
        let claimed = try await store.claim(ticket: n, by: login)
        let heard = try #require(await changes.next())
        #expect(heard.tickets == [claimed.ticketId])
        watchdog.cancel()
        await listener.stop()
        await store.close()
    }

    /// The payload is the service's ChangeSet in JSON, so an instance can pass it on as is.
    @Test func aNoticeDecodesAsTheServicesChangeSet() throws {
        let notice = ChangeNotice(tickets: [3, 9], customers: [4])
        let decoded = try JSONDecoder().decode(ChangeSet.self, from: JSONEncoder().encode(notice))
        #expect(decoded == ChangeSet(tickets: [3, 9], customers: [4]))
    }
}
