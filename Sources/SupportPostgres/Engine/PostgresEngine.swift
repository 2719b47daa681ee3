import Foundation
import GRDB
import Logging
import PostgresNIO
import SupportCore
import SupportStore
import Synchronization

/// The store's services on PostgreSQL: a `StoreEngine` whose sessions are PostgreSQL
/// connections, so the ticket core written against the engine runs here unchanged. It is
/// opened once per service instance; several instances may share one database (claims
/// and edits are compare-and-set, audit appends serialise on the chain head).
public final class PostgresEngine: StoreEngine {
    /// Migrations, the audit key, LISTEN and search (async, on the client pool).
    public let store: PostgresStore
    let connections: BlockingConnections
    /// Reads spoken to the server directly by the thread that waits (`WireConnection`),
    /// when the address asks for no TLS and does not say `direct_reads=no`; nil: reads go
    /// through `connections`.
    let wireReads: WirePool?
    /// Writes spoken to directly, unless the address says `direct_writes=no`. A pool of its
    /// own, as postgres-nio's writes and reads had: a write that reads on the side while
    /// every connection of a shared pool is held by another write would wait for ever.
    let wireWrites: WirePool?
    public var clock: @Sendable () -> Date { store.clock }
    public var engineName: String { "PostgreSQL" }
    public var location: PostgresLocation { store.pool.location }
    /// Given to the service (`--delivery-key`): PostgreSQL has no file beside the database.
    public let deliveryKeyFile: String?
    public let dashboardMemo = DashboardMemo()
    public let totalsMemo = TotalsMemo()
    /// Moves with each commit through this engine and each change a peer announces: what
    /// PostgreSQL's memos key on, as SQLite's key on their data version.
    private let generation = Mutex<Int64>(0)
    /// The signed checkpoints of the chain's head, outside the database (see `AuditCheckpointLog`).
    public let checkpoints: AuditCheckpointLog

    private init(store: PostgresStore, connections: BlockingConnections, deliveryKeyFile: String?,
                 checkpoints: AuditCheckpointLog) {
        self.store = store
        self.connections = connections
        let location = connections.location
        wireReads = location.directReads && WirePool.serves(location)
            ? WirePool(location, capacity: connections.capacity, statementsKept: connections.statementsKept)
            : nil
        wireWrites = location.directWrites && WirePool.serves(location)
            ? WirePool(location, capacity: connections.capacity, statementsKept: connections.statementsKept)
            : nil
        self.deliveryKeyFile = deliveryKeyFile
        self.checkpoints = checkpoints
    }

    /// Opens (and migrates) the database, checking the audit key against the one the
    /// database's chain is signed with. Checkpoints go to `checkpointsPath`, by default
    /// beside the key (`AuditCheckpointLog.defaultPath`).
    public static func open(_ location: PostgresLocation, auditKeyPath: String, deliveryKeyPath: String? = nil,
                            checkpointsPath: String? = nil,
                            maximumConnections: Int = 10, statementsKept: Int? = nil, clock: @escaping @Sendable () -> Date = { Date() }) async throws -> PostgresEngine {
        let probe = PostgresPool(location, maximumConnections: 1)
        do { try await probe.checkReachable() } catch { await probe.close(); throw error }
        await probe.close()
        let store = try await PostgresStore.open(location, auditKeyPath: auditKeyPath, maximumConnections: 2, clock: clock)
        let engine = PostgresEngine(store: store, connections: BlockingConnections(location, capacity: maximumConnections,
                                                                                  statementsKept: statementsKept ?? location.preparedStatements,
                                                                                  logger: store.pool.logger),
                                    deliveryKeyFile: deliveryKeyPath,
                                    checkpoints: AuditCheckpointLog(path: checkpointsPath ?? AuditCheckpointLog.defaultPath(auditKey: auditKeyPath),
                                                                    hasher: store.hasher))
        do {
            try engine.adoptCheckpoints()
        } catch {
            await engine.close()
            throw error
        }
        return engine
    }

    /// The generation, and the ten-second slot of the clock: a commit no instance
    /// announces (an outside writer such as psql or the wallet's own feed, `paydesk
    /// deliver --once`) is in every memo's figures within ten seconds.
    public func changeVersion() throws -> Int64 {
        let slot = Int64(clock().timeIntervalSince1970 / 10)
        return generation.withLock { $0 } &* 1_000_003 &+ slot
    }

    public func noteChangeElsewhere() { changed() }

    private func changed() { generation.withLock { $0 += 1 } }

    public func close() async {
        wireReads?.close()
        wireWrites?.close()
        connections.close()
        await store.close()
    }

    public func reading<T>(_ body: (any SQLSession) throws -> T) throws -> T {
        // One snapshot for the whole read, as SQLite's read transaction gives. BEGIN and
        // COMMIT are pipelined: the connection runs its statements in the order they were
        // sent, so this thread waits only for the statements whose rows it needs (a page
        // is one wait, not three). BEGIN goes with the first statement, in one task on the
        // connection's event loop, and is checked with it; a read-only COMMIT has nothing
        // to lose, and a connection it broke is not reused. The read's queries run as the
        // connection's prepared statements; one gone stale runs the read once more.
        if let wireReads { return try Self.readingDirectly(wireReads, begin: true, body) }
        return try readingAgainIfStale { pooled in
            var session = PostgresSession(connection: pooled.connection, location: location, statements: pooled.statements,
                                          isRead: true)
            let opening = PendingBegin("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            session.opening = opening
            defer { session.releaseStatements() }
            do {
                let value = try body(session)
                if opening.sent { session.send("COMMIT").whenComplete { _ in } }
                return value
            } catch {
                if opening.sent { _ = try? session.send("ROLLBACK").wait() }
                throw error
            }
        }
    }

    /// One statement on its own, outside a transaction: the server runs it in one snapshot
    /// of its own, so BEGIN and COMMIT (two more messages each way, and a COMMIT the next
    /// read on this connection queues behind) buy it nothing. Whatever `body` sends is
    /// run as it comes, so it must be a single read.
    public func readingOneStatement<T>(_ body: (any SQLSession) throws -> T) throws -> T {
        if let wireReads { return try Self.readingDirectly(wireReads, begin: false, body) }
        return try readingAgainIfStale { pooled in
            let session = PostgresSession(connection: pooled.connection, location: location, statements: pooled.statements,
                                          isRead: true)
            defer { session.releaseStatements() }
            return try body(session)
        }
    }

    /// Runs a read on one connection, and once more on it should a prepared statement have
    /// gone stale (the read changed nothing, and the second run prepares it afresh).
    private func readingAgainIfStale<T>(_ read: (PooledConnection) throws -> T) throws -> T {
        do {
            return try connections.withConnection { pooled in
                do {
                    return try read(pooled)
                } catch is StalePreparedStatement {
                    return try read(pooled)
                }
            }
        } catch let error as RetryableTransaction {
            throw StoreError(.busy, "The database was busy (\(error.state)); try again.")
        } catch let error as StalePreparedStatement {
            throw error.message
        }
    }

    /// READ COMMITTED: the services' compare-and-set UPDATEs are re-checked against the
    /// row a concurrent writer committed, and appends wait on the audit head's row lock.
    /// A deadlock or serialisation failure is retried, as SQLite's busy writes are; so is
    /// a write that met a prepared statement gone stale (rolled back, it prepares afresh).
    public func writing<T>(_ body: (any SQLSession) throws -> T) throws -> T {
        var attempt = 0
        var staleRetried = false
        while true {
            do {
                let value = try transaction("BEGIN", body)
                changed()
                return value
            } catch let stale as StalePreparedStatement {
                guard !staleRetried else { throw stale.message }
                staleRetried = true
            } catch let error as RetryableTransaction {
                attempt += 1
                if attempt >= 4 { throw StoreError(.busy, "The database stayed busy (\(error.state)); nothing was changed. Try again.") }
                // A random share of the pause spreads out the retries of writers that ran
                // into each other (a soak's status change once lost all four of its tries
                // to deadlocks on the status count rows, the pauses fixed).
                usleep(useconds_t(20_000 * attempt + Int.random(in: 0..<20_000)))
            }
        }
    }

    /// BEGIN goes with the write's first statement, as a read's does: a write is a score of
    /// statements waited for one after another, and a round trip of its own for BEGIN was
    /// one more. Its statements may keep one plan (`plan_cache_mode = auto`, PostgreSQL's
    /// default: a generic plan once it is no dearer than planning each run): they look rows
    /// up by key, where the connections' `force_custom_plan` (for the reads' skewed
    /// filters, see `PostgresLocation.sessionSettings`) planned every one of them each time.
    /// Spoken directly (`writingDirectly`) unless the address says `direct_writes=no`.
    private func transaction<T>(_ begin: String, _ body: (any SQLSession) throws -> T) throws -> T {
        if let wireWrites {
            return try Self.writingDirectly(wireWrites, begin: begin) { session in
                let value = try body(session)
                return (value, session.appended.head)
            } committed: { head in
                checkpoints.committed(records: head.records, head: head.hash, keyedFrom: store.hasher.keyedFrom, at: now)
            }
        }
        return try connections.withConnection { pooled in
            var session = PostgresSession(connection: pooled.connection, location: location, statements: pooled.writeStatements)
            let opening = PendingBegin(begin)
            _ = opening.hold("SET LOCAL plan_cache_mode = auto")
            session.opening = opening
            defer { session.releaseStatements() }
            do {
                let value = try body(session)
                if opening.sent { _ = try session.query("COMMIT", []) }
                if let head = session.appended.head {
                    checkpoints.committed(records: head.records, head: head.hash, keyedFrom: store.hasher.keyedFrom, at: now)
                }
                return value
            } catch {
                if opening.sent { _ = try? session.query("ROLLBACK", []) }
                throw error
            }
        }
    }

    /// Appends to the one chain every instance writes: the head row is locked for the rest
    /// of the transaction, so the next writer reads the head this one leaves.
    public func appendAudit(_ session: any SQLSession, _ record: AuditAppend) throws {
        guard let head = try session.fetchRow("SELECT last_id, last_hash FROM pd_audit_head WHERE id = 1 FOR UPDATE") else {
            throw PostgresStoreError("The audit chain's head row is missing; the PostgreSQL schema is incomplete.")
        }
        let id = (head["last_id"] as Int64) + 1
        let prev: String = head["last_hash"]
        let hash = store.hasher.hash(prev: prev, id: id, at: record.at, actor: record.actor, action: record.action,
                                     entity: record.entity, entityId: record.entityId, before: record.before,
                                     after: record.after, reason: record.reason)
        // The record and the head's move in one statement: one round trip where there were two.
        let moved = try session.fetchColumn("""
            WITH appended AS (
                INSERT INTO audit_log (id, at, actor, action, entity, entity_id, before, after, reason, prev_hash, hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?))
            UPDATE pd_audit_head SET last_id = ?, last_hash = ? WHERE id = 1 RETURNING last_id
            """, [id, record.at, record.actor, record.action, record.entity, record.entityId, record.before,
                  record.after, record.reason, prev, hash, id, hash])
        guard moved.count == 1 else {
            throw PostgresStoreError("The audit chain's head row is missing; the PostgreSQL schema is incomplete.")
        }
        (session as? AppendsAudit)?.appended.head = (id, hash)
    }

    /// Tells every instance's listeners what a committed request changed (the JSON of a
    /// `ChangeNotice`).
    public func announce(_ json: String) throws {
        try writing { session in _ = try session.fetchRows("SELECT pg_notify(?, ?)", [ChangeNotice.channel, json]) }
    }
}

/// A transaction PostgreSQL aborted to break a deadlock or a serialisation conflict
/// (SQLSTATE 40001, 40P01): the whole transaction may be run again.
struct RetryableTransaction: Error {
    var state: String
}
