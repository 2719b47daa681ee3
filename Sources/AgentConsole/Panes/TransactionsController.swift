import Foundation
import SupportAPI
import SupportCore
import SupportStore
import TermUI

/// The transactions pane's state: the customer's filter, the keyset window, its totals
/// and the open detail.
package struct TransactionPaneState {
    package var customerId: Int64?
    package var filterText = ""
    var query = Query(source: "", terms: [])
    package var window = KeysetWindow<Transaction>()
    var totals = TransactionTotals(count: 0, moneyIn: 0, moneyOut: 0)
    var detail: Transaction?
    /// Tickets and disputes about the transaction in `detail`, read when it opens.
    var detailTickets: [LinkedTicket] = []
    var detailDisputes: [Dispute] = []
    /// The filter came back with the customer (set earlier, kept for them): the title
    /// says so, so nobody reads a filtered list as the whole history.
    var filterKept = false
}

/// A customer's transaction filter, kept while the agent looks at someone else.
struct KeptTransactionFilter {
    var text: String
    var query: Query
}

/// The transactions pane's behaviour (drawn by `TransactionsPane`, or
/// `TransactionDetailView` with a row open): moving through the window, Enter for the
/// detail (with the tickets and disputes that mention the transaction), a click on a row.
/// Attaching (`a`), the `F` form (`TransactionFilterForm`) and the export (`x`,
/// `ExportController`) are actions of `update`, which the palette reaches too.
struct TransactionsController: PaneController {
    let console: ConsoleController

    func handle(_ action: Action) -> Outcome {
        if let delta = step(action) {
            perform { if let source = console.transactionSource { try state.transactions.window.move(by: delta, source) } }
            return .handled
        }
        switch action {
        case .home, .end:
            guard let source = console.transactionSource else { break }
            perform {
                if action == .end { try state.transactions.window.end(source) } else { try state.transactions.window.home(source) }
            }
        case .open:
            console.openTransactionDetail()
        default:
            return .ignored
        }
        return .handled
    }

    /// The list's `row`th visible row, counted from the scroll offset kept in state.
    func click(row: Int) {
        guard let source = console.transactionSource else { return }
        perform { try state.transactions.window.select(state.transactions.window.scroll + row, source) }
    }
}

extension ConsoleController {
    /// Enter on a row: the detail view, with what other records say about it.
    func openTransactionDetail() {
        guard let tx = state.transactions.window.selectedRow else { return }
        state.transactions.detail = tx
        state.transactions.detailTickets = []
        state.transactions.detailDisputes = []
        perform { try loadTransactionLinks(tx) }
    }

    private func loadTransactionLinks(_ tx: Transaction) throws {
        state.transactions.detailTickets = try client.ticketsLinked(toTransaction: tx.reference)
        state.transactions.detailDisputes = try client.disputes(customerId: tx.customerId)
            .filter { $0.reference == tx.reference }
    }

    /// `a`: attaches the selected (or open) transaction to the open ticket, else to the
    /// queue's selected ticket — whose customer the pane is showing.
    func attachSelectedTransaction() {
        guard let tx = state.transactions.detail ?? state.transactions.window.selectedRow else {
            return warn(state.t(.msgNoTxSelected))
        }
        guard let target = targetTicket else { return warn(state.t(.msgOpenToAttach)) }
        perform {
            try client.attachTransaction(reference: tx.reference, ticket: target.number)
            try afterTicketChange()
            if state.transactions.detail?.id == tx.id { try loadTransactionLinks(tx) }
            say(state.t(.msgAttached, tx.reference, TicketNumber.format(target.number)))
        }
    }
}
