import Foundation
import Testing
@testable import TermUI

/// The console's wait on its terminal ends when another thread signals, when the terminal
/// has input, or when the time is up; a wait after the signal was answered waits again.
@Suite struct WakeSignalTests {
    /// A pipe standing for the terminal: nothing to read until the test writes.
    func quietInput() -> (read: Int32, write: Int32) {
        var ends: [Int32] = [0, 0]
        _ = pipe(&ends)
        return (ends[0], ends[1])
    }

    @Test func aSignalFromAnotherThreadEndsTheWait() throws {
        let wake = try #require(WakeSignal())
        let input = quietInput()
        defer { close(input.read); close(input.write) }
        let started = DispatchSemaphore(value: 0)
        Thread { started.wait(); usleep(20_000); wake.signal() }.start()
        started.signal()
        let before = Date()
        wake.wait(with: input.read, timeoutMilliseconds: 60_000)
        // Ended by the signal, not by the minute: the test would take a minute otherwise.
        #expect(Date().timeIntervalSince(before) < 30)
    }

    @Test func signalsBeforeTheWaitAreAnsweredOnceAndTheNextWaitTimesOut() throws {
        let wake = try #require(WakeSignal())
        let input = quietInput()
        defer { close(input.read); close(input.write) }
        for _ in 0..<100_000 { wake.signal() }   // more than the pipe holds: never blocks
        wake.wait(with: input.read, timeoutMilliseconds: 60_000)
        let before = Date()
        wake.wait(with: input.read, timeoutMilliseconds: 50)
        #expect(Date().timeIntervalSince(before) >= 0.04, "the pipe was emptied by the first wait")
    }

    @Test func inputEndsTheWait() throws {
        let wake = try #require(WakeSignal())
        let input = quietInput()
        defer { close(input.read); close(input.write) }
        var byte: UInt8 = 0x6A
        _ = write(input.write, &byte, 1)
        let before = Date()
        wake.wait(with: input.read, timeoutMilliseconds: 60_000)
        #expect(Date().timeIntervalSince(before) < 30)
    }
}
