import Foundation
import SupportAPI
import SupportCore
import SupportStore
import TermUI

/// The security pane's state: the actions the store offers for this account and role,
/// the account's security history, and the selected action.
struct SecurityPaneState {
    var actions: [AvailableSecurityAction] = []
    var history: [SecurityActionRecord] = []
    var selected = 0
}

/// The security pane's behaviour (drawn by `SecurityPane`): the moving keys pick an action;
/// Enter (`askSecurity`; from the palette, `:freeze` and the like: `askSecurityKind`) opens
/// the dialog below that states the exact effect and asks why; the dialog's confirmation
/// runs it (`runSecurityAction`). The store enforces roles and maker-checker; this only
/// asks and reports.
struct SecurityController: PaneController {
    let console: ConsoleController

    func handle(_ action: Action) -> Outcome {
        if let delta = step(action) {
            state.security.selected = max(0, min(state.security.actions.count - 1, state.security.selected + delta))
            return .handled
        }
        switch action {
        case .home, .end, .open: return .handled   // taken, and nothing to do
        default: return .ignored
        }
    }
}

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
        guard let customer = state.account.customer else { return warn(state.t(.msgNoCustomer)) }
        let entry = kind.flatMap { k in state.security.actions.first { $0.kind == k } }
            ?? (kind == nil ? state.security.actions[safe: state.security.selected] : nil)
        guard let entry else {
            return warn(state.t(.msgActionNotApplicable, customer.status.rawValue))
        }
        guard entry.available else { return warn(state.securityTitle(entry) + ": " + state.securityNote(entry) + ".") }
        if let request = entry.requestId {
            state.mode = .dialog(DialogState(title: state.securityTitle(entry), lines: [state.securityNote(entry), state.t(.msgApprovingApplies)],
                                             danger: true, input: TextField(placeholder: state.t(.phWhyApprove)), inputLabel: state.t(.labelReason),
                                             confirm: .runSecurityAction(entry.kind, request, nil)))
            return
        }
        guard let effect = effectLines(entry, customer: customer) else { return }
        let ticketLine = securityTicket.map { state.t(.msgRecordedOn, TicketNumber.format($0)) } ?? state.t(.msgNoTicketForCustomer)
        let danger = [.freeze, .closeAccount, .unbindDevice].contains(entry.kind)
        state.mode = .dialog(DialogState(title: state.securityTitle(entry), lines: effect + [ticketLine], danger: danger,
                                         input: TextField(placeholder: state.t(.phWhyAudit)), inputLabel: state.t(.labelReason),
                                         confirm: .runSecurityAction(entry.kind, entry.requestId, playbookStep)))
    }

    /// The exact effect, in words, or nil (with a message) when something must be picked first.
    private func effectLines(_ entry: AvailableSecurityAction, customer: Customer) -> [String]? {
        let who = "\(customer.name) (\(customer.walletId))"
        let tx = state.transactions.window.selectedRow
        switch entry.kind {
        case .freeze: return [state.t(.effFreeze, who)]
        case .unfreeze: return [state.t(.effUnfreeze, who)]
        case .closeAccount: return [state.t(.effClose, who)]
        case .forceCredentialReset:
            return [state.t(.effReset1), state.t(.effReset2)]
        case .revokeSessions: return [state.t(.effRevoke, who)]
        case .requireTwoFactor: return [state.t(.effTwoFactor, who)]
        case .unbindDevice:
            guard let device = state.account.devices.first(where: \.bound) else {
                warn(state.t(.msgNoBoundDevice))
                return nil
            }
            return [state.t(.effUnbind, device.model, String(device.id), device.appVersion, who)]
        case .flagTransaction, .openDispute, .refundDispute:
            guard let tx else {
                warn(state.t(.msgPickTransaction))
                return nil
            }
            let what = "\(tx.reference) · \(Money.formatSigned(tx.signedAmount, currency: tx.currency)) · \(tx.counterparty)"
            switch entry.kind {
            case .flagTransaction: return [state.t(.effFlag, what)]
            case .openDispute: return [state.t(.effDispute, what)]
            default: return [state.t(.effRefund, what)]
            }
        case .openAppeal:
            let flagged = state.transactions.window.rows.filter(\.flagged)
            let since = flagged.map(\.at).min() ?? state.now
            return [state.t(.effAppeal1, who, TimeText.clock(since)), state.t(.effAppeal2, String(flagged.count))]
        }
    }

    func runSecurityAction(_ kind: AccountSecurityAction, requestId: Int64?, playbookStep: String?, reason: String) {
        guard let customer = state.account.customer else { return }
        let ticket = securityTicket
        if let requestId {
            return perform {
                let r = try client.approve(requestId: requestId, reason: reason)
                try followSelection(force: true)
                say(state.t(.msgApproved, String(r.id), state.securityTitle(r.kind)))
            }
        }
        perform {
            var message: String
            switch kind {
            case .freeze: _ = try client.freeze(customerId: customer.id, reason: reason, ticket: ticket); message = state.t(.msgFrozen)
            case .unfreeze:
                let r = try client.requestUnfreeze(customerId: customer.id, reason: reason, ticket: ticket)
                message = state.t(.msgUnfreezeRequested, String(r.id))
            case .closeAccount:
                let r = try client.requestClose(customerId: customer.id, reason: reason, ticket: ticket)
                message = state.t(.msgCloseRequested, String(r.id))
            case .forceCredentialReset:
                _ = try client.forceCredentialReset(customerId: customer.id, reason: reason, ticket: ticket)
                message = state.t(.msgResetQueued)
            case .revokeSessions: _ = try client.revokeSessions(customerId: customer.id, reason: reason, ticket: ticket); message = state.t(.msgSessionsRevoked)
            case .requireTwoFactor: _ = try client.requireTwoFactor(customerId: customer.id, reason: reason, ticket: ticket); message = state.t(.msgTwoFactorRequired)
            case .unbindDevice:
                guard let device = state.account.devices.first(where: \.bound) else { return }
                _ = try client.unbindDevice(customerId: customer.id, deviceId: device.id, reason: reason, ticket: ticket)
                message = state.t(.msgUnbound, device.model)
            case .flagTransaction:
                guard let tx = state.transactions.window.selectedRow else { return }
                _ = try client.flagTransaction(reference: tx.reference, reason: reason, ticket: ticket)
                message = state.t(.msgFlagged, tx.reference)
            case .openDispute:
                guard let tx = state.transactions.window.selectedRow else { return }
                let d = try client.openDispute(reference: tx.reference, reason: reason, ticket: ticket)
                message = state.t(.msgDisputeOpened, String(d.id), tx.reference)
            case .refundDispute:
                guard let tx = state.transactions.window.selectedRow else { return }
                let r = try client.requestDisputeRefund(reference: tx.reference, reason: reason, ticket: ticket)
                message = state.t(.msgRefundRequested, String(r.id))
            case .openAppeal:
                let flagged = state.transactions.window.rows.filter(\.flagged)
                let d = try client.openAppeal(customerId: customer.id, timeOfCompromise: flagged.map(\.at).min() ?? state.now,
                                             suspiciousReferences: flagged.map(\.reference), reason: reason, ticket: ticket)
                message = state.t(.msgAppealOpened, String(d.id), String(flagged.count))
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
}
