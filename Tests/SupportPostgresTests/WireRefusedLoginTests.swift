import Foundation
@testable import SupportPostgres
import Synchronization
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A direct connection whose login fails closes its own socket, once, and nothing else.
/// It once closed it twice (in the initializer and again as the half-made connection was
/// released), and the second close hit whatever another thread had opened in between
/// under the same number: a login test of the suite failed with "Bad file descriptor", and
/// a run once waited for ever on a connection whose descriptor had been closed under it.
@Suite struct WireRefusedLoginTests {
    /// The attack is a race: while logins are refused one after another, a bystander
    /// thread opens pipes as fast as it can and checks that each is still its own
    /// before closing it. Every refusal must be the server's, not a broken socket.
    @Test func aRefusedLoginClosesOnlyItsOwnSocket() throws {
        let attempts = 3_000
        let server = try ScriptedServer(connections: attempts) { side in
            try side.readStartup()
            side.refuse(code: "28P01", message: "password authentication failed")
        }
        let stop = Atomic<Bool>(false)
        let harmed = Atomic<Int>(0)
        let checked = Atomic<Int>(0)
        let bystanderDone = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            while !stop.load(ordering: .relaxed) {
                var ends: [Int32] = [0, 0]
                guard pipe(&ends) == 0 else { continue }
                var byte: UInt8 = 7
                // A pipe closed under the bystander fails here; one whose number was
                // taken again by a socket in the meantime reads back nothing of its own.
                let wrote = Glibc.write(ends[1], &byte, 1)
                var back: UInt8 = 0
                let read = wrote == 1 ? Glibc.read(ends[0], &back, 1) : -1
                if wrote != 1 || read != 1 || back != 7 { harmed.add(1, ordering: .relaxed) }
                checked.add(1, ordering: .relaxed)
                Glibc.close(ends[0])
                Glibc.close(ends[1])
            }
            bystanderDone.signal()
        }
        var otherFailures: [String] = []
        for _ in 0..<attempts {
            do {
                _ = try WireConnection(server.location)
                otherFailures.append("a login the server refused was let in")
            } catch WireError.server(let code, _, _) where code == "28P01" {
            } catch {
                otherFailures.append("\(error)")
            }
        }
        stop.store(true, ordering: .relaxed)
        bystanderDone.wait()
        server.finish()
        #expect(otherFailures.isEmpty, "\(otherFailures.count) failures: \(otherFailures.prefix(3))")
        #expect(harmed.load(ordering: .relaxed) == 0, "the bystander's pipes were closed under it")
        // Not vacuous: the bystander was at work through the logins.
        #expect(checked.load(ordering: .relaxed) > attempts)
    }
}
