import Foundation
import SupportCore
import SupportStore
import Testing
import TermUI
@testable import AgentConsole

/// The `F` form, the detail view and attaching a transaction to a ticket.
@Suite struct TransactionPaneConsoleTests {
    func form(_ c: HeadlessConsole) -> TransactionFilterForm? {
        if case .filterForm(let form) = c.state.mode { return form }
        return nil
    }

    /// Moves the form's focus to `field` and types `text` into it.
    func fill(_ c: HeadlessConsole, _ field: TransactionFilterForm.Field, _ text: String) {
        while let f = form(c), f.selected != field { c.press(.tab) }
        c.press(.ctrl("u"))
        c.type(text)
    }

    @Test func theFormBuildsTheFilterTextAndApplies() throws {
        let c = try HeadlessConsole()
        c.press(.char("3"), .char("F"))
        #expect(form(c) != nil, "F opens the form")
        #expect(c.text.contains("Filter transactions") && c.text.contains("Counterparty"))
        fill(c, .dateFrom, "2026-10-01")
        fill(c, .dateTo, "2026-11-25")
        fill(c, .status, "!success")
        fill(c, .amountMin, "100k")
        fill(c, .counterparty, "Toko Abadi, tokopedia")
        let built = "date:2026-10-01..2026-11-25 -status:success amount:100k.. cp:\"Toko Abadi\",tokopedia"
        #expect(form(c)?.queryText == built)
        #expect(c.text.contains("/" + built), "the form shows the text it builds")
        c.press(.enter)
        guard case .normal = c.state.mode else { Issue.record("a good form applies and closes"); return }
        #expect(c.state.transactions.filterText == built)
        let customer = try #require(c.state.transactions.customerId)
        let query = try QueryParser.parse(built, schema: .transactions, now: HeadlessConsole.now, timeZone: TimeText.zone)
        #expect(c.state.transactions.totals == (try c.store.transactionTotals(customerId: customer, query: query)))
        #expect(c.text.contains("3 Transactions /date:2026-10-01"), "the pane title shows the active filter")
    }

    @Test func aBadValueIsReportedAgainstItsFieldAndNothingRuns() throws {
        let c = try HeadlessConsole()
        c.press(.char("3"), .char("F"))
        fill(c, .status, "failed")
        fill(c, .amountMax, "lots")
        c.press(.enter)
        let f = try #require(form(c), "a bad form stays open")
        #expect(f.errors[.amountMax]?.contains("expected an amount") == true)
        #expect(f.errors.count == 1)
        #expect(f.selected == .amountMax, "the focus goes to the field with the problem")
        #expect(c.text.contains("✗ expected an amount"))
        #expect(c.state.transactions.filterText.isEmpty)
        // A bad date on the "to" side is blamed on "Date to".
        fill(c, .amountMax, "")
        fill(c, .dateFrom, "2026-11-01")
        fill(c, .dateTo, "someday")
        c.press(.enter)
        #expect(form(c)?.errors.keys.map { $0 } == [.dateTo])
        c.press(.escape)
        guard case .normal = c.state.mode else { Issue.record("Esc closes the form"); return }
        #expect(c.state.transactions.filterText.isEmpty, "Esc changes nothing")
    }

    @Test func theFormOpensWithTheActiveFilterAndKeepsWhatItCannotSplit() {
        let text = "date:2026-11-01..2026-11-20 -status:success amount:>=50k channel:app toko flagged:yes type:p2p"
        let form = TransactionFilterForm(filterText: text, now: HeadlessConsole.now)
        #expect(form[.dateFrom] == "2026-11-01" && form[.dateTo] == "2026-11-20")
        #expect(form[.status] == "!success")
        #expect(form[.amountMin] == "50k" && form[.amountMax].isEmpty)
        #expect(form[.flagged] == "yes" && form[.type] == "p2p")
        #expect(form[.other] == "channel:app toko")
        #expect(form.queryText == "date:2026-11-01..2026-11-20 type:p2p -status:success amount:50k.. flagged:yes channel:app toko")
        // A single day fills both ends; a relative span only the start.
        #expect(TransactionFilterForm(filterText: "date:today", now: HeadlessConsole.now).queryText == "date:today")
        let week = TransactionFilterForm(filterText: "date:7d", now: HeadlessConsole.now)
        #expect(week[.dateFrom] == "7d" && week[.dateTo].isEmpty && week.queryText == "date:7d..")
    }

    @Test func enterShowsEveryDetailAndAAttachesToTheOpenTicket() throws {
        let c = try HeadlessConsole(width: 160, height: 48)
        c.press(.enter)                                  // open the selected ticket
        let number = try #require(c.state.ticket?.ticket.number)
        c.press(.char("3"), .char("/"))
        c.type("status:failed")
        c.press(.enter)
        let tx = try #require(c.state.transactions.window.selectedRow)
        let code = try #require(tx.failureCode)
        c.press(.enter)
        #expect(c.state.transactions.detail == tx)
        #expect(c.text.contains(tx.reference) && c.text.contains("transaction \(tx.id) · customer \(tx.customerId)"))
        let detail = TransactionDetailView.lines(tx, tickets: [], disputes: [])
        #expect(detail.contains { $0.label == "Failure" && $0.value == "\(code) — \(FailureCode.meaning(code))" })
        // On screen the meaning wraps under itself; its last word is there.
        #expect(c.text.contains("\(code) — ") && c.text.contains(FailureCode.meaning(code).split(separator: " ").last!))
        #expect(c.text.contains("UTC"))
        #expect(c.text.contains("none — a attaches it"))
        c.press(.char("a"))
        #expect(c.state.status?.text == "Attached \(tx.reference) to \(TicketNumber.format(number)).")
        let event = try #require(c.state.ticket?.events.last)
        #expect(event.kind == .transactionAttached && event.body.contains(tx.reference)
                && event.body.contains(Money.signed(tx)) && event.body.contains("failed"))
        #expect(c.state.transactions.detailTickets.map(\.number) == [number])
        #expect(c.text.contains(TicketNumber.format(number) + " "), "the detail lists the ticket")
        // Twice is refused with a message, not a crash.
        c.press(.char("a"))
        #expect(c.state.status?.kind == .error && c.state.status?.text.contains("already attached") == true)
        // The ticket's timeline shows the event.
        c.press(.escape, .char("1"))
        #expect(c.text.contains(tx.reference))
    }

    @Test func theDetailListsDisputesOnTheTransaction() throws {
        let c = try HeadlessConsole(width: 160, height: 48)
        c.press(.char("3"), .char("/"))
        c.type("-type:topup,p2p_in,refund,cashback status:success")
        c.press(.enter)
        let tx = try #require(c.state.transactions.window.selectedRow)
        let dispute = try c.store.openDispute(reference: tx.reference, reason: "customer does not recognise it", by: c.state.actor)
        c.press(.enter)
        #expect(c.state.transactions.detailDisputes.map(\.id) == [dispute.id])
        #expect(c.text.contains("Disputes") && c.text.contains("dispute \(dispute.id) open"))
    }

    /// The count after a filter is applied reads as a sentence: one transaction, or many.
    @Test func theMatchCountSaysOneOrMany() throws {
        let c = try HeadlessConsole()
        c.press(.char("3"))
        let customer = try #require(c.state.transactions.customerId)
        let all = try c.store.transactions(customerId: customer, limit: 100_000)
        let one = try #require(all.first).reference
        #expect(all.count > 2)
        for (filter, expected) in [("ref:" + one, "1 transaction matches."), ("-ref:" + one, "\(all.count - 1) transactions match.")] {
            c.press(.char("/"), .ctrl("u"))
            c.type(filter)
            c.press(.enter)
            #expect(c.state.status?.text == expected, "\(filter)")
        }
    }
}
