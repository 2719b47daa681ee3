import Foundation
import GRDB
import Synchronization
import SupportStore

/// A `WireConnection` with the statements it has prepared, by the key
/// `PreparedQueries.key` gives (text, argument types, settings in force); the least recently
/// used is closed when the cache is full. One thread at a time, as the pool hands it out.
final class WirePooledConnection: @unchecked Sendable {
    let wire: WireConnection
    private let capacity: Int
    private var statements: [String: (statement: WireStatement, used: UInt64)] = [:]
    private var clock: UInt64 = 0
    private var nextName = 0

    init(_ wire: WireConnection, capacity: Int) {
        self.wire = wire
        self.capacity = capacity
    }

    /// The prepared statement for `key`, prepared from `sql` on its first use.
    func statement(for key: String, sql: () -> String) throws -> (WireStatement, new: Bool) {
        clock += 1
        if let known = statements[key] {
            statements[key] = (known.statement, clock)
            return (known.statement, false)
        }
        guard capacity > 0 else { return (try wire.prepare(sql(), as: ""), true) }
        if statements.count >= capacity, let oldest = statements.min(by: { $0.value.used < $1.value.used }) {
            statements[oldest.key] = nil
            try wire.closeStatement(oldest.value.statement.name)
        }
        nextName += 1
        let statement = try wire.prepare(sql(), as: "pd\(nextName)")
        statements[key] = (statement, clock)
        return (statement, true)
    }

    /// Forgets one statement (gone stale: closed on the server too, which still holds it),
    /// or all of them (the server lost them).
    func forget(_ key: String?) throws {
        guard let key else { statements.removeAll(); return }
        if let stale = statements.removeValue(forKey: key) { try wire.closeStatement(stale.statement.name) }
    }
}

extension WireConnection {
    /// Closes a prepared statement on the server without waiting for its answer.
    func closeStatement(_ name: String) throws {
        var writer = WireWriter()
        writer.message("C") { $0.raw([UInt8(ascii: "S")]); $0.cstring(name) }
        writer.message("S") { _ in }
        try sendCounted(writer.bytes)
    }
}

/// The engine's connections spoken to directly (`WireConnection`), for its reads and its
/// writes: opened when first needed, up to `capacity`; a broken one is closed, not reused.
final class WirePool: Sendable {
    let location: PostgresLocation
    private let capacity: Int
    private let statementsKept: Int
    private struct State {
        var idle: [WirePooledConnection] = []
        var open = 0
        var closed = false
    }
    private let state = Mutex(State())
    private let freed = DispatchSemaphore(value: 0)

    init(_ location: PostgresLocation, capacity: Int, statementsKept: Int) {
        self.location = location
        self.capacity = capacity
        self.statementsKept = statementsKept
    }

    /// Whether reads and writes can go this way: the direct client speaks no TLS, so an address that
    /// asks for it keeps postgres-nio's path.
    static func serves(_ location: PostgresLocation) -> Bool {
        if case .socket = location.endpoint { return location.tls != .require }
        return location.tls == .disable
    }

    /// Runs `body` on a pooled connection. A connection that had waited in the pool and
    /// broke under `body` (the server restarted, or ended the session) is closed and
    /// `body` runs once more on a new one, when `again` says it may: a read changes
    /// nothing, and a write whose COMMIT was not sent changed nothing either (the server
    /// rolls back a transaction whose connection is gone). A new connection's failure is
    /// the caller's.
    func withConnection<T>(again: () -> Bool = { true }, _ body: (WirePooledConnection) throws -> T) throws -> T {
        let (connection, waited) = try acquire()
        do {
            return try use(connection, body)
        } catch where waited && connection.wire.isBroken && again() {
            return try use(try acquire(fresh: true).0, body)
        }
    }

    private func use<T>(_ connection: WirePooledConnection, _ body: (WirePooledConnection) throws -> T) throws -> T {
        defer { release(connection) }
        return try body(connection)
    }

    /// An idle connection (`waited`), or a new one when there is none or `fresh` asks.
    private func acquire(fresh: Bool = false) throws -> (WirePooledConnection, waited: Bool) {
        while true {
            enum Next { case use(WirePooledConnection), open, replace(WirePooledConnection), wait }
            let next: Next = try state.withLock { state in
                if state.closed { throw StoreError(.other, "The PostgreSQL store is closed.") }
                if !fresh, let idle = state.idle.popLast() { return .use(idle) }
                if state.open < capacity { state.open += 1; return .open }
                // A full pool: an idle connection gives its place to the new one (after a
                // restart it would be as dead as the one that broke).
                if fresh, let idle = state.idle.popLast() { return .replace(idle) }
                return .wait
            }
            if case .replace(let old) = next { old.wire.close() }
            switch next {
            case .use(let connection): return (connection, true)
            case .wait: freed.wait()
            case .open, .replace:
                do {
                    return (WirePooledConnection(try WireConnection(location), capacity: statementsKept), false)
                } catch {
                    state.withLock { $0.open -= 1 }
                    freed.signal()
                    throw StoreError(.other, "Cannot reach PostgreSQL at \(location.description): \(error).")
                }
            }
        }
    }

    private func release(_ connection: WirePooledConnection) {
        let keep = !connection.wire.isBroken
        let closeNow = state.withLock { state -> Bool in
            guard keep, !state.closed else { state.open -= 1; return true }
            state.idle.append(connection)
            return false
        }
        if closeNow { connection.wire.close() }
        freed.signal()
    }

    func close() {
        let idle = state.withLock { state -> [WirePooledConnection] in
            state.closed = true
            defer { state.idle.removeAll() }
            return state.idle
        }
        for connection in idle { connection.wire.close() }
    }
}
