import ArgumentParser
import Foundation
import SupportPostgres
import SupportSeed
import SupportStore

/// `paydesk-dev seed`: the scale dataset for benchmarks and load tests.
struct SeedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seed",
        abstract: "Build a large deterministic demo database (10M transactions by default) for scale tests and benchmarks.",
        discussion: """
            The same options give the same data. The load writes PATH.seeding and renames it to PATH only when it is \
            complete; after an interruption, the same command resumes where it stopped. The result is a demo \
            database, so --as works on it. With --store, the same rows go into a new, empty PostgreSQL database \
            with COPY (an interrupted seed resumes at the phase that did not finish).
            """)

    @Option(help: "Database file to create.") var db: String?
    @Option(help: "Seed this PostgreSQL database instead (postgresql://…), created empty beforehand.") var store: String?
    @Option(help: "With --store: the audit key to sign the chain with (made when missing).") var auditKey: String?
    @Option(help: "Customers.") var customers: Int = 200_000
    @Option(help: "Tickets (with about four timeline events each).") var tickets: Int = 1_000_000
    @Option(help: "Transactions, Zipf-skewed over customers.") var transactions: Int = 10_000_000
    @Option(help: "Random seed; the same seed gives the same data.") var seed: UInt64 = 42
    @Option(help: "Days of history the tickets and transactions spread over; fewer rows over fewer days keep a day's volume.")
    var historyDays: Int64 = SeedOptions.defaultHistoryDays
    @Option(help: "The dataset's now, as epoch seconds or yyyy-MM-ddTHH:mm:ssZ (default 2026-11-25T03:00:00Z).")
    var now: String?
    @Flag(help: "Discard an interrupted seed made with other options instead of refusing.") var restart = false
    @Flag(help: .hidden) var keepIndexes = false
    @Flag(help: "No progress bar.") var quiet = false
    @Flag(help: "Print the summary as JSON.") var json = false

    func run() throws {
        var anchor = SeedOptions.defaultNow
        if let now {
            guard let parsed = Self.parseNow(now) else { throw CommandFailure.usage("--now takes epoch seconds or yyyy-MM-ddTHH:mm:ssZ") }
            anchor = parsed
        }
        guard (1...36_500).contains(historyDays) else { throw CommandFailure.usage("--history-days takes 1 to 36500 days") }
        let options = SeedOptions(customers: customers, tickets: tickets, transactions: transactions, seed: seed, now: anchor,
                                  historyDays: historyDays)
        if let store {
            guard db == nil else { throw CommandFailure.usage("--db and --store name two targets; give one") }
            guard let auditKey = auditKey ?? ProcessInfo.processInfo.environment["PAYDESK_AUDIT_KEY"] else {
                throw CommandFailure.usage("--store needs --audit-key (or $PAYDESK_AUDIT_KEY)")
            }
            return try seedPostgres(store, auditKey: auditKey, options: options)
        }
        guard let db else { throw CommandFailure.usage("give --db FILE or --store postgresql://…") }
        let bar = ProgressBar(enabled: !quiet)
        let summary = try BulkSeeder.seed(path: db, options: options, restart: restart, keepIndexes: keepIndexes,
                                          progress: { bar.update($0) },
                                          log: { FileHandle.standardError.write(Data(("paydesk: " + $0 + "\n").utf8)) })
        bar.finish()
        if json { return try Output.json(summary) }
        if summary.alreadyComplete {
            print("\(db) is already seeded with these options (\(summary.totalRows) rows); nothing to do.")
            return
        }
        let tables = summary.rows.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        print("Seeded \(db): \(tables).")
        print("\(summary.insertedRows) rows in \(String(format: "%.1f", summary.seconds)) s: "
              + "\(Int(summary.rowsPerSecond)) rows/s\(summary.resumed ? " (this run, resumed)" : "").")
        print(String(format: "  cpu %.1f s over %.1f s wall (both loading threads and the index sorter)", summary.cpuSeconds, summary.seconds))
        for p in summary.phases where p.wallSeconds >= 0.05 {
            print("  \(p.phase.padding(toLength: 15, withPad: " ", startingAt: 0))"
                  + String(format: "%9d rows %7.2f s wall %7.2f s cpu", p.rows, p.wallSeconds, p.cpuSeconds))
        }
    }

    private func seedPostgres(_ url: String, auditKey: String, options: SeedOptions) throws {
        let location = try PostgresLocation(parsing: url)
        let quiet = self.quiet
        let summary = try Blocking.wait {
            try await PostgresSeeder.seed(location, auditKeyPath: auditKey, options: options, log: { line in
                if !quiet { FileHandle.standardError.write(Data(("paydesk-dev seed: " + line + "\n").utf8)) }
            })
        }
        if json { return try Output.json(summary) }
        if summary.alreadyComplete {
            print("\(location.description) is already seeded with these options; nothing to do.")
            return
        }
        let tables = summary.rows.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        print("Seeded \(location.description): \(tables).")
        print(String(format: "%.1f s in all; transactions %.0f rows/s over their COPY.", summary.seconds, summary.transactionsPerSecond))
        for p in summary.phases where p.seconds >= 0.05 {
            print("  \(p.phase.padding(toLength: 15, withPad: " ", startingAt: 0))" + String(format: "%9d rows %7.2f s wall", p.rows, p.seconds))
        }
    }

    static func parseNow(_ text: String) -> Int64? {
        if let epoch = Int64(text) { return epoch }
        let formatter = ISO8601DateFormatter()
        return formatter.date(from: text).map { Int64($0.timeIntervalSince1970) }
    }
}

/// A one-line progress bar on stderr, redrawn at most ten times a second. When stderr
/// is not a terminal (CI logs, `make`), it prints a plain line per phase instead.
final class ProgressBar {
    private let enabled: Bool
    private let tty = isatty(STDERR_FILENO) == 1
    private var lastDraw = Date.distantPast
    private var lastPhase = ""
    private var drawn = false

    init(enabled: Bool) { self.enabled = enabled }

    func update(_ p: SeedProgress) {
        guard enabled else { return }
        let phaseChanged = p.phase != lastPhase
        lastPhase = p.phase
        if !tty {
            if phaseChanged { write("paydesk-dev seed: \(p.phase)… (\(p.rows) rows, \(Self.clock(p.elapsed)))\n") }
            return
        }
        let now = Date()
        guard phaseChanged || now.timeIntervalSince(lastDraw) >= 0.1 else { return }
        lastDraw = now
        let share = p.total > 0 ? min(1, Double(p.done) / Double(p.total)) : 0
        let width = 24
        let filled = Int(share * Double(width))
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let rate = p.elapsed > 0 ? Double(p.rows) / p.elapsed : 0
        let phase = p.phase.padding(toLength: 20, withPad: " ", startingAt: 0)
        let line = "\(bar) \(String(format: "%3.0f%%", share * 100)) \(phase) \(Self.short(p.done))/\(Self.short(p.total))"
            + " · \(Self.short(p.rows)) rows · \(Self.short(Int(rate))) rows/s · \(Self.clock(p.elapsed))"
        write("\r\u{1B}[2K" + line)
        drawn = true
    }

    func finish() {
        if drawn { write("\r\u{1B}[2K") }
    }

    private func write(_ s: String) { FileHandle.standardError.write(Data(s.utf8)) }

    static func short(_ n: Int) -> String {
        n >= 1_000_000 ? String(format: "%.1fM", Double(n) / 1e6) : n >= 10_000 ? String(format: "%.0fk", Double(n) / 1e3) : String(n)
    }

    static func clock(_ t: TimeInterval) -> String { String(format: "%d:%02d", Int(t) / 60, Int(t) % 60) }
}
