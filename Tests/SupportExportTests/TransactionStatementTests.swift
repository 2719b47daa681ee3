import Foundation
import SupportCore
import SupportExport
import Testing

/// The transaction statement in each format, read back the way its reader would see it.
@Suite struct TransactionStatementTests {
    static let customer = TransactionStatement.Customer(
        name: "王小明", walletId: "WLT-00004567", maskedPhone: "+62 812-****-7890",
        maskedEmail: "w***@example.com")

    static let generated = Fixture.afternoon
    /// 2026-11-01 00:00 and 2026-11-27 00:00 in Jakarta: the days 1 to 26 of November.
    static let november = DateInterval(start: Date(timeIntervalSince1970: 1_793_466_000),
                                       end: Date(timeIntervalSince1970: 1_795_712_400))

    static func statement(filter: String = "status:failed,success", period: DateInterval? = nil) -> TransactionStatement {
        TransactionStatement(customer: customer, filterText: filter, period: period, generatedAt: generated,
                             timeZone: Fixture.jakarta)
    }

    /// Four transactions, newest first: money in and out, a failure, CJK and a comma.
    static let transactions: [Transaction] = [
        Transaction(id: 4, reference: "TX0004", customerId: 1, type: .payment, status: .failed, amount: 10_000_000,
                    counterparty: "Toko 王记, Jakarta", channel: "merchant_api", failureCode: "NETWORK_TIMEOUT",
                    at: Fixture.afternoon),
        Transaction(id: 3, reference: "TX0003", customerId: 1, type: .topup, status: .success, amount: 100_000_050,
                    counterparty: "BCA \"VA\"", channel: "bank_va", at: Fixture.afternoon.addingTimeInterval(-3_600)),
        Transaction(id: 2, reference: "TX0002", customerId: 1, type: .p2pOut, status: .success, amount: 15_000_000,
                    counterparty: "李娜", channel: "app", at: Fixture.afternoon.addingTimeInterval(-86_400), flagged: true),
        Transaction(id: 1, reference: "TX0001", customerId: 1, type: .qrPayment, status: .success, amount: 2_500_000,
                    counterparty: "=HYPERLINK(\"x\")", channel: "qris", at: Fixture.afternoon.addingTimeInterval(-172_800)),
    ]

    func write(_ format: ExportFormat, _ transactions: [Transaction] = transactions,
               statement: TransactionStatement = statement(),
               in scratch: ScratchDirectory) throws -> (URL, TransactionStatement.Summary) {
        let url = scratch.file("statement.\(format.fileExtension)")
        let summary = try statement.export(format: format, to: url) { emit in
            for tx in transactions { try emit(tx) }
        }
        return (url, summary)
    }

    @Test func totalsAddSuccessfulMoneyInAndOut() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let (_, summary) = try write(.csv, in: scratch)
        // In: the topup. Out: the p2p and the QR payment; the failed payment is not added.
        #expect(summary == TransactionStatement.Summary(rows: 4, moneyIn: 100_000_050, moneyOut: 17_500_000))
    }

    @Test func xlsxHasTypedCellsTotalsFrozenHeaderAndCJK() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let (url, _) = try write(.xlsx, statement: Self.statement(period: Self.november), in: scratch)
        let book = try XLSXPackageReader(url: url)
        #expect(book.cells["A1"]?.value == "Transaction statement")
        // The customer's own document names them and their wallet in full.
        #expect(book.cells["A2"]?.value == "Customer: 王小明 · wallet WLT-00004567 · phone +62 812-****-7890 · email w***@example.com")
        #expect(book.cells["A3"]?.value == "Filter: status:failed,success")
        #expect(book.cells["A4"]?.value.hasPrefix("Money in and out hold successful transactions only") == true)
        #expect(book.cells["A5"]?.value == "Period: 2026-11-01 – 2026-11-26")
        #expect(book.cells["A6"]?.value.hasPrefix("Generated 2026-11-26 14:03") == true)
        // Header in row 8 (title block of six lines and a blank row), frozen below it.
        let titles = ["A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K"].map { book.cells[$0 + "8"]?.value }
        #expect(titles == ["Time", "Reference", "Type", "Status", "Counterparty", "Channel", "Failure code", "Flagged",
                           "Not settled", "Money in", "Money out"])
        #expect(book.isBold(style: try #require(book.cells["A8"]).style))
        #expect(book.sheetXML.contains(#"<pane ySplit="8" topLeftCell="A9" activePane="bottomLeft" state="frozen"/>"#))

        // First data row: the failed payment, not settled (signed) as a number, a date as a date.
        let time = try #require(book.cells["A9"])
        #expect(time.type == nil && book.numberFormat(ofStyle: time.style) == "yyyy-mm-dd hh:mm:ss")
        let expectedSerial = (Fixture.afternoon.timeIntervalSince1970 + 7 * 3_600) / 86_400 + 25_569
        #expect(abs(try #require(Double(time.value)) - expectedSerial) < 1e-6)
        #expect(book.cells["E9"]?.value == "Toko 王记, Jakarta")
        #expect(book.cells["G9"]?.value == "NETWORK_TIMEOUT")
        let unsettled = try #require(book.cells["I9"])
        #expect(unsettled.type == nil && unsettled.value == "-100000")
        #expect(try #require(book.numberFormat(ofStyle: unsettled.style)).contains("#,##0.00"))
        for column in ["J", "K"] {
            #expect(book.cells[column + "9"] == nil || book.cells[column + "9"]?.value == "", "a failed amount is not money that moved")
        }
        // The topup's cents survive: IDR has two minor digits.
        #expect(book.cells["J10"]?.value == "1000000.5")
        #expect(book.cells["E11"]?.value == "李娜" && book.cells["H11"]?.value == "yes")

        // Totals row right under the data.
        #expect(book.cells["A13"]?.value == "Total: 4 transactions")
        let totalIn = try #require(book.cells["J13"])
        #expect(totalIn.type == nil && totalIn.value == "1000000.5" && book.isBold(style: totalIn.style))
        #expect(book.cells["K13"]?.value == "175000")
        // What a spreadsheet's SUM of each money column gives is the totals row.
        for column in ["J", "K"] {
            let sum = (9...12).compactMap { book.cells["\(column)\($0)"].flatMap { Decimal(string: $0.value) } }.reduce(0, +)
            #expect(sum == Decimal(string: book.cells["\(column)13"]!.value), "SUM(\(column)9:\(column)12) differs from the total")
        }
    }

    @Test func pdfPrintsMaskedHeaderPeriodRowsTotalsPagesAndCJK() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        // Enough rows for two pages.
        let many: [Transaction] = (0..<90).map { (i: Int) -> Transaction in
            let type: TransactionType = i % 3 == 0 ? .topup : .payment
            let failed = i % 7 == 0
            let counterparty = i % 2 == 0 ? "王小明商店" : "Tokopedia"
            let at = Fixture.afternoon.addingTimeInterval(Double(-i * 3_600))
            return Transaction(id: Int64(i), reference: String(format: "TX%04d", 90 - i), customerId: 1, type: type,
                               status: failed ? .failed : .success, amount: Int64(1_000_000 + i * 100),
                               counterparty: counterparty, channel: "app",
                               failureCode: failed ? "INSUFFICIENT_FUNDS" : nil, at: at)
        }
        let (url, summary) = try write(.pdf, many, statement: Self.statement(period: Self.november), in: scratch)
        #expect(summary.rows == 90)
        let text = try runTool("/usr/bin/pdftotext", ["-layout", url.path, "-"])
        var pages = text.components(separatedBy: "\u{0C}")
        if pages.last?.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty == true { pages.removeLast() }
        try #require(pages.count == 2)
        #expect(pages[0].contains("Transaction statement"))
        #expect(pages[0].contains("Customer: 王小明 · wallet WLT-00004567 · phone +62 812-****-7890"))
        #expect(pages[0].contains("Not settled") && pages[0].contains("Money in") && pages[0].contains("Money out"),
                "the PDF has the same money columns as the spreadsheet")
        #expect(pages[0].contains("Period: 2026-11-01 – 2026-11-26"))
        #expect(pages[0].contains("Filter: status:failed,success"))
        #expect(pages[0].contains("王小明商店") && pages[0].contains("Tokopedia"))
        #expect(pages[0].contains("insufficient funds"), "failure codes in words")
        #expect(pages[0].contains("2026-11-26 14:03"))
        #expect(pages[0].contains("Page 1 of 2") && pages[1].contains("Page 2 of 2"))
        for (i, tx) in many.enumerated() {
            #expect(text.contains(tx.reference), "row \(i) \(tx.reference) is printed")
        }
        let totals = try #require(pages[1].split(separator: "\n").first { $0.contains("Total: 90 transactions") })
        #expect(totals.contains(MoneyTextForTests.statement(summary.moneyIn)))
        #expect(totals.contains(MoneyTextForTests.statement(summary.moneyOut)))
    }

    @Test func csvRoundTripsEveryField() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let (url, _) = try write(.csv, in: scratch)
        let data = try Data(contentsOf: url)
        let records = try #require(CSVReader.records(String(decoding: data, as: UTF8.self)))
        #expect(records.first == ["Time", "Reference", "Type", "Status", "Counterparty", "Channel", "Failure code",
                                  "Flagged", "Not settled", "Money in", "Money out"])
        #expect(records.count == 5, "a header and one record per row; no totals in CSV")
        let expected: [[String]] = Self.transactions.map { tx in
            let counterparty = tx.counterparty.hasPrefix("=") ? "'" + tx.counterparty : tx.counterparty
            let money = MoneyTextForTests.plain(tx.amount)
            let settled = tx.status == .success
            return [ISO8601Jakarta.string(tx.at), tx.reference, tx.type.rawValue, tx.status.rawValue, counterparty,
                    tx.channel, tx.failureCode ?? "", tx.flagged ? "yes" : "",
                    settled ? "" : MoneyTextForTests.plain(tx.type.isCredit ? tx.amount : -tx.amount),
                    settled && tx.type.isCredit ? money : "", settled && !tx.type.isCredit ? money : ""]
        }
        #expect(Array(records.dropFirst()) == expected)
        #expect(String(decoding: data, as: UTF8.self).contains("\r\n"), "RFC 4180 line ends")
    }

    @Test func periodComesFromTheFilterElseFromTheRows() throws {
        let now = Fixture.afternoon
        func period(_ text: String, first: Date? = nil, last: Date? = nil) throws -> DateInterval? {
            let query = try QueryParser.parse(text, schema: .transactions, now: now, timeZone: Fixture.jakarta)
            return TransactionStatement.period(of: query, first: first, last: last)
        }
        let nov1 = Date(timeIntervalSince1970: 1_793_466_000)      // 2026-11-01 00:00 WIB
        let nov27 = Date(timeIntervalSince1970: 1_795_712_400)     // 2026-11-27 00:00 WIB
        let first = nov1.addingTimeInterval(3_600), last = nov27.addingTimeInterval(-3_600)
        #expect(try period("date:2026-11-01..2026-11-26") == DateInterval(start: nov1, end: nov27))
        #expect(try period("status:failed", first: first, last: last) == DateInterval(start: first, end: last))
        #expect(try period("status:failed") == nil, "no filter range and no rows")
        // An open side comes from the rows; a negated range says nothing about the period.
        #expect(try period("date:2026-11-01..", first: first, last: last) == DateInterval(start: nov1, end: last))
        #expect(try period("-date:2026-11-01..2026-11-26", first: first, last: last) == DateInterval(start: first, end: last))
        // OR-ed days span; two terms intersect.
        #expect(try period("date:2026-11-01,2026-11-26") == DateInterval(start: nov1, end: nov27))
        #expect(try period("date:2026-11-01..2026-11-26 date:2026-11-10..") ==
                DateInterval(start: nov1.addingTimeInterval(9 * 86_400), end: nov27))
    }

    @Test func aThrowingRowSourceOrProgressLeavesNoFile() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        for format in ExportFormat.allCases {
            let url = scratch.file("cancelled.\(format.fileExtension)")
            #expect(throws: CancellationError.self) {
                _ = try Self.statement().export(format: format, to: url) { emit in
                    try emit(Self.transactions[0])
                    throw CancellationError()
                }
            }
        }
        // The PDF renders pages inside `finish`; its progress handler is the way out.
        let many = (0..<2_500).map { i in
            Transaction(id: Int64(i), reference: "TX\(i)", customerId: 1, type: .payment, status: .success,
                        amount: 100, counterparty: "A", channel: "app", at: Fixture.afternoon)
        }
        #expect(throws: CancellationError.self) {
            _ = try Self.statement().export(format: .pdf, to: scratch.file("pages.pdf"), progress: { progress in
                if progress.stage == .renderingPages { throw CancellationError() }
            }) { emit in for tx in many { try emit(tx) } }
        }
        let left = try scratch.entries()
        #expect(left.isEmpty, "no export and no temporary file is left: \(left)")
    }
}

/// Independent spellings of the expected money text, so the test does not trust the
/// code it checks.
enum MoneyTextForTests {
    /// 100_000_050 → `1000000.50`
    static func plain(_ minor: Int64) -> String {
        (minor < 0 ? "-" : "") + "\(abs(minor) / 100).\(String(format: "%02d", abs(minor) % 100))"
    }

    /// 17_500_000 → `Rp175.000,00`
    static func statement(_ minor: Int64) -> String {
        let formatter = NumberFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.numberStyle = .decimal
        formatter.groupingSeparator = "."
        formatter.usesGroupingSeparator = true
        return "Rp" + formatter.string(from: NSNumber(value: minor / 100))! + "," + String(format: "%02d", minor % 100)
    }
}

enum ISO8601Jakarta {
    static func string(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "Asia/Jakarta")
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ssxxx"
        return formatter.string(from: date)
    }
}

/// A strict RFC 4180 reader: quoted fields may hold commas, quotes (doubled) and line
/// breaks; records end with CRLF. Returns nil on anything malformed.
enum CSVReader {
    static func records(_ text: String) -> [[String]]? {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var quoted = false
        var afterQuote = false
        var chars = Array(text.unicodeScalars)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" {
                    if chars.first == "\"" { field.unicodeScalars.append("\""); chars.removeFirst() } else { quoted = false; afterQuote = true }
                } else {
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case "\"":
                guard field.isEmpty, !afterQuote else { return nil }
                quoted = true
            case ",":
                record.append(field); field = ""; afterQuote = false
            case "\r":
                guard chars.popFirst() == "\n" else { return nil }
                record.append(field); records.append(record)
                record = []; field = ""; afterQuote = false
            case "\n":
                return nil
            default:
                guard !afterQuote else { return nil }
                field.unicodeScalars.append(c)
            }
        }
        guard !quoted, field.isEmpty, record.isEmpty else { return nil }
        return records
    }
}
