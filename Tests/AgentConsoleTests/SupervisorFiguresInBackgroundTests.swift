import Foundation
import SupportAPI
import SupportCore
import SupportStore
import Testing
import TermUI
@testable import AgentConsole

/// The supervisor screen's figures are counted on a worker: the screen draws at once, keys
/// work meanwhile, and the figures land with no key. Driven through the real loop (`step`)
/// on the demo database; a client that can hold or fail the count makes the in-between
/// states sure to be seen.
@Suite struct SupervisorFiguresInBackgroundTests {
    /// The embedded client, with the supervisor's count held at a gate or made to fail.
    final class GatedClient: SupportClient, @unchecked Sendable {
        let inner: EmbeddedClient
        private let condition = NSCondition()
        private var held = false
        private var failing: String?
        private var waiting = 0
        private(set) var dashboardReads: [Int] = []

        init(_ inner: EmbeddedClient) { self.inner = inner }

        func hold() { condition.withLock { held = true } }
        func release() { condition.withLock { held = false; condition.broadcast() } }
        func fail(_ message: String?) { condition.withLock { failing = message } }
        var reads: [Int] { condition.withLock { dashboardReads } }
        /// Until a count waits at the gate (a minute at most).
        func waitUntilHeld() -> Bool {
            condition.withLock {
                let deadline = Date().addingTimeInterval(60)
                while waiting == 0 { if !condition.wait(until: deadline) { return false } }
                return true
            }
        }

        func send<R: SupportRequest>(_ request: R) throws -> R.Response {
            if let dashboard = request as? SupervisorDashboardRequest {
                try condition.withLock {
                    waiting += 1
                    condition.broadcast()
                    while held { condition.wait() }
                    waiting -= 1
                    dashboardReads.append(dashboard.periodDays)
                    if let failing { throw StoreError(.busy, failing) }
                }
            }
            return try inner.send(request)
        }
        var endpoint: ClientEndpoint { inner.endpoint }
        func changeFeed() throws -> ChangeFeed { try inner.changeFeed() }
        var isDemo: Bool { inner.isDemo }
        func now() -> Date { inner.now() }
    }

    struct Console {
        let store: SupportStore
        let client: GatedClient
        let loop: EventLoop
        var state: ConsoleState { loop.controller.state }
        var text: String { loop.frame.lines().joined(separator: "\n") }

        init(width: Int = 200, height: Int = 60) throws {
            store = try SupportStore(path: HeadlessConsole.demoPath(), clock: { HeadlessConsole.now })
            try store.generateDemo(seed: 42)
            client = GatedClient(EmbeddedClient(store: store, actingAs: "sari"))
            loop = try EventLoop(client: client, actor: try store.agent(login: "sari")!,
                                 terminal: HeadlessTerminal(width: width, height: height), theme: .defaultDark)
        }

        func press(_ keys: Key...) {
            for key in keys {
                loop.controller.handle(.key(key))
                loop.controller.runAfterFrame()
            }
        }

        /// Turns of the loop, with no key, until `done` holds for the frame (or a minute
        /// passes); `each` checks every state on the way.
        @discardableResult
        func stepUntil(_ done: (Console) -> Bool, each: (Console) -> Void = { _ in }) -> Bool {
            let deadline = Date().addingTimeInterval(60)
            while Date() < deadline {
                loop.step(timeoutMilliseconds: 5)
                each(self)
                if done(self) { return true }
            }
            return false
        }
    }

    /// Each box's own name, which it draws before its figures are counted.
    static let boxes = SupervisorPanel.allCases.map(\.title)

    @Test func sDrawsTheBoxesCountingThenTheFiguresWithNoKey() throws {
        let c = try Console()
        c.client.hold()
        c.press(.char("S"))
        #expect(c.state.screen == .supervisor)
        let counting = c.text
        for box in Self.boxes { #expect(counting.contains(box), "missing \(box)") }
        #expect(counting.components(separatedBy: "Counting the figures…").count - 1 == Self.boxes.count,
                "each box says its figures are being counted:\n\(counting)")
        #expect(!counting.contains("unsolved"))
        // Keys work while the count runs: Tab, the help, and back.
        c.press(.tab)
        #expect(c.state.supervisor.panel == .sla)
        c.press(.char("?"))
        guard case .help = c.state.mode else { Issue.record("? opens the help"); return }
        c.press(.escape)
        c.client.release()
        let backlog = try c.store.queueCount(QueueSpec(view: .team, actor: c.state.actor))
        #expect(c.stepUntil { $0.text.contains("Backlog: \(backlog) unsolved") }, "the figures never landed:\n\(c.text)")
        #expect(!c.text.contains("Counting the figures…"))
        #expect(!c.state.supervisor.counting)
    }

    @Test func aPeriodChangeWhileCountingShowsOnlyTheNewPeriodsFigures() throws {
        let c = try Console()
        c.press(.char("S"))
        #expect(c.stepUntil { $0.state.supervisor.figures?.periodDays == 7 && !$0.state.supervisor.counting })
        #expect(c.text.contains("CSAT over 7 days"))
        c.client.hold()
        c.press(.char("p"))                        // 30 days: its count waits at the gate
        #expect(c.state.supervisor.periodDays == 30)
        #expect(c.client.waitUntilHeld())
        // The boxes the period changes say they are being counted; the others keep theirs.
        #expect(c.text.contains("Counting the figures…") && !c.text.contains("CSAT over 7 days"))
        #expect(c.text.contains("Backlog: "))
        // Today, 7 days, 30 days again and today while the 30-day count is held.
        c.press(.char("p"), .char("p"), .char("p"), .char("p"))
        #expect(c.state.supervisor.periodDays == 1)
        c.client.release()
        var shown: Set<Int> = []
        #expect(c.stepUntil({ $0.state.supervisor.figures?.periodDays == 1 && !$0.state.supervisor.counting },
                            each: { shown.insert($0.state.supervisor.figures?.periodDays ?? 0) }))
        #expect(shown.isSubset(of: [7, 1]), "a count for a period no longer chosen was shown: \(shown)")
        #expect(c.text.contains("CSAT over today"))
        // The 30-day count that was running, then the last period asked for: the three asked
        // meanwhile were one count.
        #expect(c.client.reads == [7, 30, 1], "\(c.client.reads)")
    }

    @Test func aCommitElsewhereRefreshesTheFiguresWithNoKey() throws {
        let c = try Console()
        c.press(.char("S"))
        #expect(c.stepUntil { $0.state.supervisor.figures != nil && !$0.state.supervisor.counting })
        let before = try #require(c.state.supervisor.data?.backlog.total)
        #expect(c.text.contains("Backlog: \(before) unsolved"))
        // Another process opens a ticket.
        let other = try SupportStore(path: c.store.path, clock: { HeadlessConsole.now })
        let customer = try other.customer(id: 1)
        _ = try other.createTicket(NewTicket(customerId: customer.id, subject: "Top-up pending", body: "Still waiting.",
                                             category: .payment, channel: .web, priority: .p3, at: HeadlessConsole.now), by: nil)
        #expect(c.stepUntil { $0.text.contains("Backlog: \(before + 1) unsolved") }, "no refresh:\n\(c.text)")
    }

    @Test func aFailedCountIsSaidAndTheFiguresHeldStay() throws {
        let c = try Console()
        c.press(.char("S"))
        #expect(c.stepUntil { $0.state.supervisor.figures != nil && !$0.state.supervisor.counting })
        let held = try #require(c.state.supervisor.data?.backlog.total)
        c.client.fail("The database stayed busy.")
        c.press(.char("p"), .char("p"), .char("p"))   // back to 7 days: the held figures' period
        #expect(c.stepUntil { $0.state.status?.text == "The database stayed busy." }, "\(String(describing: c.state.status))")
        #expect(c.state.status?.kind == .error)
        #expect(c.state.supervisor.data?.backlog.total == held)
        #expect(c.text.contains("Backlog: \(held) unsolved") && c.text.contains("CSAT over 7 days"))
    }

    @Test func quittingWaitsForARunningCountAndLeavesNoWorker() throws {
        let c = try Console()
        c.client.hold()
        c.press(.char("S"))
        let job = try #require(c.loop.controller.figuresJob)
        #expect(job.isBusy)
        c.press(.escape)                           // leaving while counting
        #expect(c.state.screen == .main)
        c.client.release()
        #expect(c.stepUntil { $0.state.supervisor.figures != nil }, "the count is kept for the next open")
        c.press(.char("S"))
        #expect(c.text.contains("unsolved"), "the figures kept are drawn at once")
        c.loop.controller.stopSupervisorFigures()
        #expect(!job.isBusy)
        job.request(periodDays: 7)                 // after close: nothing runs
        #expect(!job.isBusy)
    }
}
