import Foundation
import SupportAPI
import SupportCore
import SupportExport
import SupportStore

/// How far a transaction export has got, for the console's bar and the CLI's line.
public struct TransactionExportProgress: Sendable, Equatable {
    public enum Phase: Sendable, Equatable {
        case writing
        /// PDF only: pages are laid out after every row has been spooled.
        case rendering
        case finished
    }

    public var phase: Phase
    public var done: Int
    /// Rows the filter matched when the export began.
    public var total: Int
    public var format: ExportFormat

    public init(phase: Phase, done: Int, total: Int, format: ExportFormat) {
        self.phase = phase; self.done = done; self.total = total; self.format = format
    }

    /// 0…1. A PDF passes over its rows twice (spool, then pages), so each pass is half.
    public var fraction: Double {
        if phase == .finished { return 1 }
        let pass = total > 0 ? min(1, Double(done) / Double(total)) : 1
        guard format == .pdf else { return pass }
        return phase == .rendering ? 0.5 + pass / 2 : pass / 2
    }

    /// `12.000 of 48.213 rows` or, for a PDF's second pass, `pages: 12.000 of 48.213 rows`.
    public var text: String {
        let counts = "\(Self.grouped(done)) of \(Self.grouped(total)) rows"
        switch phase {
        case .writing: return counts
        case .rendering: return "pages: " + counts
        case .finished: return "done, \(Self.grouped(done)) rows"
        }
    }

    static func grouped(_ n: Int) -> String { DigitGroups.group(String(n)) }
}

/// One export of a customer's filtered transactions: the permission check, the
/// statement streamed from the store's cursor into the file, and the audit record.
/// The console runs it on a worker thread; `paydesk tx export` runs it in the foreground.
public struct TransactionExport: Sendable {
    public var customerId: Int64
    public var query: Query
    public var format: ExportFormat
    public var destination: URL
    public var actor: Agent
    /// Why the data leaves the system; recorded with the export.
    public var reason: String
    /// The customer's ticket the statement is made for: recorded on its timeline.
    public var ticket: Int64?

    public init(customerId: Int64, query: Query, format: ExportFormat, destination: URL, actor: Agent, reason: String) {
        self.customerId = customerId; self.query = query; self.format = format
        self.destination = destination; self.actor = actor; self.reason = reason
    }

    /// Rows between two progress reports: a smooth bar, and a prompt answer to Esc.
    public static let reportEvery = 200

    /// Runs the export. `report` is told the progress now and then; throwing from it
    /// (the console throws `CancellationError` after Esc) stops the export and leaves no
    /// file. A "started" audit record is written before anything else, and the completed
    /// one once the file is in place; if that cannot be written the file is removed again.
    public func run(client: SupportClient,
                    report: @escaping @Sendable (TransactionExportProgress) throws -> Void = { _ in }) throws
        -> TransactionStatement.Summary {
        let subject = try client.prepareTransactionExport(customerId: customerId, query: query, reason: reason)
        let statement = TransactionStatement(
            customer: .init(name: subject.name, walletId: subject.walletId,
                            maskedPhone: subject.maskedPhone, maskedEmail: subject.maskedEmail,
                            currency: subject.currency),
            filterText: query.source,
            period: TransactionStatement.period(of: query, first: subject.first, last: subject.last),
            generatedAt: client.now(), timeZone: TimeText.zone, fileModes: .process)
        let total = subject.count
        let format = self.format
        // Audit first: the record of the export exists before the file can.
        try client.recordExportStarted(customerId: customerId, query: query, format: format.rawValue, expectedRows: total,
                                       path: destination.path, reason: reason)
        try report(TransactionExportProgress(phase: .writing, done: 0, total: total, format: format))
        let summary = try statement.export(format: format, to: destination, progress: { progress in
            // Rows are reported below as they are read; the exporter's own reports matter
            // for the PDF's page pass, which happens inside `finish`.
            guard progress.stage == .renderingPages else { return }
            try report(TransactionExportProgress(phase: .rendering, done: progress.rows, total: total, format: format))
        }) { emit in
            var written = 0
            try client.forEachTransaction(customerId: customerId, query: query) { tx in
                try emit(tx)
                written += 1
                if written % Self.reportEvery == 0 {
                    try report(TransactionExportProgress(phase: .writing, done: written, total: max(total, written),
                                                         format: format))
                }
                return true
            }
        }
        do {
            try client.recordExport(customerId: customerId, query: query, format: format.rawValue, rows: summary.rows,
                                   path: destination.path, reason: reason, ticket: ticket)
        } catch {
            try? FileManager.default.removeItem(at: destination)
            throw error
        }
        try? report(TransactionExportProgress(phase: .finished, done: summary.rows, total: total, format: format))
        return summary
    }

    /// `~/paydesk-exports/WLT-0000123-20261125-1000.xlsx`: the wallet and the minute in
    /// the team's zone, so an agent's exports sort by customer, then time.
    public static func defaultPath(home: String, walletId: String, at date: Date, format: ExportFormat) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeText.zone
        formatter.dateFormat = "yyyyMMdd-HHmm"
        let safeWallet = String(walletId.map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : "_" })
        return "\(home)/paydesk-exports/\(safeWallet)-\(formatter.string(from: date)).\(format.fileExtension)"
    }

    /// The agent's home: $HOME first, so a test or a shared host can point it elsewhere.
    public static var home: String {
        let env = ProcessInfo.processInfo.environment["HOME"] ?? ""
        return env.isEmpty ? NSHomeDirectory() : env
    }

    /// Creates the folder an export goes into, owner-only: the files hold customer data.
    /// An existing folder keeps its mode; the agent may have widened it on purpose.
    public static func prepareDirectory(for url: URL) throws {
        let directory = url.deletingLastPathComponent()
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw StoreError.invalid("\(directory.path) is a file, not a folder; choose another path.")
            }
            return
        }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw StoreError.invalid("Cannot create the folder \(directory.path): \(error.localizedDescription)")
        }
    }

    /// `~/x.csv` → `/home/sari/x.csv`; relative paths stay relative to the working folder.
    public static func expandingTilde(_ path: String, home: String = TransactionExport.home) -> String {
        let trimmed = path.trimmingCharacters(in: .whitespaces)
        if trimmed == "~" { return home }
        if trimmed.hasPrefix("~/") { return home + String(trimmed.dropFirst(1)) }
        return trimmed
    }
}
