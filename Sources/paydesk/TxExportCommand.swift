import ArgumentParser
import Foundation
import SupportAPI
import SupportCore
import SupportExport
import SupportReports
import SupportStore

extension ExportFormat: ExpressibleByArgument {}

/// `paydesk tx export`: the console's `x` for scripts — the same statement layout, the
/// same permission check and the same audit record.
struct TxExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a customer's (filtered) transactions to CSV, XLSX or PDF; the export is audited.",
        discussion: "The file appears only when complete (written beside it, then renamed) and is owner-only (0600). A progress line goes to stderr when stderr is a terminal.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Customer id, wallet id, phone or email.") var customer: String
    @Option(help: "Filter, e.g. 'date:2026-11-01..2026-11-26 status:failed'.") var query: String = ""
    @Option(help: "csv, xlsx or pdf.") var format: ExportFormat
    @Option(help: "The file to write; an existing file is replaced.") var out: String
    @Option(help: "Why this export is needed (recorded in the audit log).") var reason: String
    @Option(help: "The customer's ticket the statement is for: it is noted on that ticket's timeline.") var ticket: Int64?
    @Flag(help: "Print the result as JSON.") var json = false

    func run() throws {
        let client = try global.client()
        let actor = try client.whoAmI()
        let target = try client.findCustomer(customer)
        let parsed = try QuerySpecs.parse(query, schema: .transactions, client: client)
        let url = URL(fileURLWithPath: TransactionExport.expandingTilde(out))
        var export = TransactionExport(customerId: target.id, query: parsed, format: format, destination: url, actor: actor,
                                       reason: reason)
        export.ticket = ticket
        let line = ProgressLine(enabled: isatty(STDERR_FILENO) == 1)
        let summary: TransactionStatement.Summary
        do {
            summary = try export.run(client: client) { line.show($0) }
        } catch let error as ExportError {
            line.clear()
            throw CommandFailure.other(error.description)
        } catch {
            line.clear()
            throw error
        }
        line.clear()
        if json {
            return try Output.json(Result(path: url.path, format: format.rawValue, rows: summary.rows,
                                          moneyIn: summary.moneyIn, moneyOut: summary.moneyOut))
        }
        print("Exported \(summary.rows) transaction\(summary.rows == 1 ? "" : "s") of \(target.walletId) to \(url.path) (\(format.rawValue)).")
    }

    struct Result: Encodable {
        var path: String
        var format: String
        var rows: Int
        var moneyIn: Int64
        var moneyOut: Int64
    }
}

/// `Exporting: 12.000 of 48.213 rows (25%)` redrawn in place on stderr, at most a few
/// times a second, and only on a terminal: a script's captured stderr stays clean.
final class ProgressLine: @unchecked Sendable {
    private let enabled: Bool
    private let lock = NSLock()
    private var lastDrawn = Date.distantPast
    private var drawnWidth = 0

    init(enabled: Bool) { self.enabled = enabled }

    func show(_ progress: TransactionExportProgress) {
        guard enabled else { return }
        lock.withLock {
            let now = Date()
            guard progress.phase == .finished || now.timeIntervalSince(lastDrawn) >= 0.1 else { return }
            lastDrawn = now
            let text = "Exporting \(progress.format.rawValue.uppercased()): \(progress.text) (\(Int(progress.fraction * 100))%)"
            write("\r" + text + String(repeating: " ", count: max(0, drawnWidth - text.count)))
            drawnWidth = text.count
        }
    }

    func clear() {
        guard enabled else { return }
        lock.withLock {
            guard drawnWidth > 0 else { return }
            write("\r" + String(repeating: " ", count: drawnWidth) + "\r")
            drawnWidth = 0
        }
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
