import AgentConsole
import ConsoleBench
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The rows of `--pty`: cold start, every row of `PtyKeyScenario.all` (every key of the
/// key table and the slow paths), and the refreshes another process's commit causes.
enum PtyBench {
    struct Targets {
        var ticket: Int64      // the longest ticket
        var heavy: Int64       // a ticket of the customer with the most transactions
        var chosen: Int64      // a ticket whose customer's newest timeline entry is an unflagged transaction
        var playbook: Int64    // a ticket the stolen-account playbook applies to (its steps include the investigation)
    }

    /// The rows' timings, and the console's memory (VmRSS, VmHWM in KiB) after the last row:
    /// a full run visits every screen.
    static func run(agent: PtyAgent, data: PtyData, width: Int, height: Int, samples: Int,
                    only: String? = nil) throws -> (rows: [FrameTiming], memory: (rss: Int, peak: Int)?) {
        var results: [FrameTiming] = []
        let targets = try findTargets(data)
        try ensureLong(targets.ticket, agent: agent, data: data)
        if only.map({ matches(coldStartRow, $0) }) ?? true {
            results.append(try coldStart(agent: agent, width: width, height: height, samples: samples))
        }
        func start(_ size: PtyTerminalSize) throws -> PtyConsole {
            let console = try PtyConsole(agent, width: size.width, height: size.height)
            console.drain(quiet: 300_000_000, timeout: 30_000_000_000)
            return console
        }
        let main = PtyTerminalSize(width: width, height: height)
        let mainConsole = try start(main)
        // Rows that need another size run in a console of their own, started when first
        // needed; the main one keeps every screen it visited, for the memory line.
        var others: [PtyTerminalSize: PtyConsole] = [:]
        var supervisorBox = 0   // the screen opens on its first box and remembers the last one
        for scenario in PtyKeyScenario.all where only.map({ Self.matches(scenario.name, $0) }) ?? true {
            let size = scenario.terminal ?? main
            let console: PtyConsole
            if size == main {
                console = mainConsole
            } else if let other = others[size] {
                console = other
            } else {
                console = try start(size)
                others[size] = console
            }
            try console.reset()
            if let precondition = scenario.precondition {
                try PtyPreconditions.ensure(precondition, agent: agent, data: data, ticket: targets.ticket)
            }
            func keys(_ k: String) -> String {
                k.replacingOccurrences(of: "{ticket}", with: String(targets.ticket))
                 .replacingOccurrences(of: "{heavy}", with: String(targets.heavy))
                 .replacingOccurrences(of: "{chosen}", with: String(targets.chosen))
                 .replacingOccurrences(of: "{playbook}", with: String(targets.playbook))
            }
            let began = PtyConsole.now()
            for k in scenario.setup { try console.type(keys(k)) }
            if let box = scenario.box {
                for _ in 0..<((box - supervisorBox + PtyKeyScenario.supervisorBoxes) % PtyKeyScenario.supervisorBoxes) {
                    try console.type(PtyKeys.tab)
                }
                supervisorBox = box
            }
            var times: [UInt64] = []
            var cpu: [UInt64] = []
            var blank = 0
            if scenario.newConsoleEachSample {
                for _ in 0..<min(samples, scenario.maxSamples ?? samples) {
                    let fresh = try start(size)
                    if let t = try fresh.press(keys(scenario.press), until: scenario.finishedWhen) {
                        times.append(t.wall)
                        cpu.append(t.cpu)
                    }
                    _ = try? fresh.type("q")
                }
                results.append(FrameTiming(name: "pty: " + scenario.name, samples: times, cpuSamples: cpu))
                continue
            }
            for _ in 0..<min(samples, scenario.maxSamples ?? samples) {
                for k in scenario.before { try console.type(keys(k)) }
                if let t = try console.press(keys(scenario.press), until: scenario.timesFinish ? scenario.finishedWhen : nil) {
                    times.append(t.wall)
                    cpu.append(t.cpu)
                } else {
                    blank += 1
                }
                if let finished = scenario.finishedWhen, !scenario.timesFinish { _ = try console.waitFor(finished) }
                for k in scenario.after { try console.type(keys(k)) }
                // A key that drew nothing three times running draws nothing here (help that
                // fits the screen has nothing to scroll): each blank waits 3 s, and what the
                // rest would time is the once-a-second redraw, not the key.
                if times.isEmpty && blank >= 3 { break }
            }
            for k in scenario.teardown { try console.type(keys(k)) }
            let row = FrameTiming(name: "pty: " + scenario.name + (blank > 0 ? " (\(blank) drew nothing)" : ""), samples: times,
                                  cpuSamples: cpu)
            results.append(row)
            // Progress on stderr: a full run is long, and a row that stalls should show which.
            FileHandle.standardError.write(Data(String(format: "%@: p50 %.2f ms, n %d, %.1f s\n", row.name, row.p50, times.count,
                                                       Double(PtyConsole.now() - began) / 1e9).utf8))
        }
        if only == nil || afterCommitRows.contains(where: { matches($0, only!) }) {
            results += try afterCommits(mainConsole, agent: agent, ticket: targets.ticket, samples: min(samples, 30))
        }
        let memory = mainConsole.memory
        for console in [mainConsole] + others.values { _ = try? console.type("q") }   // it ends the console, which type reports
        return (results, memory)
    }

    /// `--pty-only`: the row's name contains the text, or one of its `|`-separated parts.
    static func matches(_ name: String, _ only: String) -> Bool {
        only.split(separator: "|").contains { name.contains($0) }
    }

    static let coldStartRow = "pty: cold start to first screen"

    /// Spawn to the last byte of the first full screen.
    static func coldStart(agent: PtyAgent, width: Int, height: Int, samples: Int) throws -> FrameTiming {
        var starts: [UInt64] = []
        for _ in 0..<max(3, samples / 20) {
            let start = PtyConsole.now()
            let console = try PtyConsole(agent, width: width, height: height)
            guard let last = console.drain(quiet: 300_000_000, timeout: 30_000_000_000).last else {
                throw CommandFailure.other("the console drew nothing in a terminal")
            }
            starts.append(last - start)
        }
        return FrameTiming(name: coldStartRow, samples: starts)
    }

    /// Another process notes on a ticket in the console's view: from the note command's exit
    /// to the console's redrawn frame (the console polls for other processes' commits once a
    /// second, so this includes up to a second of waiting), and the supervisor screen's first
    /// open after such a commit (its figures are computed again).
    static func afterCommits(_ console: PtyConsole, agent: PtyAgent, ticket: Int64, samples: Int) throws -> [FrameTiming] {
        func note() throws { try agent.run(["ticket", "note", String(ticket), "--body", "bench: another process"]) }
        try console.type(":open \(ticket)\r")
        var refresh: [UInt64] = []
        for _ in 0..<samples {
            console.drain(quiet: 2_000_000, timeout: 2_000_000)
            try note()
            let start = PtyConsole.now()
            if let last = console.drain(quiet: PtyConsole.quietNanoseconds, timeout: 3_000_000_000).last { refresh.append(last - start) }
        }
        try console.type(PtyKeys.escape)
        var supervisor: [UInt64] = []
        var supervisorCPU: [UInt64] = []
        for _ in 0..<samples {
            try note()
            console.drain(quiet: PtyConsole.quietNanoseconds, timeout: 1_500_000_000)   // the queue's refresh
            if let t = try console.press("S") { supervisor.append(t.wall); supervisorCPU.append(t.cpu) }
            try console.type("S")
        }
        return [FrameTiming(name: afterCommitRows[0], samples: refresh),
                FrameTiming(name: afterCommitRows[1], samples: supervisor, cpuSamples: supervisorCPU)]
    }

    /// The rows `afterCommits` times, by the names `--pty-only` matches.
    static let afterCommitRows = ["pty: another process commits → frame", "pty: supervisor open (S), first after a commit"]

    /// The longest ticket and a ticket of the customer with the most transactions, read with
    /// the sqlite3 tool or psql (the console under test may be another paydesk build, so the
    /// data is not opened through this one's store).
    static func findTargets(_ data: PtyData) throws -> Targets {
        func number(_ sql: String) throws -> Int64 {
            let out = try data.value(sql)
            guard let n = Int64(out) else {
                throw CommandFailure.other("cannot find the bench's tickets in \(data.name): it said \(out.debugDescription)")
            }
            return n
        }
        let ticket = try number("""
            SELECT t.number FROM tickets t JOIN (SELECT ticket_id, count(*) AS n FROM ticket_events
            GROUP BY ticket_id ORDER BY n DESC LIMIT 1) e ON e.ticket_id = t.id
            """)
        let heavy = try number("""
            SELECT number FROM tickets WHERE customer_id = (SELECT customer_id FROM transactions
            GROUP BY customer_id ORDER BY count(*) DESC LIMIT 1) ORDER BY number LIMIT 1
            """)
        // The longest ticket may have no playbook (then `p` only warns, and the playbook rows'
        // `q` would quit the console): the playbook rows open a stolen-account ticket.
        let playbook = try number("""
            SELECT number FROM tickets WHERE category = 'security' AND subcategory = 'stolen_account'
            ORDER BY status IN ('open', 'pending') DESC, number LIMIT 1
            """)
        return Targets(ticket: ticket, heavy: heavy, chosen: try number(PtyPreconditions.chosenTicketSQL(data)), playbook: playbook)
    }

    /// The timeline rows need a ticket longer than the screen; a seed's tickets may all be
    /// short, so the longest one gets three long notes when it has fewer than 40 entries.
    static func ensureLong(_ ticket: Int64, agent: PtyAgent, data: PtyData) throws {
        let entries = try data.value("SELECT count(*) FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id WHERE t.number = \(ticket)")
        guard (Int(entries) ?? 0) < 40 else { return }
        let body = Shell.temp("note.txt")
        defer { try? FileManager.default.removeItem(atPath: body) }
        try (1...40).map { "bench line \($0): the customer's account of what happened, one line at a time" }
            .joined(separator: "\n").write(toFile: body, atomically: true, encoding: .utf8)
        for _ in 0..<3 { try agent.run(["ticket", "note", String(ticket), "--body", "-"], input: body) }
    }
}

extension BenchCommand {
    /// `--pty`. The database is not opened here: the console under test may be an older
    /// paydesk (`--console`), which refuses a file that a newer one has migrated.
    func ptyBench(width: Int, height: Int) throws {
        let agent = PtyAgent(binary: console ?? ProductBinary.path, login: asLogin ?? "sari", db: db, server: server)
        let run = try PtyBench.run(agent: agent, data: PtyData(db), width: width, height: height,
                                   samples: ptySamples ?? (quick ? 10 : 200), only: ptyOnly)
        let frames = run.rows.map(BenchReport.Frames.init)
        if json { return try Output.json(frames) }
        print("paydesk-dev bench --pty\(quick ? " --quick" : ""): \(PtyData(db).name)\(server.map { " through the service at \($0)" } ?? ""), "
              + "\(width)x\(height), as \(asLogin ?? "sari"), console \(console ?? "the paydesk beside")")
        print("key bytes in to the frame's last byte out (wall), and the console's CPU meanwhile, ms")
        let width = max(44, frames.map(\.name.count).max() ?? 0)
        print("  " + "".padding(toLength: width, withPad: " ", startingAt: 0) + "      p50      p99      max      n  cpu p50  cpu p99   p99 ≤ 5")
        for f in frames {
            let name = f.name.padding(toLength: width, withPad: " ", startingAt: 0)
            guard f.count > 0 else { print("  \(name)   no frame: the key drew nothing on every sample"); continue }
            let wall: String = [f.p50, f.p99, f.max].map { String(format: "%9.2f", $0) }.joined()
            let cpu: String = f.cpuP50 > 0 ? [f.cpuP50, f.cpuP99].map { String(format: "%9.2f", $0) }.joined() : "        -        -"
            // A cold start is a process's start, not a key: its target is the cold start's.
            let coldStart = f.name == PtyBench.coldStartRow
            let verdict = f.p99 <= (coldStart ? BenchReport.coldTarget : BenchReport.frameTarget) ? "ok" : "MISS"
            print("  \(name)\(wall)\(String(format: "%7d", f.count))\(cpu)   \(verdict)\(coldStart ? " (p99 ≤ 200)" : "")")
        }
        if let memory = run.memory {
            print(String(format: "console memory after the rows: VmRSS %.1f MiB, peak (VmHWM) %.1f MiB   ", Double(memory.rss) / 1024,
                         Double(memory.peak) / 1024) + (Double(memory.rss) / 1024 <= BenchReport.memoryTargetMiB ? "ok" : "MISS"))
        }
    }
}
