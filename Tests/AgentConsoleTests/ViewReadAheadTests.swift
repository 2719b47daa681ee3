import Foundation
import SupportAPI
import SupportCore
import SupportStore
import Testing
import TermUI
@testable import AgentConsole

/// `v` and `s` through the service: after each turn the console reads the next view's (or
/// sort's) count, first page and first row's panes ahead, so the next turn asks nothing.
/// What a turn shows must still be what a fresh read gives: never a page from before a
/// change the feed reported, before the console's own write, or older than its age.
@Suite struct ViewReadAheadTests {
    let store: SupportStore
    let counting: CountingClient
    let client: ReadAheadClient
    let controller: ConsoleController
    let sari: Agent

    init() throws {
        store = try SupportStore(path: HeadlessConsole.demoPath(), clock: { HeadlessConsole.now })
        try store.generateDemo(seed: 42)
        counting = CountingClient(EmbeddedClient(store: store, actingAs: "sari"))
        client = ReadAheadClient.console(wrapping: counting, writer: "sari")
        sari = try #require(try store.agent(login: "sari"))
        let loop = try EventLoop(client: client, actor: sari, terminal: HeadlessTerminal(width: 120, height: 40), theme: .defaultDark)
        controller = loop.controller
    }

    func landed() -> Bool { DataVersionFeedTests.waitUntil { client.readsOnTheirWay == 0 } }

    func press(_ key: Key) {
        controller.handle(.key(key))
        controller.runAfterFrame()
        #expect(landed())
    }

    var queueReads: Int {
        counting.sends(of: QueuePageRequest.operation) + counting.sends(of: QueueCountRequest.operation)
    }

    /// The queue as a fresh read gives it: the first page's numbers and versions, the count,
    /// and the first row's customer in the side panes.
    func expectFresh(_ context: String) throws {
        let queue = controller.state.queue
        let spec = QueueSpec(view: queue.view, query: queue.query, sort: queue.sort, actor: sari)
        let fresh = try store.queuePage(spec, limit: KeysetWindow<TicketSummary>.pageSize)
        #expect(queue.window.rows.map(\.number) == fresh.map(\.number), "\(context): rows")
        #expect(queue.window.rows.map(\.version) == fresh.map(\.version), "\(context): versions")
        #expect(queue.window.rows.map(\.priority) == fresh.map(\.priority), "\(context): priorities")
        #expect(queue.window.total == (try store.queueCount(spec)), "\(context): count")
        #expect(controller.state.account.customer?.id == fresh.first?.customerId, "\(context): side panes")
    }

    @Test func turningThroughTheViewsFindsEachNextViewReadAhead() throws {
        press(.char("v"))
        try expectFresh("first turn")
        let views = controller.visibleViews.count
        #expect(views >= 5)
        for turn in 1...(2 * views) {
            let reads = queueReads
            let served = client.sendsAnsweredAhead
            press(.char("v"))
            try expectFresh("turn \(turn) to \(controller.state.queue.view)")
            #expect(queueReads - reads <= 2, "turn \(turn): the next view's page and count read ahead, no more")
            #expect(client.sendsAnsweredAhead - served >= 2, "turn \(turn) to \(controller.state.queue.view) asked for its page or count")
        }
    }

    @Test func turningThroughTheSortsFindsEachNextSortReadAhead() throws {
        for ch in ":view all" { press(.char(ch)) }
        press(.enter)
        press(.char("s"))
        for turn in 1...(2 * QueueSort.allCases.count) {
            let served = client.sendsAnsweredAhead
            press(.char("s"))
            try expectFresh("sort turn \(turn) to \(controller.state.queue.sort)")
            #expect(client.sendsAnsweredAhead - served >= 2, "sort turn \(turn) asked for its page or count")
        }
    }

    /// The attack: the next view's page is read ahead, then another agent changes its first
    /// ticket in another connection. Once the feed has reported it, the turn shows the change.
    @Test func anotherAgentsChangeReportedByTheFeedIsShownOnTheNextTurn() throws {
        let feed = try client.changeFeed()
        defer { feed.close() }
        _ = feed.pollNow()
        for ch in ":view all" { press(.char(ch)) }
        press(.enter)
        press(.char("s"))
        let all = QueueSort.allCases
        let next = all[((all.firstIndex(of: controller.state.queue.sort) ?? 0) + 1) % all.count]
        let first = try #require(try store.queuePage(QueueSpec(view: .all, sort: next, actor: sari), limit: 1).first)
        let elsewhere = try SupportStore(path: store.path, clock: { HeadlessConsole.now })
        let budi = try #require(try elsewhere.agent(login: "budi"))
        _ = try elsewhere.setPriority(ticket: first.number, to: first.priority == .p1 ? .p3 : .p1, by: budi)
        #expect(DataVersionFeedTests.waitUntil { feed.pollNow() != nil }, "the feed did not report the change")
        let served = client.sendsAnsweredAhead
        press(.char("s"))
        #expect(controller.state.queue.sort == next)
        try expectFresh("after budi's change")
        #expect(client.sendsAnsweredAhead == served, "a page read before the change was served")
    }

    /// The console's own write drops what was read ahead: the turn after it shows the write.
    @Test func theConsolesOwnWriteIsShownOnTheNextTurn() throws {
        press(.char("v"))   // the view after this one is read ahead
        let views = controller.visibleViews
        let next = views[((views.firstIndex(of: controller.state.queue.view) ?? 0) + 1) % views.count]
        let first = try #require(try store.queuePage(QueueSpec(view: next, actor: sari), limit: 1).first)
        try client.setPriority(ticket: first.number, to: first.priority == .p1 ? .p3 : .p1)
        press(.char("v"))
        #expect(controller.state.queue.view == next)
        try expectFresh("after the console's own write")
        #expect(controller.state.queue.window.rows.first?.version == first.version + 1)
    }

    /// C-r asks for everything again: nothing read ahead before it is served after it.
    @Test func refreshDropsWhatWasReadAhead() throws {
        press(.char("v"))
        press(.char("v"))   // the view after this one is read ahead
        controller.handle(.key(.ctrl("r")))
        controller.runAfterFrame()
        let served = client.sendsAnsweredAhead
        controller.handle(.key(.char("v")))   // its frame, before the reads ahead after it
        try expectFresh("after C-r")
        #expect(client.sendsAnsweredAhead == served, "the turn after C-r was served a read from before it")
        controller.runAfterFrame()
        #expect(landed())
    }

    @Test func aQueuePageIsKeptForItsOwnAgeNotThePanes() throws {
        let aged = ReadAheadClient(wrapping: counting, keeping: [AccountOverviewRequest.operation, QueuePageRequest.operation],
                                   maxAges: [QueuePageRequest.operation: 0])
        let page = QueuePageRequest(view: .team, query: Query(source: "", terms: []), sort: .slaDue, after: nil, before: nil, limit: 5)
        let (pages, overviews) = (counting.sends(of: QueuePageRequest.operation), counting.sends(of: AccountOverviewRequest.operation))
        let row = try #require(try aged.send(page).first)
        let overview = ConsoleController.overviewRequest(for: row.customerId, filters: [:])
        _ = try aged.send(overview)
        _ = try aged.send(page)
        _ = try aged.send(overview)
        #expect(counting.sends(of: QueuePageRequest.operation) - pages == 2, "a page older than its own age was served")
        #expect(counting.sends(of: AccountOverviewRequest.operation) - overviews == 1, "the panes' age is the client's own")
    }

    /// In view All, moves to the row above the first one (two rows down or more) whose
    /// customer is not the one above it: the move reads that row's panes ahead. Returns it.
    func moveAboveAnotherCustomer() throws -> TicketSummary {
        for ch in ":view all" { press(.char(ch)) }
        press(.enter)
        let rows = controller.state.queue.window.rows
        let i = try #require((2..<rows.count).first { rows[$0].customerId != rows[$0 - 1].customerId })
        for _ in 0..<(i - 1) { press(.char("j")) }
        #expect(controller.state.queue.window.row(at: controller.state.queue.window.selected + 1)?.number == rows[i].number)
        return rows[i]
    }

    /// Another connection changes `ticket`'s priority, and the console hears of it as the
    /// service tells it: its client drops what it kept (what its feed does with any pushed
    /// change: `ReadAheadClientTests`), and the change names the ticket (the embedded feed
    /// would say only that something changed, and the console would read everything again).
    /// Returns the new priority.
    func changePriorityElsewhere(_ ticket: TicketSummary) throws -> Priority {
        let elsewhere = try SupportStore(path: store.path, clock: { HeadlessConsole.now })
        // A supervisor in another connection: its change is not this console's own.
        let other = try #require(try elsewhere.agent(login: "sari"))
        let raised: Priority = ticket.priority == .p1 ? .p3 : .p1
        _ = try elsewhere.setPriority(ticket: ticket.number, to: raised, by: other)
        client.forgetAll()
        controller.refresh(ChangeSet(tickets: [ticket.number]))
        return raised
    }

    /// Another agent changes the ticket of the row below while this agent scrolls: the
    /// change drops the panes read ahead, the console reads them again after the change's
    /// frame, and the move finds them, as fresh as the change.
    @Test func aMoveAfterAnothersChangeFindsItsPanesReadAheadAgain() throws {
        let next = try moveAboveAnotherCustomer()
        let raised = try changePriorityElsewhere(next)
        controller.runAfterFrame()
        #expect(landed())
        let served = client.sendsAnsweredAhead
        controller.handle(.key(.char("j")))
        #expect(client.sendsAnsweredAhead == served + 1, "the move waited for its panes")
        #expect(controller.state.account.customer?.id == next.customerId)
        #expect(controller.state.account.tickets.first { $0.number == next.number }?.priority == raised, "the panes were read before the change")
    }

    /// A console whose agent has not pressed a key for a while asks for nothing after a change.
    @Test func anIdleConsoleDoesNotReadAheadAgain() throws {
        let next = try moveAboveAnotherCustomer()
        let last = try #require(controller.lastReadAhead)
        controller.lastReadAhead = (last.at.addingTimeInterval(-ConsoleController.readAheadAgainWindow - 1), last.again)
        let overviews = counting.sends(of: AccountOverviewRequest.operation)
        _ = try changePriorityElsewhere(next)
        controller.runAfterFrame()
        #expect(landed())
        #expect(counting.sends(of: AccountOverviewRequest.operation) == overviews, "an idle console read ahead after a change")
        let served = client.sendsAnsweredAhead
        press(.char("j"))
        #expect(client.sendsAnsweredAhead == served)
        #expect(controller.state.account.customer?.id == next.customerId)
        // Any key but a move or a turn ends what the last one asked for.
        #expect(controller.lastReadAhead != nil)
        press(.char("?"))
        #expect(controller.lastReadAhead == nil)
    }
}
