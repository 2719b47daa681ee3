import Foundation
import SupportCore
import SupportExport
import SupportReports
import SupportStore
import Testing
import TermUI
@testable import AgentConsole

/// A scratch folder for one test's export files.
private struct Scratch {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("paydesk-export-console-\(UUID().uuidString)")
    init() throws { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) }
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
    func entries() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: url.path).sorted() }
    func remove() { try? FileManager.default.removeItem(at: url) }
}

/// The references in a CSV export: the second field of every record after the header.
/// Demo references and counterparties hold no commas or quotes worth parsing here.
private func csvReferences(_ path: String) throws -> [String] {
    let text = try String(contentsOfFile: path, encoding: .utf8)
    return text.components(separatedBy: "\r\n").dropFirst().filter { !$0.isEmpty }.map {
        String($0.split(separator: ",", omittingEmptySubsequences: false)[1])
    }
}

@Suite struct ExportConsoleTests {
    /// Focuses the transactions and applies `filter` through the `/` prompt.
    func filterTransactions(_ c: HeadlessConsole, _ filter: String) {
        c.press(.char("3"))
        c.press(.char("/"))
        c.type(filter)
        c.press(.enter)
    }

    func expectedReferences(_ c: HeadlessConsole, _ filter: String) throws -> [String] {
        let customer = try #require(c.state.transactions.customerId)
        let query = try QueryParser.parse(filter, schema: .transactions, now: HeadlessConsole.now, timeZone: TimeText.zone)
        return try c.store.transactions(customerId: customer, query: query, limit: 100_000).map(\.reference)
    }

    /// Waits for the worker, then lets the loop's tick take the outcome.
    func finishExport(_ c: HeadlessConsole) throws {
        guard case .exporting(let job) = c.state.mode else { Issue.record("no export running"); return }
        #expect(job.wait(timeout: 20) != nil, "the export did not finish")
        c.controller.handle(.tick)
    }

    @Test func xExportsExactlyTheFilteredRowsAndAudits() throws {
        let c = try HeadlessConsole()
        let scratch = try Scratch()
        defer { scratch.remove() }
        filterTransactions(c, "status:failed")
        let expected = try expectedReferences(c, "status:failed")
        #expect(!expected.isEmpty)
        c.press(.char("x"))
        guard case .exportDialog(let dialog) = c.state.mode else { Issue.record("x should open the export dialog"); return }
        let wallet = try #require(c.state.account.customer?.walletId)
        #expect(dialog.path.text == "~/paydesk-exports/\(wallet)-20261125-1000.xlsx")
        #expect(c.text.contains("Export transactions") && c.text.contains("\(expected.count) transactions"))
        c.press(.char("c"))
        guard case .exportDialog(let csv) = c.state.mode else { Issue.record("dialog closed"); return }
        #expect(csv.format == .csv && csv.path.text.hasSuffix("-20261125-1000.csv"), "the default path follows the format")
        // Tab to the path, replace it, Enter.
        c.press(.tab, .ctrl("u"))
        let out = scratch.path("failed.csv")
        c.type(out)
        c.press(.tab)
        c.type("statement for the customer")
        c.press(.enter)
        guard case .exporting = c.state.mode else { Issue.record("Enter should start the export"); return }
        try finishExport(c)
        guard case .normal = c.state.mode else { Issue.record("the dialog should close when done"); return }
        // The export counts as it should: "1 transaction", "3 transactions".
        let exported = "\(expected.count) transaction\(expected.count == 1 ? "" : "s")"
        #expect(c.state.status?.text == "Exported \(exported) to \(out) (CSV; audited).")
        #expect(c.text.contains("Exported \(exported)"))
        #expect(try csvReferences(out) == expected)
        let mode = try FileManager.default.attributesOfItem(atPath: out)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let customer = try #require(c.state.transactions.customerId)
        let record = try #require(try c.store.exportRecords(customerId: customer).first)
        #expect(record.actor == "sari")
        #expect(record.after == "format=csv rows=\(expected.count) query=\"status:failed\" path=\"\(out)\"")
    }

    @Test func theDialogMakesTheFolderOwnerOnlyAndAsksBeforeReplacing() throws {
        let c = try HeadlessConsole()
        let scratch = try Scratch()
        defer { scratch.remove() }
        c.press(.char("3"), .char("x"), .char("p"), .tab, .ctrl("u"))
        let out = scratch.path("new/folder/statement.pdf")
        c.type(out)
        c.press(.tab)
        c.type("statement for the customer")
        c.press(.enter)
        try finishExport(c)
        #expect(FileManager.default.fileExists(atPath: out))
        let folderMode = try FileManager.default.attributesOfItem(atPath: scratch.path("new/folder"))[.posixPermissions] as? Int
        #expect(folderMode == 0o700)
        let pdf = try Data(contentsOf: URL(fileURLWithPath: out))
        #expect(pdf.starts(with: Data("%PDF".utf8)))

        // The same path again: the first Enter warns, the second replaces.
        c.press(.char("x"), .char("p"), .tab, .ctrl("u"))
        c.type(out)
        c.press(.tab)
        c.type("statement for the customer")
        c.press(.enter)
        guard case .exportDialog(let dialog) = c.state.mode else { Issue.record("an existing file must be confirmed"); return }
        #expect(dialog.error == "statement.pdf exists; Enter again replaces it.")
        #expect(c.text.contains("Enter again replaces it"))
        c.press(.enter)
        try finishExport(c)
        #expect(c.state.status?.text.hasPrefix("Exported") == true)
        let customer = try #require(c.state.transactions.customerId)
        #expect(try c.store.exportRecords(customerId: customer).count == 2)
    }

    @Test func escClosesTheDialogAndCancelsARunningExport() throws {
        let c = try HeadlessConsole()
        let scratch = try Scratch()
        defer { scratch.remove() }
        c.press(.char("3"), .char("x"), .escape)
        guard case .normal = c.state.mode else { Issue.record("Esc should close the dialog"); return }
        #expect(c.state.status?.text == "Export cancelled.")

        // A job the test runs itself, so the cancel is sure to land before the first row.
        let customer = try #require(c.state.transactions.customerId)
        let export = TransactionExport(customerId: customer, query: Query(source: "", terms: []), format: .xlsx,
                                       destination: URL(fileURLWithPath: scratch.path("x.xlsx")), actor: c.state.actor,
                                       reason: "statement for the customer")
        let job = ExportJob(export: export, expectedRows: 40)
        c.controller.state.mode = .exporting(job)
        #expect(c.text.contains("Exporting XLSX") && c.text.contains("0 of 40 rows") && c.text.contains("░░░"))
        c.press(.escape)
        #expect(job.isCancelling)
        #expect(c.text.contains("Cancelling…"))
        job.run(client: c.controller.client)
        #expect(job.outcome == .cancelled)
        c.controller.handle(.tick)
        guard case .normal = c.state.mode else { Issue.record("the export should end"); return }
        #expect(c.state.status?.text == "Export cancelled; no file was written.")
        #expect(try scratch.entries().isEmpty)
        #expect(try c.store.exportRecords(customerId: customer).isEmpty, "no audit record for an export that was not made")
    }

    @Test func cancellingMidwayLeavesNoFileInAnyFormat() throws {
        let c = try HeadlessConsole()
        let scratch = try Scratch()
        defer { scratch.remove() }
        // The customer with the most rows, so the cancel lands after some were written.
        let busiest = try (1...60).map { Int64($0) }.max { a, b in
            try c.store.transactionTotals(customerId: a).count < c.store.transactionTotals(customerId: b).count
        }!
        #expect(try c.store.transactionTotals(customerId: busiest).count > TransactionExport.reportEvery)
        for format in ExportFormat.allCases {
            let export = TransactionExport(customerId: busiest, query: Query(source: "", terms: []), format: format,
                                           destination: URL(fileURLWithPath: scratch.path("all.\(format.fileExtension)")),
                                           actor: c.state.actor, reason: "statement for the customer")
            #expect(throws: CancellationError.self) {
                _ = try export.run(client: c.controller.client) { progress in
                    if progress.done >= TransactionExport.reportEvery { throw CancellationError() }
                }
            }
        }
        #expect(try scratch.entries().isEmpty)
        #expect(try c.store.exportRecords(customerId: busiest).isEmpty)
    }

    @Test func progressIsAFractionOfTheExpectedRows() {
        let csv = TransactionExportProgress(phase: .writing, done: 250, total: 1_000, format: .csv)
        #expect(csv.fraction == 0.25 && csv.text == "250 of 1.000 rows")
        // A PDF passes twice: spooling is the first half, pages the second.
        #expect(TransactionExportProgress(phase: .writing, done: 1_000, total: 1_000, format: .pdf).fraction == 0.5)
        #expect(TransactionExportProgress(phase: .rendering, done: 500, total: 1_000, format: .pdf).fraction == 0.75)
        #expect(TransactionExportProgress(phase: .writing, done: 0, total: 0, format: .csv).fraction == 1)
        #expect(ExportDialog.bar(0.5, width: 10) == "█████░░░░░")
    }

    @Test func defaultPathNamesTheWalletAndTheJakartaMinute() {
        #expect(TransactionExport.defaultPath(home: "/home/sari", walletId: "WLT-10000000", at: HeadlessConsole.now, format: .pdf)
                == "/home/sari/paydesk-exports/WLT-10000000-20261125-1000.pdf")
        #expect(TransactionExport.defaultPath(home: "~", walletId: "a/b", at: HeadlessConsole.now, format: .csv)
                == "~/paydesk-exports/a_b-20261125-1000.csv")
        #expect(TransactionExport.expandingTilde("~/x.csv", home: "/h") == "/h/x.csv")
        #expect(TransactionExport.expandingTilde("rel/x.csv", home: "/h") == "rel/x.csv")
    }

    @Test func xIsBoundOnlyOnTheTransactionsPane() throws {
        let c = try HeadlessConsole()
        c.press(.char("x"))
        guard case .normal = c.state.mode else { Issue.record("x on the queue must not export"); return }
        #expect(KeyMap.action(for: .char("x"), in: [.transactions, .list, .global]) == .exportTransactions)
        #expect(KeyMap.action(for: .char("x"), in: [.queue, .list, .global]) == nil)
    }
}
