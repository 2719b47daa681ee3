import Foundation
import SupportStore

extension PostgresEngine {
    /// A read on a directly spoken connection: one snapshot (REPEATABLE READ, READ ONLY)
    /// when `begin`, its BEGIN written with the first statement and its COMMIT sent without
    /// waiting (read back before the connection's next use); once more should a prepared
    /// statement have gone stale, as `reading` does on postgres-nio's connections.
    static func readingDirectly<T>(_ reads: WireReads, begin: Bool, _ body: (any SQLSession) throws -> T) throws -> T {
        do {
            return try reads.withConnection { connection in
                func attempt() throws -> T {
                    var session = WireReadSession(connection: connection, location: reads.location)
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
}
