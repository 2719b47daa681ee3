import Foundation
import GRDB

extension SQLSession {
    /// Runs `body` in a savepoint: what it changed is kept when it returns and undone alone
    /// when it throws, the rest of the transaction going on (a bulk action's one ticket, one
    /// refused contact of an intake transaction). SQLite through GRDB's savepoints;
    /// PostgreSQL with SAVEPOINT … ROLLBACK TO, which also clears a failed statement's
    /// abort, so the transaction goes on after a refusal the database itself raised (a
    /// unique key).
    func inSavepoint<T>(_ body: () throws -> T) throws -> T {
        if dialect == .sqlite {
            var result: T?
            try grdb.inSavepoint {
                result = try body()
                return .commit
            }
            return result!
        }
        try run("SAVEPOINT paydesk_step", [])
        do {
            let value = try body()
            try run("RELEASE SAVEPOINT paydesk_step", [])
            return value
        } catch {
            try run("ROLLBACK TO SAVEPOINT paydesk_step", [])
            try run("RELEASE SAVEPOINT paydesk_step", [])
            throw error
        }
    }
}
