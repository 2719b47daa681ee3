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
            #expect(try ServePostgresTests.listening([onA, onB], notes: budi, on: number), "a feed never heard a note")
            #expect(try budi.setPresence(ticketNumber: number, state: .viewing))
            // Then a data change through A: once B hears it, B has heard all A announced before it.
            try budi.note(ticket: marker, body: "presence across instances")
            let heardOnA = ServePostgresTests.changes(onA, until: marker)
            #expect(heardOnA.contains { $0.presence && ($0.presenceTickets ?? []).contains(number) }, "A's consoles: \(heardOnA)")
            let heardOnB = ServePostgresTests.changes(onB, until: marker)
            #expect(heardOnB.last?.tickets.contains(marker) == true, "B heard the note: \(heardOnB)")
            #expect(!heardOnB.contains { $0.presence }, "B's consoles were told of A's presence: \(heardOnB)")
            // And what B's consoles would read shows nobody: the book is A's.
            let dewiOnB = RemoteClient(socketPath: b.socket, asLogin: "dewi")
            #expect(try dewiOnB.presence(ticketNumber: number).isEmpty)
            #expect(try RemoteClient(socketPath: a.socket, asLogin: "dewi").presence(ticketNumber: number).map(\.login) == ["budi"])
        }
    }
}
