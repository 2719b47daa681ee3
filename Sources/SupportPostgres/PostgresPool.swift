import Foundation
import Logging
import PostgresNIO
import Synchronization

/// A postgres-nio connection pool with its run loop: the client does nothing until
/// `run()` is going, so the pool owns that task and ends it on `close()`.
public final class PostgresPool: Sendable {
    public let location: PostgresLocation
    let client: PostgresClient
    package let logger: Logger
    private let runner: Task<Void, Never>

    public init(_ location: PostgresLocation, maximumConnections: Int = 10) {
        self.location = location
        var configuration = location.clientConfiguration
        configuration.options.maximumConnections = maximumConnections
        var logger = Logger(label: "paydesk.postgres")
        logger.logLevel = .error
        self.logger = logger
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        runner = Task { await client.run() }
    }

    /// Opens one connection directly, not through the pool (which retries a refused
    /// connection for as long as it is asked to wait), so that a wrong address, a missing
    /// database or a refused login is reported at once, in the server's words.
    public func checkReachable() async throws {
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(configuration: try location.connectionConfiguration(),
                                                              id: 0, logger: logger)
        } catch let error as PSQLError {
            throw PostgresStoreError(Self.describe(error, at: location))
        } catch {
            throw PostgresStoreError("Cannot reach PostgreSQL at \(location.description): \(error).")
        }
        try? await connection.close()
    }

    /// Stops the pool: idle connections close, and the run task ends. postgres-nio's run
    /// returns once its connections have closed, and once it did not return at all: a
    /// test run waited on it for ever, every thread idle. So the wait is bounded: after
    /// `closeWait` the run task is left to end on its own, and standard error says so.
    public func close() async {
        runner.cancel()
        let runner = runner
        if await !Self.finishes({ await runner.value }, within: Self.closeWait) {
            FileHandle.standardError.write(Data("""
                paydesk: the PostgreSQL connection pool for \(location.description) did not stop within \(Self.closeWait); \
                it is left to stop on its own.

                """.utf8))
        }
    }

    static let closeWait: Duration = .seconds(30)

    /// Whether `work` finished within `limit`; it is not waited for after that.
    static func finishes(_ work: @escaping @Sendable () async -> Void, within limit: Duration) async -> Bool {
        let decided = Decided()
        return await withCheckedContinuation { (answer: CheckedContinuation<Bool, Never>) in
            Task {
                await work()
                if decided.first() { answer.resume(returning: true) }
            }
            Task {
                try? await Task.sleep(for: limit)
                if decided.first() { answer.resume(returning: false) }
            }
        }
    }

    /// Which of two racers came first: the first to ask is told yes, once.
    private final class Decided: Sendable {
        private let done = Atomic<Bool>(false)
        func first() -> Bool { !done.exchange(true, ordering: .acquiringAndReleasing) }
    }

    /// One connection for the closure's lifetime.
    public func withConnection<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        do {
            return try await client.withConnection { try await body($0) }
        } catch let error as PSQLError {
            throw PostgresStoreError(Self.describe(error, at: location))
        }
    }

    /// One transaction: committed when the closure returns, rolled back when it throws
    /// (and the closure's own error is what the caller sees).
    public func withTransaction<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await withConnection { connection in
            try await connection.query("BEGIN", logger: logger)
            do {
                let value = try await body(connection)
                try await connection.query("COMMIT", logger: logger)
                return value
            } catch {
                _ = try? await connection.query("ROLLBACK", logger: logger)
                throw error
            }
        }
    }

    /// Runs a script of statements (no parameters), outside any transaction of ours.
    public func execute(_ script: String) async throws {
        try await withConnection { try await $0.run(script: script, logger: logger) }
    }

    /// The server's own words for a failed statement (postgres-nio hides them by default).
    static func describe(_ error: PSQLError, at location: PostgresLocation) -> String {
        if let message = error.serverInfo?[.message] {
            let detail = error.serverInfo?[.detail].map { " (\($0))" } ?? ""
            return "PostgreSQL at \(location.description) refused: \(message)\(detail)."
        }
        let cause: String
        if let io = error.underlying as? IOError {
            cause = String(cString: strerror(io.errnoCode)).lowercased()   // NIO's own text names its syscalls
        } else {
            cause = error.underlying.map { "\($0)" } ?? String(describing: error.code)
        }
        return "Cannot reach PostgreSQL at \(location.description): \(cause)."
    }
}

extension PostgresConnection {
    /// Runs several statements separated by semicolons, one after another; no parameters.
    package func run(script: String, logger: Logger) async throws {
        for statement in SQLScript.statements(script) {
            try await query(PostgresQuery(unsafeSQL: statement), logger: logger)
        }
    }
}
