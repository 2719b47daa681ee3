import Foundation
import SupportPostgres
import Synchronization
import TestSupport

/// Runs the command-line suites against `paydesk serve`: every `--db FILE` of a client
/// command becomes `--server SOCKET` of a service started (once) on that file, so the same
/// assertions hold both modes to one behaviour. With `PAYDESK_TEST_STORE=postgresql` the
/// service runs on PostgreSQL instead: the file is copied into a fresh database of the
/// test cluster (`paydesk migrate`) on first use, and served from there with its audit key.
enum ServiceRouting {
    static var enabled: Bool { ProcessInfo.processInfo.environment["PAYDESK_TEST_SERVICE"] == "1" }
    static var onPostgres: Bool { ProcessInfo.processInfo.environment["PAYDESK_TEST_STORE"] == "postgresql" }

    /// Commands that make or measure files themselves and never talk to a service.
    static let fileCommands: Set<String> = ["init", "demo", "serve", "theme", "keys", "deliver"]

    struct Service: Sendable { let pid: pid_t; let socket: String }
    static let services = Mutex<[String: Service]>([:])
    /// Second instances on the same PostgreSQL databases, by database file.
    static let peers = Mutex<[String: Service]>([:])

    static func route(_ arguments: [String]) throws -> [String] {
        guard enabled, let first = arguments.first, !fileCommands.contains(first),
              let index = arguments.firstIndex(of: "--db"), index + 1 < arguments.count else { return arguments }
        let db = arguments[index + 1]
        guard FileManager.default.fileExists(atPath: db) else { return arguments }
        let socket = try service(for: db).socket
        var routed = arguments
        routed.replaceSubrange(index...(index + 1), with: ["--server", socket])
        return routed
    }

    /// The shell command that opens the console on `db` as `login`: on the file, or on the
    /// service this run routes the file's commands to.
    static func consoleCommand(_ db: String, as login: String) throws -> String {
        ([Harness.binary] + (try route(["--db", db, "--as", login]))).map(TmuxSession.quote).joined(separator: " ")
    }

    /// The service on `db`, started on first use and stopped when the test process exits.
    static func service(for db: String) throws -> Service {
        if let running = services.withLock({ $0[db] }) { return running }
        let service = try start(try serveArguments(db))
        services.withLock { $0[db] = service }
        return service
    }

    /// The PostgreSQL database that holds `db`'s data in this run (copied in now if no
    /// command has reached it yet), or nil when the file itself is the store under test.
    static func postgresDatabase(for db: String) throws -> PostgresLocation? {
        guard enabled, onPostgres else { return nil }
        return try postgresCopy(of: db)
    }

    static let copies = Mutex<[String: PostgresLocation]>([:])

    /// A fresh database of the test cluster holding a copy of `db` (`paydesk migrate`), made
    /// once per file: every service on the file in this run serves the same copy. A cluster
    /// that cannot start throws: the run fails, it never falls back to SQLite.
    static func postgresCopy(of db: String) throws -> PostgresLocation {
        if let made = copies.withLock({ $0[db] }) { return made }
        let location = try PostgresCluster.freshDatabaseWaiting()
        let copied = try Spawn.run(Harness.binary, ["migrate", "--from", db, "--to", location.uri])
        guard copied.status == 0 else {
            throw NSError(domain: "ServiceRouting", code: 2, userInfo: [NSLocalizedDescriptionKey: "paydesk migrate failed: \(copied.stderr)"])
        }
        copies.withLock { $0[db] = location }
        return location
    }

    /// A second instance on the PostgreSQL database of `db`'s service, as two hosts behind
    /// one database run: its own process and socket, the same keys.
    static func secondInstance(for db: String) throws -> Service {
        if let running = peers.withLock({ $0[db] }) { return running }
        guard let store = try postgresDatabase(for: db) else {
            throw NSError(domain: "ServiceRouting", code: 3, userInfo: [NSLocalizedDescriptionKey: "a second instance needs PostgreSQL"])
        }
        let peer = try start(serveOnPostgres(db, store))
        peers.withLock { $0[db] = peer }
        return peer
    }

    private static func start(_ arguments: [String]) throws -> Service {
        let socket = FileManager.default.temporaryDirectory.appendingPathComponent("pd-\(UUID().uuidString.prefix(8)).sock").path
        let started = try Spawn.start(Harness.binary, arguments + ["--socket", socket])
        let up = Harness.waitUntil(timeout: 20) { isSocket(socket) }
        guard up else {
            kill(started.pid, SIGKILL)
            let result = Spawn.wait(started)
            throw NSError(domain: "ServiceRouting", code: 1, userInfo: [NSLocalizedDescriptionKey: "paydesk serve did not start: \(result.stderr)"])
        }
        registerCleanup()
        return Service(pid: started.pid, socket: socket)
    }

    /// `serve --db FILE`, or on PostgreSQL `serve --store URL` on the file's copy.
    private static func serveArguments(_ db: String) throws -> [String] {
        guard onPostgres else { return ["serve", "--db", db] }
        return serveOnPostgres(db, try postgresCopy(of: db))
    }

    static func serveOnPostgres(_ db: String, _ location: PostgresLocation) -> [String] {
        ["serve", "--store", location.uri, "--audit-key", db + ".audit-key", "--delivery-key", db + ".delivery-key"]
    }

    static func isSocket(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFSOCK
    }

    private static let cleanupOnce = Mutex(false)
    private static func registerCleanup() {
        cleanupOnce.withLock { registered in
            guard !registered else { return }
            registered = true
            atexit {
                let all = ServiceRouting.services.withLock { Array($0.values) } + ServiceRouting.peers.withLock { Array($0.values) }
                for service in all {
                    kill(service.pid, SIGTERM)
                    unlink(service.socket)
                }
            }
        }
    }
}
