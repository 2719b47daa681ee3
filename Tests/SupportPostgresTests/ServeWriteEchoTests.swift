import Foundation
import SupportAPI
import SupportCore
import SupportPostgres
import SupportRemote
import SupportStore
import Testing
import TestSupport

/// A write's token (`X-Paydesk-Write`) comes back in the change it commits, signed by the
/// service with who sent it, on the writer's own event streams of the instance that took
/// the write, and nowhere else: another agent's streams and the other instance's hear the
/// change without it. A token sent again by another agent comes back to that agent signed
/// with their login, never to the first writer; a token that is not letters, digits and
/// `-` is not told back at all.
@Suite struct ServeWriteEchoTests {
    @Test func aWritesTokenComesBackSignedToItsWriterOnly() async throws {
        try await ServePostgresTests.twoInstances { a, b, engine, _ in
            let marker = try #require(try engine.reading { db in
                try db.fetchValue("SELECT number FROM tickets ORDER BY number LIMIT 1", as: Int64.self)
            })
            let sariOnA = try RemoteClient(socketPath: a.socket, asLogin: "sari").changeFeed()
            let budiOnA = try RemoteClient(socketPath: a.socket, asLogin: "budi").changeFeed()
            let dewiOnA = try RemoteClient(socketPath: a.socket, asLogin: "dewi").changeFeed()
            let sariOnB = try RemoteClient(socketPath: b.socket, asLogin: "sari").changeFeed()
            let feeds = [sariOnA, budiOnA, dewiOnA, sariOnB]
            defer { for feed in feeds { feed.close() } }
            let budi = RemoteClient(socketPath: a.socket, asLogin: "budi")
            /// The change naming `marker` that `feed` reports next, waiting at most `seconds`.
            func heard(_ feed: ChangeFeed, seconds: Int = 10) -> ChangeSet? {
                ServePostgresTests.changes(feed, until: marker, seconds: seconds).last { $0.tickets.contains(marker) }
            }
            #expect(try ServePostgresTests.listening(feeds, notes: budi, on: marker), "a feed never heard a note")
            // Whatever is still on its way from the notes above, heard and let go.
            for feed in feeds { while heard(feed, seconds: 1) != nil {} }

            let sari = RemoteClient(socketPath: a.socket, asLogin: "sari")
            _ = sari.takeAnsweredWrites()
            try sari.note(ticket: marker, body: "sari's note")
            let token = try #require(sari.takeAnsweredWrites().last)
            #expect(try #require(heard(sariOnA)).echoOf == [WriteEcho(by: "sari", token: token)])
            for (name, feed) in [("budi on A", budiOnA), ("dewi on A", dewiOnA), ("sari on B", sariOnB)] {
                let change = try #require(heard(feed), "\(name) heard the note")
                #expect(change.echoOf == nil, "\(name) was told sari's token: \(change)")
            }

            // Budi sends sari's token (as if he had it): the write is budi's, and told as his.
            let replaying = RemoteClient(sockets: [a.socket], asLogin: "budi", writeTokens: { token })
            try replaying.note(ticket: marker, body: "budi, with sari's token")
            #expect(try #require(heard(budiOnA)).echoOf == [WriteEcho(by: "budi", token: token)])
            #expect(try #require(heard(sariOnA)).echoOf == nil, "sari's streams were told budi's write as hers")
            for feed in [dewiOnA, sariOnB] { #expect(try #require(heard(feed)).echoOf == nil) }

            // A token the service does not accept is not told back.
            for bad in ["not a token", String(repeating: "7", count: 65), "a/b"] {
                let odd = RemoteClient(sockets: [a.socket], asLogin: "sari", writeTokens: { bad })
                try odd.note(ticket: marker, body: "odd token")
                let change = try #require(heard(sariOnA))
                #expect(change.echoOf == nil, "\(bad.debugDescription) came back: \(change)")
                for feed in [budiOnA, dewiOnA, sariOnB] { #expect(heard(feed) != nil) }
            }
        }
    }
}
