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
            let numbers = try engine.reading { db in
                try db.fetchValues("SELECT number FROM tickets ORDER BY number LIMIT 2", as: Int64.self)
            }
            try #require(numbers.count == 2)
            // Presence on `number`; a note on `marker` after it says what came before has arrived.
            let (number, marker) = (numbers[0], numbers[1])
            let onA = try RemoteClient(socketPath: a.socket, asLogin: "sari").changeFeed()
            let onB = try RemoteClient(socketPath: b.socket, asLogin: "sari").changeFeed()
            defer { onA.close(); onB.close() }
            let budi = RemoteClient(socketPath: a.socket, asLogin: "budi")
            /// What `feed` reports up to a change naming `ticket`, waiting at most `seconds`.
            func changes(_ feed: ChangeFeed, until ticket: Int64, seconds: Int = 10) -> [ChangeSet] {
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
            // The feeds connect in the background: notes on `number` until each has heard one.
            for feed in [onA, onB] {
                var listening = false
                for _ in 0..<20 where !listening {
                    try budi.note(ticket: number, body: "listening?")
                    listening = changes(feed, until: number, seconds: 1).last?.tickets.contains(number) == true
                }
                #expect(listening, "a feed never heard a note")
            }
            #expect(try budi.setPresence(ticketNumber: number, state: .viewing))
            // Then a data change through A: once B hears it, B has heard all A announced before it.
            try budi.note(ticket: marker, body: "presence across instances")
            let heardOnA = changes(onA, until: marker)
            #expect(heardOnA.contains { $0.presence && ($0.presenceTickets ?? []).contains(number) }, "A's consoles: \(heardOnA)")
            let heardOnB = changes(onB, until: marker)
            #expect(heardOnB.last?.tickets.contains(marker) == true, "B heard the note: \(heardOnB)")
            #expect(!heardOnB.contains { $0.presence }, "B's consoles were told of A's presence: \(heardOnB)")
            // And what B's consoles would read shows nobody: the book is A's.
            let dewiOnB = RemoteClient(socketPath: b.socket, asLogin: "dewi")
            #expect(try dewiOnB.presence(ticketNumber: number).isEmpty)
            #expect(try RemoteClient(socketPath: a.socket, asLogin: "dewi").presence(ticketNumber: number).map(\.login) == ["budi"])
        }
    }
}
