import ArgumentParser
import Foundation
import SupportAPI
import SupportCore
import SupportStore

/// `tx export` lives in its own file (TxExportCommand.swift).
struct TxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tx", abstract: "A customer's transactions: list with the filter language, flag, dispute, refund, export.",
        subcommands: [TxList.self, TxFlag.self, TxDispute.self, TxRefund.self, TxExportCommand.self])
}

struct TxList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List a customer's transactions, newest first.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "Customer id or wallet id.") var customer: String
    @Option(help: "Filter, e.g. 'date:7d type:payment,qr_payment status:failed amount:>=100000 cp:tokopedia flagged:yes'.")
    var query: String = ""
    @Option(help: "At most this many rows.") var limit: Int = 100
    @Option(help: "Start after the transaction with this reference (the cursor the previous page printed).")
    var after: String?
    @Flag(help: "JSON output.") var json = false

    func run() throws {
        // A listing only reads: on a file, the store opens no writer unless a refusal must be audited.
        let client = try global.client(readMostly: true)
        _ = try client.whoAmI()
        guard limit > 0 else { throw CommandFailure.usage("--limit must be at least 1") }
        let c = try client.findCustomer(customer)
        let parsed = try QuerySpecs.parse(query, schema: .transactions, client: client)
        let shown: (count: Int, lastReference: String?)
        if !json, let embedded = client as? EmbeddedClient {
            // On the file itself the rows go from the statement straight into the table's bytes.
            var table = TransactionTable(expectedRows: limit)
            _ = try embedded.listTransactions(customerId: c.id, query: parsed, afterReference: after, limit: limit) { table.add($0) }
            table.print()
            shown = (table.rows, table.lastRowReference)
        } else {
            // A deep listing pages by keyset from the cursor: as cheap as the first page.
            let rows = try after.map { try client.transactions(customerId: c.id, query: parsed, afterReference: $0, limit: limit) }
                ?? client.transactions(customerId: c.id, query: parsed, limit: limit)
            if json { return try Output.json(rows) }
            Output.table(TransactionTable.header, rows.map {
                [$0.reference, TimeText.clock($0.at), $0.type.rawValue, $0.status.rawValue, Money.signed($0),
                 $0.counterparty, $0.channel, $0.flagged ? "flagged" : ""]
            })
            shown = (rows.count, rows.last?.reference)
        }
        let totals = try client.transactionTotals(customerId: c.id, query: parsed)
        print("\(shown.count) shown of \(totals.count) matching; in \(Money.format(totals.moneyIn, currency: c.currency)), out \(Money.format(totals.moneyOut, currency: c.currency)).")
        if shown.count == limit, let last = shown.lastReference {
            // Text read from the row can differ from the stored bytes (a NUL ends it): the
            // cursor is offered only when it finds the row again. Unfiltered, so the step
            // past it reads one index entry whatever the filter would have to skip.
            print(Self.moreLine(after: last) {
                (try? client.transactions(customerId: c.id, query: Query(source: "", terms: []), afterReference: last, limit: 1)) != nil
            })
        }
    }

    /// The cursor for the next page. A reference is data: one holding control or escape
    /// bytes (or spaces, which a shell would split) is never echoed raw to the terminal, and
    /// its cleaned form is not the stored reference, so it is not offered as a cursor. Nor is
    /// one read with U+FFFD: that stands for stored bytes that are not UTF-8, which typing
    /// the printed text would not match.
    static func moreLine(after reference: String, findsTheRow: () -> Bool) -> String {
        let cleaned = PlainText.inert(reference)
        if cleaned == reference, !reference.isEmpty, !reference.contains(where: { $0.isWhitespace || $0 == "\u{FFFD}" }),
           findsTheRow() {
            return "More: add --after \(reference)"
        }
        return "More: the last reference shown (\(cleaned)) is not stored as printed, so it cannot be used as --after; narrow the filter to see further."
    }
}

struct TxFlag: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "flag", abstract: "Flag a transaction the customer does not recognise.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Transaction reference.") var reference: String
    @Option(help: "Why (recorded and audited).") var reason: String
    @Option(help: "Ticket to record the action on.") var ticket: TicketRef?
    func run() throws {
        let client = try global.client()
        let action = try client.flagTransaction(reference: reference, reason: reason, ticket: ticket?.number)
        print("\(reference) is flagged (action #\(action.id)).")
    }
}

struct TxDispute: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "dispute", abstract: "Open a dispute on money that left the wallet; a deadline is recorded.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Transaction reference.") var reference: String
    @Option(help: "Why (recorded and audited).") var reason: String
    @Option(help: "Ticket to record the dispute on.") var ticket: TicketRef?
    func run() throws {
        let client = try global.client()
        let dispute = try client.openDispute(reference: reference, reason: reason, ticket: ticket?.number)
        print("Dispute \(dispute.id) opened on \(dispute.reference ?? reference); answer due by \(TimeText.day(dispute.deadlineAt)).")
    }
}

struct TxRefund: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "refund", abstract: "Ask for a disputed transaction to be refunded; a supervisor approves.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Transaction reference with an open dispute.") var reference: String
    @Option(help: "Why (recorded and audited).") var reason: String
    @Option(help: "Ticket to record the request on (default: the dispute's ticket).") var ticket: TicketRef?
    func run() throws {
        let client = try global.client()
        let request = try client.requestDisputeRefund(reference: reference, reason: reason, ticket: ticket?.number)
        print("Request #\(request.id) to refund \(reference) is waiting for approval; a supervisor other than you decides.")
    }
}
