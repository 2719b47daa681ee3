import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The pieces `paydesk-dev bench-service` measures the service with: the service as a child
/// process, its CPU and memory as the kernel counts them, and many event-stream readers in
/// one process. Raw sockets rather than HTTP clients, so that what is measured is the
/// service, not two hundred client stacks in the measuring process.
enum UnixSocket {
    /// A connected stream socket, or nil (no socket yet, or nobody accepting).
    static func connect(_ path: String) -> Int32? {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { close(fd); return nil }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, b) in bytes.enumerated() { raw[i] = b }
            raw[bytes.count] = 0
        }
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard rc == 0 else { close(fd); return nil }
        return fd
    }

    static func send(_ fd: Int32, _ text: String) -> Bool {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress!, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return false }
            offset += n
        }
        return true
    }

    /// `GET /v1/health` on a fresh connection: true once the service answers 200.
    static func healthy(_ path: String) -> Bool {
        guard let fd = connect(path) else { return false }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        guard send(fd, "GET /v1/health HTTP/1.1\r\nHost: paydesk\r\nConnection: close\r\n\r\n") else { return false }
        var buffer = [UInt8](repeating: 0, count: 512)
        let n = recv(fd, &buffer, buffer.count, 0)
        return n > 12 && String(decoding: buffer[0..<n], as: UTF8.self).hasPrefix("HTTP/1.1 200")
    }
}

/// `paydesk serve` as a child of the bench, its output in a log file.
struct ServiceChild {
    let pid: pid_t
    let socket: String
    /// Monotonic nanoseconds just before the spawn, and when `/v1/health` first answered.
    let spawnedAt: UInt64
    let acceptingAt: UInt64
    var startMilliseconds: Double { Double(acceptingAt - spawnedAt) / 1e6 }

    static func start(binary: String, db: String, socket: String, log: String, extra: [String] = []) throws -> ServiceChild {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let args = [binary, "serve", "--db", db, "--socket", socket, "--log-level", "warning"] + extra
        let argv = args.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawnedAt = DispatchTime.now().uptimeNanoseconds
        let rc = posix_spawn(&pid, binary, &actions, nil, argv, environ)
        guard rc == 0 else { throw CommandFailure.other("cannot start \(binary) serve: \(String(cString: strerror(rc)))") }
        // Poll as a console would find it: a connection and a health answer, every 1 ms.
        while !UnixSocket.healthy(socket) {
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                throw CommandFailure.other("paydesk serve exited (status \(status)) before accepting; see \(log)")
            }
            if DispatchTime.now().uptimeNanoseconds - spawnedAt > 30_000_000_000 {
                kill(pid, SIGKILL)
                throw CommandFailure.other("paydesk serve did not accept within 30 s; see \(log)")
            }
            usleep(1_000)
        }
        return ServiceChild(pid: pid, socket: socket, spawnedAt: spawnedAt, acceptingAt: DispatchTime.now().uptimeNanoseconds)
    }

    /// SIGTERM (the drain ends the event streams), then SIGKILL after 10 s.
    func stop() {
        kill(pid, SIGTERM)
        var status: Int32 = 0
        for _ in 0..<1_000 {
            if waitpid(pid, &status, WNOHANG) == pid { return }
            usleep(10_000)
        }
        kill(pid, SIGKILL)
        _ = waitpid(pid, &status, 0)
    }

    /// User plus system CPU seconds so far (fields 14 and 15 of /proc/PID/stat).
    func cpuSeconds() -> Double {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return 0 }
        // Fields after the command name, which may hold spaces: state is field 3.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// Resident memory now (VmRSS), MiB.
    func rssMiB() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kib = line.split(separator: " ").compactMap({ Double($0) }).first else { return 0 }
        return kib / 1024
    }
}

/// N open `GET /v1/events` streams, read by one thread with poll(2). For each stream it
/// counts events (`data:` lines) and keeps the arrival time of the latest, so the bench can
/// tell when a commit has reached every subscriber.
final class EventSubscribers: Sendable {
    private struct State {
        var ready: [Bool]
        var events: [Int]
        var lastArrival: [UInt64]
        var stopping = false
    }
    private let fds: [Int32]
    private let state: Mutex<State>
    private let finished = DispatchSemaphore(value: 0)
    private static let marker = Array("\ndata: ".utf8)

    init(socket: String, count: Int, asLogin: String) throws {
        var fds: [Int32] = []
        for _ in 0..<count {
            guard let fd = UnixSocket.connect(socket),
                  UnixSocket.send(fd, "GET /v1/events HTTP/1.1\r\nHost: paydesk\r\nAccept: text/event-stream\r\nX-Paydesk-As: \(asLogin)\r\n\r\n")
            else {
                fds.forEach { Glibc.close($0) }
                throw CommandFailure.other("cannot open event stream \(fds.count + 1) of \(count) on \(socket): \(String(cString: strerror(errno)))")
            }
            fds.append(fd)
        }
        self.fds = fds
        state = Mutex(State(ready: Array(repeating: false, count: count), events: Array(repeating: 0, count: count),
                            lastArrival: Array(repeating: 0, count: count)))
        let thread = Thread { [self] in readLoop() }
        thread.start()
    }

    var count: Int { fds.count }

    /// Waits until every stream has its response head and opening comment.
    func waitReady(timeout: Double) -> Bool {
        wait(timeout) { $0.ready.allSatisfy { $0 } }
    }

    /// Events seen so far on each stream.
    func eventCounts() -> [Int] { state.withLock { $0.events } }

    /// Waits until every stream has seen more events than `baseline`; returns when the last
    /// of them arrived (monotonic ns), or nil after `timeout` seconds.
    func lastArrival(after baseline: [Int], timeout: Double) -> UInt64? {
        var arrival: UInt64?
        _ = wait(timeout) { state in
            guard zip(state.events, baseline).allSatisfy({ $0 > $1 }) else { return false }
            arrival = state.lastArrival.max()
            return true
        }
        return arrival
    }

    func close() {
        state.withLock { $0.stopping = true }
        finished.wait()
        fds.forEach { Glibc.close($0) }
    }

    private func wait(_ timeout: Double, until done: (State) -> Bool) -> Bool {
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(timeout * 1e9)
        while DispatchTime.now().uptimeNanoseconds < deadline {
            if state.withLock({ done($0) }) { return true }
            usleep(100)
        }
        return false
    }

    private func readLoop() {
        var polls = fds.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        // The last bytes of each stream, so a marker split across two reads is still seen once.
        var tails = Array(repeating: [UInt8](), count: fds.count)
        var heads = Array(repeating: [UInt8](), count: fds.count)
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while !state.withLock({ $0.stopping }) {
            guard poll(&polls, nfds_t(polls.count), 20) > 0 else { continue }
            let now = DispatchTime.now().uptimeNanoseconds
            for i in polls.indices where polls[i].revents != 0 {
                let n = recv(polls[i].fd, &buffer, buffer.count, Int32(MSG_DONTWAIT))
                if n <= 0 { polls[i].fd = -1; continue }   // closed: stop polling it
                let bytes = tails[i] + buffer[0..<n]
                let found = Self.occurrences(of: Self.marker, in: bytes)
                tails[i] = Array(bytes.suffix(Self.marker.count - 1))
                var opened = false
                if heads[i].count < 4_096, !state.withLock({ $0.ready[i] }) {
                    heads[i] += buffer[0..<n]
                    opened = String(decoding: heads[i], as: UTF8.self).contains(": paydesk events")
                }
                state.withLock { state in
                    if opened { state.ready[i] = true }
                    if found > 0 { state.events[i] += found; state.lastArrival[i] = now }
                }
            }
        }
        finished.signal()
    }

    static func occurrences(of marker: [UInt8], in bytes: [UInt8]) -> Int {
        guard bytes.count >= marker.count else { return 0 }
        var found = 0
        var i = 0
        while i <= bytes.count - marker.count {
            if bytes[i] == marker[0] && bytes[i..<(i + marker.count)].elementsEqual(marker) {
                found += 1
                i += marker.count
            } else {
                i += 1
            }
        }
        return found
    }
}
