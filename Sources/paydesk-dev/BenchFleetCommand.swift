import ArgumentParser
import Foundation
import SupportAPI
import SupportCore
import SupportRemote
import SupportSeed
import SupportStore
#if canImport(Glibc)
import Glibc
#endif

/// `paydesk-dev bench-fleet`: what a team's consoles cost together. It starts `paydesk serve`
/// on a seeded file, opens N real consoles (`paydesk --server … --as LOGIN`, each in its own
/// pseudo-terminal, agents taken in turn), lets them sit on their queue as agents do between
/// tickets, and measures the CPU of every console and of the service over a quiet window and
/// over a window with one commit a second (a claim or a release of an unassigned ticket by
/// another client — each is an event every console receives and answers). Issue 16's target:
/// 100 consoles idle + 1 commit/s ≤ 25% of one core in total. Prints numbers; never fails on them.
struct BenchFleetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-fleet",
        abstract: "CPU of many real consoles on one service, idle and with one commit a second.")

    @Option(help: "Database to serve (made by `paydesk-dev seed`; it is written: use a copy).") var db: String
    @Option(help: "Consoles to open.") var consoles = 100
    @Option(help: "Seconds in each window (quiet, then commits).") var seconds = 60
    @Option(help: "Commits a second in the second window.") var rate = 1.0
    @Option(help: "Terminal size of each console, COLSxROWS.") var size = "120x40"
    @Option(help: "The console and service binary (default: paydesk beside this tool).") var paydesk: String?

    func run() throws {
        let binary = paydesk ?? ProductBinary.path
        let dims = size.split(separator: "x").compactMap { Int($0) }
        guard dims.count == 2, consoles > 0, seconds > 0, rate > 0 else {
            throw CommandFailure.usage("--size is COLSxROWS; --consoles, --seconds and --rate are positive")
        }
        let info = try BulkSeeder.inspect(path: db)
        let now = info.map { Date(timeIntervalSince1970: TimeInterval($0.options.now)) } ?? Date()
        let agents = try SupportStore(path: db, create: false, clock: { now }).agents(includeDisabled: false)
        let logins = agents.filter { $0.role == .agent }.map(\.login)
        guard let committer = agents.first(where: { $0.role.can(.viewAllQueues) }) ?? agents.first, !logins.isEmpty else {
            throw CommandFailure.other("the database has no agents to open consoles for")
        }

        let dir = "/tmp/paydesk-bench-fleet-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let socket = dir + "/s.sock"
        let service = try ServiceChild.start(binary: binary, db: db, socket: socket, log: dir + "/serve.log")
        defer { service.stop() }

        print("opening \(consoles) consoles at \(size) on \(db) …")
        let started = DispatchTime.now().uptimeNanoseconds
        var fleet: [PtyConsole] = []
        for i in 0..<consoles {
            fleet.append(try PtyConsole(binary: binary, arguments: ["--server", socket, "--as", logins[i % logins.count]],
                                        width: dims[0], height: dims[1]))
        }
        let reader = FleetReader(masters: fleet.map(\.master))
        defer { reader.stop() }
        // Every console has drawn a screen (its output passed a full frame's worth of bytes).
        guard reader.wait(timeout: 300, until: { $0.allSatisfy { $0 >= 2_000 } }) else {
            throw CommandFailure.other("not every console drew its first screen within 300 s")
        }
        let openSeconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        sleep(5)   // the opening's reads and the first SLA tick settle
        let rssMiB = fleet.compactMap { $0.memory?.rss }.reduce(0, +) / 1024

        let quiet = measure(fleet, service) { deadline in
            while DispatchTime.now().uptimeNanoseconds < deadline { usleep(100_000) }
            return 0
        }
        let remote = RemoteClient(socketPath: socket, asLogin: committer.login)
        let spec = QueueSpec(view: .unassigned, actor: committer)
        guard let ticket = try remote.queuePage(spec, limit: 1).first?.number else {
            throw CommandFailure.other("no unassigned ticket to claim and release")
        }
        var failure: Error?
        let busy = measure(fleet, service) { deadline in
            let interval = UInt64(1e9 / rate)
            var next = DispatchTime.now().uptimeNanoseconds, commits = 0
            while next < deadline {
                do {
                    if commits % 2 == 0 { try remote.claim(ticket: ticket) } else { try remote.release(ticket: ticket) }
                } catch { failure = error; return commits }
                commits += 1
                next += interval
                let now = DispatchTime.now().uptimeNanoseconds
                if next > now { usleep(UInt32((next - now) / 1_000)) }
            }
            return commits
        }
        if busy.commits % 2 == 1 { _ = try? remote.release(ticket: ticket) }
        if let failure { throw failure }

        let load = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").first ?? "?"
        print("""
        consoles: \(consoles) (agents in turn, \(size)), all drawn in \(String(format: "%.1f", openSeconds)) s; \
        resident memory of all consoles \(rssMiB) MiB; load \(load)
        window (\(seconds) s)            consoles, % of a core   per console   service   total   target
        """)
        for (name, w) in [("quiet", quiet), ("\(busy.commits) commits (\(rate)/s)", busy)] {
            let total = w.consoles + w.service
            print(name.padding(toLength: 31, withPad: " ", startingAt: 0)
                  + String(format: "%10.2f %13.3f %9.2f %7.2f", w.consoles, w.consoles / Double(consoles), w.service, total)
                  + (name == "quiet" ? "" : (total <= 25 ? "   ≤ 25: met" : "   ≤ 25: MISSED")))
        }
        if busy.commits > 0 {
            let perCommit = (busy.consoles - quiet.consoles) / 100 * Double(seconds) / Double(busy.commits) * 1000
            print(String(format: "each commit: %.1f ms of console CPU in all, %.2f ms per console", perCommit, perCommit / Double(consoles)))
        }
    }

    struct Window { var consoles: Double; var service: Double; var commits: Int }

    /// CPU of the consoles and of the service over one window, as % of one core.
    func measure(_ fleet: [PtyConsole], _ service: ServiceChild, _ body: (UInt64) -> Int) -> Window {
        let c0 = fleet.map(\.cpuByThread), s0 = service.cpuSeconds()
        let t0 = DispatchTime.now().uptimeNanoseconds
        let commits = body(t0 + UInt64(seconds) * 1_000_000_000)
        let t1 = DispatchTime.now().uptimeNanoseconds
        let consoles = zip(fleet, c0).reduce(UInt64(0)) { $0 + $1.0.cpuSince($1.1) }, s1 = service.cpuSeconds()
        let wall = Double(t1 - t0) / 1e9
        return Window(consoles: Double(consoles) / 1e9 / wall * 100, service: (s1 - s0) / wall * 100, commits: commits)
    }
}

/// Reads every console's terminal on one thread (a console whose output is not read stops
/// when the terminal's buffer fills) and counts the bytes each wrote.
final class FleetReader: @unchecked Sendable {
    private let masters: [Int32]
    private let lock = NSLock()
    private var bytes: [Int]
    private var running = true

    init(masters: [Int32]) {
        self.masters = masters
        bytes = Array(repeating: 0, count: masters.count)
        Thread { [self] in readLoop() }.start()
    }

    func wait(timeout: Double, until done: ([Int]) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if lock.withLock({ done(bytes) }) { return true }
            usleep(50_000)
        }
        return false
    }

    func stop() { lock.withLock { running = false } }

    private func readLoop() {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var fds = masters.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        while lock.withLock({ running }) {
            guard poll(&fds, nfds_t(fds.count), 100) > 0 else { continue }
            for i in fds.indices where fds[i].revents != 0 {
                let n = read(fds[i].fd, &buffer, buffer.count)
                if n > 0 { lock.withLock { bytes[i] += n } } else { fds[i].fd = -1 }   // that console ended
                fds[i].revents = 0
            }
        }
    }
}
