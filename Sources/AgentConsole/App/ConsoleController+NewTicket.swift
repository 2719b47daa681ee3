import Foundation
import SupportAPI
import SupportCore
import SupportStore
import TermUI

/// A ticket opened from a phone call, as the guide's phone channel reads: who is calling
/// (wallet id, or phone/email with a reason — that search is audited and matches exactly),
/// what about (`:new KEY CATEGORY[/SUBCATEGORY]`), then the subject and what the customer
/// said, each asked in its own dialog. The ticket is the agent's at once and opens.
struct NewCall: Equatable, Sendable {
    var key: String
    var category: Category
    var subcategory: String?
    var customerId: Int64?
    var customerLabel = ""
    var subject = ""
}

extension ConsoleController {
    func startNewCall(_ call: NewCall) {
        do {
            let customer = try client.findCustomer(call.key)
            askCallSubject(call, customer: customer)
        } catch let error as StoreError where error.kind == .invalid {
            // A phone number or an email: finding someone by it is a reveal, with a reason.
            state.mode = .dialog(DialogState(
                title: state.t(.newCallLookupTitle, call.key),
                lines: [state.t(.newCallLookupLine)],
                danger: false, input: TextField(placeholder: state.t(.phRevealReason)),
                inputLabel: state.t(.labelReason), confirm: .newCall(.lookup(call))))
        } catch {
            perform { throw error }
        }
    }

    func lookUpCaller(_ call: NewCall, reason: String) {
        perform {
            let customer = try client.findCustomer(contact: call.key, reason: reason)
            askCallSubject(call, customer: customer)
        }
    }

    private func askCallSubject(_ call: NewCall, customer: Customer) {
        var call = call
        call.customerId = customer.id
        call.customerLabel = "\(customer.name) (\(customer.walletId))"
        let topic = call.category.rawValue + "/" + (call.subcategory ?? call.category.subcategories[0])
        state.mode = .dialog(DialogState(
            title: state.t(.newCallTitle, call.customerLabel, "1"),
            lines: [state.t(.newCallTopic, topic), state.t(.newCallSubjectLine)],
            danger: false, input: TextField(placeholder: state.t(.phNewCallSubject)),
            inputLabel: state.t(.newCallSubjectLabel), confirm: .newCall(.subject(call))))
    }

    func askCallBody(_ call: NewCall, subject: String) {
        var call = call
        call.subject = subject
        state.mode = .dialog(DialogState(
            title: state.t(.newCallTitle, call.customerLabel, "2"),
            lines: [state.t(.newCallSubjectLabel) + ": " + subject, state.t(.newCallBodyLine)],
            danger: false, input: TextField(placeholder: state.t(.phNewCallBody)),
            inputLabel: state.t(.newCallBodyLabel), confirm: .newCall(.body(call))))
    }

    func createCallTicket(_ call: NewCall, body: String) {
        guard let customerId = call.customerId else { return }
        perform {
            let ticket = try client.createTicket(NewTicket(customerId: customerId, subject: call.subject, body: body,
                                                           category: call.category, subcategory: call.subcategory,
                                                           channel: .phone))
            // The agent on the phone works it: theirs at once, open in front of them.
            _ = try client.claim(ticket: ticket.number)
            try afterTicketChange()
            update(.openNumber(ticket.number))
            say(state.t(.newCallCreated, TicketNumber.format(ticket.number), call.customerLabel))
        }
    }
}
