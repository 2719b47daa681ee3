import Foundation
import GRDB

/// Who owns a ticket after a commit: what the service sends with each change, so a
/// console can tell, without asking, that a ticket which is not in its queue window
/// cannot have entered it (an agent's queues hold only their own and unowned tickets).
public struct TicketOwner: Codable, Sendable, Equatable {
    public var number: Int64
    public var assignee: String?
    public init(number: Int64, assignee: String?) { self.number = number; self.assignee = assignee }
}

extension StoreEngine {
    /// The owners of the given tickets now, by number; a number with no ticket is left out.
    public func ticketOwners(numbers: [Int64]) throws -> [TicketOwner] {
        guard !numbers.isEmpty else { return [] }
        let marks = Array(repeating: "?", count: numbers.count).joined(separator: ", ")
        return try reading { db in
            try db.fetchRows("""
                SELECT t.number AS number, a.login AS assignee FROM tickets t LEFT JOIN agents a ON a.id = t.assignee_id
                WHERE t.number IN (\(marks)) ORDER BY t.number
                """, numbers.map { $0 as DatabaseValueConvertible? }).map { row in
                // By name: PostgreSQL's rows do not keep the select list's order.
                TicketOwner(number: row["number"], assignee: row["assignee"])
            }
        }
    }
}
