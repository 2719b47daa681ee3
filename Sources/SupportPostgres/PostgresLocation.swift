import Foundation
import PostgresNIO

/// Where a PostgreSQL database is, parsed from a libpq-style connection URI:
/// `postgresql://user[:password]@host[:port]/database[?sslmode=…]`, or a Unix socket
/// folder as libpq spells it — `postgresql://user@/database?host=/run/postgresql`
/// (or a percent-encoded path as the host, `postgresql://user@%2Frun%2Fpostgresql/db`).
/// The socket itself is `<folder>/.s.PGSQL.<port>`, as PostgreSQL names it. paydesk's own
/// options: `prepared_statements=N`, how many statements each connection keeps prepared
/// for its reads (64; 0 prepares none, for a pooler that cannot carry them), and
/// `direct_reads=no` and `direct_writes=no`, which send reads or writes through
/// postgres-nio (by default both are spoken to the server directly on an address without
/// TLS, `WirePool`).
public struct PostgresLocation: Sendable, Equatable {
    public enum Endpoint: Sendable, Equatable {
        case tcp(host: String, port: Int)
        case socket(folder: String, port: Int)
    }

    public enum TLSMode: String, Sendable, Equatable {
        case disable, prefer, require
    }

    public var endpoint: Endpoint
    public var user: String
    public var password: String?
    public var database: String
    public var tls: TLSMode
    /// How many statements each connection keeps prepared for reads (`PreparedStatements`).
    public var preparedStatements: Int
    /// Whether reads may take the direct client (`WirePool`) where it serves the address.
    public var directReads: Bool
    /// Whether writes may take it.
    public var directWrites: Bool

    public static let defaultPreparedStatements = 64
    /// The address's options that are paydesk's, not libpq's (psql refuses them).
    public static let paydeskOptions: Set<String> = ["prepared_statements", "direct_reads", "direct_writes"]

    /// `text` without paydesk's own options: the same database for psql or pg_dump.
    public static func libpqAddress(_ text: String) -> String {
        guard var components = URLComponents(string: text), let items = components.queryItems else { return text }
        let kept = items.filter { !paydeskOptions.contains($0.name) }
        components.queryItems = kept.isEmpty ? nil : kept
        return components.string ?? text
    }

    public init(endpoint: Endpoint, user: String, password: String? = nil, database: String, tls: TLSMode = .disable,
                preparedStatements: Int = PostgresLocation.defaultPreparedStatements, directReads: Bool = true,
                directWrites: Bool = true) {
        self.endpoint = endpoint
        self.user = user
        self.password = password
        self.database = database
        self.tls = tls
        self.preparedStatements = preparedStatements
        self.directReads = directReads
        self.directWrites = directWrites
    }

    /// Parses a connection URI; the error says which part is wrong.
    public init(parsing text: String) throws {
        guard let components = URLComponents(string: text),
              let scheme = components.scheme, ["postgresql", "postgres"].contains(scheme.lowercased()) else {
            throw PostgresStoreError("'\(text)' is not a PostgreSQL address; write postgresql://user@host/database or postgresql://user@/database?host=/socket/folder.")
        }
        var query: [String: String] = [:]
        for item in components.queryItems ?? [] { query[item.name] = item.value ?? "" }
        let known = Set(["host", "port", "user", "password", "dbname", "sslmode"]).union(Self.paydeskOptions)
        if let unknown = query.keys.sorted().first(where: { !known.contains($0) }) {
            throw PostgresStoreError("The PostgreSQL address has an option paydesk does not know: '\(unknown)' (known: \(known.sorted().joined(separator: ", "))).")
        }
        let portText = query["port"] ?? components.port.map(String.init) ?? "5432"
        guard let port = Int(portText), (1...65_535).contains(port) else {
            throw PostgresStoreError("The PostgreSQL port '\(portText)' is not a number from 1 to 65535.")
        }
        // URLComponents keeps the percent-encoded host, so a socket folder written as
        // %2Frun%2Fpostgresql arrives encoded.
        let host = query["host"] ?? components.percentEncodedHost?.removingPercentEncoding ?? ""
        if host.hasPrefix("/") {
            endpoint = .socket(folder: host, port: port)
        } else if host.isEmpty {
            endpoint = .socket(folder: "/var/run/postgresql", port: port)   // libpq's default on Debian
        } else {
            endpoint = .tcp(host: host, port: port)
        }
        let pathName = String(components.path.drop(while: { $0 == "/" }))
        user = query["user"] ?? components.user ?? ProcessInfo.processInfo.environment["USER"] ?? "postgres"
        password = query["password"] ?? components.password
        database = query["dbname"] ?? (pathName.isEmpty ? user : pathName)
        let mode = query["sslmode"] ?? (host.hasPrefix("/") || host.isEmpty ? "disable" : "prefer")
        guard let tlsMode = TLSMode(rawValue: mode) else {
            throw PostgresStoreError("sslmode '\(mode)' is not one paydesk supports (disable, prefer, require).")
        }
        tls = tlsMode
        let keptText = query["prepared_statements"] ?? String(Self.defaultPreparedStatements)
        guard let kept = Int(keptText), (0...10_000).contains(kept) else {
            throw PostgresStoreError("prepared_statements '\(keptText)' is not a number from 0 to 10000.")
        }
        preparedStatements = kept
        directReads = try Self.yesOrNo(query, "direct_reads")
        directWrites = try Self.yesOrNo(query, "direct_writes")
    }

    /// An option that is yes (the default) or no.
    private static func yesOrNo(_ query: [String: String], _ name: String) throws -> Bool {
        switch query[name]?.lowercased() ?? "yes" {
        case "yes", "on", "true", "1": true
        case "no", "off", "false", "0": false
        case let other: throw PostgresStoreError("\(name) '\(other)' is neither yes nor no.")
        }
    }

    /// The socket file for a Unix-socket endpoint.
    public var socketPath: String? {
        if case .socket(let folder, let port) = endpoint { return "\(folder)/.s.PGSQL.\(port)" }
        return nil
    }

    /// The address again, without the password: safe for logs and messages.
    public var description: String {
        switch endpoint {
        case .tcp(let host, let port): "postgresql://\(user)@\(host):\(port)/\(database)"
        case .socket(let folder, let port): "postgresql://\(user)@/\(database)?host=\(folder)&port=\(port)"
        }
    }

    // Every connection of the store starts without JIT compilation: it starts when a plan's
    // estimated cost passes `jit_above_cost`, which the supervisor screen's per-period reads
    // do at 10M (a subquery per solve), and then spends 35–50 ms compiling for a statement
    // that runs in 50. The store's statements are index walks; none runs long enough to
    // earn the compilation back.
    // Each read is planned for its own values even when it runs as a prepared statement
    // (`PreparedQueries`): after five runs PostgreSQL may keep one generic plan for every
    // value, and a customer's transactions filtered by type and amount then read the
    // heaviest account's 53,573 matching rows and sorted them (77 ms at 10M, against
    // 0.27 ms walking `transactions_customer_at` as planned for customer 12). The parse
    // is still saved; reads whose plan holds for any value ask for `auto` (the queue).
    static let sessionSettings: [(String, String)] = [("jit", "off"), ("plan_cache_mode", "force_custom_plan")]

    /// For one connection outside the pool (the engine's own connections, the reachability check).
    func connectionConfiguration() throws -> PostgresConnection.Configuration {
        var configuration = try plainConnectionConfiguration()
        configuration.options.additionalStartupParameters = Self.sessionSettings
        return configuration
    }

    private func plainConnectionConfiguration() throws -> PostgresConnection.Configuration {
        switch endpoint {
        case .socket:
            return PostgresConnection.Configuration(unixSocketPath: socketPath!, username: user, password: password, database: database)
        case .tcp(let host, let port):
            let tlsConfig: PostgresConnection.Configuration.TLS = switch tls {
            case .disable: .disable
            case .prefer: .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
            case .require: .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
            }
            return PostgresConnection.Configuration(host: host, port: port, username: user, password: password,
                                                    database: database, tls: tlsConfig)
        }
    }

    var clientConfiguration: PostgresClient.Configuration {
        var configuration = plainClientConfiguration
        configuration.options.additionalStartupParameters = Self.sessionSettings
        return configuration
    }

    private var plainClientConfiguration: PostgresClient.Configuration {
        switch endpoint {
        case .socket:
            return PostgresClient.Configuration(unixSocketPath: socketPath!, username: user, password: password, database: database)
        case .tcp(let host, let port):
            let tlsConfig: PostgresClient.Configuration.TLS = switch tls {
            case .disable: .disable
            case .prefer: .prefer(.makeClientConfiguration())
            case .require: .require(.makeClientConfiguration())
            }
            return PostgresClient.Configuration(host: host, port: port, username: user, password: password,
                                                database: database, tls: tlsConfig)
        }
    }
}

/// A refusal or failure in the PostgreSQL store, in one sentence for the user.
public struct PostgresStoreError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
