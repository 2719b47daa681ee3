import Foundation
import SupportAPI
import SupportCore
import SupportExport
import SupportReports
import SupportStore
import TermUI

// Loading, moving around and drilling on the supervisor screen, approvals and exports.
extension ConsoleController {
    func runSupervisor(_ action: SupervisorAction, reason: String = "") {
        let all = SupervisorPanel.allCases
        switch action {
        case .nextPanel:
            state.supervisor.panel = all[(state.supervisor.panel.rawValue + 1) % all.count]
        case .previousPanel:
            state.supervisor.panel = all[(state.supervisor.panel.rawValue + all.count - 1) % all.count]
        case .moveRow(let delta):
            let model = SupervisorPanels.model(state.supervisor.panel, state)
            var cursor = state.supervisor.cursor
            cursor.row = max(0, min(model.rows.count - 1, cursor.row + delta))
            cursor.cell = max(0, min(cursor.cell, model.drillable(cursor.row).count - 1))
            state.supervisor.cursor = cursor
        case .moveCell(let delta):
            let model = SupervisorPanels.model(state.supervisor.panel, state)
            var cursor = state.supervisor.cursor
            cursor.cell = max(0, min(model.drillable(cursor.row).count - 1, cursor.cell + delta))
            state.supervisor.cursor = cursor
        case .drill:
            let model = SupervisorPanels.model(state.supervisor.panel, state)
            let cursor = state.supervisor.cursor
            guard let index = model.drillable(cursor.row)[safe: cursor.cell], let drill = model.rows[cursor.row][index].drill else {
                return warn(state.t(.msgNothingHere))
            }
            drillDown(drill)
        case .cyclePeriod:
            let periods = SupervisorState.periods
            state.supervisor.periodDays = periods[((periods.firstIndex(of: state.supervisor.periodDays) ?? 0) + 1) % periods.count]
            refreshSupervisor()
            say(state.t(.msgPeriod, state.supervisor.periodLabel))
        case .askDecision(let approve):
            askDecision(approve: approve)
        case .decide(let id, let approve):
            perform {
                let r = approve ? try client.approve(requestId: id, reason: reason)
                                : try client.reject(requestId: id, reason: reason)
                refreshAfterDecision(approval: id)
                say(state.t(approve ? .msgApproved : .msgRejected, String(r.id), state.securityTitle(r.kind)))
            }
        case .retryDelivery(let id):
            perform {
                try client.retryDelivery(outboxId: id)
                refreshAfterDecision(failure: id)
                say(state.t(.msgRequeued, String(id)))
            }
        case .export:
            exportReports()
        case .toggleSelect, .selectRange, .selectAll, .clearSelection, .bulkMenu, .runBulk, .dismiss:
            runSelection(action)
        }
    }

    /// Shows the tickets behind a figure as the queue on the main screen. The filter names
    /// the set (or lists its numbers), so the queue holds exactly those tickets.
    func drillDown(_ drill: SupervisorDrill) {
        switch drill {
        case .query(let text):
            showAsQueue(text)
        case .tickets(let numbers):
            guard !numbers.isEmpty else { return warn(state.t(.msgNoTicketsBehind)) }
            showAsQueue("number:" + numbers.map { String($0) }.joined(separator: ","))
        case .ticket(let number):
            showAsQueue("number:\(number)")
            perform {
                try openTicket(number: number)
                announcePresence(on: number, .viewing)
            }
        case .approval(let id):
            guard let request = state.supervisor.data?.approvals.first(where: { $0.id == id }) else { return }
            guard let number = request.ticketNumber else { return warn(state.t(.msgRequestNoTicket, String(id))) }
            drillDown(.ticket(number))
        }
    }

    private func showAsQueue(_ filter: String) {
        state.screen = .main
        state.focus = .queue
        state.ticket = nil
        state.queue.view = .all
        applyFilter(.queue, filter)
    }

    private func askDecision(approve: Bool) {
        if state.supervisor.panel == .deliveries { return approve ? askRetry() : warn(state.t(.msgRetryNotReject)) }
        guard state.supervisor.panel == .approvals else { return warn(state.t(.msgApproveWhere)) }
        guard let request = state.supervisor.data?.approvals[safe: state.supervisor.cursor.row] else {
            return warn(state.t(.msgNoRequestWaiting))
        }
        let what = state.securityTitle(request.kind)
        state.mode = .dialog(DialogState(
            title: state.t(approve ? .dlgApproveTitle : .dlgRejectTitle, String(request.id)),
            lines: [state.t(.dlgRequestLine, what, request.walletId, request.requestedBy, TimeText.clock(request.requestedAt)),
                    "“\(request.reason)”"] + approvalCase(request) + [
                    state.t(approve ? .dlgApproveEffect : .dlgRejectEffect)],
            danger: approve, input: TextField(placeholder: state.t(.phWhyTicketAudit)),
            inputLabel: state.t(.labelReason), confirm: .supervisor(.decide(request.id, approve: approve))))
    }

    private func askRetry() {
        guard let message = state.supervisor.failures[safe: state.supervisor.cursor.row] else {
            return warn(state.t(.msgNoFailedDelivery))
        }
        state.mode = .dialog(DialogState(
            title: state.t(.dlgRetryTitle, String(message.id)),
            lines: [state.t(.dlgRetryLine, message.channel.rawValue, message.destination,
                            message.ticket.map { state.t(.dlgRetryOnTicket, TicketNumber.format($0)) } ?? "", String(message.attempts)),
                    "“\(message.lastError ?? state.t(.dlgNoReason))”",
                    state.t(.dlgRetryEffect)],
            danger: false, input: nil, inputLabel: nil, confirm: .supervisor(.retryDelivery(message.id))))
    }
}

/// The supervisor screen's own keys (KeyMap's "Supervisor"); what it does not use is
/// ignored here and reaches the key table's global bindings.
struct SupervisorKeys: ModeController {
    let console: ConsoleController

    func handle(_ key: Key) -> Outcome {
        KeyMap.action(for: key, in: [.supervisor]).map(Outcome.run) ?? .ignored
    }
}
