import Testing
import TermUI
@testable import AgentConsole

/// The heap's free memory goes back to the system once, on an idle turn after the agent
/// left a screen or closed a dialog; never on a turn that handled something, and never
/// again until the next such change.
@Suite struct FreedMemoryReturnTests {
    @Test func trimsOnceOnTheIdleTurnAfterTheScreenChanges() throws {
        let c = try HeadlessConsole()
        c.loop.step(timeoutMilliseconds: 0)   // the first tick
        c.loop.step(timeoutMilliseconds: 0)
        #expect(c.loop.memoryTrims == 0, "nothing changed since the console opened")

        c.terminal.enqueue(.key(.char("S")))
        c.loop.step(timeoutMilliseconds: 0)
        #expect(c.state.screen == .supervisor)
        #expect(c.loop.memoryTrims == 0, "the turn that handled the key does not trim")
        c.awaitFigures()   // counted beside the loop; taken here, so the next turn is idle
        c.loop.step(timeoutMilliseconds: 0)
        #expect(c.loop.memoryTrims == 1)
        c.loop.step(timeoutMilliseconds: 0)
        c.loop.step(timeoutMilliseconds: 0)
        #expect(c.loop.memoryTrims == 1, "idle turns without another change do not trim again")

        c.terminal.enqueue(.key(.char("S")))
        c.loop.step(timeoutMilliseconds: 0)
        #expect(c.state.screen == .main)
        c.loop.step(timeoutMilliseconds: 0)
        #expect(c.loop.memoryTrims == 2, "leaving the supervisor screen trims")
    }

    @Test func aDialogOpenedAndClosedBetweenIdleTurnsDoesNotTrim() throws {
        let c = try HeadlessConsole()
        c.loop.step(timeoutMilliseconds: 0)
        c.terminal.enqueue(.key(.char("?")), .key(.escape))
        c.loop.step(timeoutMilliseconds: 0)
        c.loop.step(timeoutMilliseconds: 0)
        #expect(c.loop.memoryTrims == 0, "the shape at the idle turn is the one trimmed last")

        c.terminal.enqueue(.key(.char("?")))
        c.loop.step(timeoutMilliseconds: 0)
        guard case .help = c.state.mode else { Issue.record("? opens the help"); return }
        c.loop.step(timeoutMilliseconds: 0)
        #expect(c.loop.memoryTrims == 1)
        c.terminal.enqueue(.key(.escape))
        c.loop.step(timeoutMilliseconds: 0)
        c.loop.step(timeoutMilliseconds: 0)
        #expect(c.loop.memoryTrims == 2, "closing the help trims")
    }

    @Test func theDecisionNeedsAnIdleTurnAndAChange() {
        var freed = FreedMemoryReturn(current: .init(screen: .main, modeOpen: false))
        let unchanged = freed.shouldTrim(idle: true, current: .init(screen: .main, modeOpen: false))
        let busy = freed.shouldTrim(idle: false, current: .init(screen: .supervisor, modeOpen: false))
        let left = freed.shouldTrim(idle: true, current: .init(screen: .supervisor, modeOpen: false))
        let again = freed.shouldTrim(idle: true, current: .init(screen: .supervisor, modeOpen: false))
        let dialog = freed.shouldTrim(idle: true, current: .init(screen: .supervisor, modeOpen: true))
        #expect([unchanged, busy, left, again, dialog] == [false, false, true, false, true])
    }
}
