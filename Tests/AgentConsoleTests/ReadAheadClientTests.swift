import Dispatch
import Foundation
import Synchronization
import SupportAPI
import SupportCore
import SupportStore
import Testing
import TermUI
@testable import AgentConsole

extension CountingClient {
    var overviewReads: Int { sends(of: AccountOverviewRequest.operation) }
}

/// The console's reads ahead (`ReadAheadClient`): a kept answer serves the move it was read
/// for, and never outlives a change it may not show — the client's own write, another
/// agent's change reported by the feed, a write that lands while the read is on its way.
@Suite struct ReadAheadClientTests {
    let store: SupportStore
    let counting: CountingClient
    let client: ReadAheadClient
    let ticket: TicketSummary

    init(maxAge: TimeInterval = 30) throws {
        store = try SupportStore(path: HeadlessConsole.demoPath(), clock: { HeadlessConsole.now })
        try store.generateDemo(seed: 42)
        counting = CountingClient(EmbeddedClient(store: store, actingAs: "sari"))
        client = ReadAheadClient(wrapping: counting, keeping: [AccountOverviewRequest.operation], maxAge: maxAge)
        let sari = try #require(try store.agent(login: "sari"))
        ticket = try #require(try store.queuePage(QueueSpec(view: .team, actor: sari), limit: 1).first)
    }

    var request: AccountOverviewRequest {
        AccountOverviewRequest(customerId: ticket.customerId, transactions: Query(source: "", terms: []), transactionPage: 150)
    }

    var otherPriority: Priority { ticket.priority == .p1 ? .p2 : .p1 }

    /// The priority the customer's pane shows for the ticket.
    func shownPriority(_ overview: AccountOverview) -> Priority? {
        overview.tickets.first { $0.number == ticket.number }?.priority
    }

    func landed() -> Bool { DataVersionFeedTests.waitUntil { client.readsOnTheirWay == 0 } }

    @Test func aReadAheadAnswersTheSendItWasReadFor() throws {
        client.readAhead(request)
        #expect(landed())
        let overview = try client.send(request)
        #expect(counting.overviewReads == 1)
        #expect(client.sendsAnsweredAhead == 1)
        #expect(overview.customer.id == ticket.customerId)
        #expect(shownPriority(overview) == ticket.priority)
        // The same customer with another filter is another read.
        let filtered = AccountOverviewRequest(customerId: ticket.customerId, transactions: try QueryParser.parse("status:failed", schema: .transactions, now: HeadlessConsole.now),
                                              transactionPage: 150)
        _ = try client.send(filtered)
        #expect(counting.overviewReads == 2)
        #expect(client.sendsAnsweredAhead == 1)
    }

    @Test func aWriteThroughTheClientDropsWhatWasReadAhead() throws {
        client.readAhead(request)
        #expect(landed())
        try client.setPriority(ticket: ticket.number, to: otherPriority)
        let overview = try client.send(request)
        #expect(shownPriority(overview) == otherPriority)
        #expect(counting.overviewReads == 2)
        #expect(client.sendsAnsweredAhead == 0)
    }

    /// The attack on the kept answer: it was read before a write committed and lands after.
    @Test func aReadOnItsWayWhenAWriteCommitsIsNotKept() throws {
        counting.holdsOverviews.withLock { $0 = true }
        client.readAhead(request)
        counting.ran.wait()   // read, with the old priority, not yet landed
        counting.holdsOverviews.withLock { $0 = false }
        try client.setPriority(ticket: ticket.number, to: otherPriority)
        counting.release.signal()
        #expect(landed())
        let overview = try client.send(request)
        #expect(shownPriority(overview) == otherPriority)
        #expect(client.sendsAnsweredAhead == 0)
    }

    /// Another agent's change, in another connection: once the feed reports it, what was read
    /// before it is not served.
    @Test func anotherAgentsChangeReportedByTheFeedDropsWhatWasReadAhead() throws {
        let feed = try client.changeFeed()
        defer { feed.close() }
        _ = feed.pollNow()
        client.readAhead(request)
        #expect(landed())
        let elsewhere = try SupportStore(path: store.path, clock: { HeadlessConsole.now })
        let budi = try #require(try elsewhere.agent(login: "budi"))
        _ = try elsewhere.setPriority(ticket: ticket.number, to: otherPriority, by: budi)
        #expect(DataVersionFeedTests.waitUntil { feed.pollNow() != nil }, "the feed did not report the change")
        let overview = try client.send(request)
        #expect(shownPriority(overview) == otherPriority)
        #expect(client.sendsAnsweredAhead == 0)
    }

    @Test func aSendWaitsForTheReadOnItsWayInsteadOfAskingAgain() throws {
        counting.holdsOverviews.withLock { $0 = true }
        client.readAhead(request)
        counting.ran.wait()
        counting.holdsOverviews.withLock { $0 = false }
        let answered = Mutex<AccountOverview?>(nil)
        let done = DispatchSemaphore(value: 0)
        let request = self.request
        let client = self.client
        DispatchQueue.global().async {
            let overview = try? client.send(request)
            answered.withLock { $0 = overview }
            done.signal()
        }
        #expect(DataVersionFeedTests.waitUntil { client.sendsWaiting == 1 }, "the send did not wait for the read on its way")
        counting.release.signal()
        done.wait()
        #expect(answered.withLock { $0?.customer.id } == ticket.customerId)
        #expect(counting.overviewReads == 1)
        #expect(client.sendsAnsweredAhead == 1)
    }

    @Test func anAnswerOlderThanItsAgeIsNotServed() throws {
        let aged = try ReadAheadClientTests(maxAge: 0)
        aged.client.readAhead(aged.request)
        #expect(aged.landed())
        _ = try aged.client.send(aged.request)
        #expect(aged.counting.overviewReads == 2)
        #expect(aged.client.sendsAnsweredAhead == 0)
    }

    @Test func onlyTheNamedReadsAreKept() throws {
        let page = QueuePageRequest(view: .team, query: Query(source: "", terms: []), sort: .slaDue, after: nil, before: nil, limit: 5)
        client.readAhead(page)
        #expect(client.readsOnTheirWay == 0)
        _ = try client.send(request)
        _ = try client.send(request)
        #expect(client.sendsAnsweredAhead == 1, "a plain send's answer serves the next send")
    }

    /// The console reads the rows beside the selection ahead after a move: the next move,
    /// either way, shows that row's customer without another read.
    @Test func theConsolesNextMoveFindsItsPanesReadAhead() throws {
        let sari = try #require(try store.agent(login: "sari"))
        let loop = try EventLoop(client: client, actor: sari, terminal: HeadlessTerminal(width: 120, height: 40), theme: .defaultDark)
        let controller = loop.controller
        func press(_ key: Key) {
            controller.handle(.key(key))
            controller.runAfterFrame()
            #expect(landed())
        }
        func shown() -> (selected: Int64?, account: Int64?) {
            (controller.state.queue.window.selectedRow?.customerId, controller.state.account.customer?.id)
        }
        for ch in ":view team" { press(.char(ch)) }
        press(.enter)
        // Back and forth over the first rows: each move that lands on another customer
        // finds their panes kept (read ahead, or shown before) instead of reading them.
        press(.char("j"))
        let reads = counting.overviewReads
        let served = client.sendsAnsweredAhead
        var newCustomers = 0
        for key in ["k", "j", "j", "k", "j"] {
            let before = controller.state.account.customer?.id
            press(.char(Character(key)))
            #expect(shown().account == shown().selected, "after \(key): another customer's panes")
            if shown().account != before { newCustomers += 1 }
        }
        #expect(newCustomers >= 3, "the demo's first rows should belong to different customers")
        #expect(client.sendsAnsweredAhead - served == newCustomers, "a move waited for its own read")
        // Reads ahead only for rows not kept yet: the third row's neighbour, once.
        #expect(counting.overviewReads - reads <= 2)
    }
}
