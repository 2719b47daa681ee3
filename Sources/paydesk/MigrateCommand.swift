import ArgumentParser
import Foundation
import SupportPostgres
import SupportStore

/// `paydesk migrate --from FILE.sqlite --to postgresql://…`: moves a team's database to
/// PostgreSQL. Safe to run again after a crash or an interruption: it resumes, and a run
/// over a finished copy copies nothing and verifies again.
struct MigrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Copy a SQLite database into PostgreSQL, then verify row counts and the audit chain (re-runnable).",
        discussion: """
            Stop the service first. The copy resumes where an interrupted run stopped; the audit key \
            beside the SQLite file (or $PAYDESK_AUDIT_KEY) is needed to verify the chain. \
            A Unix socket is written postgresql://USER@/DATABASE?host=/socket/folder.
            """)
    @Option(help: "The SQLite database to copy.") var from: String
    @Option(help: "The PostgreSQL database: postgresql://user@host/db or postgresql://user@/db?host=/socket/folder.")
    var to: String
    @Option(help: "Rows per COPY batch (each batch commits with its progress).") var batch = 5_000
    @Flag(help: "Print the verification as JSON.") var json = false

    func run() throws {
        let location: PostgresLocation
        do { location = try PostgresLocation(parsing: to) } catch { throw CommandFailure.usage("\(error)") }
        guard batch > 0 else { throw CommandFailure.usage("--batch must be at least 1") }
        guard FileManager.default.fileExists(atPath: from) else {
            throw StoreError(.notFound, "No SQLite database at \(from).")
        }
        let source = try SupportStore(path: from, create: false)
        let bar = MigrateProgressLine(terminal: isatty(STDERR_FILENO) == 1)
        let outcome = LockedBox<Result<ImportReport, Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        let batchSize = batch
        Task.detached {
            let pool = PostgresPool(location, maximumConnections: 2)
            do {
                let report = try await SQLiteImport(source: source, target: pool, batchSize: batchSize).run { bar.show($0) }
                outcome.set(.success(report))
            } catch {
                outcome.set(.failure(error))
            }
            await pool.close()
            done.signal()
        }
        done.wait()
        bar.finish()
        let report: ImportReport
        switch outcome.get() {
        case .success(let value): report = value
        case .failure(let error as PostgresStoreError): throw CommandFailure.other(error.description)
        case .failure(let error): throw CommandFailure.other("The copy to \(location.description) stopped: \(error)")
        case nil: throw CommandFailure.other("The copy ended without a result")
        }
        if json { try Output.json(MigrateSummary(report)) } else { print(MigrateSummary(report).text) }
        guard report.isComplete else {
            throw CommandFailure.other("The copy in \(location.description) does not match \(from); see the table above")
        }
    }
}

/// The verification, for people and for `--json`.
struct MigrateSummary: Encodable {
    struct Table: Encodable {
        var name: String
        var sqlite: Int64
        var postgresql: Int64
        var derived: Bool
        var matches: Bool
    }
    var tables: [Table]
    var audit: AuditVerification
    var sourceAudit: AuditVerification
    var rowsCopiedNow: Int64
    var complete: Bool

    init(_ report: ImportReport) {
        tables = report.tables.map { Table(name: $0.name, sqlite: $0.sqliteRows, postgresql: $0.postgresRows,
                                            derived: $0.derived, matches: $0.matches) }
        audit = report.audit
        sourceAudit = report.sourceAudit
        rowsCopiedNow = report.rowsCopiedNow
        complete = report.isComplete
    }

    var text: String {
        let width = max(5, tables.map(\.name.count).max() ?? 0)
        var lines = ["\("table".padding(toLength: width, withPad: " ", startingAt: 0))  \("sqlite".leftPadded(10))  \("postgresql".leftPadded(10))"]
        for t in tables {
            let verdict = t.matches ? (t.derived ? "ok (computed by PostgreSQL)" : "ok") : "MISMATCH"
            lines.append("\(t.name.padding(toLength: width, withPad: " ", startingAt: 0))  \(String(t.sqlite).leftPadded(10))  \(String(t.postgresql).leftPadded(10))  \(verdict)")
        }
        if case .broken(let id, let problem) = sourceAudit {
            lines.append("Audit chain in the SQLite file BROKEN at record \(id): \(problem).")
        }
        switch audit {
        case .ok(let records): lines.append("Audit chain: \(records) records, every link verified with the audit key.")
        case .broken(let id, let problem): lines.append("Audit chain BROKEN at record \(id): \(problem).")
        }
        lines.append("Copied \(rowsCopiedNow) rows in this run; \(complete ? "the copy is complete and verified" : "the copy is NOT complete").")
        return lines.joined(separator: "\n")
    }
}

private extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}

/// The copy's progress on stderr: a bar redrawn in place on a terminal, otherwise one
/// line per finished table (logs and pipes get no carriage returns).
final class MigrateProgressLine: Sendable {
    let terminal: Bool
    private let lastTable = LockedBox<String?>(nil)

    init(terminal: Bool) { self.terminal = terminal }

    func show(_ p: SQLiteImport.Progress) {
        if terminal {
            let share = p.total == 0 ? 1 : Double(p.copied) / Double(p.total)
            let overall = (Double(p.tableIndex) + share) / Double(max(p.tableCount, 1))
            let filled = min(24, Int(overall * 24))
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: 24 - filled)
            write("\r\u{1B}[2K\(bar) \(String(format: "%3.0f%%", overall * 100)) \(p.tableIndex + 1)/\(p.tableCount) \(p.table) \(p.copied)/\(p.total)")
        } else if p.copied >= p.total {
            guard lastTable.get() != p.table else { return }
            lastTable.set(p.table)
            write("migrate: \(p.tableIndex + 1)/\(p.tableCount) \(p.table): \(p.copied) rows\n")
        }
    }

    func finish() { if terminal { write("\r\u{1B}[2K") } }

    private func write(_ text: String) { FileHandle.standardError.write(Data(text.utf8)) }
}
