import AgentConsole
import ArgumentParser
import ConsoleBench
import Foundation
import SupportCore
import SupportSeed
import SupportStore
import TermUI
#if canImport(Glibc)
import Glibc
#endif

/// `paydesk-dev bench`: the numbers in BENCHMARKS.md, measured on a seeded database. It
/// prints numbers, it does not pass or fail (CI only checks that it runs); misses are
/// marked against the targets so a regression stands out.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time the console and the store on a database made by `paydesk-dev seed` (see BENCHMARKS.md).")

    @Option(help: "Database to measure (made by `paydesk-dev seed`).") var db: String
    @Flag(help: "Few iterations: checks that everything runs, numbers are rough.") var quick = false
    @Option(name: .customLong("as"), help: "Console user (default: sari on a demo database).") var asLogin: String?
    @Option(help: "Headless screen size.") var size: String = "200x60"
    @Option(help: "The sqlite3 tool to compare against.") var sqlite3: String = "sqlite3"
    @Flag(help: "Print the results as JSON.") var json = false
    @Option(help: "Measure only these parts, comma-separated: frames, paths, counts, filters, start, dashboard.") var only: String?
    @Flag(help: "Open the console headless, print when its first frame is ready, and exit (the cold-start probe).")
    var firstFrame = false
    @Flag(help: "Time the real console in a pseudo-terminal instead: key bytes in to the frame's last byte out (see PtyBench).")
    var pty = false
    @Option(help: "With --pty: the paydesk binary whose console is timed (default: the paydesk beside this tool), to compare builds.")
    var console: String?
    @Option(name: .customLong("pty-samples"), help: "With --pty: samples per row (default 200, 10 with --quick).")
    var ptySamples: Int?
    @Option(name: .customLong("pty-only"), help: "With --pty: only the rows whose name contains this text (e.g. supervisor, 'End|PgDn' for either, or 'cold start').")
    var ptyOnly: String?
    @Option(help: ArgumentHelp("With --pty: time the console through the paydesk service at this socket, run as the system user --as names.",
                               discussion: "--db then names the data the service serves, a file or a postgresql:// address, where the rows' tickets are looked up."))
    var server: String?

    func run() throws {
        let (width, height) = try screenSize()
        if firstFrame { return try firstFrameProbe(width: width, height: height) }
        if pty { return try ptyBench(width: width, height: height) }
        if server != nil { throw ValidationError("--server times the console only: give --pty too.") }
        let info = try BulkSeeder.inspect(path: db)
        let now = info.map { Date(timeIntervalSince1970: TimeInterval($0.options.now)) } ?? Date()
        // The dataset's own "now", so SLA views (breaching) count what they would have then.
        let store = try SupportStore(path: db, create: false, clock: { now })
        let actor = try store.resolveActor(asLogin: asLogin ?? (store.isDemo ? "sari" : nil))
        let heavy = try heavyCustomers(store, info)
        guard let top = heavy.first else { throw CommandFailure.other("the database has no transactions to measure") }
        var report = BenchReport(database: db, size: "\(width)x\(height)", actor: actor.login, quick: quick,
                                 transactions: info?.options.transactions, tickets: info?.options.tickets,
                                 customers: info?.options.customers, heavyCustomer: top)
        let parts = Set((only ?? "frames,paths,counts,filters,start").split(separator: ",").map(String.init))
        // Frames first: the process then holds what a console session holds (for maxrss).
        if parts.contains("frames") { try frames(store, actor, heavy, width, height, &report) }
        if parts.contains("paths") { try paths(store, actor, heavy, width, height, now, &report) }
        if parts.contains("counts") { try counts(store, actor, &report) }
        if parts.contains("filters") { try filters(store, top, now, &report) }
        if parts.contains("start") { try coldStarts(actor, &report) }
        // Not in the default set: it commits (presence), like paths, and repeats what paths
        // measure through the console, here part by part.
        if parts.contains("dashboard") { try dashboard(store, actor, now, &report) }
        if json { return try Output.json(report) }
        report.print()
    }

    /// Key press to frame ready, in the scenarios of `ConsoleBench.run`.
    func frames(_ store: SupportStore, _ actor: Agent, _ heavy: [HeavyCustomer], _ width: Int, _ height: Int,
                _ report: inout BenchReport) throws {
        // A ticket of each heavy customer that this user's queue can show.
        let allView = actor.role.can(.viewAllQueues)
        let console = try ConsoleBench(store: store, actor: actor, width: width, height: height)
        let view = allView ? QueueView.all : QueueView(rawValue: console.probe.queueView) ?? .mine
        let heavyTickets = try Self.visibleTickets(store, actor, view, customers: heavy.prefix(5))
        let plan = ConsoleBench.Plan(moves: quick ? 30 : 400, filters: quick ? 3 : 40, heavyTickets: heavyTickets,
                                     allView: allView, transactionFilters: Self.transactionFilters)
        report.frames = try console.run(plan).map(BenchReport.Frames.init)
        report.consoleMaxRSSKiB = Self.maxRSSKiB()
    }

    /// A ticket of each customer that `view` shows to `actor`.
    static func visibleTickets(_ store: SupportStore, _ actor: Agent, _ view: QueueView,
                               customers: ArraySlice<HeavyCustomer>) throws -> [Int64] {
        try customers.compactMap { customer in
            try store.tickets(customerId: customer.id, limit: 50).first { ticket in
                let query = try QueryParser.parse("number:\(ticket.number)", schema: .tickets, now: store.clock(), timeZone: TimeText.zone)
                return try store.queueCount(QueueSpec(view: view, query: query, actor: actor)) == 1
            }?.number
        }
    }

    /// The paths of issue 16 (`ConsoleBench.runPaths`), in a console of their own; a second
    /// store on the same file commits as another agent's console would.
    func paths(_ store: SupportStore, _ actor: Agent, _ heavy: [HeavyCustomer], _ width: Int, _ height: Int,
               _ now: Date, _ report: inout BenchReport) throws {
        let console = try ConsoleBench(store: store, actor: actor, width: width, height: height)
        let committer = try SupportStore(path: db, create: false, clock: { now })
        let ticket = try Self.visibleTickets(store, actor, .all, customers: heavy.prefix(1)).first
        let plan = ConsoleBench.PathPlan(samples: quick ? 5 : 200, heavyTicket: ticket,
                                         datelessFilters: Self.datelessFilters, committer: committer)
        report.frames += try console.runPaths(plan).map(BenchReport.Frames.init)
    }

    /// Filters without dates, which the planner once answered with a sort of the account.
    static let datelessFilters = [
        "type:payment,qr_payment status:success amount:100000..1000000",
        "type:bill_payment status:failed",
        "status:failed",
    ]

    /// Each queue view's count as the header shows it, for a supervisor and an agent.
    func counts(_ store: SupportStore, _ actor: Agent, _ report: inout BenchReport) throws {
        let agent = try store.agent(login: "budi") ?? actor
        let views: [QueueView] = [.mine, .breaching, .unassigned, .pending, .team, .all]
        for who in actor.id == agent.id ? [actor] : [actor, agent] {
            for view in views where who.role.can(.viewAllQueues) || ![.team, .all].contains(view) {
                let spec = QueueSpec(view: view, actor: who)
                var count = 0
                let t = try Self.time(quick ? 5 : 30) { count = try store.queueCount(spec) }
                report.counts.append(.init(view: view.rawValue, actor: who.login, count: count, p50: t.p50, p99: t.p99))
            }
            // What every queue reload pays: all six views, visible or not, for the header.
            let t = try Self.time(quick ? 5 : 30) { _ = try store.queueCounts(for: who) }
            report.counts.append(.init(view: "every view (reload)", actor: who.login, count: views.count, p50: t.p50, p99: t.p99))
        }
    }

    /// The first page of each filter through the store and through sqlite3: the same SQL.
    func filters(_ store: SupportStore, _ top: HeavyCustomer, _ now: Date, _ report: inout BenchReport) throws {
        for text in Self.transactionFilters {
            let query = try QueryParser.parse(text, schema: .transactions, now: now, timeZone: TimeText.zone)
            let n = quick ? 10 : 200
            var rows = 0
            _ = try store.transactions(customerId: top.id, query: query)   // warm the cache for both
            // Measured as sqlite3 is: the best of three batches of n, so that a burst of load
            // from elsewhere on the machine does not land on one side only.
            let batches = try (0..<3).map { _ in
                try Self.time(n) { rows = try store.transactions(customerId: top.id, query: query).count }
            }
            let ours = batches.min { $0.mean < $1.mean }!
            let totals = try Self.time(quick ? 5 : 30) { _ = try store.transactionTotals(customerId: top.id, query: query) }
            let statement = store.transactionPageSQL(customerId: top.id, query: query)
            let theirs = try Shell.sqlite3PerQuery(sqlite3, db: db, sql: statement.sql, literals: statement.literals, runs: n)
            report.filters.append(.init(filter: text, rows: rows, sqlite3Rows: theirs.rows, paydeskMean: ours.mean,
                                        paydeskP99: ours.p99, sqlite3Mean: theirs.mean, totalsP50: totals.p50))
        }
    }

    /// Cold start: process start of `paydesk-dev bench --first-frame` to its first frame.
    func coldStarts(_ actor: Agent, _ report: inout BenchReport) throws {
        for _ in 0..<(quick ? 1 : 7) {
            report.coldStarts.append(try Shell.firstFrame(binary: Shell.executablePath(), arguments: [
                "bench", "--first-frame", "--db", db, "--size", size, "--as", actor.login]))
        }
    }

    /// Filters on the heavy customer: a date range with type, status and amount, as agents
    /// type them (dates relative to the dataset's now, 2026-11-25 by default).
    static let transactionFilters = [
        "date:2026-10-01..2026-10-31 type:payment,qr_payment status:success amount:>=100000",
        "date:2026-11-01..2026-11-25 type:payment,topup status:failed amount:>=100000",
        "date:90d type:withdrawal,p2p_out status:success,pending amount:>=1jt",
        "date:2025-01-01..2025-12-31 type:bill_payment status:failed amount:50k..2jt",
    ]

    func screenSize() throws -> (Int, Int) {
        let parts = size.split(separator: "x").compactMap { Int($0) }
        guard parts.count == 2, parts[0] >= 80, parts[1] >= 24 else { throw CommandFailure.usage("--size takes WxH, at least 80x24") }
        return (parts[0], parts[1])
    }

    /// The heaviest accounts: recorded by the seeder, or found by counting on other databases.
    func heavyCustomers(_ store: SupportStore, _ info: SeedInfo?) throws -> [HeavyCustomer] {
        if let heavy = info?.heavyCustomers, !heavy.isEmpty { return heavy }
        return try store.heaviestCustomers(limit: 5)
    }

    /// Opens the console as the real one does (store, identity, first queries) and draws
    /// its first frame headless; prints the monotonic clock then, and the peak memory.
    func firstFrameProbe(width: Int, height: Int) throws {
        let info = try BulkSeeder.inspect(path: db)
        let now = info.map { Date(timeIntervalSince1970: TimeInterval($0.options.now)) } ?? Date()
        let store = try SupportStore(path: db, create: false, clock: { now })
        let actor = try store.resolveActor(asLogin: asLogin)
        _ = try ConsoleBench(store: store, actor: actor, width: width, height: height)
        let ready = DispatchTime.now().uptimeNanoseconds
        print("first_frame_ns=\(ready) max_rss_kib=\(Self.maxRSSKiB())")
    }

    static func time(_ n: Int, _ body: () throws -> Void) rethrows -> FrameTiming {
        FrameTiming(name: "", samples: try (0..<n).map { _ in
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            return DispatchTime.now().uptimeNanoseconds - start
        })
    }

    static func maxRSSKiB() -> Int {
        var usage = rusage()
        #if os(Linux)
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Int(usage.ru_maxrss)            // KiB on Linux
        #else
        getrusage(RUSAGE_SELF, &usage)
        return Int(usage.ru_maxrss) / 1024     // bytes on macOS
        #endif
    }
}

extension FrameTiming {
    var mean: Double { samples.isEmpty ? 0 : Double(samples.reduce(0, +)) / Double(samples.count) / 1e6 }
}

/// Child processes for the comparisons, with posix_spawn and waitpid (no run loop).
enum Shell {
    static func executablePath() -> String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    /// Runs a program with stdin from `input` and stdout into `output`; returns the wall
    /// time from just before the spawn to the reaped exit, and the exit status.
    static func run(_ program: String, _ arguments: [String], input: String, output: String) throws -> (ns: UInt64, status: Int32) {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, input, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let argv = ([program] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let start = DispatchTime.now().uptimeNanoseconds
        let rc = posix_spawnp(&pid, program, &actions, nil, argv, environ)
        guard rc == 0 else { throw CommandFailure.other("cannot start \(program): \(String(cString: strerror(rc)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        return (DispatchTime.now().uptimeNanoseconds - start, (status >> 8) & 0xff)
    }

    static func temp(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("paydesk-bench-\(getpid())-\(name)").path
    }

    /// The mean time of one run of `sql` in the sqlite3 tool: the statement `runs` times in
    /// one process, minus the same process with the statement once (startup, parameter
    /// binding and opening the file cancel out), divided by `runs - 1`. The parameters are
    /// bound with `.parameter set`, so sqlite3 prepares exactly the store's SQL text.
    static func sqlite3PerQuery(_ tool: String, db: String, sql: String, literals: [String], runs: Int) throws
        -> (mean: Double, rows: Int) {
        let params = literals.enumerated().map { ".parameter set ?\($0.offset + 1) \($0.element)" }.joined(separator: "\n")
        let statement = sql.replacingOccurrences(of: "\n", with: " ") + ";"
        let script = temp("script.sql"), once = temp("once.sql"), out = temp("out.txt")
        defer { for f in [script, once, out] { try? FileManager.default.removeItem(atPath: f) } }
        try (params + "\n" + String(repeating: statement + "\n", count: max(2, runs))).write(toFile: script, atomically: true, encoding: .utf8)
        try (params + "\n" + statement + "\n").write(toFile: once, atomically: true, encoding: .utf8)
        let check = try run(tool, ["-batch", "-bail", db], input: once, output: out)
        guard check.status == 0 else { throw CommandFailure.other("\(tool) failed on the benchmark query") }
        let rows = (try String(contentsOfFile: out, encoding: .utf8)).split(separator: "\n").count
        // Best of three for each, as for any wall-clock comparison on a shared machine.
        let base = try (0..<3).map { _ in try run(tool, ["-batch", "-bail", db], input: once, output: "/dev/null").ns }.min()!
        let full = try (0..<3).map { _ in try run(tool, ["-batch", "-bail", db], input: script, output: "/dev/null").ns }.min()!
        let per = Double(full > base ? full - base : 0) / Double(max(2, runs) - 1) / 1e6
        return (per, rows)
    }

    /// Spawns the first-frame probe; cold start is its first frame minus the spawn time.
    static func firstFrame(binary: String, arguments: [String]) throws -> BenchReport.ColdStart {
        let out = temp("first-frame.txt")
        defer { try? FileManager.default.removeItem(atPath: out) }
        let start = DispatchTime.now().uptimeNanoseconds
        let result = try run(binary, arguments, input: "/dev/null", output: out)
        let text = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
        var fields: [String: UInt64] = [:]
        for pair in text.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
            let kv = pair.split(separator: "=")
            if kv.count == 2, let v = UInt64(kv[1]) { fields[String(kv[0])] = v }
        }
        guard result.status == 0, let ready = fields["first_frame_ns"] else {
            throw CommandFailure.other("the first-frame probe failed (exit \(result.status))")
        }
        return .init(milliseconds: Double(ready - start) / 1e6, maxRSSKiB: Int(fields["max_rss_kib"] ?? 0))
    }
}

/// Everything one run measured, with the targets from the scale issue beside it.
struct BenchReport: Codable {
    struct Frames: Codable {
        var name: String
        var count: Int
        var p50: Double
        var p99: Double
        var max: Double
        var cpuP50: Double
        var cpuP99: Double
        init(_ t: FrameTiming) {
            name = t.name; count = t.samples.count; p50 = t.p50; p99 = t.p99; max = t.max
            cpuP50 = t.cpuPercentile(50); cpuP99 = t.cpuPercentile(99)
        }
    }
    struct Count: Codable { var view: String; var actor: String; var count: Int; var p50: Double; var p99: Double }
    struct Filter: Codable {
        var filter: String
        var rows: Int
        var sqlite3Rows: Int
        var paydeskMean: Double
        var paydeskP99: Double
        var sqlite3Mean: Double
        /// The pane's footer (count, money in and out) for the same filter, through the store.
        var totalsP50: Double
        var ratio: Double { sqlite3Mean > 0 ? paydeskMean / sqlite3Mean : 0 }
    }
    struct ColdStart: Codable { var milliseconds: Double; var maxRSSKiB: Int }

    static let frameTarget = 5.0, ratioTarget = 1.5, coldTarget = 200.0, memoryTargetMiB = 60.0, countTarget = 50.0

    var database: String
    var size: String
    var actor: String
    var quick: Bool
    var transactions: Int?
    var tickets: Int?
    var customers: Int?
    var heavyCustomer: HeavyCustomer
    var frames: [Frames] = []
    var consoleMaxRSSKiB = 0
    var counts: [Count] = []
    var filters: [Filter] = []
    var coldStarts: [ColdStart] = []

    func mark(_ ok: Bool) -> String { ok ? "ok" : "MISS" }
    func ms(_ v: Double) -> String { String(format: "%8.2f", v) }
    func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }

    func print() {
        let scale = [transactions.map { "\($0) transactions" }, tickets.map { "\($0) tickets" },
                     customers.map { "\($0) customers" }].compactMap { $0 }.joined(separator: ", ")
        Swift.print("paydesk-dev bench\(quick ? " --quick" : ""): \(database)\(scale.isEmpty ? "" : " (\(scale))"), \(size), as \(actor)")
        Swift.print("heavy customer \(heavyCustomer.id): \(heavyCustomer.transactions) transactions")
        Swift.print("\nkey press to frame ready (headless: update + render + diff; pty: key bytes in to the last byte out), ms")
        Swift.print("  \(pad("", 32))wall p50      p99      max   cpu p50      p99      n   p99 ≤ 5")
        for f in frames {
            guard f.count > 0 else {
                Swift.print("  \(pad(f.name, 32))not measured: no heavy customer's ticket is visible to \(actor)")
                continue
            }
            Swift.print("  \(pad(f.name, 32))\(ms(f.p50)) \(ms(f.p99)) \(ms(f.max))  \(ms(f.cpuP50)) \(ms(f.cpuP99))"
                        + " \(String(format: "%6d", f.count))   \(mark(f.p99 <= Self.frameTarget))")
        }
        Swift.print("\nqueue view counts over \(tickets.map(String.init) ?? "all") tickets, ms        count      p50      p99   ≤ 50")
        for c in counts {
            Swift.print("  \(pad(c.view + " (" + c.actor + ")", 42))\(String(format: "%10d", c.count)) \(ms(c.p50)) \(ms(c.p99))   \(mark(c.p99 <= Self.countTarget))")
        }
        Swift.print("\nfirst page of a transaction filter, heavy customer, mean ms   paydesk  sqlite3   ratio  ≤ 1.5")
        for f in filters {
            let rows = f.rows == f.sqlite3Rows ? "\(f.rows) rows" : "\(f.rows) vs \(f.sqlite3Rows) rows!"
            Swift.print("  \(pad(f.filter, 58))")
            // Below the subtraction's resolution (a tiny dataset, --quick) there is no ratio.
            let ratio = f.sqlite3Mean > 0.005 ? String(format: "%7.2f   ", f.ratio) + mark(f.ratio <= Self.ratioTarget) : "    n/a"
            Swift.print("  \(pad("    " + rows + String(format: ", paydesk p99 %.2f, totals p50 %.2f", f.paydeskP99, f.totalsP50), 58))"
                        + "\(ms(f.paydeskMean)) \(ms(f.sqlite3Mean)) \(ratio)")
        }
        let starts = coldStarts.map(\.milliseconds).sorted()
        if let median = starts.isEmpty ? nil : starts[starts.count / 2] {
            Swift.print("\ncold start to first frame (spawn → frame), ms: median \(String(format: "%.1f", median)), "
                        + "max \(String(format: "%.1f", starts.last!)), runs \(starts.count)   ≤ 200 \(mark(median <= Self.coldTarget))")
        }
        let firstRSS = Double(coldStarts.map(\.maxRSSKiB).max() ?? 0) / 1024
        let consoleRSS = Double(consoleMaxRSSKiB) / 1024
        Swift.print(String(format: "peak resident memory (maxrss), MiB: first frame %.1f, console after the frame runs %.1f", firstRSS, consoleRSS)
                    + "   ≤ 60 \(mark(max(firstRSS, consoleRSS) <= Self.memoryTargetMiB))")
    }
}
