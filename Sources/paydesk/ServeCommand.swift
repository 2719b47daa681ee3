import ArgumentParser
import Foundation
import Logging
import SupportAPI
import SupportCore
import SupportServer
import SupportStore

/// `paydesk serve`: the one process that owns the database; consoles and commands connect
/// to its socket. Run it as a dedicated account (see deploy/paydesk.service).
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the paydesk service: the only process that opens the database.",
        discussion: """
            SIGTERM or SIGINT drains in-flight requests and exits 0; SIGHUP reopens --log-file. \
            With --from (email) or a gateway, the service delivers the outbox by itself: after \
            every write and on a timer for retries. With --webhook-listen it also accepts the \
            gateways' signed webhooks (customer messages, delivery receipts) on that TCP address.
            """)

    @Option(help: "Database file (default: $PAYDESK_DB or $XDG_DATA_HOME/paydesk/paydesk.sqlite).") var db: String?
    @Option(help: "Serve a PostgreSQL database instead, e.g. postgresql://paydesk@/paydesk?host=/var/run/postgresql (default: $PAYDESK_STORE, or store in config.toml).")
    var store: String?
    @Option(help: "With --store: the audit key its chain is signed with (default: $PAYDESK_AUDIT_KEY).") var auditKey: String?
    @Option(help: "With --store: the delivery key one-time codes are sealed to and hashed with, e.g. the one beside the SQLite file it was migrated from; made (0600) when the database has none yet (default: $PAYDESK_DELIVERY_KEY, or delivery_key in config.toml).")
    var deliveryKey: String?
    @Option(help: "Unix socket to listen on (default: $XDG_RUNTIME_DIR/paydesk/paydesk.sock, or /run/paydesk/paydesk.sock as root).")
    var socket: String?
    @Option(help: "Write logs here instead of standard error; SIGHUP reopens the file.") var logFile: String?
    @Option(help: "Log level: debug, info, notice, warning, error.") var logLevel: String = "info"
    @OptionGroup(title: "Delivery") var delivery: DeliveryFlags
    @Option(help: "Serve the gateways' webhooks (only those) on this TCP address, e.g. 127.0.0.1:8025 (default: $PAYDESK_WEBHOOK_LISTEN).")
    var webhookListen: String?
    @Option(help: "The intake account webhook messages are imported as.") var webhookAs: String = "intake"
    @Option(help: "Category of a webhook message that names none.") var webhookCategory: SupportCore.Category = .payment
    @Flag(help: "Check the configuration (database, socket folder, lock) and exit.") var check = false
    @Flag(help: "Print the service's OpenAPI 3.1 document and exit.") var openapi = false

    func run() throws {
        if openapi {
            print(OpenAPIDocument.json(), terminator: "")
            return
        }
        let databasePath = GlobalOptions.resolveDatabase(db)
        let socketPath = socket ?? Endpoint.defaultServeSocket()
        guard let level = Logger.Level(rawValue: logLevel) else {
            throw CommandFailure.usage("--log-level takes debug, info, notice, warning or error, not '\(logLevel)'")
        }
        let deliveryOptions = try delivery.options()
        let webhooks = try webhookOptions()
        if let url = try storeURL() {
            return try servePostgres(url, socketPath: socketPath, level: level, delivery: deliveryOptions, webhooks: webhooks)
        }
        let lock = try ServiceLock(database: databasePath)
        let store = try SupportStore(path: databasePath, create: false)
        try SocketFolder.prepare(socketPath)
        if check {
            let channels = deliveryOptions.channels.map(\.rawValue).joined(separator: ", ")
            print("OK: database \(databasePath) (\(try store.integrityCheck())), socket \(socketPath), lock \(lock.path)")
            print("Delivery: \(channels.isEmpty ? "off (no --from, no gateway)" : channels)"
                  + (webhooks.map { "; webhooks on \($0.host):\($0.port) for \($0.secrets.keys.map(\.rawValue).sorted().joined(separator: ", "))" } ?? ""))
            // One-time codes are sealed to this key and checked with its pepper: a service
            // that delivers without it would leave every code queued.
            switch store.deliveryKeyStatus() {
            case .success(let line): print("Codes: sealed to the \(line)")
            case .failure(let error) where !channels.isEmpty: throw error
            case .failure(let error): print("Codes: \(error.message)")
            }
            return
        }
        let logger = try startLogging(level)
        let service = PaydeskService(store: store, options: .init(socketPath: socketPath, delivery: deliveryOptions,
                                                                  webhooks: webhooks), logger: logger)
        try runUntilStopped(service, socketPath: socketPath)
        withExtendedLifetime(lock) {}
    }

    /// Logs to standard error or `--log-file` (reopened on SIGHUP).
    func startLogging(_ level: Logger.Level) throws -> Logger {
        let logs = try LogDestination(path: logFile)
        LoggingSystem.bootstrap { label in
            var handler = ReopenableLogHandler(label: label, destination: logs)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "paydesk.serve")
        let hangup = DispatchSource.makeSignalSource(signal: SIGHUP, queue: .global())
        signal(SIGHUP, SIG_IGN)
        hangup.setEventHandler { logs.reopen(); logger.notice("reopened the log file") }
        hangup.resume()
        return logger
    }

    func runUntilStopped(_ service: PaydeskService, socketPath: String, after: @escaping @Sendable () async -> Void = {}) throws {
        let done = DispatchSemaphore(value: 0)
        let failure = LockedBox<Error?>(nil)
        Task.detached {
            do { try await service.run() } catch { failure.set(error) }
            await after()
            done.signal()
        }
        done.wait()
        unlink(socketPath)
        if let error = failure.get() {
            throw CommandFailure.other("The service stopped: \(error)")
        }
    }

    /// `--store`, `$PAYDESK_STORE` or `store = "…"` in config.toml; nil serves SQLite.
    func storeURL() throws -> String? {
        let environment = ProcessInfo.processInfo.environment
        if let store { return store }
        if let url = environment["PAYDESK_STORE"], !url.isEmpty { return url }
        return try Endpoint.configuredString("store", environment, example: "store = \"postgresql://paydesk@/paydesk?host=/var/run/postgresql\"")
    }

    /// `--delivery-key`, `$PAYDESK_DELIVERY_KEY` or `delivery_key = "…"` in config.toml;
    /// nil leaves a PostgreSQL service without codes (they refuse and say why).
    func deliveryKeyPath() throws -> String? {
        let environment = ProcessInfo.processInfo.environment
        if let deliveryKey { return deliveryKey }
        if let path = environment["PAYDESK_DELIVERY_KEY"], !path.isEmpty { return path }
        return try Endpoint.configuredString("delivery_key", environment,
                                             example: "delivery_key = \"/var/lib/paydesk/paydesk.delivery-key\"")
    }

    func servePostgres(_ url: String, socketPath: String, level: Logger.Level, delivery: DeliveryOptions,
                       webhooks: WebhookOptions?) throws {
        let (engine, peers) = try ServePostgres.open(url, auditKey: auditKey, deliveryKey: try deliveryKeyPath())
        do { try SocketFolder.prepare(socketPath) } catch { ServePostgres.close(engine, peers); throw error }
        if check {
            defer { ServePostgres.close(engine, peers) }
            let channels = delivery.channels.map(\.rawValue).joined(separator: ", ")
            print("OK: PostgreSQL \(engine.location.description) (schema migrated, audit key matches), socket \(socketPath)")
            print("Delivery: \(channels.isEmpty ? "off (no --from, no gateway)" : channels)"
                  + (webhooks.map { "; webhooks on \($0.host):\($0.port) for \($0.secrets.keys.map(\.rawValue).sorted().joined(separator: ", "))" } ?? ""))
            // As on SQLite: a service that delivers without its key would leave every code queued.
            switch engine.deliveryKeyStatus() {
            case .success(let line): print("Codes: sealed to the \(line)")
            case .failure(let error) where !channels.isEmpty: throw CommandFailure.other(error.message)
            case .failure(let error): print("Codes: \(error.message)")
            }
            return
        }
        let logger = try startLogging(level)
        let service = PaydeskService(engine: engine, options: .init(socketPath: socketPath, delivery: delivery, webhooks: webhooks),
                                     logger: logger, peers: peers)
        try runUntilStopped(service, socketPath: socketPath) {
            await peers.stop()
            await engine.close()
        }
    }
}

extension ServeCommand {
    /// `--webhook-listen HOST:PORT` with the channels' secrets; nil without the flag.
    func webhookOptions() throws -> WebhookOptions? {
        guard let listen = webhookListen ?? ProcessInfo.processInfo.environment["PAYDESK_WEBHOOK_LISTEN"].flatMap({ $0.isEmpty ? nil : $0 })
        else { return nil }
        guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]),
              (0...65_535).contains(port), colon > listen.startIndex else {
            throw CommandFailure.usage("--webhook-listen takes HOST:PORT, e.g. 127.0.0.1:8025, not '\(listen)'")
        }
        let secrets = try delivery.secrets()
        guard !secrets.isEmpty else {
            throw CommandFailure.usage("--webhook-listen needs at least one channel secret (--sms-secret-file …): webhooks are verified with it.")
        }
        return WebhookOptions(host: String(listen[..<colon]).trimmingCharacters(in: CharacterSet(charactersIn: "[]")), port: port,
                              secrets: secrets, intakeLogin: webhookAs, category: webhookCategory)
    }
}

final class LockedBox<T>: @unchecked Sendable {
    private var value: T
    private let lock = NSLock()
    init(_ value: T) { self.value = value }
    func set(_ new: T) { lock.lock(); value = new; lock.unlock() }
    func get() -> T { lock.lock(); defer { lock.unlock() }; return value }
}

/// One service per database: an exclusive flock on `<db>.serve.lock`, holding the pid, so
/// a second `serve` refuses and names the process that holds it.
final class ServiceLock {
    let path: String
    private let fd: Int32

    init(database: String) throws {
        path = database + ".serve.lock"
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw CommandFailure.other("Cannot open \(path): \(String(cString: strerror(errno)))")
        }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let holder = (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "?"
            close(fd)
            throw CommandFailure.other("Another paydesk serve (pid \(holder.isEmpty ? "?" : holder)) is already serving \(database)")
        }
        ftruncate(fd, 0)
        let pid = "\(getpid())\n"
        _ = pid.withCString { write(fd, $0, strlen($0)) }
    }

    deinit { close(fd) }
}

/// The socket's folder exists and a stale socket from a crash is removed; a live one is not.
enum SocketFolder {
    static func prepare(_ socketPath: String) throws {
        let folder = (socketPath as NSString).deletingLastPathComponent
        if !FileManager.default.fileExists(atPath: folder) {
            // Reachable by every local user: who may act is decided per request by uid.
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o755])
        }
        guard Endpoint.isSocket(socketPath) else {
            if FileManager.default.fileExists(atPath: socketPath) {
                throw CommandFailure.other("\(socketPath) exists and is not a socket; remove it or choose another --socket")
            }
            return
        }
        if isListening(socketPath) {
            throw CommandFailure.other("A service is already listening on \(socketPath)")
        }
        unlink(socketPath)
    }

    static func isListening(_ path: String) -> Bool {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { return false }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, b) in bytes.enumerated() { raw[i] = b }
            raw[bytes.count] = 0
        }
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) == 0 }
        }
    }
}
