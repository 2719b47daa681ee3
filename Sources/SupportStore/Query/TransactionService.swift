import Foundation
import GRDB
import SupportCore

/// Count and money in/out of a filtered set, for the pane's footer and exports.
public struct TransactionTotals: Sendable, Codable, Equatable {
    public var count: Int
    public var moneyIn: Int64     // minor units, successful credits
    public var moneyOut: Int64    // minor units, successful debits (positive)

    public init(count: Int, moneyIn: Int64, moneyOut: Int64) {
        self.count = count; self.moneyIn = moneyIn; self.moneyOut = moneyOut
    }
}

extension StoreEngine {
    /// The first page's SQL with its arguments as SQL literals, for `paydesk-dev bench` to
    /// hand to the sqlite3 tool (`.parameter set ?N literal`), or `paydesk-dev bench-postgres` to psql,
    /// beside the store's own call.
    public func transactionPageSQL(customerId: Int64, query: Query, limit: Int = 100,
                                   dialect: SQLDialect = .sqlite) -> (sql: String, literals: [String]) {
        let page = transactionPage(customerId: customerId, query: query, anchor: nil, forward: true, limit: limit, dialect: dialect)
        return (page.sql, page.arguments.map { value in
            switch value?.databaseValue.storage {
            case .int64(let i): String(i)
            case .double(let d): String(d)
            case .string(let s): "'" + s.replacingOccurrences(of: "'", with: "''") + "'"
            default: "NULL"
            }
        })
    }
}

extension SupportStore {
    /// Streams every matching transaction, newest first, without holding them all: for exports.
    public func forEachTransaction(customerId: Int64, query: Query, _ body: (Transaction) throws -> Bool) throws {
        try read { db in
            let condition = transactionCondition(customerId: customerId, query: query)
            let statement = try db.makeStatement(sql: """
                SELECT x.* FROM \(Self.customerTransactions(.sqlite, query: query)) WHERE \(condition.sql) ORDER BY x.at DESC, x.id DESC
                """)
            let decoder = try TransactionDecoder(SQLColumns(statement.columnNames))
            let cursor = try Row.fetchCursor(statement, arguments: condition.statementArguments)
            while let row = try cursor.next() {
                if try !body(decoder.decode(SQLRow(statement: row))) { break }
            }
        }
    }

    /// The query plan SQLite picks for a customer filter's first page (the statement the
    /// console runs), for the index tests and benchmarks.
    public func transactionQueryPlan(customerId: Int64, query: Query) throws -> [String] {
        try read { db in
            let page = transactionPage(customerId: customerId, query: query, anchor: nil, forward: true, limit: 100)
            return try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + page.sql, arguments: StatementArguments(page.arguments))
                .map { $0["detail"] as String }
        }
    }

    /// The plan of the footer totals for a filter, for the index tests.
    public func transactionTotalsQueryPlan(customerId: Int64, query: Query) throws -> [String] {
        try read { db in
            let condition = transactionCondition(customerId: customerId, query: query)
            return try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + Self.totalsSQL(condition, from: Self.totalsSource(.sqlite, query: query)), arguments: condition.statementArguments)
                .map { $0["detail"] as String }
        }
    }
}
