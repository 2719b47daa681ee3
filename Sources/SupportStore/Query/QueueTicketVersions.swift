import Foundation
import GRDB
import SupportCore

/// A queue ticket's number and the version it had when read: what marking a whole view
/// keeps of each ticket, so that the bulk change it leads to is compare-and-set on the
/// version the supervisor saw.
public struct TicketVersion: Sendable, Hashable, Codable {
    public var number: Int64
    public var version: Int64
    public init(number: Int64, version: Int64) { self.number = number; self.version = version }
}

// Marking the whole view (`*`, up to a thousand tickets) needs only each ticket's number and
// version. Reading them as queue rows cost the console most of the key at 10M: a thousand
// customers and assignees joined and a thousand summaries decoded, only to keep two numbers.
extension StoreEngine {
    /// The first `limit` tickets of a view, in the view's order, as numbers and versions:
    /// the rows `queuePage` reads from the top, through the same index and plan, without
    /// their subject, customer and assignee.
    public func queueTicketVersions(_ spec: QueueSpec, limit: Int) throws -> [TicketVersion] {
        let now = self.now
        return try reading { session in
            try pinQueuePlan(spec, session)
            let statement = queueTicketVersionsStatement(spec, now: now, dialect: session.dialect)
            return try session.fetch(TicketVersionDecoder.self, statement.sql, statement.arguments + [limit])
        }
    }

    /// The statement, its LIMIT left as the last `?`. Customers are joined only when the
    /// filter names them (`customer:`, words that match a customer's name); the assignee's
    /// login is never needed (`assignee:` compiles to a subquery).
    func queueTicketVersionsStatement(_ spec: QueueSpec, now: Int64, dialect: SQLDialect = .sqlite)
        -> (sql: String, arguments: SQLArguments) {
        let condition = queueCondition(spec, now: now, dialect: dialect)
        let hint = queueIndexHint(spec, dialect: dialect).map { " INDEXED BY \($0)" } ?? ""
        let customers = condition.sql.contains("c.") ? " JOIN customers c ON c.id = t.customer_id" : ""
        let order = spec.sort.keys.map { $0 + (spec.sort.descending ? " DESC" : " ASC") }.joined(separator: ", ")
        return ("""
            SELECT t.number, t.version FROM tickets t\(hint)\(customers)
            WHERE \(condition.sql) ORDER BY \(order) LIMIT ?
            """, condition.arguments)
    }
}

extension SupportStore {
    /// The plan SQLite picks for a view's numbers and versions, for the index tests.
    public func queueTicketVersionsPlan(_ spec: QueueSpec) throws -> [String] {
        let now = self.now
        return try read { db in
            let statement = queueTicketVersionsStatement(spec, now: now)
            return try db.fetchRows("EXPLAIN QUERY PLAN " + statement.sql, statement.arguments + [1_000]).map { $0["detail"] as String }
        }
    }
}

/// A `SELECT t.number, t.version` row, by name on either store.
struct TicketVersionDecoder: SQLRowDecoder {
    let number, version: Int

    init(_ columns: SQLColumns) throws {
        (number, version) = (try columns.position("number"), try columns.position("version"))
    }

    func decode(_ row: SQLRow) -> TicketVersion {
        TicketVersion(number: row[number], version: row[version])
    }
}
