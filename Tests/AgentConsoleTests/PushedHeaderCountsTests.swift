import Foundation
import Synchronization
import Testing
import SupportAPI
import SupportCore
import SupportStore
import TermUI
@testable import AgentConsole

/// An agent's console shows the header's counts from the unowned part pushed with each
/// change and its own part, reading only when a change touched its own tickets; after
/// every pushed change the counts equal the store's and the screen equals a fresh render
/// (the header alone was redrawn over the last frame). A change without the counts (an
/// older service) is read as before.
@Suite struct PushedHeaderCountsTests {
    /// The embedded client, with a feed the test pushes changes into and a log of the
    /// operations the console asked for.
    final class PushingClient: SupportClient, @unchecked Sendable {
        final class Feed: ChangeFeed {
            var pending: ChangeSet?
            func poll() -> ChangeSet? { defer { pending = nil }; return pending }
            var connectionProblem: String? { nil }
            func close() {}
        }
        let embedded: EmbeddedClient
        let feed = Feed()
        let asked = Mutex<[String]>([])
        /// Called with each operation as it is sent (on the sending thread).
        var onSend: (String) -> Void = { _ in }
        init(store: SupportStore, login: String) { embedded = EmbeddedClient(store: store, actingAs: login) }
        func send<R: SupportRequest>(_ request: R) throws -> R.Response {
            asked.withLock { $0.append(R.operation) }
            onSend(R.operation)
            return try embedded.send(request)
        }
        var endpoint: ClientEndpoint { embedded.endpoint }
        func changeFeed() throws -> ChangeFeed { feed }
        var isDemo: Bool { embedded.isDemo }
        func now() -> Date { embedded.now() }
        func takeAsked() -> [String] { asked.withLock { list in defer { list = [] }; return list } }
    }

    struct Console {
        let store: SupportStore
        let clock: TickFrameTests.Clock
        let client: PushingClient
        let terminal = HeadlessTerminal(width: 120, height: 40)
        let loop: EventLoop
        var state: ConsoleState { loop.controller.state }

        init(login: String) throws {
            clock = TickFrameTests.Clock(HeadlessConsole.now)
            let clock = self.clock
            store = try SupportStore(path: HeadlessConsole.demoPath(), clock: { clock.now })
            try store.generateDemo(seed: 42)
            client = PushingClient(store: store, login: login)
            loop = try EventLoop(client: client, actor: try store.agent(login: login)!, terminal: terminal, theme: .defaultDark)
            loop.step(timeoutMilliseconds: 0)
        }

        /// A change to `number` as the service sends it: its owner after, and the unowned
        /// counts unless `counts` is false (an older service).
        func push(_ number: Int64, counts: Bool = true) throws {
            var change = ChangeSet(tickets: [number])
            change.owners = try store.ticketOwners(numbers: [number])
            if counts { change.unownedCounts = try store.unownedQueueCounts() }
            client.feed.pending = change
            loop.step(timeoutMilliseconds: 0)
        }
    }

    /// Someone's random change, made on the store: its ticket, or nil when none was made.
    static func someoneChanges(_ store: SupportStore, _ rng: inout SplitMix64) throws -> Int64? {
        let people = try ["budi", "dewi", "sari"].map { try #require(try store.agent(login: $0)) }
        let actor = people.randomElement(using: &rng)!
        let owner = people[Int(rng.next() % 2)]
        func pick(_ view: QueueView, of agent: Agent) throws -> Int64? {
            try store.queuePage(QueueSpec(view: view, actor: agent), limit: 12).map(\.number).randomElement(using: &rng)
        }
        let mine = try pick(.mine, of: actor.role == .agent ? actor : owner)
        do {
            switch rng.next() % 5 {
            case 0:
                guard let n = try pick(.unassigned, of: actor) else { return nil }
                try store.claim(ticket: n, by: actor)
                return n
            case 1:
                guard let n = mine else { return nil }
                try store.release(ticket: n, by: actor)
                return n
            case 2:
                guard let n = mine else { return nil }
                try store.setStatus(ticket: n, to: .solved, by: actor)
                return n
            case 3:
                guard let n = mine else { return nil }
                try store.give(ticket: n, to: people[Int(rng.next() % 2)].login, by: actor)
                return n
            default:
                return try store.createTicket(NewTicket(customerId: 1, subject: "Top-up belum masuk", body: "Sudah 2 jam",
                                                        category: .payment, channel: .email, priority: .p1), by: nil).number
            }
        } catch is StoreError {
            return nil
        }
    }

    @Test func pushedCountsKeepAnAgentsHeaderTrueReadingOnlyForTheirOwnTickets() throws {
        let c = try Console(login: "budi")
        let budi = c.state.actor
        var rng = SplitMix64(seed: 16)
        var unread = 0
        for step in 0..<80 {
            // Up to a quarter of an hour between changes: own tickets fall due into Breaching.
            c.clock.move(to: c.clock.now.addingTimeInterval(Double(rng.next() % 900)))
            guard let number = try Self.someoneChanges(c.store, &rng) else { continue }
            _ = c.client.takeAsked()
            try c.push(number)
            let asked = c.client.takeAsked()
            #expect(c.state.queue.counts == (try c.store.queueCounts(for: budi)), "step \(step): the header's counts are the store's")
            let shown = try #require(c.terminal.presented.last)
            #expect(Bool(shown == ConsoleView.render(c.state)), "step \(step): the screen is a fresh render")
            if asked.isEmpty { unread += 1 }
        }
        #expect(unread > 20, "most changes were another's: \(unread) needed no read")
        #expect(c.loop.headerRedraws > 10, "\(c.loop.headerRedraws) changes redrew the header alone")
    }

    @Test func aChangeWithoutCountsIsReadAsBefore() throws {
        let c = try Console(login: "budi")
        let budi = c.state.actor
        let sari = try #require(try c.store.agent(login: "sari"))
        var rng = SplitMix64(seed: 5)
        for _ in 0..<6 {
            let n = try #require(try c.store.queuePage(QueueSpec(view: .unassigned, actor: budi), limit: 10).map(\.number).randomElement(using: &rng))
            try c.store.claim(ticket: n, by: sari)
            try c.push(n, counts: false)
            #expect(c.client.takeAsked().contains(QueueCountsRequest.operation))
            #expect(c.state.queue.counts == (try c.store.queueCounts(for: budi)))
            #expect(Bool(c.terminal.presented.last == ConsoleView.render(c.state)))
        }
    }

    @Test func aSupervisorsCountsAreRead() throws {
        let c = try Console(login: "sari")
        let dewi = try #require(try c.store.agent(login: "dewi"))
        let n = try #require(try c.store.queuePage(QueueSpec(view: .unassigned, actor: dewi), limit: 1).first?.number)
        try c.store.claim(ticket: n, by: dewi)
        _ = c.client.takeAsked()
        try c.push(n)
        #expect(!c.client.takeAsked().contains(OwnQueueCountsRequest.operation))
        #expect(c.state.queue.counts == (try c.store.queueCounts(for: c.state.actor)))
    }

    @Test func countsMergeLaterFirstAndAChangeWithoutThemLeavesThemUnknown() {
        func change(_ number: Int64, _ unassigned: Int?) -> ChangeSet {
            var change = ChangeSet(tickets: [number])
            change.owners = [TicketOwner(number: number, assignee: nil)]
            change.unownedCounts = unassigned.map { UnownedQueueCounts(at: 0, counts: [.unassigned: $0]) }
            return change
        }
        var a = change(1, 10)
        a.formUnion(change(2, 9))
        #expect(a.unownedCounts?.counts[.unassigned] == 9, "the later count stands for both")
        a.formUnion(ChangeSet(presence: true))
        #expect(a.unownedCounts?.counts[.unassigned] == 9, "presence moves no count")
        a.formUnion(ChangeSet(customers: [4]))
        #expect(a.unownedCounts?.counts[.unassigned] == 9, "nor does a customer")
        a.formUnion(change(3, nil))
        #expect(a.unownedCounts == nil, "a later ticket change without counts")
        var b = change(3, nil)
        b.formUnion(change(4, 7))
        #expect(b.unownedCounts?.counts[.unassigned] == 7, "counted after the earlier commit")
    }
}
