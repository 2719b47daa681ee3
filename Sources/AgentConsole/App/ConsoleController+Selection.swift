import Foundation
import SupportCore
import SupportStore

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
}
