import Foundation
import SupportAPI
import SupportCore
import SupportPostgres
import SupportRemote
import SupportStore
import Testing
import TestSupport

/// A write's token (`X-Paydesk-Write`) comes back in the change it commits, signed by the
/// service with who sent it, to the consoles of the instance that took the write; the
/// other instances' consoles hear the change without it (the writer is not among them).
/// A token replayed by another agent comes back signed with that agent's login, and a
/// token that is not letters, digits and `-` is not told back at all.
@Suite struct ServeWriteEchoTests {
    @Test func aWritesTokenComesBackSignedOnItsInstanceOnly() async throws {
        try await ServePostgresTests.twoInstances { a, b, engine, _ in
            let marker = try #require(try engine.reading { db in
                try db.fetchValue("SELECT number FROM tickets ORDER BY number LIMIT 1", as: Int64.self)
            })
            let onA = try RemoteClient(socketPath: a.socket, asLogin: "dewi").changeFeed()
            let onB = try RemoteClient(socketPath: b.socket, asLogin: "dewi").changeFeed()
            defer { onA.close(); onB.close() }
            let budi = RemoteClient(socketPath: a.socket, asLogin: "budi")
            /// The change naming `marker` that `feed` reports next, waiting at most `seconds`.
            func heard(_ feed: ChangeFeed, seconds: Int = 10) -> ChangeSet? {
                ServePostgresTests.changes(feed, until: marker, seconds: seconds).last { $0.tickets.contains(marker) }
            }
            #expect(try ServePostgresTests.listening([onA, onB], notes: budi, on: marker), "a feed never heard a note")
            // Whatever is still on its way from the notes above, heard and let go.
            for feed in [onA, onB] { while heard(feed, seconds: 1) != nil {} }

            let sari = RemoteClient(socketPath: a.socket, asLogin: "sari")
            _ = sari.takeAnsweredWrites()
            try sari.note(ticket: marker, body: "sari's note")
            let token = try #require(sari.takeAnsweredWrites().last)
            let onItsInstance = try #require(heard(onA))
            #expect(onItsInstance.echoOf == [WriteEcho(by: "sari", token: token)], "\(onItsInstance)")
            let onTheOther = try #require(heard(onB))
            #expect(onTheOther.echoOf == nil, "the other instance told the token: \(onTheOther)")

            // Budi sends sari's token (every console saw it): the change is budi's.
            let replaying = RemoteClient(sockets: [a.socket], asLogin: "budi", writeTokens: { token })
            try replaying.note(ticket: marker, body: "budi, with sari's token")
            #expect(heard(onA)?.echoOf == [WriteEcho(by: "budi", token: token)])
            #expect(heard(onB)?.echoOf == nil)

            // A token the service does not accept is not told back.
            for bad in ["not a token", String(repeating: "7", count: 65), "a/b"] {
                let odd = RemoteClient(sockets: [a.socket], asLogin: "sari", writeTokens: { bad })
                try odd.note(ticket: marker, body: "odd token")
                let change = try #require(heard(onA))
                #expect(change.echoOf == nil, "\(bad.debugDescription) came back: \(change)")
                #expect(heard(onB) != nil)
            }
        }
    }
}
