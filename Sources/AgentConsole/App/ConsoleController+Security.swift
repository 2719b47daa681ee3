import Foundation
import SupportAPI
import SupportCore
import SupportStore
import TermUI

// The security pane's actions. Each opens a dialog that states the exact effect and
// asks why; the store enforces roles and maker-checker, this only asks and reports.
extension ConsoleController {
    func loadSecurity(customerId: Int64) throws {
        guard let customer = state.account.customer else { return }
        state.security.actions = try client.availableActions(for: customer)
        state.security.history = try client.securityHistory(customerId: customerId, limit: 20)
        state.security.selected = min(state.security.selected, max(0, state.security.actions.count - 1))
    }

    /// The ticket a security action is recorded on: the open one, else the queue's selection
    /// when it belongs to this customer.
    var securityTicket: Int64? {
        if let t = state.ticket, t.ticket.customerId == state.account.customer?.id { return t.ticket.number }
        if let row = state.queue.window.selectedRow, row.customerId == state.account.customer?.id { return row.number }
        return nil
    }

    /// Opens the confirmation for the selected action, or for `kind` (from a playbook step).
    func askSecurityAction(_ kind: AccountSecurityAction? = nil, playbookStep: String? = nil) {
        guard let customer = state.account.customer else { return warn("No customer selected.") }
        let entry = kind.flatMap { k in state.security.actions.first { $0.kind == k } }
            ?? (kind == nil ? state.security.actions[safe: state.security.selected] : nil)
        guard let entry else {
            return warn("That action does not apply to this account now (status \(customer.status.rawValue)).")
        }
        guard entry.available else { return warn("\(entry.title): \(entry.note).") }
        if let request = entry.requestId {
            state.mode = .dialog(DialogState(title: entry.title, lines: [entry.note, "Approving applies the request now; you cannot approve your own."],
                                             danger: true, input: TextField(placeholder: "why you approve"), inputLabel: "Reason",
                                             confirm: .runSecurityAction(entry.kind, request, nil)))
            return
        }
        guard let effect = effectLines(entry, customer: customer) else { return }
        let ticketLine = securityTicket.map { "It is recorded on \(TicketNumber.format($0))." } ?? "No ticket is open for this customer."
        let danger = [.freeze, .closeAccount, .unbindDevice].contains(entry.kind)
        state.mode = .dialog(DialogState(title: entry.title, lines: effect + [ticketLine], danger: danger,
                                         input: TextField(placeholder: "why — recorded in the audit log"), inputLabel: "Reason",
                                         confirm: .runSecurityAction(entry.kind, entry.requestId, playbookStep)))
    }

    /// The exact effect, in words, or nil (with a message) when something must be picked first.
    private func effectLines(_ entry: AvailableSecurityAction, customer: Customer) -> [String]? {
        let who = "\(customer.name) (\(customer.walletId))"
        let tx = state.transactions.window.selectedRow
        switch entry.kind {
        case .freeze: return ["Freezes \(who) now: no payments, transfers or logins until a supervisor approves an unfreeze."]
        case .unfreeze: return ["Asks a supervisor to unfreeze \(who). Nothing changes until another person approves."]
        case .closeAccount: return ["Asks a supervisor to close \(who) for good. Refused while the balance is not zero."]
        case .forceCredentialReset:
            return ["Sends a one-time code (valid 10 minutes) to the registered phone. Nobody here can read it;",
                    "the customer sets new credentials with it. At most 3 codes an hour."]
        case .revokeSessions: return ["Signs \(who) out of every device and session."]
        case .requireTwoFactor: return ["Requires two-factor verification on every login of \(who)."]
        case .unbindDevice:
            guard let device = state.account.devices.first(where: \.bound) else {
                warn("No bound device to unbind.")
                return nil
            }
            return ["Unbinds \(device.model) (device \(device.id), app \(device.appVersion)) from \(who)."]
        case .flagTransaction, .openDispute, .refundDispute:
            guard let tx else {
                warn("Pick the transaction first: focus Transactions (3) and select it.")
                return nil
            }
            let what = "\(tx.reference) · \(Money.formatSigned(tx.signedAmount, currency: tx.currency)) · \(tx.counterparty)"
            switch entry.kind {
            case .flagTransaction: return ["Flags \(what) as suspicious."]
            case .openDispute: return ["Opens a dispute on \(what); the deadline is 14 days."]
            default: return ["Asks a supervisor to refund the disputed \(what)."]
            }
        case .openAppeal:
            let flagged = state.transactions.window.rows.filter(\.flagged)
            let since = flagged.map(\.at).min() ?? state.now
            return ["Opens a stolen-account appeal for \(who): compromised since \(TimeText.clock(since)),",
                    "\(flagged.count) flagged transaction(s) attached. Flag them first in Transactions."]
        }
    }

    func runSecurityAction(_ kind: AccountSecurityAction, requestId: Int64?, playbookStep: String?, reason: String) {
        guard let customer = state.account.customer else { return }
        let ticket = securityTicket
        if let requestId {
            return perform {
                let r = try client.approve(requestId: requestId, reason: reason)
                try followSelection(force: true)
                say("Approved request #\(r.id) (\(r.kind.rawValue.replacingOccurrences(of: "_", with: " "))).")
            }
        }
        perform {
            var message: String
            switch kind {
            case .freeze: _ = try client.freeze(customerId: customer.id, reason: reason, ticket: ticket); message = "Account frozen."
            case .unfreeze:
                let r = try client.requestUnfreeze(customerId: customer.id, reason: reason, ticket: ticket)
                message = "Unfreeze requested (#\(r.id)); waiting for a supervisor."
            case .closeAccount:
                let r = try client.requestClose(customerId: customer.id, reason: reason, ticket: ticket)
                message = "Closure requested (#\(r.id)); waiting for a supervisor."
            case .forceCredentialReset:
                _ = try client.forceCredentialReset(customerId: customer.id, reason: reason, ticket: ticket)
                message = "Reset code queued for delivery; nobody here can read it."
            case .revokeSessions: _ = try client.revokeSessions(customerId: customer.id, reason: reason, ticket: ticket); message = "All sessions revoked."
            case .requireTwoFactor: _ = try client.requireTwoFactor(customerId: customer.id, reason: reason, ticket: ticket); message = "Two-factor required."
            case .unbindDevice:
                guard let device = state.account.devices.first(where: \.bound) else { return }
                _ = try client.unbindDevice(customerId: customer.id, deviceId: device.id, reason: reason, ticket: ticket)
                message = "\(device.model) unbound."
            case .flagTransaction:
                guard let tx = state.transactions.window.selectedRow else { return }
                _ = try client.flagTransaction(reference: tx.reference, reason: reason, ticket: ticket)
                message = "\(tx.reference) flagged as suspicious."
            case .openDispute:
                guard let tx = state.transactions.window.selectedRow else { return }
                let d = try client.openDispute(reference: tx.reference, reason: reason, ticket: ticket)
                message = "Dispute #\(d.id) opened on \(tx.reference)."
            case .refundDispute:
                guard let tx = state.transactions.window.selectedRow else { return }
                let r = try client.requestDisputeRefund(reference: tx.reference, reason: reason, ticket: ticket)
                message = "Refund requested (#\(r.id)); waiting for a supervisor."
            case .openAppeal:
                let flagged = state.transactions.window.rows.filter(\.flagged)
                let d = try client.openAppeal(customerId: customer.id, timeOfCompromise: flagged.map(\.at).min() ?? state.now,
                                             suspiciousReferences: flagged.map(\.reference), reason: reason, ticket: ticket)
                message = "Appeal #\(d.id) opened with \(flagged.count) suspicious transaction(s)."
            }
            if let step = playbookStep, let number = ticket {
                try client.recordPlaybookStep(ticket: number, playbook: "stolen-account", step: step, note: reason)
            }
            try followSelection(force: true)
            try afterTicketChange()
            if let step = playbookStep, let number = ticket, let book = Playbook.builtIn.first(where: { $0.key == "stolen-account" }) {
                let index = book.steps.firstIndex { $0.key == step } ?? 0
                try showPlaybook(book, ticket: number, selected: min(book.steps.count - 1, index + 1))
            }
            say(message)
        }
    }

    /// Playbook steps that are security actions run the action itself when ticked.
    static let stepActions: [String: AccountSecurityAction] = [
        "freeze": .freeze, "revoke-sessions": .revokeSessions, "force-reset": .forceCredentialReset,
        "open-appeal": .openAppeal, "two-factor": .requireTwoFactor,
    ]
}
