import Dispatch
import Foundation
import Synchronization
import Testing
import SupportAPI
import SupportCore
import SupportStore
import TermUI
@testable import AgentConsole

/// Through the service the queue's reload after a write sends the header's counts and the
/// page at once (`OverlappedRead`), so the frame waits for the longer of the two round
/// trips, not both. The client here holds each of the two until the other has been sent:
/// sent one after the other, in either order, the first would wait out its timeout and
/// the test fail. In process (`overlapsReads` false) the counts come first, as before.
@Suite struct OverlappedQueueReadsTests {
    final class MeetingClient: SupportClient, @unchecked Sendable {
        let embedded: EmbeddedClient
        let overlaps: Bool
        let asked = Mutex<[String]>([])
        /// Set to make the two operations of `pair` each wait for the other to be sent.
        let meeting = Mutex(false)
        let pair = Mutex((QueueCountsRequest.operation, QueuePageRequest.operation))
        let firstSent = DispatchSemaphore(value: 0)
        let secondSent = DispatchSemaphore(value: 0)
        /// The waits that ran out: a request that was not in flight with the other.
        let missed = Mutex<[String]>([])
        /// Whether each operation was sent from the thread that runs the loop.
        let onLoopThread = Mutex<[String: Bool]>([:])
        let loopThread = Mutex<pthread_t?>(nil)

        init(store: SupportStore, login: String, overlaps: Bool) {
            embedded = EmbeddedClient(store: store, actingAs: login)
            self.overlaps = overlaps
        }

        func send<R: SupportRequest>(_ request: R) throws -> R.Response {
            asked.withLock { $0.append(R.operation) }
            let here = pthread_self()
            let loop = loopThread.withLock { $0 }
            onLoopThread.withLock { $0[R.operation] = loop.map { pthread_equal($0, here) != 0 } }
            if meeting.withLock({ $0 }) {
                let (first, second) = pair.withLock { $0 }
                if R.operation == first { meet(sent: firstSent, waitFor: secondSent, R.operation) }
                if R.operation == second { meet(sent: secondSent, waitFor: firstSent, R.operation) }
            }
            return try embedded.send(request)
        }

        private func meet(sent: DispatchSemaphore, waitFor other: DispatchSemaphore, _ operation: String) {
            sent.signal()
            if other.wait(timeout: .now() + 5) == .timedOut { missed.withLock { $0.append(operation) } }
        }

        var overlapsReads: Bool { overlaps }
        var endpoint: ClientEndpoint { embedded.endpoint }
        /// No change is reported: each test's requests are the keys' alone, whatever the
        /// timing (a feed polled on the clock would add a refresh's reads now and then).
        final class SilentFeed: ChangeFeed {
            func poll() -> ChangeSet? { nil }
            var connectionProblem: String? { nil }
            func close() {}
        }
        func changeFeed() throws -> ChangeFeed { SilentFeed() }
        var isDemo: Bool { embedded.isDemo }
        func now() -> Date { embedded.now() }
    }

    static func console(overlaps: Bool) throws -> (SupportStore, MeetingClient, EventLoop, HeadlessTerminal) {
        let store = try SupportStore(path: HeadlessConsole.demoPath(), clock: { HeadlessConsole.now })
        try store.generateDemo(seed: 42)
        let client = MeetingClient(store: store, login: "budi", overlaps: overlaps)
        let terminal = HeadlessTerminal(width: 120, height: 40)
        let loop = try EventLoop(client: client, actor: try #require(try store.agent(login: "budi")), terminal: terminal,
                                 theme: .defaultDark)
        loop.controller.update(.setView(.unassigned))
        loop.step(timeoutMilliseconds: 0)
        return (store, client, loop, terminal)
    }

    @Test func aClaimsReloadHasTheCountsAndThePageInFlightTogether() throws {
        let (store, client, loop, terminal) = try Self.console(overlaps: true)
        let number = try #require(loop.controller.state.queue.window.selectedRow?.number)
        let budi = try #require(try store.agent(login: "budi"))
        client.asked.withLock { $0 = [] }
        client.loopThread.withLock { $0 = pthread_self() }
        client.meeting.withLock { $0 = true }
        terminal.enqueue(.key(.char("c")))
        loop.step(timeoutMilliseconds: 0)
        client.meeting.withLock { $0 = false }

        #expect(client.missed.withLock { $0 }.isEmpty, "each of the two waited for the other: they were sent together")
        let asked = client.asked.withLock { $0 }
        #expect(asked.first == "claim")
        #expect(asked.filter { $0 == "queueCounts" }.count == 1 && asked.filter { $0 == "queuePage" }.count == 1, "\(asked)")
        #expect(client.onLoopThread.withLock { $0["queueCounts"] } == false, "the counts went out on a thread of their own")
        #expect(client.onLoopThread.withLock { $0["queuePage"] } == true)
        // What the frame shows is what the store holds after the claim.
        let state = loop.controller.state
        #expect(try store.ticket(number: number).assigneeId == budi.id)
        #expect(state.queue.counts == (try store.queueCounts(for: budi, query: Query(source: "", terms: []))))
        #expect(state.queue.window.total == (try store.queueCounts(for: budi, query: Query(source: "", terms: [])))[.unassigned])
        #expect(!state.queue.window.rows.contains { $0.number == number }, "the claimed ticket left Unassigned")
        #expect(terminal.presented.last?.text.contains("Claimed") == true)
    }

    /// End far from the rows held reads the view's count and its last page: the count goes
    /// ahead on its own thread, so the two are in flight together. Within the rows held it
    /// asks nothing at all.
    @Test func endFromAfarHasTheCountAndTheLastPageInFlightTogether() throws {
        let (store, client, loop, terminal) = try Self.console(overlaps: true)
        for i in 0..<(KeysetWindow<TicketSummary>.pageSize + 20) {
            _ = try store.createTicket(NewTicket(customerId: 1, subject: "Saldo belum masuk \(i)", body: "Sudah 2 jam",
                                             category: .payment, channel: .email, priority: .p3), by: nil)
        }
        loop.controller.update(.setView(.unassigned))
        loop.step(timeoutMilliseconds: 0)
        let budi = try #require(try store.agent(login: "budi"))
        let counts = try store.queueCounts(for: budi, query: Query(source: "", terms: []))
        let total = try #require(counts[.unassigned])
        #expect(total > KeysetWindow<TicketSummary>.pageSize, "more than a page, so End must read")
        #expect(!loop.controller.state.queue.window.holdsBottom)
        client.asked.withLock { $0 = [] }
        client.loopThread.withLock { $0 = pthread_self() }
        client.pair.withLock { $0 = (QueueCountRequest.operation, QueueLastPageRequest.operation) }
        client.meeting.withLock { $0 = true }
        terminal.enqueue(.key(.end))
        loop.step(timeoutMilliseconds: 0)
        client.meeting.withLock { $0 = false }
        #expect(client.missed.withLock { $0 }.isEmpty, "the count and the last page were sent together")
        #expect(client.onLoopThread.withLock { $0[QueueCountRequest.operation] } == false)
        let window = loop.controller.state.queue.window
        #expect(window.total == total && window.selected == total - 1)
        // End again, and Home back within what is held: nothing is asked.
        let asked = client.asked.withLock { $0 }.filter { $0.hasPrefix("queue") }
        #expect(asked.sorted() == [QueueCountRequest.operation, QueueLastPageRequest.operation].sorted(), "\(asked)")
        client.asked.withLock { $0 = [] }
        terminal.enqueue(.key(.end))
        loop.step(timeoutMilliseconds: 0)
        #expect(client.asked.withLock { $0 }.filter { $0.hasPrefix("queue") }.isEmpty)
    }

    @Test func inProcessTheCountsComeFirstOnTheConsolesThread() throws {
        let (_, client, loop, terminal) = try Self.console(overlaps: false)
        client.asked.withLock { $0 = [] }
        client.loopThread.withLock { $0 = pthread_self() }
        terminal.enqueue(.key(.char("c")))
        loop.step(timeoutMilliseconds: 0)
        let asked = client.asked.withLock { $0 }
        let counts = try #require(asked.firstIndex(of: "queueCounts"))
        let page = try #require(asked.firstIndex(of: "queuePage"))
        #expect(counts < page, "\(asked)")
        #expect(client.onLoopThread.withLock { $0["queueCounts"] } == true)
    }

    /// The answer, or the read's error, each time it is asked for.
    @Test func anOverlappedReadHandsBackItsAnswerOrItsErrorEachTimeAsked() throws {
        let read = OverlappedRead<Int> { throw StoreError(.busy, "busy") }
        #expect(throws: StoreError.self) { try read.value() }
        #expect(throws: StoreError.self) { try read.value() }
        let fine = OverlappedRead { 42 }
        #expect(try fine.value() == 42)
        #expect(try fine.value() == 42)
    }
}
