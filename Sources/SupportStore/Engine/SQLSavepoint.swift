import Foundation
import GRDB

extension SQLSession {
    /// Runs `body` in a savepoint: its changes are kept when it returns and undone when it
    /// throws, the rest of the transaction kept either way (one refused contact of an
    /// intake transaction leaves nothing behind). On PostgreSQL a failed statement aborts
    /// the transaction until it is rolled back to a savepoint, so this is also what lets
    /// the transaction go on after a refusal the database itself raised (a unique key).
    func savepoint<T>(_ body: () throws -> T) throws -> T {
        if let db = self as? Database {
            var result: T?
            try db.inSavepoint {
                result = try body()
                return .commit
            }
            return result!
        }
        try run("SAVEPOINT pd_step", [])
        do {
            let value = try body()
            try run("RELEASE SAVEPOINT pd_step", [])
            return value
        } catch {
            try run("ROLLBACK TO SAVEPOINT pd_step", [])
            try run("RELEASE SAVEPOINT pd_step", [])
            throw error
        }
    }
}
