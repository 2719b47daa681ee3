import Foundation
import SupportAPI
import SupportCore
import SupportStore
import TermUI

// The queue's selection follows a ticket by its number, and each customer keeps their own
// transaction filter: an agent mid-incident never finds another customer on screen.
extension ConsoleController {
    /// Back from a ticket, the queue shows that same ticket selected. A claim takes it out
    /// of Unassigned, and the row it was on then holds another customer's ticket.
    func returnToQueue(from ticket: Ticket) throws {
        let n = TicketNumber.format(ticket.number)
        if try selectInQueue(ticket.number) { return try followSelection() }
        // It left this view; when it is now the agent's, show it in Mine.
        let from = state.queue.view
        if ticket.assigneeId == state.actor.id, from != .mine {
            state.queue.view = .mine
            try state.queue.window.reload(queueSource, resetToTop: true)
            if try selectInQueue(ticket.number) {
                try followSelection()
                return say(state.t(.msgYoursNow, n))
            }
            state.queue.view = from
            try state.queue.window.reload(queueSource, resetToTop: true)
        }
        // Nowhere to select it: keep its customer on screen rather than a stranger's.
        say(state.t(.msgNotInView, n, state.t(from.titleID)))
    }

    /// Selects the row of ticket `number` when the view holds it (searching a few pages).
    func selectInQueue(_ number: Int64) throws -> Bool {
        try state.queue.window.select(firstWhere: { $0.number == number }, queueSource)
    }

    /// The first visible row of each list is state, kept here after every event: drawing
    /// works on a copy, so an offset worked out there was gone by the time a click asked
    /// which row sits under the pointer.
    func keepListsInView() {
        let layout = ConsoleLayout(width: state.width, height: state.height, tabs: state.usesTabs, focus: state.focus)
        if let rect = layout.rect(for: .queue) { state.queue.window.keepVisible(height: QueuePane.visibleRows(in: rect)) }
        if let rect = layout.rect(for: .transactions) {
            state.transactions.window.keepVisible(height: TransactionsPane.visibleRows(in: rect))
        }
    }

    /// Swaps the transaction filter when the customer changes: the one leaving keeps
    /// theirs for when the agent comes back; the one arriving gets their own, or none.
    func swapTransactionFilter(to customerId: Int64?) {
        let leaving = state.transactions
        if let id = leaving.customerId {
            state.keptTransactionFilters[id] = leaving.filterText.isEmpty ? nil
                : KeptTransactionFilter(text: leaving.filterText, query: leaving.query)
        }
        let kept = customerId.flatMap { state.keptTransactionFilters[$0] }
        state.transactions = TransactionPaneState(customerId: customerId, filterText: kept?.text ?? "",
                                                  query: kept?.query ?? Query(source: "", terms: []))
        state.transactions.filterKept = kept != nil
        if let kept { say(state.t(.msgKeptFilter, kept.text)) }
    }

    /// The one request for a newly selected customer's three side panes.
    func overviewRequest(for customerId: Int64, transactions query: Query) -> AccountOverviewRequest {
        AccountOverviewRequest(customerId: customerId, transactions: query, transactionPage: KeysetWindow<Transaction>.pageSize)
    }

    /// The same for a customer the selection may land on: with the transaction filter kept
    /// for them, or none (what `followSelection` asks when it lands there).
    static func overviewRequest(for customerId: Int64, filters: [Int64: KeptTransactionFilter]) -> AccountOverviewRequest {
        AccountOverviewRequest(customerId: customerId, transactions: filters[customerId]?.query ?? Query(source: "", terms: []),
                               transactionPage: KeysetWindow<Transaction>.pageSize)
    }

    /// After `v` or `s`, the view or sort the same key turns to next: its count and first
    /// page, then its first row's side panes, are asked for while the agent reads the frame
    /// (through the service, `ReadAheadClient`), so turning on through the views or sorts
    /// finds them. What a key reads is the same request either way (`reloadQueueForNewViewOrSort`).
    func readAheadTurn(to next: QueueSpec) {
        guard client is ReadAheadClient else { return }
        lastReadAhead = (Date(), { [weak self] in self?.readAheadTurn(to: next) })
        let filters = state.keptTransactionFilters
        afterNextFrame { [weak self] in
            guard let self, let client = self.client as? ReadAheadClient else { return }
            client.readAhead(QueueCountRequest(view: next.view, query: next.query, sort: next.sort))
            client.readAhead(QueuePageRequest(view: next.view, query: next.query, sort: next.sort, after: nil, before: nil,
                                              limit: KeysetWindow<TicketSummary>.pageSize)) { page in
                guard let customerId = page.first?.customerId else { return }
                client.readAhead(Self.overviewRequest(for: customerId, filters: filters))
            }
        }
    }

    /// After a move in the queue, the side panes of the rows the same move lands on next,
    /// either way, are asked for while the agent reads the frame (through the service, where
    /// each read is a round trip: `ReadAheadClient`); the next move then finds them. Home
    /// and End (`delta` 0) read ahead the rows beside the selection.
    func readAheadInQueue(after delta: Int) {
        guard client is ReadAheadClient else { return }
        lastReadAhead = (Date(), { [weak self] in self?.readAheadInQueue(after: delta) })
        afterNextFrame { [weak self] in
            guard let self, let client = self.client as? ReadAheadClient, self.state.ticket == nil else { return }
            let window = self.state.queue.window
            let step = max(1, abs(delta))
            // The way the agent is going first: at most two reads are on their way at once.
            for offset in delta < 0 ? [-step, step] : [step, -step] {
                guard let customerId = window.row(at: window.selected + offset)?.customerId,
                      customerId != self.loadedCustomerId else { continue }
                client.readAhead(Self.overviewRequest(for: customerId, filters: self.state.keptTransactionFilters))
            }
        }
    }

    /// Another agent's change drops what was read ahead. While the agent is at the
    /// keyboard (the key that asked for it came within `readAheadAgainWindow`), it is asked
    /// for again after the change's frame, so the next move or turn does not wait for it.
    /// An idle console asks for nothing: a team's consoles at a commit a second would each
    /// read for every commit.
    func readAheadAgain() {
        guard let last = lastReadAhead, Date().timeIntervalSince(last.at) < Self.readAheadAgainWindow else { return }
        last.again()
        lastReadAhead = last   // asked again, not by a key: the window still runs from the key
    }

    static let readAheadAgainWindow: TimeInterval = 10
}

extension ReadAheadClient {
    /// The reads a console keeps through the service: the side panes (`readAheadInQueue`),
    /// and a view's count and pages (`readAheadTurn`). A queue page is kept 2 s at most:
    /// the clock moves tickets into Breaching without any change being told, and an agent
    /// turning through the views presses `v` well within that.
    static func console(wrapping client: any SupportClient, writer: String?) -> ReadAheadClient {
        ReadAheadClient(wrapping: client,
                        keeping: [AccountOverviewRequest.operation, QueuePageRequest.operation, QueueCountRequest.operation],
                        maxAges: [QueuePageRequest.operation: 2, QueueCountRequest.operation: 2],
                        writer: writer)
    }
}
