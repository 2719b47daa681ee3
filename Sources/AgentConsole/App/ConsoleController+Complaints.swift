import Foundation
import SupportAPI
import SupportCore
import SupportStore
import TermUI

// Recording a complaint from the console (`:complaint-open`): the customer's statement,
// then what they expect, each asked in its own dialog, as the guide's complaint flow reads.
extension ConsoleController {
    /// `5` (or a click on the Complaint tab): the record in place of the timeline where it
    /// cannot sit beside it; again, back to the timeline.
    func toggleComplaint() {
        guard let ticket = state.ticket, ticket.ticket.category == .complaint else { return warn(state.t(.statusNoComplaint)) }
        guard state.complaintTab else { return say(state.t(.statusComplaintBeside)) }
        let show = !(state.focus == .queue && ticket.showsComplaint)
        state.focus = .queue
        state.ticket?.showsComplaint = show
    }

    func askComplaintOpen() {
        guard let target = targetTicket else { return warn(state.t(.statusNoTicket)) }
        let n = TicketNumber.format(target.number)
        state.mode = .dialog(DialogState(
            title: state.t(.complaintOpenTitle, n, "1"),
            lines: [state.t(.complaintOpenStatement), state.t(.complaintOpenDeadline)],
            danger: false, input: TextField(placeholder: state.t(.phComplaintStatement)),
            inputLabel: state.t(.complaintStatementLabel), confirm: .complaintStatement))
    }

    func askExpectedOutcome(statement: String) {
        guard let target = targetTicket else { return warn(state.t(.statusNoTicket)) }
        state.mode = .dialog(DialogState(
            title: state.t(.complaintOpenTitle, TicketNumber.format(target.number), "2"),
            lines: [state.t(.complaintStatementLabel) + ": " + statement, state.t(.complaintOpenExpects)],
            danger: false, input: TextField(placeholder: state.t(.phComplaintExpects)),
            inputLabel: state.t(.complaintExpectsLabel), confirm: .openComplaint(statement)))
    }

    func openComplaint(statement: String, expected: String) {
        guard let target = targetTicket else { return warn(state.t(.statusNoTicket)) }
        perform {
            let record = try client.openComplaint(ticket: target.number, statement: statement, expectedOutcome: expected)
            try afterTicketChange()
            say(state.t(.statusComplaintRecorded, TicketNumber.format(target.number), TimeText.clock(record.dueAt)))
        }
    }
}
