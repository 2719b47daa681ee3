import AgentConsole
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

    /// Writes `keys`, then times until the frame they cause is written out.
    func press(_ keys: String) throws -> UInt64 {
        drain(quiet: 2_000_000, timeout: 2_000_000)   // what a tick left, so it is not taken for this frame
        let bytes = Array(keys.utf8)
        let start = Self.now()
        guard write(master, bytes, bytes.count) == bytes.count else { throw CommandFailure.other("cannot write to the console") }
        guard let last = drain(timeout: 5_000_000_000).last else {
            throw CommandFailure.other("the console drew nothing after \(keys.debugDescription)\(exitDescription)")
        }
        return last - start
    }

    /// ", it exited with status N" (or "was killed by signal N") once the console is gone.
    var exitDescription: String {
        var status: Int32 = 0
        guard waitpid(pid, &status, WNOHANG) == pid else { return "" }
        let signal = status & 0x7f
        return signal == 0 ? ", it exited with status \((status >> 8) & 0xff)" : ", it was killed by signal \(signal)"
    }
}

/// The scenarios of `--pty`, each `samples` times.
enum PtyBench {
    // End and Home as xterm sends them in the keypad mode ncurses turns on.
    static let down = "j", up = "k", end = "\u{1B}OF", home = "\u{1B}OH"

    static func run(binary: String, db: String, login: String, width: Int, height: Int, samples: Int) throws -> [FrameTiming] {
        var results: [FrameTiming] = []
        // Cold start in a terminal: spawn to the last byte of the first full screen.
        var starts: [UInt64] = []
        for _ in 0..<max(3, samples / 20) {
            let start = PtyConsole.now()
            let console = try PtyConsole(binary: binary, arguments: ["--db", db, "--as", login], width: width, height: height)
            guard let last = console.drain(quiet: 300_000_000, timeout: 30_000_000_000).last else {
                throw CommandFailure.other("the console drew nothing in a terminal")
            }
            starts.append(last - start)
        }
        results.append(FrameTiming(name: "pty: cold start to first screen", samples: starts))

        let console = try PtyConsole(binary: binary, arguments: ["--db", db, "--as", login], width: width, height: height)
        console.drain(quiet: 300_000_000, timeout: 30_000_000_000)
        func measure(_ name: String, _ keys: String, then undo: String? = nil) throws {
            var times: [UInt64] = []
            for _ in 0..<samples {
                times.append(try console.press(keys))
                if let undo { _ = try console.press(undo) }
            }
            results.append(FrameTiming(name: name, samples: times))
        }
        try measure("pty: queue move (j)", down)
        try measure("pty: queue move back (k)", up)
        _ = try console.press(":view team\r")
        try measure("pty: queue :view all", ":view all\r", then: ":view team\r")
        _ = try console.press(":view all\r")
        try measure("pty: queue End (all)", end, then: home)
        try measure("pty: supervisor open (S)", "S", then: "S")   // S again goes back
        _ = try console.press("q")
        return results
    }
}

extension BenchCommand {
    /// `--pty`. The database is not opened here: the console under test may be an older
    /// paydesk (`--console`), which refuses a file that a newer one has migrated.
    func ptyBench(width: Int, height: Int) throws {
        let timings = try PtyBench.run(binary: console ?? ProductBinary.path, db: db, login: asLogin ?? "sari",
                                       width: width, height: height, samples: quick ? 10 : 200)
        let frames = timings.map(BenchReport.Frames.init)
        if json { return try Output.json(frames) }
        print("paydesk-dev bench --pty\(quick ? " --quick" : ""): \(db), \(width)x\(height), as \(asLogin ?? "sari"), console \(console ?? "the paydesk beside")")
        print("key bytes in to the frame's last byte out, ms      p50      p99      max      n   p99 ≤ 5")
        for f in frames {
            let name = f.name.padding(toLength: 44, withPad: " ", startingAt: 0)
            print("  \(name)" + [f.p50, f.p99, f.max].map { String(format: "%9.2f", $0) }.joined()
                  + String(format: "%7d", f.count) + "   " + (f.p99 <= BenchReport.frameTarget ? "ok" : "MISS"))
        }
    }
}
