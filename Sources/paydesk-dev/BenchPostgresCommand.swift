import AgentConsole
import ArgumentParser
import Foundation
import SupportCore
import SupportPostgres
import SupportRemote
import SupportSeed
import SupportStore

/// `paydesk-dev bench-postgres`: issue 19's filter figure on a PostgreSQL database made by
/// `paydesk-dev seed --store`. The first page of a dated and a dateless filter on the
/// heaviest account, three ways: the store in this process (its read transaction and the
/// page), a running `paydesk serve --store` (less a trivial request's round trip, so what
/// remains is the filter's marginal cost), and the very same SQL in psql (`\timing`);
/// with `--dashboard-runs`, the supervisor screen's figures too; with `--breakdown`, where
/// each filter's time goes (`FilterBreakdown`). With `--peer`, the delay
/// between two instances instead (`PeerDelay`); with `--screens`, the queue's views
/// (`PostgresScreens`); with `--overview`, the account overview (`PostgresOverview`); with
/// `--floor`, the floor under a read (`ReadFloor`). Prints numbers; passes or fails nothing.
struct BenchPostgresCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-postgres",
        abstract: "Time a transaction filter's first page on PostgreSQL against psql (see BENCHMARKS.md).")

    @Option(help: "The seeded database (postgresql://…).") var store: String
    @Option(help: "The audit key it was seeded with.") var auditKey: String
    @Option(help: "A `paydesk serve --store` instance on the same database, to time through the service too.") var server: String?
    @Option(help: "A second instance on the same database: time a write through --server reaching a console on this one, instead of the filters.") var peer: String?
    @Flag(help: "Time the queue's views and sorts (counts, first and next page, End) instead of the filters.") var screens = false
    @Flag(help: "Time the account overview, one read per pane against one read (PostgresOverview), instead of the filters.") var overview = false
    @Option(help: "With --screens: a SQLite file of the same seed, timed beside PostgreSQL.") var sqlite: String?
    @Option(help: "Runs of each measurement (medians are reported).") var runs = 200
    @Option(help: "The psql to compare with.") var psql = "psql"
    @Option(help: "Also time the supervisor screen's figures this many times (0: not).") var dashboardRuns = 0
    @Flag(help: "Also time each filter's pieces: the read's floor, the statement undecoded, and what a request adds (FilterBreakdown).") var breakdown = false
    @Flag(help: "Time the floor under a read instead of the filters: SELECT 1 parked, watched and on the event loop, and a page's rows decoded (ReadFloorProbe).") var floor = false

    static let filters = [
        "date:2026-10-01..2026-10-31 type:payment,qr_payment status:success amount:>=100000",
        "type:payment,qr_payment status:success amount:100000..1000000",
        "type:bill_payment status:failed",
        // An investigation's question: the flagged rows' own partial index.
        "flagged:yes",
    ]

    func run() throws {
        if let peer {
            guard let server else { throw CommandFailure.usage("--peer needs --server: the instance to write through") }
            return try PeerDelay(writer: RemoteClient(socketPath: server, asLogin: "sari"),
                                 peer: RemoteClient(socketPath: peer, asLogin: "dewi"), samples: runs).run()
        }
        let location = try PostgresLocation(parsing: store)
        let engine = try Blocking.wait { try await PostgresEngine.open(location, auditKeyPath: auditKey, maximumConnections: 2) }
        defer { _ = try? Blocking.wait { await engine.close() } }
        let heavy = try engine.reading { session -> (Int64, Int) in
            let text = try session.fetchValue("SELECT value FROM meta WHERE key = 'seed.heavy'", as: String.self) ?? ""
            guard let first = text.split(separator: ",").first?.split(separator: ":"), first.count == 2,
                  let id = Int64(first[0]), let n = Int(first[1]) else {
                throw CommandFailure.usage("\(location.description) is not a database made by `paydesk-dev seed --store`")
            }
            return (id, n)
        }
        let nowEpoch = try engine.reading { try $0.fetchValue("SELECT value FROM meta WHERE key = 'created_at'", as: String.self) }
            .flatMap { Int64($0) } ?? SeedOptions.defaultNow
        let now = Date(timeIntervalSince1970: TimeInterval(nowEpoch))
        if screens {
            let atNow = try Blocking.wait { try await PostgresEngine.open(location, auditKeyPath: auditKey, maximumConnections: 2, clock: { now }) }
            defer { _ = try? Blocking.wait { await atNow.close() } }
            let file = try sqlite.map { try SupportStore(path: $0, create: false, clock: { now }) }
            return try PostgresScreens(postgres: atNow, sqlite: file, login: "sari", runs: runs).run()
        }
        if overview {
            let ordinary = try engine.reading { try $0.fetchValue("SELECT MIN(id) FROM customers", as: Int64.self) } ?? heavy.0
            return try PostgresOverview(engine: engine, customers: [("heaviest account", heavy.0), ("customer \(ordinary)", ordinary)],
                                        runs: runs).run()
        }
        if floor {
            let query = try QueryParser.parse(Self.filters[1], schema: .transactions, now: now, timeZone: TimeText.zone)
            let statement = engine.transactionPageSQL(customerId: heavy.0, query: query, dialect: .postgresql)
            print("heaviest account: customer \(heavy.0); the page of \(Self.filters[1])")
            return try ReadFloor(engine: engine, runs: runs).run(page: Self.inline(statement.sql, statement.literals),
                                                                 read: { _ = try engine.transactions(customerId: heavy.0, query: query) },
                                                                 psql: psqlMedian)
        }
        let remote = server.map { RemoteClient(socketPath: $0, asLogin: "sari") }
        print("heaviest account: customer \(heavy.0), \(heavy.1) transactions; \(runs) runs each, medians in ms")
        if let remote {
            let trivial = try time { _ = try remote.whoAmI() }
            print(String(format: "  a trivial request through the service (whoami): %.3f", trivial))
        }
        for text in Self.filters {
            let query = try QueryParser.parse(text, schema: .transactions, now: now, timeZone: TimeText.zone)
            var rows = 0
            let store = try time { rows = try engine.transactions(customerId: heavy.0, query: query).count }
            let statement = engine.transactionPageSQL(customerId: heavy.0, query: query, dialect: .postgresql)
            let sql = Self.inline(statement.sql, statement.literals)
            let theirs = try psqlMedian(sql)
            print("  \(text)")
            print(String(format: "    rows %d · store in process %.3f · psql %.3f · ratio %.2f", rows, store, theirs, store / theirs))
            if let remote {
                let trivial = try time { _ = try remote.whoAmI() }
                let served = try time { _ = try remote.transactions(customerId: heavy.0, query: query) }
                print(String(format: "    through the service %.3f − trivial %.3f = %.3f marginal · ratio to psql %.2f",
                             served, trivial, served - trivial, (served - trivial) / theirs))
            }
            if breakdown { try FilterBreakdown(engine: engine, customerId: heavy.0, runs: runs).run(query, sql: sql) }
            print("    SQL: \(sql.split(separator: "\n").joined(separator: " "))")
        }
        if dashboardRuns > 0 { try timeDashboard(location, now: now) }
    }

    /// The supervisor screen's figures at the dataset's now: the whole screen as a
    /// supervisor's console gets it after someone's commit (the shared copy recomputed, its
    /// SLA reports reused as within 20 s), then each report computed afresh.
    func timeDashboard(_ location: PostgresLocation, now: Date) throws {
        let pinned = try Blocking.wait {
            try await PostgresEngine.open(location, auditKeyPath: auditKey, maximumConnections: 2, clock: { now })
        }
        defer { _ = try? Blocking.wait { await pinned.close() } }
        func timed(_ name: String, _ body: () throws -> Void) throws {
            try body()
            print(String(format: "  %@: %.1f", name, try BenchCommand.time(dashboardRuns, body).p50))
        }
        let today = ReportPeriod.today(now), week = ReportPeriod.lastDays(7, endingAt: now)
        try timed("the supervisor screen after a change, a 1-day period") {
            pinned.noteChangeElsewhere(); _ = try pinned.supervisorDashboard(periodDays: 1)
        }
        try timed("the supervisor screen after a change, a 7-day period") {
            pinned.noteChangeElsewhere(); _ = try pinned.supervisorDashboard(periodDays: 7)
        }
        try timed("the supervisor screen, nothing changed") { _ = try pinned.supervisorDashboard(periodDays: 7) }
        try timed("  agents, 7 days") { _ = try pinned.agentReport(period: week) }
        try timed("  backlog") { _ = try pinned.backlogReport(period: today) }
        try timed("  SLA, 7 days") { _ = try pinned.slaReport(period: week) }
        try timed("  attention") { _ = try pinned.attentionItems() }
        try timed("  aging") { _ = try pinned.agingBuckets() }
        try timed("  volume, 14 days") { _ = try pinned.volumeReport(period: .lastDays(14, endingAt: now)) }
        try timed("  CSAT, 7 days") { _ = try pinned.csatReport(period: week) }
    }

    /// Median wall time of `runs` calls, after one warm-up call.
    func time(_ body: () throws -> Void) rethrows -> Double {
        try body()
        return try BenchCommand.time(runs, body).p50
    }

    /// The statement with its literals in place of the `?`s, as one would paste it into psql.
    static func inline(_ sql: String, _ literals: [String]) -> String {
        var out = ""
        var next = literals.makeIterator()
        for c in sql { if c == "?", let literal = next.next() { out += literal } else { out.append(c) } }
        return out
    }

    /// psql's own `\timing` of the statement run `runs` times in one session (output to
    /// /dev/null), after one warm-up: the median.
    func psqlMedian(_ sql: String) throws -> Double {
        let script = FileManager.default.temporaryDirectory.appendingPathComponent("paydesk-bench-\(getpid()).sql")
        let body = "\\o /dev/null\n" + sql + ";\n\\timing on\n" + String(repeating: sql + ";\n", count: runs)
        try body.write(to: script, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: script) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", PostgresLocation.libpqAddress(store), "-f", script.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CommandFailure.other("psql failed: \(output.suffix(500))") }
        let times = output.split(separator: "\n").compactMap { line -> Double? in
            guard line.hasPrefix("Time: ") else { return nil }
            return Double(line.dropFirst(6).split(separator: " ").first ?? "")
        }.sorted()
        guard !times.isEmpty else { throw CommandFailure.other("psql printed no timings: \(output.suffix(500))") }
        return times[times.count / 2]
    }
}
