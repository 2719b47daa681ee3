import Foundation
import SupportCore
import SupportStore
import TermUI

/// Enter on a transaction: every field, the failure code in words an agent can say to
/// the customer, and the tickets and disputes that mention it — so "was this already
/// reported?" is answered without leaving the pane.
enum TransactionDetailView {
    static func lines(_ tx: Transaction, tickets: [LinkedTicket], disputes: [Dispute]) -> [(label: String, value: String)] {
        var rows: [(String, String)] = [
            ("Reference", tx.reference),
            ("Time", "\(TimeText.clock(tx.at)) Asia/Jakarta · \(utc(tx.at)) UTC"),
            ("Type", tx.type.rawValue + (tx.type.isCredit ? " (money in)" : " (money out)")),
            ("Status", tx.status.rawValue),
            ("Amount", Money.formatSigned(tx.signedAmount, currency: tx.currency) + " \(tx.currency)"),
            ("Counterparty", tx.counterparty),
            ("Channel", tx.channel),
            ("Failure", tx.failureCode.map { "\($0) — \(FailureCode.meaning($0))" } ?? "—"),
            ("Flagged", tx.flagged ? "yes, as suspicious" : "no"),
            ("Ids", "transaction \(tx.id) · customer \(tx.customerId)"),
        ]
        if tickets.isEmpty {
            rows.append(("Tickets", "none — a attaches it to the open ticket"))
        }
        for (i, ticket) in tickets.enumerated() {
            rows.append((i == 0 ? "Tickets" : "",
                         "\(TicketNumber.format(ticket.number)) \(ticket.status.rawValue) · \(ticket.subject) · attached by \(ticket.attachedBy) \(TimeText.short(ticket.attachedAt))"))
        }
        for (i, dispute) in disputes.enumerated() {
            rows.append((i == 0 ? "Disputes" : "",
                         "\(dispute.kind.rawValue) \(dispute.id) \(dispute.state.rawValue) · opened by \(dispute.openedBy) \(TimeText.short(dispute.openedAt)) · due \(TimeText.day(dispute.deadlineAt))"))
        }
        return rows
    }

    static func render(_ state: ConsoleState, _ tx: Transaction, chrome: PaneChrome, into screen: inout Screen) {
        let t = state.transactions
        // Long values (a failure's meaning, a ticket subject) wrap under themselves.
        let valueWidth = max(10, chrome.inner.width - 1 - 13)
        var y = 0
        for row in lines(tx, tickets: t.detailTickets, disputes: t.detailDisputes) {
            for (i, part) in Wrap.lines(TextSanitizer.clean(row.value), width: valueWidth).enumerated() {
                chrome.line(into: &screen, DisplayWidth.pad(i == 0 ? row.label : "", toWidth: 13) + part, row: y, indent: 1)
                y += 1
            }
        }
        chrome.line(into: &screen, "Esc returns to the list · a attaches to the open ticket", row: y + 1,
                    style: state.theme.style("muted"), indent: 1)
    }

    private static func utc(_ date: Date) -> String { TimeText.utcSeconds(date) }
}
