import Foundation
import SupportStore

extension PostgresEngine {
    /// A read on a directly spoken connection: one snapshot (REPEATABLE READ, READ ONLY)
    /// when `begin`, its BEGIN written with the first statement and its COMMIT sent without
    /// waiting (read back before the connection's next use); once more should a prepared
    /// statement have gone stale, as `reading` does on postgres-nio's connections.
    static func readingDirectly<T>(_ reads: WirePool, begin: Bool, _ body: (any SQLSession) throws -> T) throws -> T {
        do {
            return try reads.withConnection { connection in
                func attempt() throws -> T {
                    var session = WireSession(connection: connection, location: reads.location)
                    let opening = begin ? PendingBegin("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY") : nil
                    session.opening = opening
                    do {
                        let value = try body(session)
                        if opening?.sent == true { try connection.wire.sendWithoutWaiting("COMMIT") }
                        return value
                    } catch {
                        if opening?.sent == true { try? connection.wire.sendWithoutWaiting("ROLLBACK") }
                        throw error
                    }
                }
                do {
                    return try attempt()
                } catch is StalePreparedStatement {
                    return try attempt()
                }
            }
        } catch let error as RetryableTransaction {
            throw StoreError(.busy, "The database was busy (\(error.state)); try again.")
        } catch let error as StalePreparedStatement {
            throw error.message
        }
    }

    /// A write's transaction on a directly spoken connection, as `transaction` runs one on
    /// postgres-nio's: BEGIN and `plan_cache_mode = auto` written with its first statement,
    /// its INSERTs, UPDATEs and DELETEs prepared as its queries are, its COMMIT waited for.
    /// `committed` is given the audit head the transaction appended, once it has committed.
    /// A pooled connection found dead before the COMMIT was sent runs the write once more
    /// on a new one (the server rolled back whatever it had); after it, never: the write
    /// may have committed. A stale prepared statement or a deadlock is `writing`'s to retry,
    /// the transaction rolled back first.
    static func writingDirectly<T>(_ pool: WirePool, begin: String,
                                   _ body: (WireSession) throws -> (T, (records: Int64, hash: String)?),
                                   committed: ((records: Int64, hash: String)) -> Void) throws -> T {
        var committing = false
        let (value, head) = try pool.withConnection(again: { !committing }) { connection in
            committing = false
            var session = WireSession(connection: connection, location: pool.location, writes: true)
            let opening = PendingBegin(begin)
            _ = opening.hold("SET LOCAL plan_cache_mode = auto")
            session.opening = opening
            do {
                let result = try body(session)
                if opening.sent {
                    committing = true
                    try connection.wire.sendWithoutWaiting("COMMIT")
                    try connection.wire.settle()
                }
                return result
            } catch let error as WireError {
                throw WireSession.storeError(error, at: pool.location)
            } catch {
                if opening.sent, !committing, !connection.wire.isBroken {
                    // Read back here, so that a failed rollback fails this write, not the
                    // connection's next user.
                    try? connection.wire.sendWithoutWaiting("ROLLBACK")
                    try? connection.wire.settle()
                }
                throw error
            }
        }
        if let head { committed(head) }
        return value
    }
}
