import AgentConsole
import ConsoleBench
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `paydesk-dev bench --pty`: the real console (`paydesk --db … --as …`) in a pseudo-terminal,
/// driven by key bytes written to the terminal and timed until the last byte of the frame
/// ncurses writes back — what a user at a terminal waits for, where the headless frames
/// stop at the diff. A frame is over when the console has written nothing for `quiet`
/// (the console draws each frame with one `doupdate`, so the gap inside a frame is far
/// shorter); the sample ends at the last byte, not after the wait.
///
/// The console also redraws once a second (SLA countdowns, presence); a key that lands on
/// that tick takes the tick's bytes into its sample, which shows in the max, rarely in p99.
final class PtyConsole {
    let master: Int32
    let pid: pid_t
    static let quietNanoseconds: UInt64 = 15_000_000

    /// Starts the console; returns once it is running (its first frame is not waited for).
    init(binary: String, arguments: [String], width: Int, height: Int) throws {
        let pty = try Self.ptyFunctions()
        master = pty.open(O_RDWR | O_NOCTTY)
        guard master >= 0, pty.grant(master) == 0, pty.unlock(master) == 0, let name = pty.name(master) else {
            throw CommandFailure.other("cannot open a pseudo-terminal")
        }
        let slave = String(cString: name)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // POSIX_SPAWN_SETSID (glibc): a session of its own, so opening the terminal below
        // makes it the console's controlling terminal, as a login shell's would be.
        posix_spawnattr_setflags(&attributes, Int16(0x80))
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addclose(&actions, master)
        posix_spawn_file_actions_addopen(&actions, 0, slave, O_RDWR, 0)
        posix_spawn_file_actions_adddup2(&actions, 0, 1)
        posix_spawn_file_actions_adddup2(&actions, 0, 2)
        // ncurses takes the size from LINES and COLUMNS when they are set.
        let environment = ["TERM=xterm-256color", "LANG=C.UTF-8", "LC_ALL=C.UTF-8", "COLUMNS=\(width)", "LINES=\(height)",
                           "HOME=\(NSHomeDirectory())", "PATH=/usr/bin:/bin"]
            // The Esc rows wait the console's escape delay; `ESCDELAY=0 paydesk-dev bench …` times them without it.
            + (ProcessInfo.processInfo.environment["ESCDELAY"].map { ["ESCDELAY=\($0)"] } ?? [])
        let argv = ([binary] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var child: pid_t = 0
        let rc = posix_spawn(&child, binary, &actions, &attributes, argv, envp)
        guard rc == 0 else { throw CommandFailure.other("cannot start the console: \(String(cString: strerror(rc)))") }
        pid = child
    }

    /// posix_openpt, grantpt, unlockpt and ptsname, looked up in the C library at run time:
    /// Swift's Glibc module leaves them out (they sit behind _XOPEN_SOURCE).
    private static func ptyFunctions() throws -> (open: @convention(c) (Int32) -> Int32, grant: @convention(c) (Int32) -> Int32,
                                                  unlock: @convention(c) (Int32) -> Int32,
                                                  name: @convention(c) (Int32) -> UnsafeMutablePointer<CChar>?) {
        let handle = dlopen(nil, RTLD_NOW)
        func symbol(_ name: String) throws -> UnsafeMutableRawPointer {
            guard let pointer = dlsym(handle, name) else { throw CommandFailure.other("no \(name) in the C library") }
            return pointer
        }
        typealias IntFunction = @convention(c) (Int32) -> Int32
        typealias NameFunction = @convention(c) (Int32) -> UnsafeMutablePointer<CChar>?
        return (unsafeBitCast(try symbol("posix_openpt"), to: IntFunction.self),
                unsafeBitCast(try symbol("grantpt"), to: IntFunction.self),
                unsafeBitCast(try symbol("unlockpt"), to: IntFunction.self),
                unsafeBitCast(try symbol("ptsname"), to: NameFunction.self))
    }

    deinit {
        kill(pid, SIGTERM)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        close(master)
    }

    static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    /// Reads what the console writes until it has been quiet for `quiet`, or `timeout`
    /// passed without a byte. Returns the bytes read and the time of the last one.
    @discardableResult
    func drain(quiet: UInt64 = quietNanoseconds, timeout: UInt64 = 10_000_000_000) -> (bytes: Int, last: UInt64?) {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var total = 0
        var last: UInt64?
        let start = Self.now()
        while true {
            let deadline = (last.map { $0 + quiet } ?? start + timeout)
            let now = Self.now()
            if now >= deadline { return (total, last) }
            var fd = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            let ready = poll(&fd, 1, Int32(max(1, (deadline - now) / 1_000_000)))
            if ready < 0 && errno == EINTR { continue }
            if ready <= 0 { continue }
            let n = read(master, &buffer, buffer.count)
            if n <= 0 { return (total, last) }   // the console exited
            total += n
            last = Self.now()
        }
    }

    /// Writes `keys`, then times until the frame they cause is written out; nil when the
    /// console drew nothing (the key changed nothing on the screen). `cpu` is the CPU time
    /// the console spent meanwhile: on a loaded machine the wall time is mostly waiting for
    /// a core, and the CPU time says what the key costs in the console's own code.
    func press(_ keys: String) throws -> (wall: UInt64, cpu: UInt64)? {
        drain(quiet: 2_000_000, timeout: 2_000_000)   // what a tick left, so it is not taken for this frame
        let bytes = Array(keys.utf8)
        let cpuBefore = cpuNanoseconds
        let start = Self.now()
        guard write(master, bytes, bytes.count) == bytes.count else { throw CommandFailure.other("cannot write to the console") }
        guard let last = drain(timeout: 3_000_000_000).last else {
            if !exitDescription.isEmpty { throw CommandFailure.other("the console ended after \(keys.debugDescription)\(exitDescription)") }
            return nil
        }
        return (last - start, cpuNanoseconds &- cpuBefore)
    }

    /// The console's CPU time so far, all its threads, in nanoseconds (the first field of
    /// each thread's /proc schedstat).
    var cpuNanoseconds: UInt64 {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
        return tasks.reduce(0) { sum, task in
            let text = (try? String(contentsOfFile: "/proc/\(pid)/task/\(task)/schedstat", encoding: .utf8)) ?? ""
            return sum + (text.split(separator: " ").first.flatMap { UInt64($0) } ?? 0)
        }
    }

    /// The console's resident memory now and at its peak (VmRSS, VmHWM), in KiB.
    var memory: (rss: Int, peak: Int)? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        func field(_ name: String) -> Int? {
            status.split(separator: "\n").first { $0.hasPrefix(name + ":") }
                .flatMap { Int($0.split(separator: " ").dropFirst().first ?? "") }
        }
        guard let rss = field("VmRSS"), let peak = field("VmHWM") else { return nil }
        return (rss, peak)
    }

    /// Writes `keys` and waits for whatever they draw, untimed (the steps around a sample);
    /// true when they drew something within `timeout`.
    @discardableResult
    func type(_ keys: String, timeout: UInt64 = 1_000_000_000) throws -> Bool {
        let bytes = Array(keys.utf8)
        guard write(master, bytes, bytes.count) == bytes.count else { throw CommandFailure.other("cannot write to the console") }
        let drew = drain(quiet: 10_000_000, timeout: timeout).last != nil
        if !exitDescription.isEmpty { throw CommandFailure.other("the console ended after \(keys.debugDescription)\(exitDescription)") }
        return drew
    }

    /// Back to where every row starts: Esc until nothing is left to close (ticket, dialog,
    /// prompt, supervisor screen), the queue focused, `:view team` sorted by SLA. A row that
    /// went astray then cannot carry its state into the next.
    func reset() throws {
        for _ in 0..<4 where try type(PtyKeys.escape, timeout: 300_000_000) {}
        try type("1", timeout: 300_000_000)
        try type(":view team\r")
        try type(":sort sla\r")
    }

    /// ", it exited with status N" (or "was killed by signal N") once the console is gone.
    var exitDescription: String {
        var status: Int32 = 0
        guard waitpid(pid, &status, WNOHANG) == pid else { return "" }
        let signal = status & 0x7f
        return signal == 0 ? ", it exited with status \((status >> 8) & 0xff)" : ", it was killed by signal \(signal)"
    }
}

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
    static func run(binary: String, db: String, login: String, width: Int, height: Int, samples: Int,
                    only: String? = nil) throws -> (rows: [FrameTiming], memory: (rss: Int, peak: Int)?) {
        var results: [FrameTiming] = []
        let targets = try findTargets(db)
        try ensureLong(targets.ticket, binary: binary, db: db, login: login)
        if only.map({ matches(coldStartRow, $0) }) ?? true {
            results.append(try coldStart(binary: binary, db: db, login: login, width: width, height: height, samples: samples))
        }
        func start(_ size: PtyTerminalSize) throws -> PtyConsole {
            let console = try PtyConsole(binary: binary, arguments: ["--db", db, "--as", login], width: size.width, height: size.height)
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
                try PtyPreconditions.ensure(precondition, binary: binary, db: db, login: login)
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
            for _ in 0..<min(samples, scenario.maxSamples ?? samples) {
                for k in scenario.before { try console.type(keys(k)) }
                if let t = try console.press(keys(scenario.press)) { times.append(t.wall); cpu.append(t.cpu) } else { blank += 1 }
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
        if only == nil || only!.split(separator: "|").contains(where: { "commit".contains($0) }) {
            results += try afterCommits(mainConsole, binary: binary, db: db, login: login, ticket: targets.ticket,
                                        samples: min(samples, 30))
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
    static func coldStart(binary: String, db: String, login: String, width: Int, height: Int, samples: Int) throws -> FrameTiming {
        var starts: [UInt64] = []
        for _ in 0..<max(3, samples / 20) {
            let start = PtyConsole.now()
            let console = try PtyConsole(binary: binary, arguments: ["--db", db, "--as", login], width: width, height: height)
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
    static func afterCommits(_ console: PtyConsole, binary: String, db: String, login: String, ticket: Int64,
                             samples: Int) throws -> [FrameTiming] {
        func note() throws {
            let status = try Shell.run(binary, ["ticket", "note", String(ticket), "--body", "bench: another process", "--db", db, "--as", login],
                                       input: "/dev/null", output: "/dev/null").status
            guard status == 0 else { throw CommandFailure.other("`paydesk ticket note` exited \(status)") }
        }
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
        return [FrameTiming(name: "pty: another process commits → frame", samples: refresh),
                FrameTiming(name: "pty: supervisor open (S), first after a commit", samples: supervisor, cpuSamples: supervisorCPU)]
    }

    /// The longest ticket and a ticket of the customer with the most transactions, read with
    /// the sqlite3 tool (the console under test may be another paydesk build, so the file is
    /// not opened through this one's store).
    static func findTargets(_ db: String) throws -> Targets {
        func number(_ sql: String) throws -> Int64 {
            let out = try PtyPreconditions.sqlite(db, sql)
            guard let n = Int64(out) else {
                throw CommandFailure.other("cannot find the bench's tickets in \(db): sqlite3 said \(out.debugDescription)")
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
        return Targets(ticket: ticket, heavy: heavy, chosen: try number(PtyPreconditions.chosenTicketSQL), playbook: playbook)
    }

    /// The timeline rows need a ticket longer than the screen; a seed's tickets may all be
    /// short, so the longest one gets three long notes when it has fewer than 40 entries.
    static func ensureLong(_ ticket: Int64, binary: String, db: String, login: String) throws {
        let file = Shell.temp("count.txt")
        defer { try? FileManager.default.removeItem(atPath: file) }
        _ = try Shell.run("sqlite3", ["-readonly", db, "SELECT count(*) FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id WHERE t.number = \(ticket)"],
                          input: "/dev/null", output: file)
        guard (Int((try? String(contentsOfFile: file, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "") ?? 0) < 40 else { return }
        let body = Shell.temp("note.txt")
        defer { try? FileManager.default.removeItem(atPath: body) }
        try (1...40).map { "bench line \($0): the customer's account of what happened, one line at a time" }
            .joined(separator: "\n").write(toFile: body, atomically: true, encoding: .utf8)
        for _ in 0..<3 {
            let status = try Shell.run(binary, ["ticket", "note", String(ticket), "--body", "-", "--db", db, "--as", login],
                                       input: body, output: "/dev/null").status
            guard status == 0 else { throw CommandFailure.other("`paydesk ticket note` exited \(status)") }
        }
    }
}

extension BenchCommand {
    /// `--pty`. The database is not opened here: the console under test may be an older
    /// paydesk (`--console`), which refuses a file that a newer one has migrated.
    func ptyBench(width: Int, height: Int) throws {
        let run = try PtyBench.run(binary: console ?? ProductBinary.path, db: db, login: asLogin ?? "sari",
                                   width: width, height: height, samples: ptySamples ?? (quick ? 10 : 200), only: ptyOnly)
        let frames = run.rows.map(BenchReport.Frames.init)
        if json { return try Output.json(frames) }
        print("paydesk-dev bench --pty\(quick ? " --quick" : ""): \(db), \(width)x\(height), as \(asLogin ?? "sari"), console \(console ?? "the paydesk beside")")
        print("key bytes in to the frame's last byte out (wall), and the console's CPU meanwhile, ms")
        let width = max(44, frames.map(\.name.count).max() ?? 0)
        print("  " + "".padding(toLength: width, withPad: " ", startingAt: 0) + "      p50      p99      max      n  cpu p50  cpu p99   p99 ≤ 5")
        for f in frames {
            let name = f.name.padding(toLength: width, withPad: " ", startingAt: 0)
            guard f.count > 0 else { print("  \(name)   no frame: the key drew nothing on every sample"); continue }
            let wall: String = [f.p50, f.p99, f.max].map { String(format: "%9.2f", $0) }.joined()
            let cpu: String = f.cpuP50 > 0 ? [f.cpuP50, f.cpuP99].map { String(format: "%9.2f", $0) }.joined() : "        -        -"
            let verdict = f.p99 <= BenchReport.frameTarget ? "ok" : "MISS"
            print("  \(name)\(wall)\(String(format: "%7d", f.count))\(cpu)   \(verdict)")
        }
        if let memory = run.memory {
            print(String(format: "console memory after the rows: VmRSS %.1f MiB, peak (VmHWM) %.1f MiB   ", Double(memory.rss) / 1024,
                         Double(memory.peak) / 1024) + (Double(memory.rss) / 1024 <= BenchReport.memoryTargetMiB ? "ok" : "MISS"))
        }
    }
}
