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
    /// The terminal's other end, opened for a moment to see what the console has not read
    /// yet (held open, it would keep the master from seeing the console's exit).
    private let slavePath: String
    static let quietNanoseconds: UInt64 = 15_000_000
    /// What the console wrote since the last key, and when its last byte came: a key whose
    /// work finishes on a worker is waited for by text its finished frame draws.
    private var sinceKey: [UInt8] = []
    private var lastByte: UInt64?

    /// Starts the console; returns once it is running (its first frame is not waited for).
    /// `home`: the console's HOME, when it runs as another user than the bench.
    init(binary: String, arguments: [String], width: Int, height: Int, home: String? = nil) throws {
        let pty = try Self.ptyFunctions()
        master = pty.open(O_RDWR | O_NOCTTY)
        guard master >= 0, pty.grant(master) == 0, pty.unlock(master) == 0, let name = pty.name(master) else {
            throw CommandFailure.other("cannot open a pseudo-terminal")
        }
        let slavePath = String(cString: name)
        self.slavePath = slavePath
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
        posix_spawn_file_actions_addopen(&actions, 0, slavePath, O_RDWR, 0)
        posix_spawn_file_actions_adddup2(&actions, 0, 1)
        posix_spawn_file_actions_adddup2(&actions, 0, 2)
        // ncurses takes the size from LINES and COLUMNS when they are set.
        let environment = ["TERM=xterm-256color", "LANG=C.UTF-8", "LC_ALL=C.UTF-8", "COLUMNS=\(width)", "LINES=\(height)",
                           "HOME=\(home ?? NSHomeDirectory())", "PATH=/usr/bin:/bin"]
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
            sinceKey += buffer[0..<n]
            lastByte = last
        }
    }

    /// Writes `keys`, then times until the frame they cause is written out; nil when the
    /// console drew nothing (the key changed nothing on the screen). `cpu` is the CPU time
    /// the console spent meanwhile: on a loaded machine the wall time is mostly waiting for
    /// a core, and the CPU time says what the key costs in the console's own code.
    /// With `finished`, times until the frame that draws that text instead (see
    /// `PtyKeyScenario.finishedWhen`).
    func press(_ keys: String, until finished: String? = nil) throws -> (wall: UInt64, cpu: UInt64)? {
        drain(quiet: 2_000_000, timeout: 2_000_000)   // what a tick left, so it is not taken for this frame
        let bytes = Array(keys.utf8)
        let cpuBefore = cpuByThread
        forgetOutput()
        let start = Self.now()
        guard write(master, bytes, bytes.count) == bytes.count else { throw CommandFailure.other("cannot write to the console") }
        if let finished {
            let last = try waitFor(finished)
            return (last - start, cpuSince(cpuBefore))
        }
        guard let last = drain(timeout: 3_000_000_000).last else {
            if !exitDescription.isEmpty { throw CommandFailure.other("the console ended after \(keys.debugDescription)\(exitDescription)") }
            return nil
        }
        return (last - start, cpuSince(cpuBefore))
    }

    /// The CPU time of each of the console's threads so far, in nanoseconds (the first field
    /// of each thread's /proc schedstat), by thread id.
    var cpuByThread: [String: UInt64] {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
        var times: [String: UInt64] = [:]
        for task in tasks {
            let text = (try? String(contentsOfFile: "/proc/\(pid)/task/\(task)/schedstat", encoding: .utf8)) ?? ""
            if let time = text.split(separator: " ").first.flatMap({ UInt64($0) }) { times[task] = time }
        }
        return times
    }

    /// The CPU the console's threads spent since `before`: each live thread's own growth, a
    /// new thread's whole time. A thread that ended meanwhile (a worker's job done) takes
    /// its time with it, so this is a lower bound then; summing the threads before and
    /// after instead went negative and wrapped (a reports row printed 18446744073700 ms).
    func cpuSince(_ before: [String: UInt64]) -> UInt64 {
        cpuByThread.reduce(0) { sum, entry in
            let (task, time) = entry
            return sum + (time >= (before[task] ?? 0) ? time - (before[task] ?? 0) : 0)
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
        forgetOutput()
        guard write(master, bytes, bytes.count) == bytes.count else { throw CommandFailure.other("cannot write to the console") }
        var drew = drain(quiet: 10_000_000, timeout: timeout).last != nil
        // A lone Esc the console has not read yet would reach it with the next key's bytes,
        // and ESC followed at once by a key is Alt and that key (`NCursesInput`): on a
        // starved machine the next sample's E became Alt-E, and its wait ran out. So an Esc
        // that drew nothing is waited for until the console has read it and its escape
        // delay has passed.
        if !drew && bytes.last == 0x1b {
            let start = Self.now()
            while unread > 0 && exitDescription.isEmpty && Self.now() < start + 120_000_000_000 {
                drain(quiet: 1_000_000, timeout: 10_000_000)
            }
            drew = drain(quiet: 10_000_000, timeout: timeout).last != nil
        }
        if !exitDescription.isEmpty { throw CommandFailure.other("the console ended after \(keys.debugDescription)\(exitDescription)") }
        return drew
    }

    /// Bytes written to the console that it has not read yet.
    private var unread: Int32 {
        let slave = open(slavePath, O_RDWR | O_NOCTTY | O_NONBLOCK)
        guard slave >= 0 else { return 0 }
        defer { close(slave) }
        var count: Int32 = 0
        return ioctl(slave, UInt(FIONREAD), &count) == 0 ? count : 0
    }

    private func forgetOutput() {
        sinceKey.removeAll(keepingCapacity: true)
        lastByte = nil
    }

    /// Reads until what the console wrote since the last key holds `text` (which may have
    /// come already, while a press waited for its first frame), then to the end of that
    /// frame; returns the time of its last byte.
    func waitFor(_ text: String, timeout: UInt64 = 120_000_000_000) throws -> UInt64 {
        let start = Self.now()
        while !String(decoding: sinceKey, as: UTF8.self).contains(text) {
            if !exitDescription.isEmpty { throw CommandFailure.other("the console ended before it drew \(text.debugDescription)\(exitDescription)") }
            guard Self.now() < start + timeout else {
                throw CommandFailure.other("the console did not draw \(text.debugDescription) within \(timeout / 1_000_000_000) s")
            }
            drain(quiet: 1_000_000, timeout: 100_000_000)
        }
        // The rest of that frame only: a later byte is another frame (the once-a-second tick's).
        drain(quiet: Self.quietNanoseconds, timeout: Self.quietNanoseconds)
        return lastByte ?? start
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
