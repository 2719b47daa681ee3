import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresNIO
import Synchronization

/// Connections for the store's services, which are synchronous (a request runs on one of
/// the service's worker threads, as it does against SQLite). Each statement waits on its
/// EventLoopFuture from that worker thread; the connection's I/O runs on NIO's event loops.
/// Nothing here waits on a Swift concurrency thread, so a burst of requests cannot starve
/// the cooperative pool the service's HTTP side runs on.
final class BlockingConnections: Sendable {
    let location: PostgresLocation
    let logger: Logger
    let capacity: Int
    /// How many statements each connection keeps prepared (`PreparedStatements`); none
    /// when 0 (every statement is parsed and planned each time).
    let statementsKept: Int
    private struct State {
        var idle: [PooledConnection] = []
        var open = 0
        var nextId = 1
        var closed = false
    }
    private let state = Mutex(State())
    private let freed = DispatchSemaphore(value: 0)

    init(_ location: PostgresLocation, capacity: Int, statementsKept: Int, logger: Logger) {
        self.location = location
        self.capacity = capacity
        self.statementsKept = statementsKept
        self.logger = logger
    }

    /// One connection for `body`'s lifetime; one that failed mid-way is closed, not reused
    /// (and its prepared statements go with it).
    func withConnection<T>(_ body: (PooledConnection) throws -> T) throws -> T {
        let connection = try acquire()
        do {
            let value = try body(connection)
            release(connection, healthy: !connection.isClosed)
            return value
        } catch {
            release(connection, healthy: !connection.isClosed)
            throw error
        }
    }

    private func acquire() throws -> PooledConnection {
        while true {
            enum Next { case reuse(PooledConnection), connect(Int), wait }
            let next: Next = try state.withLock { state in
                if state.closed { throw PostgresStoreError("The PostgreSQL store is closed.") }
                if let connection = state.idle.popLast() { return .reuse(connection) }
                if state.open < capacity {
                    state.open += 1
                    state.nextId += 1
                    return .connect(state.nextId)
                }
                return .wait
            }
            switch next {
            case .reuse(let connection):
                if !connection.isClosed { return connection }
                state.withLock { $0.open -= 1 }
            case .connect(let id):
                do {
                    let connection = try PostgresConnection.connect(on: MultiThreadedEventLoopGroup.singleton.any(),
                                                                    configuration: try location.connectionConfiguration(),
                                                                    id: id, logger: logger).wait()
                    return PooledConnection(connection, statements: statementsKept > 0 ? PreparedStatements(capacity: statementsKept) : nil,
                                            writeStatements: statementsKept > 0 ? PreparedStatements(capacity: statementsKept) : nil)
                } catch {
                    state.withLock { $0.open -= 1 }
                    freed.signal()
                    if let psql = error as? PSQLError { throw PostgresStoreError(PostgresPool.describe(psql, at: location)) }
                    throw PostgresStoreError("Cannot reach PostgreSQL at \(location.description): \(error).")
                }
            case .wait:
                freed.wait()
            }
        }
    }

    private func release(_ connection: PooledConnection, healthy: Bool) {
        let close = state.withLock { state -> Bool in
            if healthy && !state.closed {
                state.idle.append(connection)
                return false
            }
            state.open -= 1
            return true
        }
        if close { try? connection.close().wait() }
        freed.signal()
    }

    func close() {
        let idle = state.withLock { state -> [PooledConnection] in
            state.closed = true
            defer { state.idle.removeAll() }
            return state.idle
        }
        for connection in idle { try? connection.close().wait() }
    }
}

/// A connection of the pool with the statements it has prepared: they are the server
/// session's, so they live exactly as long as the connection. Held by one thread at a time.
/// Reads and writes keep theirs apart, each bounded on its own: a burst of writes of many
/// shapes (a bulk change's IN lists) cannot push out the reads a console repeats.
final class PooledConnection: @unchecked Sendable {
    let connection: PostgresConnection
    let statements: PreparedStatements?
    let writeStatements: PreparedStatements?

    init(_ connection: PostgresConnection, statements: PreparedStatements?, writeStatements: PreparedStatements? = nil) {
        self.connection = connection
        self.statements = statements
        self.writeStatements = writeStatements
    }

    var isClosed: Bool { connection.isClosed }

    func close() -> EventLoopFuture<Void> { connection.close() }
}
