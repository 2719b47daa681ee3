import Foundation
import SupportCore
import SupportStore
import TermUI

/// Enter on a transaction: every field, the failure code in words an agent can say to
/// the customer, and the tickets and disputes that mention it — so "was this already
/// reported?" is answered without leaving the pane.
enum TransactionDetailView {
    static func lines(_ tx: Transaction, tickets: [LinkedTicket], disputes: [Dispute],
                      _ l: ContentLanguage = .en) -> [(label: String, value: String)] {
        func t(_ id: MessageID, _ arguments: String...) -> String { Catalogue.text(id, l, arguments) }
        var rows: [(String, String)] = [
            (t(.txdReference), tx.reference),
            (t(.colTimeLabel), "\(TimeText.clock(tx.at)) Asia/Jakarta · \(utc(tx.at)) UTC"),
            (t(.txdType), tx.type.rawValue + " " + t(tx.type.isCredit ? .txdMoneyIn : .txdMoneyOut)),
            (t(.txdStatus), tx.status.rawValue),
            (t(.txdAmount), Money.formatSigned(tx.signedAmount, currency: tx.currency) + " \(tx.currency)"),
            (t(.txdCounterparty), tx.counterparty),
            (t(.txdChannel), tx.channel),
            (t(.txdFailure), tx.failureCode.map { "\($0) — \(FailureCode.meaning($0))" } ?? "—"),
            (t(.txdFlagged), t(tx.flagged ? .txdFlaggedYes : .txdFlaggedNo)),
            (t(.txdIds), t(.txdIdsValue, String(tx.id), String(tx.customerId))),
        ]
        if tickets.isEmpty {
            rows.append((t(.txdTickets), t(.txdNoTickets)))
        }
        for (i, ticket) in tickets.enumerated() {
            rows.append((i == 0 ? t(.txdTickets) : "",
                         "\(TicketNumber.format(ticket.number)) \(ticket.status.rawValue) · \(ticket.subject) · "
                            + t(.txdAttachedBy, ticket.attachedBy, TimeText.short(ticket.attachedAt))))
        }
        for (i, dispute) in disputes.enumerated() {
            rows.append((i == 0 ? t(.txdDisputes) : "",
                         "\(dispute.kind.rawValue) \(dispute.id) \(dispute.state.rawValue) · "
                            + t(.txdOpenedBy, dispute.openedBy, TimeText.short(dispute.openedAt), TimeText.day(dispute.deadlineAt))))
        }
        return rows
    }

    static func render(_ state: ConsoleState, _ tx: Transaction, chrome: PaneChrome, into screen: inout Screen) {
        let t = state.transactions
        // Long values (a failure's meaning, a ticket subject) wrap under themselves.
        let valueWidth = max(10, chrome.inner.width - 1 - 13)
        var y = 0
        for row in lines(tx, tickets: t.detailTickets, disputes: t.detailDisputes, state.agentLanguage) {
            for (i, part) in Wrap.lines(TextSanitizer.clean(row.value), width: valueWidth).enumerated() {
                chrome.line(into: &screen, DisplayWidth.pad(i == 0 ? row.label : "", toWidth: 13) + part, row: y, indent: 1)
                y += 1
            }
        }
        chrome.line(into: &screen, state.t(.txdFooter), row: y + 1,
                    style: state.theme.style("muted"), indent: 1)
    }

    private static func utc(_ date: Date) -> String { TimeText.utcSeconds(date) }
}
