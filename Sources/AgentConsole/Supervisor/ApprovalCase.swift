import Foundation
import SupportAPI
import SupportCore
import SupportStore

/// What an approver needs in front of them before undoing protection or moving money:
/// how far the ticket's playbook got, whether two-factor is on, and whether the customer
/// proved control with a one-time code. Read from what any supervisor may already see
/// (the ticket, its timeline, the account).
extension ConsoleController {
    func approvalCase(_ request: SecurityActionRecord) -> [String] {
        var lines: [String] = []
        if let number = request.ticketNumber, let ticket = try? client.ticket(number: number),
           let playbook = Playbook.applicable(to: ticket.category, subcategory: ticket.subcategory, in: (try? client.playbooks()) ?? []).first,
           let progress = try? client.playbookProgress(ticket: number, playbook: playbook.key) {
            let done = Set(progress.filter { $0.outcome == "done" }.map(\.step))
            let recorded = Set(progress.map(\.step))
            let open = playbook.steps.filter { !recorded.contains($0.key) }
            lines.append(state.t(.caseProgress, TicketNumber.format(number), playbook.title.text(in: state.agentLanguage),
                                 String(done.count), String(playbook.steps.count))
                         + (open.isEmpty ? "" : " · " + state.t(.caseOpenSteps, open.map(\.key).joined(separator: ", "))))
            lines.append(codeLine(try? client.timeline(ticketNumber: number)))
        }
        if let customer = try? client.customer(id: request.customerId) {
            lines.append(state.t(customer.twoFactor ? .caseTwoFactorOn : .caseTwoFactorOff))
        }
        return lines
    }

    /// The code's story on the ticket, read back through the store's own wording.
    private func codeLine(_ events: [TicketEvent]?) -> String {
        var sent: Date?, entered: Date?
        for e in events ?? [] where e.kind == .securityAction {
            for line in e.body.split(separator: "\n") {
                switch EventText.template(of: String(line))?.0 {
                case .evReset: sent = e.at
                case .evCodeByCustomer, .evCodeByAgent: entered = e.at
                default: break
                }
            }
        }
        if let entered { return state.t(.caseCodeVerified, TimeText.clock(entered)) }
        if let sent { return state.t(.caseCodeSent, TimeText.clock(sent)) }
        return state.t(.caseNoCode)
    }
}
