import Foundation
import Synchronization
import Testing
import SupportAPI
import SupportCore
import SupportStore
import TermUI
@testable import AgentConsole

/// A key's frame goes out before the loop looks at a change pushed meanwhile: after a
/// write that change is mostly the console's own, coming back on the event stream, and its
/// re-read must not hold the frame that shows the key.
@Suite struct KeyFrameFirstTests {
    @Test func theClaimsFrameIsOutBeforeItsOwnChangeIsReRead() throws {
        let store = try SupportStore(path: HeadlessConsole.demoPath(), clock: { HeadlessConsole.now })
        try store.generateDemo(seed: 42)
        let client = PushedHeaderCountsTests.PushingClient(store: store, login: "budi")
        let terminal = HeadlessTerminal(width: 120, height: 40)
        let loop = try EventLoop(client: client, actor: try #require(try store.agent(login: "budi")), terminal: terminal,
                                 theme: .defaultDark)
        // Each request with the number of frames the terminal had been given when it was sent.
        let stamps = Mutex<[(operation: String, frames: Int)]>([])
        client.onSend = { operation in stamps.withLock { $0.append((operation, terminal.presentCount)) } }
        loop.controller.update(.setView(.unassigned))
        loop.step(timeoutMilliseconds: 0)
        let number = try #require(loop.controller.state.queue.window.selectedRow?.number)
        stamps.withLock { $0 = [] }
        let before = terminal.presentCount

        // The claim, and its own change already back on the stream when the turn looks.
        terminal.enqueue(.key(.char("c")))
        client.feed.pending = ChangeSet(tickets: [number])
        loop.step(timeoutMilliseconds: 0)

        let asked = stamps.withLock { $0 }
        let claim = try #require(asked.firstIndex { $0.operation == "claim" })
        let keyWork = asked[...claim].count + asked[(claim + 1)...].prefix { $0.frames == before }.count
        #expect(asked[..<keyWork].allSatisfy { $0.frames == before }, "the claim and its own reads come before any frame: \(asked)")
        #expect(keyWork < asked.count, "the pushed change was re-read: \(asked)")
        #expect(asked[keyWork...].allSatisfy { $0.frames == before + 1 },
                "the change's re-read waits for the claim's frame: \(asked)")
        #expect(try store.ticket(number: number).assigneeId == (try store.agent(login: "budi"))?.id)
        // The frame that went first already showed the claim.
        #expect(terminal.presented[before].text.contains("Claimed"), "the claim's frame says so")
    }
}
