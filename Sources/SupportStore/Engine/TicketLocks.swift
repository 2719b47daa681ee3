import Foundation
import SupportCore

extension StoreEngine {
    /// Locks tickets' rows for the rest of the transaction on PostgreSQL, in number order
    /// so that two transactions locking the same pair cannot deadlock. SQLite's single
    /// writer already excludes every other writer, so nothing is run there.
    static func lockTickets(_ session: any SQLSession, numbers: [Int64]) throws {
        guard session.dialect == .postgresql else { return }
        for number in Set(numbers).sorted() {
            _ = try session.fetchRows("SELECT id FROM tickets WHERE number = ?" + session.lockingRows, [number])
        }
    }
}
