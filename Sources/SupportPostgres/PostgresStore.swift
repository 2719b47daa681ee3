import Foundation
import Logging
import PostgresNIO
import SupportStore

/// The PostgreSQL database's own housekeeping, on postgres-nio's async pool: opening
/// (migrations under an advisory lock, adopting the audit key) and walking the audit chain.
/// The store's services run on `PostgresEngine`, which is built on one of these.
public final class PostgresStore: Sendable {
    public let pool: PostgresPool
    let hasher: AuditChainHasher
    let clock: @Sendable () -> Date
    /// This opening keyed a chain from its first record: a new log, whose checkpoints start afresh.
    let keyedNewLog: Bool

    var now: Int64 { Int64(clock().timeIntervalSince1970) }

    private init(pool: PostgresPool, hasher: AuditChainHasher, clock: @escaping @Sendable () -> Date, keyedNewLog: Bool) {
        self.pool = pool
        self.hasher = hasher
        self.clock = clock
        self.keyedNewLog = keyedNewLog
    }

    /// Opens (and migrates) the database at `location`, signing audit records with the key
    /// in `auditKeyPath`. The first store to open a database without a key records where
    /// the keyed chain starts; a database keyed with another key is refused.
    public static func open(_ location: PostgresLocation, auditKeyPath: String, maximumConnections: Int = 10,
                            clock: @escaping @Sendable () -> Date = { Date() }) async throws -> PostgresStore {
        let pool = PostgresPool(location, maximumConnections: maximumConnections)
        do {
            try await PostgresMigrator.migrate(pool)
            let unkeyed = try AuditChainHasher(keyPath: auditKeyPath, keyedFrom: nil)
            let (keyedFrom, adopted) = try await adoptKey(pool, keyId: unkeyed.keyId, at: Int64(clock().timeIntervalSince1970))
            let hasher = try AuditChainHasher(keyPath: auditKeyPath, keyedFrom: keyedFrom)
            return PostgresStore(pool: pool, hasher: hasher, clock: clock, keyedNewLog: adopted && keyedFrom == 1)
        } catch {
            await pool.close()
            throw error
        }
    }

    public func close() async { await pool.close() }

    /// The keyed chain's first record: the one recorded, or the next one when this is the
    /// first key (taken under the head lock, so no append slips in between).
    private static func adoptKey(_ pool: PostgresPool, keyId: String, at now: Int64) async throws -> (Int64, adopted: Bool) {
        try await pool.withTransaction { connection in
            _ = try await connection.query("SELECT last_id FROM pd_audit_head WHERE id = 1 FOR UPDATE", logger: pool.logger)
            let known = try await connection.query("SELECT key_id, keyed_from FROM audit_key WHERE id = 1", logger: pool.logger)
            for try await (knownId, keyedFrom) in known.decode((String, Int64).self) {
                guard knownId == keyId else {
                    throw PostgresStoreError("The audit key is not the one this database's audit log is signed with (key \(keyId), log \(knownId)); point PAYDESK_AUDIT_KEY at the right key. Nothing was changed.")
                }
                return (keyedFrom, false)
            }
            let head = try await connection.query("SELECT last_id FROM pd_audit_head WHERE id = 1", logger: pool.logger)
            var next: Int64 = 1
            for try await lastId in head.decode(Int64.self) { next = lastId + 1 }
            try await connection.query("""
                INSERT INTO audit_key (id, key_id, keyed_from, created_at) VALUES (1, \(keyId), \(next), \(now))
                """, logger: pool.logger)
            return (next, true)
        }
    }

    /// Walks the whole audit log with this store's key.
    public func verifyAuditChain() async throws -> AuditVerification {
        try await PostgresAuditLog.walk(pool, hasher: hasher)
    }
}
