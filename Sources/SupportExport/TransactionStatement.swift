import Foundation
import SupportCore

/// The layout of a customer's transaction export, the same in every format: a title
/// block with the customer and the period, one row per transaction, and a totals row
/// with the count and the money in and out.
///
/// It never reads a database: rows arrive through a closure, so the store streams them
/// from its cursor and a million-row export never sits in memory.
public struct TransactionStatement: Sendable {
    /// The customer as the statement prints them: their own document names them and their
    /// wallet in full (masking is for screens); phone and email arrive already masked,
    /// because the file may be mailed on.
    public struct Customer: Sendable, Hashable {
        public var name: String
        public var walletId: String
        public var maskedPhone: String
        public var maskedEmail: String
        public var currency: String

        public init(name: String, walletId: String, maskedPhone: String, maskedEmail: String,
                    currency: String = "IDR") {
            self.name = name; self.walletId = walletId
            self.maskedPhone = maskedPhone; self.maskedEmail = maskedEmail; self.currency = currency
        }
    }

    /// What was written: data rows and the totals as printed.
    public struct Summary: Sendable, Hashable {
        public var rows: Int
        public var moneyIn: Int64
        public var moneyOut: Int64

        public init(rows: Int, moneyIn: Int64, moneyOut: Int64) {
            self.rows = rows; self.moneyIn = moneyIn; self.moneyOut = moneyOut
        }
    }

    public var customer: Customer
    /// The filter as the agent typed it; printed so a reader knows what was left out.
    public var filterText: String
    public var period: DateInterval?
    public var generatedAt: Date
    public var timeZone: TimeZone
    public var fileModes: FileModes

    public init(customer: Customer, filterText: String, period: DateInterval?, generatedAt: Date,
                timeZone: TimeZone = TimeText.zone, fileModes: FileModes = FileModes()) {
        self.customer = customer; self.filterText = filterText; self.period = period
        self.generatedAt = generatedAt; self.timeZone = timeZone; self.fileModes = fileModes
    }

    /// Money moves in one direction per row, so in and out get a column each: the
    /// totals row then sums straight down, as on a bank statement.
    ///
    /// CSV and XLSX carry every field as data. A portrait A4 page has no room for the
    /// channel, so the PDF, which people read, leaves it out and spells failure codes
    /// and types in words.
    public func columns(for format: ExportFormat) -> [ExportColumn] {
        let money = ExportColumn.Kind.money(currencyCode: customer.currency,
                                            exponent: CurrencyTable.exponent(for: customer.currency))
        if format == .pdf {
            return [
                ExportColumn("Time", kind: .dateTime, widthHint: 15),
                ExportColumn("Reference", widthHint: 13),
                ExportColumn("Type", widthHint: 12),
                ExportColumn("Status", widthHint: 8),
                ExportColumn("Counterparty", widthHint: 18),
                ExportColumn("Failure", widthHint: 17),
                ExportColumn("Flag", widthHint: 5),
                ExportColumn("Not settled", kind: money),
                ExportColumn("Money in", kind: money),
                ExportColumn("Money out", kind: money),
            ]
        }
        return [
            ExportColumn("Time", kind: .dateTime),
            ExportColumn("Reference", widthHint: 14),
            ExportColumn("Type", widthHint: 12),
            ExportColumn("Status", widthHint: 8),
            ExportColumn("Counterparty", widthHint: 24),
            ExportColumn("Channel", widthHint: 13),
            ExportColumn("Failure code", widthHint: 19),
            ExportColumn("Flagged", widthHint: 7),
            ExportColumn("Not settled", kind: money),
            ExportColumn("Money in", kind: money),
            ExportColumn("Money out", kind: money),
        ]
    }

    public var document: ExportDocument {
        var lines = ["Customer: \(customer.name) · wallet \(customer.walletId) · phone \(customer.maskedPhone) · email \(customer.maskedEmail)"]
        if !filterText.isEmpty { lines.append("Filter: \(filterText)") }
        lines.append("Money in and out hold successful transactions only, so each column adds up to its total; "
                     + "failed, pending and reversed amounts stand apart under Not settled.")
        return ExportDocument(title: "Transaction statement", subtitleLines: lines, period: period,
                              generatedAt: generatedAt, timeZone: timeZone, sheetName: "Transactions", fileModes: fileModes)
    }

    /// One transaction's cells. A settled amount goes under money in or money out by type;
    /// any other goes under Not settled (signed), so a spreadsheet's SUM of money in or
    /// out equals the totals row.
    public func row(for tx: Transaction, format: ExportFormat) -> [ExportValue] {
        let blank = ExportValue.text("")
        let settled = tx.status == .success
        let money: [ExportValue] = settled
            ? [blank, tx.type.isCredit ? .money(tx.amount) : blank, tx.type.isCredit ? blank : .money(tx.amount)]
            : [.money(tx.type.isCredit ? tx.amount : 0 &- tx.amount), blank, blank]   // amounts are >= 0: no wrap
        let flag = ExportValue.text(tx.flagged ? "yes" : "")
        if format == .pdf {
            return [.date(tx.at), .text(tx.reference), .text(Self.words(tx.type.rawValue)), .text(tx.status.rawValue),
                    .text(tx.counterparty), .text(tx.failureCode.map(Self.words) ?? ""), flag] + money
        }
        return [.date(tx.at), .text(tx.reference), .text(tx.type.rawValue), .text(tx.status.rawValue),
                .text(tx.counterparty), .text(tx.channel), .text(tx.failureCode ?? ""), flag] + money
    }

    /// `INSUFFICIENT_FUNDS` → `insufficient funds`: narrower on the page, and readable.
    static func words(_ code: String) -> String {
        code.lowercased().replacingOccurrences(of: "_", with: " ")
    }

    /// `Total: 12 transactions` under the time, the sums under their columns.
    public func totalsRow(_ summary: Summary, format: ExportFormat) -> [ExportValue?] {
        let count = columns(for: format).count
        let noun = summary.rows == 1 ? "transaction" : "transactions"
        var totals = [ExportValue?](repeating: nil, count: count)
        totals[0] = .text("Total: \(summary.rows) \(noun)")
        totals[count - 2] = .money(summary.moneyIn)
        totals[count - 1] = .money(summary.moneyOut)
        return totals
    }

    /// Writes the statement to `url`. `rows` is called once and hands every transaction
    /// to `emit` in order; throwing from `emit`'s caller or from `progress` abandons the
    /// export and leaves no file. The totals are summed here from the rows written, so
    /// they always agree with the table.
    public func export(format: ExportFormat, to url: URL, progress: ExportProgressHandler? = nil,
                       rows: (_ emit: (Transaction) throws -> Void) throws -> Void) throws -> Summary {
        var exporter = try makeExporter(format: format, url: url, document: document, columns: columns(for: format),
                                        progress: progress)
        var summary = Summary(rows: 0, moneyIn: 0, moneyOut: 0)
        do {
            try rows { tx in
                try exporter.append(row(for: tx, format: format))
                summary.rows += 1
                guard tx.status == .success else { return }
                // Checked: an implausible stored amount (near Int64.max) must stop the export
                // with a sentence, not stop the service or print a wrapped total.
                let column = tx.type.isCredit ? \Summary.moneyIn : \Summary.moneyOut
                let (sum, overflow) = summary[keyPath: column].addingReportingOverflow(tx.amount)
                if overflow { throw ExportError.totalOutOfRange(column: tx.type.isCredit ? "Money in" : "Money out") }
                summary[keyPath: column] = sum
            }
            try exporter.finish(totals: totalsRow(summary, format: format))
        } catch {
            exporter.cancel()
            throw error
        }
        return summary
    }

    /// The period a statement covers: the filter's date range when it has a bounded one,
    /// otherwise from the first to the last transaction exported.
    ///
    /// Only plain (not negated) `date:` terms count. Several terms intersect; a term's
    /// OR-ed ranges are spanned. A side the filter leaves open is taken from the rows.
    public static func period(of query: Query, first: Date?, last: Date?) -> DateInterval? {
        var start: Date?
        var end: Date?
        for term in query.terms(for: "date") where !term.negated {
            guard case .dates(let ranges) = term.condition, !ranges.isEmpty else { continue }
            // One term's ranges are alternatives: its bound is the loosest of them.
            let froms = ranges.map(\.from)
            let tos = ranges.map(\.to)
            if !froms.contains(where: { $0 == nil }), let from = froms.compactMap({ $0 }).min() {
                start = max(start ?? from, from)
            }
            if !tos.contains(where: { $0 == nil }), let to = tos.compactMap({ $0 }).max() {
                end = min(end ?? to, to)
            }
        }
        guard let from = start ?? first, let to = end ?? last else { return nil }
        return DateInterval(start: from, end: max(from, to))
    }
}
