import Foundation
import SupportPostgres
#if canImport(Glibc)
import Glibc
#endif

/// A throwaway PostgreSQL cluster for this test process: `initdb` into a temporary
/// folder, served on a Unix socket in that folder only (no TCP), started on first use
/// and stopped when the process exits. PostgreSQL refuses to run as root, so under root
/// (CI) the cluster belongs to an unprivileged system user made for it. When it cannot
/// start, `start()` throws the reason and every test that needs it fails — none skips.
public final class PostgresCluster: Sendable {
    public static let serviceUser = "paydesk-pgtest"
    public let folder: String
    public let dataFolder: String
    public let binFolder: String
    public let port = 5432

    /// Started once per process, on the first test that asks.
    private static let shared: Result<PostgresCluster, ClusterError> = {
        do {
            let cluster = try PostgresCluster()
            atexit { PostgresCluster.stopAtExit() }
            return .success(cluster)
        } catch let error as ClusterError {
            return .failure(error)
        } catch {
            return .failure(ClusterError("\(error)"))
        }
    }()

    public static func start() throws -> PostgresCluster { try shared.get() }

    /// A new, empty database on the cluster for one test, so tests run in parallel.
    public static func freshDatabase() async throws -> PostgresLocation {
        let cluster = try start()
        let name = databaseName()
        let admin = PostgresPool(cluster.location(database: "postgres"), maximumConnections: 1)
        do {
            try await admin.execute("CREATE DATABASE \(name)")
        } catch {
            await admin.close()
            throw error
        }
        await admin.close()
        return cluster.location(database: String(name))
    }

    /// The same for callers that cannot wait asynchronously (the command-line suites'
    /// service routing): made with the cluster's own `createdb`.
    public static func freshDatabaseWaiting() throws -> PostgresLocation {
        let cluster = try start()
        let name = databaseName()
        let made = try ProgramRun.run(cluster.binFolder + "/createdb",
                                      ["-h", cluster.folder, "-p", String(cluster.port), "-U", "postgres", name])
        guard made.status == 0 else { throw ClusterError("createdb \(name) failed (exit \(made.status)): \(made.output)") }
        return cluster.location(database: name)
    }

    private static func databaseName() -> String {
        "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(20)
    }

    public func location(database: String) -> PostgresLocation {
        PostgresLocation(endpoint: .socket(folder: folder, port: port), user: "postgres", database: database)
    }

    private init() throws {
        binFolder = try Self.findBinaries()
        Self.removeOrphans(binFolder: binFolder)
        var template = Array("/tmp/paydesk-pg-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw ClusterError("cannot make a temporary folder: \(String(cString: strerror(errno)))") }
        folder = String(cString: made)
        dataFolder = folder + "/data"
        if geteuid() == 0 {
            try Self.ensureServiceUser()
            guard let user = getpwnam(Self.serviceUser) else { throw ClusterError("user \(Self.serviceUser) was not created") }
            guard chown(folder, user.pointee.pw_uid, user.pointee.pw_gid) == 0 else {
                throw ClusterError("cannot give \(folder) to \(Self.serviceUser): \(String(cString: strerror(errno)))")
            }
        }
        chmod(folder, 0o700)
        // Which test process owns this cluster, so that a later run can stop it should
        // this process die before its exit handler runs.
        try String(getpid()).write(toFile: folder + "/owner.pid", atomically: true, encoding: .utf8)
        try runAsOwner("initdb", ["-D", dataFolder, "-U", "postgres", "--auth=trust", "--encoding=UTF8",
                                  "--locale=C.UTF-8", "--no-sync"])
        // fsync off: a test cluster is thrown away, and the shared CPU is slow enough.
        // Connections: the suites run in parallel, each engine opening up to 10 for reads and
        // 10 for writes spoken directly besides postgres-nio's; 300 ran out once.
        let options = "-c unix_socket_directories=\(folder) -c listen_addresses='' -c fsync=off -c max_connections=1000"
        try runAsOwner("pg_ctl", ["-D", dataFolder, "-l", folder + "/server.log", "-w", "-t", "120", "-o", options, "start"])
        try waitUntilReady()
    }

    /// pg_ctl -w already waited; this confirms the socket answers, polling pg_isready
    /// (which itself waits up to its timeout for a connection) until a deadline.
    private func waitUntilReady() throws {
        let deadline = Date().addingTimeInterval(60)
        var last = ""
        repeat {
            let r = try ProgramRun.run(binFolder + "/pg_isready", ["-h", folder, "-p", String(port), "-U", "postgres", "-t", "5"])
            if r.status == 0 { return }
            last = r.output
        } while Date() < deadline
        throw ClusterError("PostgreSQL did not become ready in 60 s: \(last)\n\(serverLog())")
    }

    private func runAsOwner(_ program: String, _ arguments: [String]) throws {
        let path = binFolder + "/" + program
        let r = geteuid() == 0
            ? try ProgramRun.run("/usr/sbin/runuser", ["-u", Self.serviceUser, "--", path] + arguments)
            : try ProgramRun.run(path, arguments)
        guard r.status == 0 else {
            throw ClusterError("\(program) failed (exit \(r.status)): \(r.output)\n\(serverLog())")
        }
    }

    private func serverLog() -> String {
        ((try? String(contentsOfFile: folder + "/server.log", encoding: .utf8)) ?? "").suffix(2_000).description
    }

    private static func findBinaries() throws -> String {
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [])
            .filter { FileManager.default.isExecutableFile(atPath: "\(root)/\($0)/bin/initdb") }
            .sorted { (Int($0) ?? 0) > (Int($1) ?? 0) }
        guard let newest = versions.first else {
            throw ClusterError("PostgreSQL is not installed (no \(root)/*/bin/initdb); `make test` installs Debian's postgresql")
        }
        return "\(root)/\(newest)/bin"
    }

    private static func ensureServiceUser() throws {
        if getpwnam(serviceUser) != nil { return }
        let r = try ProgramRun.run("/usr/sbin/useradd", ["--system", "-M", "-N", "-s", "/usr/sbin/nologin", serviceUser])
        // Another test process may have made it a moment ago.
        guard r.status == 0 || getpwnam(serviceUser) != nil else {
            throw ClusterError("cannot create the user \(serviceUser) for PostgreSQL: \(r.output)")
        }
    }

    /// Clusters left running by test processes that died (a crash, kill -9) are stopped
    /// and removed, so they do not pile up on a CI machine.
    private static func removeOrphans(binFolder: String) {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/tmp")) ?? []
        for entry in entries where entry.hasPrefix("paydesk-pg-") {
            let folder = "/tmp/" + entry
            guard let text = try? String(contentsOfFile: folder + "/owner.pid", encoding: .utf8),
                  let owner = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)),
                  kill(owner, 0) != 0 && errno == ESRCH else { continue }
            stop(dataFolder: folder + "/data", binFolder: binFolder)
            try? FileManager.default.removeItem(atPath: folder)
        }
    }

    private static func stop(dataFolder: String, binFolder: String) {
        let stop = ["-D", dataFolder, "-m", "immediate", "-w", "stop"]
        if geteuid() == 0 {
            _ = try? ProgramRun.run("/usr/sbin/runuser", ["-u", serviceUser, "--", binFolder + "/pg_ctl"] + stop)
        } else {
            _ = try? ProgramRun.run(binFolder + "/pg_ctl", stop)
        }
    }

    /// At process exit: stop the server at once and remove its folder.
    private static func stopAtExit() {
        guard case .success(let cluster) = shared else { return }
        stop(dataFolder: cluster.dataFolder, binFolder: cluster.binFolder)
        try? FileManager.default.removeItem(atPath: cluster.folder)
    }
}

extension PostgresLocation {
    /// The address as `paydesk --to` and `--store` take it (a Unix socket folder as `?host=`).
    public var uri: String {
        guard case .socket(let folder, let port) = endpoint else { return description }
        return "postgresql://\(user)@/\(database)?host=\(folder)&port=\(port)"
    }
}
