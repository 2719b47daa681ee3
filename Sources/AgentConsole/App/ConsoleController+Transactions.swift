import Foundation
import SupportAPI
import SupportCore
import SupportStore
import TermUI

// The transactions pane beyond its list: the detail view (with the tickets and disputes
// that mention the transaction), attaching a transaction to a ticket, and the `F` form.
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

    // MARK: the filter form

    func openFilterForm() {
        guard state.transactions.customerId != nil else { return warn(state.t(.msgSelectToFilter)) }
        state.mode = .filterForm(TransactionFilterForm(filterText: state.transactions.filterText, now: client.now()))
    }

    func handleFilterFormKey(_ key: Key, _ form: inout TransactionFilterForm) {
        switch key.isText ? nil : KeyMap.action(for: key, in: [.filterForm]) {
        case .help: return update(.help)
        case .mode(.cancel):
            state.mode = .normal
            return say(state.t(.msgFilterUnchanged))
        case .mode(.confirm):
            guard form.check(now: client.now()) != nil else {
                // Stay open on the first field with a problem.
                if let first = TransactionFilterForm.Field.allCases.first(where: { form.errors[$0] != nil }) {
                    form.selected = first
                }
                state.mode = .filterForm(form)
                return
            }
            state.mode = .normal
            return update(.applyFilter(.transactions, form.queryText))
        case .mode(.nextFocus):
            form.move(by: 1)
        case .mode(.previousFocus):
            form.move(by: -1)
        default:
            let index = form.selected.rawValue
            if form.fields[index].handle(key) { form.errors[form.selected] = nil }
        }
        state.mode = .filterForm(form)
    }
}
