import Foundation
import SupportAPI
import SupportCore
import SupportPostgres
import SupportRemote
import SupportStore
import Testing
import TestSupport

/// Presence across service instances: each instance keeps it in its own memory, so a
/// presence change is told to that instance's consoles and not announced to the others
/// (whose consoles could not see it, and would only read in vain).
@Suite struct ServePresenceTests {
    @Test func presenceIsToldOnItsOwnInstanceAndNotAnnouncedToTheOther() async throws {
        try await ServePostgresTests.twoInstances { a, b, engine, _ in
            let number = try #require(try engine.reading { db in
                try db.fetchValues("SELECT number FROM tickets ORDER BY number LIMIT 1", as: Int64.self)
            }.first)
            let onA = try RemoteClient(socketPath: a.socket, asLogin: "sari").changeFeed()
            let onB = try RemoteClient(socketPath: b.socket, asLogin: "sari").changeFeed()
            defer { onA.close(); onB.close() }
            let budi = RemoteClient(socketPath: a.socket, asLogin: "budi")
            #expect(try budi.setPresence(ticketNumber: number, state: .viewing))
            // Then a data change through A: once B hears it, B has heard all A announced before it.
            try budi.note(ticket: number, body: "presence across instances")
            func changes(_ feed: ChangeFeed, until done: (ChangeSet) -> Bool) -> [ChangeSet] {
                var heard: [ChangeSet] = []
                let deadline = ContinuousClock.now + .seconds(10)
                while ContinuousClock.now < deadline {
                    if let change = feed.poll() {
                        heard.append(change)
                        if done(change) { break }
                    } else {
                        usleep(2_000)
                    }
                }
                return heard
            }
            let heardOnA = changes(onA) { $0.tickets.contains(number) }
            #expect(heardOnA.contains { $0.presence && ($0.presenceTickets ?? []).contains(number) }, "A's consoles: \(heardOnA)")
            let heardOnB = changes(onB) { $0.tickets.contains(number) }
            #expect(heardOnB.last?.tickets.contains(number) == true, "B heard the note: \(heardOnB)")
            #expect(!heardOnB.contains { $0.presence }, "B's consoles were told of A's presence: \(heardOnB)")
            // And what B's consoles would read shows nobody: the book is A's.
            let dewiOnB = RemoteClient(socketPath: b.socket, asLogin: "dewi")
            #expect(try dewiOnB.presence(ticketNumber: number).isEmpty)
            #expect(try RemoteClient(socketPath: a.socket, asLogin: "dewi").presence(ticketNumber: number).map(\.login) == ["budi"])
        }
    }
}
