import Foundation
import SupportAPI
import SupportCore
import SupportStore
import TermUI

// Recording a complaint from the console (`:complaint-open`): the customer's statement,
// then what they expect, each asked in its own dialog, as the guide's complaint flow reads.
extension ConsoleController {
    func askComplaintOpen() {
        guard let target = targetTicket else { return warn("No ticket selected.") }
        let n = TicketNumber.format(target.number)
        state.mode = .dialog(DialogState(
            title: "Record a complaint on \(n) (1 of 2)",
            lines: ["What does the customer complain of? In their words, as they told it.",
                    "The complaint's deadline starts now; the record is audited."],
            danger: false, input: TextField(placeholder: "e.g. cashback promised for the 11.11 promo never arrived"),
            inputLabel: "Statement", confirm: .complaintStatement))
    }

    func askExpectedOutcome(statement: String) {
        guard let target = targetTicket else { return warn("No ticket selected.") }
        state.mode = .dialog(DialogState(
            title: "Record a complaint on \(TicketNumber.format(target.number)) (2 of 2)",
            lines: ["Statement: " + statement, "What does the customer expect to happen?"],
            danger: false, input: TextField(placeholder: "e.g. the cashback credited, or an apology"),
            inputLabel: "Expects", confirm: .openComplaint(statement)))
    }

    func openComplaint(statement: String, expected: String) {
        guard let target = targetTicket else { return warn("No ticket selected.") }
        perform {
            let record = try client.openComplaint(ticket: target.number, statement: statement, expectedOutcome: expected)
            try afterTicketChange()
            say("Complaint recorded on \(TicketNumber.format(target.number)); due \(TimeText.clock(record.dueAt)).")
        }
    }
}
