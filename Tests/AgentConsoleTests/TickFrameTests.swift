import Foundation
import Synchronization
import Testing
import SupportAPI
import SupportCore
import SupportStore
import TermUI
@testable import AgentConsole

/// The once-a-second tick draws a frame only when time changed what the screen shows:
/// an idle console draws about once a minute, yet never shows a stale countdown.
@Suite struct TickFrameTests {
    final class Clock: Sendable {
        let value: Mutex<Date>
        init(_ date: Date) { value = Mutex(date) }
        var now: Date { value.withLock { $0 } }
        func move(to date: Date) { value.withLock { $0 = date } }
    }

    /// A console on the demo whose store clock the test moves; every turn is a tick.
    func console(login: String) throws -> (loop: EventLoop, terminal: HeadlessTerminal, clock: Clock) {
        let clock = Clock(HeadlessConsole.now)
        let store = try SupportStore(path: HeadlessConsole.demoPath(), clock: { clock.now })
        try store.generateDemo(seed: 42)
        let terminal = HeadlessTerminal(width: 120, height: 40)
        let loop = try EventLoop(store: store, actor: try store.agent(login: login)!, terminal: terminal, theme: .defaultDark)
        return (loop, terminal, clock)
    }

    @Test(arguments: ["budi", "sari"])
    func theScreenIsNeverStaleAndTicksDrawOnlyWhenTimeChangedIt(login: String) throws {
        let c = try console(login: login)
        c.loop.step(timeoutMilliseconds: 0)
        #expect(c.terminal.presentCount == 1)
        var rng = SplitMix64(seed: 7)
        var now = HeadlessConsole.now, ticks = 0
        // Four hours in random steps of up to 50 s: countdowns cross minutes, hours, zero.
        while now < HeadlessConsole.now.addingTimeInterval(4 * 3_600) {
            now = now.addingTimeInterval(Double(rng.next() % 50_000) / 1_000)
            c.clock.move(to: now)
            let before = c.terminal.presentCount
            let due = c.loop.controller.state.timeWatch.nextChange
            c.loop.tickOnNextStep()
            c.loop.step(timeoutMilliseconds: 0)
            ticks += 1
            let shown = try #require(c.terminal.presented.last)
            let current = ConsoleView.render(c.loop.controller.state)
            #expect(Bool(current == shown), "the screen at \(now) is what time makes it (tick \(ticks))")
            if c.terminal.presentCount > before, c.terminal.presented.count >= 2 {
                let previous = c.terminal.presented[c.terminal.presented.count - 2]
                #expect(Bool(previous != shown), "a tick drew a frame identical to the last at \(now.timeIntervalSince1970), due \(due.timeIntervalSince1970)")
            }
        }
        #expect(c.terminal.presentCount < 1 + ticks, "some ticks drew nothing")
    }

    @Test func theSupervisorScreenDrawsEveryTick() throws {
        let c = try console(login: "sari")
        c.terminal.enqueue(.key(.char("S")))
        c.loop.step(timeoutMilliseconds: 0)
        #expect(c.loop.controller.state.screen == .supervisor)
        let before = c.terminal.presentCount
        for _ in 0..<3 { c.loop.tickOnNextStep(); c.loop.step(timeoutMilliseconds: 0) }
        #expect(c.terminal.presentCount == before + 3)
    }

    @Test func anIdleQueueDrawsOncePerMinuteAtMost() throws {
        let c = try console(login: "budi")
        c.loop.step(timeoutMilliseconds: 0)
        let start = c.terminal.presentCount
        // Sixty one-second ticks: at most one minute boundary of the header clock, plus
        // whatever countdown passes a minute on screen.
        for second in 1...60 {
            c.clock.move(to: HeadlessConsole.now.addingTimeInterval(Double(second)))
            c.loop.tickOnNextStep()
            c.loop.step(timeoutMilliseconds: 0)
        }
        #expect(c.terminal.presentCount - start < 10, "\(c.terminal.presentCount - start) frames in a minute")
        #expect(c.terminal.presentCount - start >= 1, "the header's minute passed")
    }

    @Test(arguments: 0..<2_000)
    func theWatchNamesTheInstantTheTextChanges(seed: Int) {
        var rng = SplitMix64(seed: UInt64(seed))
        let magnitude = [90.0, 7_200, 200_000, 3_000_000][Int(rng.next() % 4)]
        let value = (Double(rng.next() % 2_000_001) / 1_000_000 - 1) * magnitude
        let growing = rng.next() % 2 == 0
        let direction: Double = (value >= 0) == growing ? 1 : -1
        let wait = RelativeTimeWatch.secondsUntilTextChanges(value, growing: growing)
        let text = DurationText.format(value)
        #expect(DurationText.format(value + direction * max(0, wait - 0.002)) == text, "\(value) growing \(growing): changed before \(wait)")
        #expect(DurationText.format(value + direction * (wait + 0.002)) != text, "\(value) growing \(growing): unchanged after \(wait)")
    }
}
