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
    private let capacity: Int
    private struct State {
        var idle: [PostgresConnection] = []
        var open = 0
        var nextId = 1
        var closed = false
    }
    private let state = Mutex(State())
    private let freed = DispatchSemaphore(value: 0)

    init(_ location: PostgresLocation, capacity: Int, logger: Logger) {
        self.location = location
        self.capacity = capacity
        self.logger = logger
    }

    /// One connection for `body`'s lifetime; one that failed mid-way is closed, not reused.
    func withConnection<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
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

    private func acquire() throws -> PostgresConnection {
        while true {
            enum Next { case reuse(PostgresConnection), connect(Int), wait }
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
                    return try PostgresConnection.connect(on: MultiThreadedEventLoopGroup.singleton.any(),
                                                          configuration: try location.connectionConfiguration(),
                                                          id: id, logger: logger).wait()
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

    private func release(_ connection: PostgresConnection, healthy: Bool) {
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
        let idle = state.withLock { state -> [PostgresConnection] in
            state.closed = true
            defer { state.idle.removeAll() }
            return state.idle
        }
        for connection in idle { try? connection.close().wait() }
    }
}
