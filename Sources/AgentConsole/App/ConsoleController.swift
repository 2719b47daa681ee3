import Foundation
import SupportAPI
import SupportCore
import SupportStore
import TermUI

/// Owns the state and performs actions against the client. Rendering never touches
/// the store: after each action the state holds everything the next frame needs.
package final class ConsoleController {
    let client: SupportClient
    package var state: ConsoleState
    /// The customer whose account and transactions are loaded, to skip needless reloads.
    private var loadedCustomer: Int64?
    var loadedCustomerId: Int64? { loadedCustomer }
    /// Wakes the loop's wait from a worker that finished writing files, so its outcome
    /// is drawn at once (set by `EventLoop` on a real terminal; headless loops look anyway).
    package var wakeLoop: @Sendable () -> Void = {}
    /// Work to start once the frame the current event causes is out (`afterNextFrame`).
    private var afterFrame: [() -> Void] = []
    /// The read ahead the agent's last key asked for, and when (`readAheadAgain`).
    var lastReadAhead: (at: Date, again: () -> Void)?
    /// Counts the supervisor screen's figures beside the loop; made at the first `S`
    /// (after the loop has set `wakeLoop`), closed when the loop ends.
    var figuresJob: SupervisorFiguresJob?
    /// An ask for the figures waits for the frame being drawn (`refreshSupervisor`).
    var figuresAskAfterFrame = false
    /// The composer's text typed since the last draft was written (`saveDraftSoon`).
    var unsavedDraft: UnsavedDraft?
    /// Own writes whose echo finds the queue and the open ticket already read (`refresh`).
    var readBackWrites = OwnWrites()

    struct UnsavedDraft {
        var ticket: Int64
        var kind: String
        var body: String
    }

    init(client: SupportClient, actor: Agent, theme: Theme) {
        self.client = client
        self.state = ConsoleState(actor: actor, theme: theme, now: client.now())
    }

    /// Starts `work` once the loop has presented the next frame: a file job's worker then
    /// does not compete with the frame that shows its progress dialog for a core.
    func afterNextFrame(_ work: @escaping () -> Void) {
        afterFrame.append(work)
    }

    /// Called by the loop after it presents (and by headless drivers after each event).
    package func runAfterFrame() {
        guard !afterFrame.isEmpty else { return }
        let due = afterFrame
        afterFrame = []
        for work in due { work() }
    }

    // MARK: sources for the keyset windows

    var queueSpec: QueueSpec {
        QueueSpec(view: state.queue.view, query: state.queue.query, sort: state.queue.sort, actor: state.actor)
    }

    var queueSource: KeysetWindow<TicketSummary>.Source { queueSource(total: nil) }

    /// The queue's source for a jump (End, Home) that will read the view's count and a
    /// page: through the service the count goes out at once on a thread of its own, so the
    /// two round trips overlap. A jump within the rows held asks nothing, and gets the
    /// plain source (nothing sent for it).
    func queueSourceForJump(toEnd: Bool) -> KeysetWindow<TicketSummary>.Source {
        let window = state.queue.window
        guard client.overlapsReads, !(toEnd ? window.holdsBottom : window.holdsTop) else { return queueSource }
        let spec = queueSpec
        let client = self.client
        // Through the service (checked above) this only starts the count; it cannot throw here.
        guard let count = try? client.startingRead({ try client.queueCount(spec) }) else { return queueSource }
        return queueSource(total: { try count() })
    }

    /// `total`: the view's count from what the caller has read or sent for (the header's
    /// counts), so the window does not ask for it again; nil from it asks all the same.
    func queueSource(total: (() throws -> Int?)?) -> KeysetWindow<TicketSummary>.Source {
        let spec = queueSpec
        let client = self.client
        return .init(after: { try client.queuePage(spec, after: $0, limit: $1) },
                     before: { try client.queuePage(spec, before: $0, limit: $1) },
                     last: { try client.queueLastPage(spec, limit: $0) },
                     count: { try total?() ?? client.queueCount(spec) })
    }

    var transactionSource: KeysetWindow<Transaction>.Source? {
        guard let customerId = state.transactions.customerId else { return nil }
        let query = state.transactions.query
        let client = self.client
        // The footer's totals, read once per reload (`reloadTransactions`), are the list's
        // count too: asking again cost a second pass over the filter on every apply and End.
        let count = state.transactions.totals.count
        return .init(after: { try client.transactions(customerId: customerId, query: query, after: $0, limit: $1) },
                     before: { try client.transactions(customerId: customerId, query: query, before: $0, limit: $1) },
                     last: { try client.oldestTransactions(customerId: customerId, query: query, limit: $0) },
                     count: { count })
    }

    // MARK: loading

    func start() {
        perform { try reloadQueue(resetToTop: true) }
        keepListsInView()
    }

    /// `counts`: the header's counts when the caller has just read them.
    /// The header counts every view it names without the filter: with no filter on, the
    /// shown view's count among them is the window's total, which was a read of its own
    /// (the same statement) on every refresh.
    ///
    /// Through the service the counts go out on a thread of their own while this one asks
    /// for the page (`OverlappedRead`): two round trips in flight cost the longer one, and
    /// every write the agent makes waits for this reload before its frame.
    func reloadQueue(resetToTop: Bool = false, counts known: [QueueView: Int]? = nil) throws {
        let client = self.client
        let counts: () throws -> [QueueView: Int] = if let known { { known } } else { try client.startingRead { try client.queueCounts() } }
        let view = state.queue.view
        let total: (() throws -> Int?)? = state.queue.query.terms.isEmpty ? { try counts()[view] } : nil
        try state.queue.window.reload(queueSource(total: total), resetToTop: resetToTop)
        state.queue.counts = try counts()
        try followSelection()
    }

    /// A change of view or sort changes no ticket, so the header's counts stay as they
    /// are (another's commit moves them through the refresh it brings); only the shown
    /// view is counted, with its first page: one count, where the header's were all of
    /// them (a fifth of `s`'s CPU at 10M). The counts on screen are not taken for the
    /// list's total: they can lag another connection's commit until its refresh arrives,
    /// and a total below the rows just read would hide them.
    ///
    /// The count is asked for after the page, not beside it: through the service on two
    /// cores the two at once took as long as one after the other (the service and its
    /// database share the cores), and the page came later (BENCHMARKS.md, "the next view
    /// and sort read ahead").
    func reloadQueueForNewViewOrSort() throws {
        try state.queue.window.reload(queueSource(total: nil), resetToTop: true)
        try followSelection()
    }

    /// The account, transactions and security panes show the selected ticket's customer.
    func followSelection(force: Bool = false) throws {
        let customerId = state.ticket?.ticket.customerId ?? state.queue.window.selectedRow?.customerId
        guard force || customerId != loadedCustomer else { return }
        let sameCustomer = customerId == loadedCustomer
        loadedCustomer = customerId
        if sameCustomer {
            // A refresh of the same customer keeps the agent's place and any reveal.
            guard let customerId else { return }
            showAccount(try client.accountOverview(customerId: customerId), keepReveal: !state.account.revealed.isEmpty)
            try reloadTransactions()
            return
        }
        state.account = AccountPaneState()
        swapTransactionFilter(to: customerId)
        state.security = SecurityPaneState()
        guard let customerId else { return }
        // One request for the account, security and transactions panes.
        let overview = try client.send(overviewRequest(for: customerId, transactions: state.transactions.query))
        showAccount(overview, keepReveal: false)
        if let first = overview.transactions {
            state.transactions.totals = first.totals
            state.transactions.window.prime(firstPage: first.rows, total: first.totals.count)
        } else {
            try reloadTransactions(resetToTop: true)
        }
    }

    /// The account and security panes again, the transactions pane as it is: after a change
    /// of the customer's tickets, which moves no transaction.
    func rereadAccount() throws {
        guard let customerId = loadedCustomer else { return }
        showAccount(try client.accountOverview(customerId: customerId), keepReveal: !state.account.revealed.isEmpty)
    }

    /// The account and security panes from one overview (one round trip through the service).
    private func showAccount(_ overview: AccountOverview, keepReveal: Bool) {
        if !keepReveal { state.account.customer = overview.customer }
        state.account.devices = overview.devices
        state.account.logins = overview.logins
        state.account.tickets = overview.tickets
        state.security.actions = overview.actions
        state.security.history = overview.history
        state.security.selected = min(state.security.selected, max(0, overview.actions.count - 1))
    }

    func reloadTransactions(resetToTop: Bool = false) throws {
        guard let id = state.transactions.customerId else { return }
        state.transactions.totals = try client.transactionTotals(customerId: id, query: state.transactions.query)
        guard let source = transactionSource else { return }
        try state.transactions.window.reload(source, resetToTop: resetToTop)
    }

    /// How many of a ticket's newest entries it opens with; older ones come a page at a
    /// time as the agent scrolls up. The longest ticket (ten thousand entries) was a
    /// 1.3 MB pane read, decoded and wrapped whole on every open and every change to it.
    package static let timelinePage = 200

    func openTicket(number: Int64) throws {
        let previous = state.ticket?.ticket.number == number ? state.ticket : nil
        // One request for the whole pane (one round trip through the service). A ticket
        // re-read (after a change) keeps every entry the console holds, and gains the new.
        let view = try previous?.events.first.map { try client.ticketView(number: number, from: $0.id) }
            ?? client.ticketView(number: number, recent: Self.timelinePage)
        let ticket = view.ticket
        // An agent reading the newest entry keeps following it as entries arrive; one
        // who scrolled up keeps their line.
        let followLatest = previous.map { p in TimelineLayout.current(state).map { p.scroll >= $0.maxScroll } ?? true } ?? true
        state.ticket = TicketViewState(ticket: ticket, assignee: view.assignee, events: view.events,
                                       clocks: view.clocks, links: view.links, presence: view.presence,
                                       complaint: view.complaint,
                                       scroll: previous?.scroll ?? 0,
                                       seenEventId: previous?.seenEventId ?? view.events.last?.id ?? 0,
                                       deliveries: view.deliveries, draft: view.draft, hasEarlier: view.hasEarlier ?? false)
        state.ticket?.showsComplaint = previous?.showsComplaint ?? false
        if followLatest { scrollTimelineToLatest() }
        try followSelection()
        if previous == nil, ticket.category == .complaint, ticket.subcategory != "suggestion", state.ticket?.complaint == nil {
            say(state.t(.statusComplaintOffer, TicketNumber.format(number)))
        }
    }

    /// A ticket opens at its newest entry, as a chat does.
    func scrollTimelineToLatest() {
        guard let layout = TimelineLayout.current(state) else { return }
        state.ticket?.scroll = layout.maxScroll
    }

    /// Moves the timeline by `delta` lines, within its first and last page. Past the top
    /// of the entries held, the page before them is read first.
    func scrollTimeline(by delta: Int) {
        guard let held = state.ticket?.scroll else { return }
        if delta < 0, state.ticket?.hasEarlier == true, min(held, TimelineLayout.current(state)?.maxScroll ?? held) + delta < 0 {
            perform { try loadEarlierEntries() }
        }
        guard let current = state.ticket?.scroll else { return }
        let maxScroll = TimelineLayout.current(state)?.maxScroll ?? current
        state.ticket?.scroll = max(0, min(maxScroll, min(current, maxScroll) + delta))
    }

    /// Reads the page of entries before the first held and puts them above it; the lines
    /// on screen stay where they were (the offset grows by the lines added above).
    func loadEarlierEntries() throws {
        guard let view = state.ticket, view.hasEarlier, let first = view.events.first else { return }
        let before = TimelineLayout.current(state)
        let page = try client.earlierTimeline(ticketNumber: view.ticket.number, before: first.id, limit: Self.timelinePage)
        state.ticket?.events.insert(contentsOf: page.events, at: 0)
        state.ticket?.hasEarlier = page.hasEarlier
        guard let before, let after = TimelineLayout.current(state) else { return }
        state.ticket?.scroll = min(view.scroll, before.maxScroll) + after.lines.count - before.lines.count
    }

    /// Another process committed: re-read what is on screen.
    package func refreshFromDatabase() {
        // Asked for by the agent (C-r), or after the service was out of reach: nothing read
        // before it is served again.
        (client as? ReadAheadClient)?.forgetAll()
        perform {
            try reloadQueue()
            try followSelection(force: true)
            if state.screen == .supervisor { refreshSupervisor() }
            if let number = state.ticket?.ticket.number { try reopenTicket(number: number) }
        }
    }

    // MARK: outcomes

    /// Runs a store call; a refusal becomes a status-bar message instead of a crash.
    func perform(_ body: () throws -> Void) {
        do {
            try body()
        } catch let error as StoreError {
            state.status = StatusMessage(text: error.message, kind: .error).following(state.status)
        } catch {
            state.status = StatusMessage(text: "\(error)", kind: .error).following(state.status)
        }
    }

    func say(_ text: String) { state.status = StatusMessage(text: text, kind: .success).following(state.status) }
    func warn(_ text: String) { state.status = StatusMessage(text: text, kind: .error).following(state.status) }
    func notify(_ text: String) { state.status = StatusMessage(text: text, kind: .info).following(state.status) }

    /// The ticket an action applies to: the open one, else the queue's selection.
    var targetTicket: (number: Int64, version: Int64)? {
        if let t = state.ticket { return (t.ticket.number, t.ticket.version) }
        if let row = state.queue.window.selectedRow { return (row.number, row.version) }
        return nil
    }
}
