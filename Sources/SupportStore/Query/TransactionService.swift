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
    /// A page of `SELECT x.*` rows, decoded by column position. The statement is cached
    /// (the console asks for the same shape of page on every move), and positions are
    /// resolved once per page: decoding each value by name (`Transaction(row:)`) lowercases
    /// and compares column names, which was three quarters of a first page's time.
    static func fetchTransactions(_ db: Database, sql: String, arguments: StatementArguments) throws -> [Transaction] {
        let statement = try db.cachedStatement(sql: sql)
        let position = Dictionary(statement.columnNames.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        func at(_ name: String) -> Int { position[name]! }
        let (id, reference, customer, type, status, amount) = (at("id"), at("reference"), at("customer_id"), at("type"), at("status"), at("amount"))
        let (currency, counterparty, channel, failure, time, flagged) = (at("currency"), at("counterparty"), at("channel"),
                                                                        at("failure_code"), at("at"), at("flagged"))
        var result: [Transaction] = []
        let cursor = try Row.fetchCursor(statement, arguments: arguments)
        while let row = try cursor.next() {
            result.append(Transaction(id: row[id], reference: row[reference], customerId: row[customer],
                                      type: TransactionType(rawValue: row[type]) ?? .payment,
                                      status: TransactionStatus(rawValue: row[status]) ?? .pending,
                                      amount: row[amount], currency: row[currency], counterparty: row[counterparty],
                                      channel: row[channel], failureCode: row[failure], at: Date(epoch: row[time]),
                                      flagged: row[flagged]))
        }
        return result
    }

    /// Streams every matching transaction, newest first, without holding them all: for exports.
    public func forEachTransaction(customerId: Int64, query: Query, _ body: (Transaction) throws -> Bool) throws {
        try read { db in
            let condition = transactionCondition(customerId: customerId, query: query)
            let cursor = try Row.fetchCursor(db, sql: "SELECT x.* FROM \(Self.customerTransactions(.sqlite)) WHERE \(condition.sql) ORDER BY x.at DESC, x.id DESC",
                                             arguments: condition.statementArguments)
            while let row = try cursor.next() {
                if try !body(Transaction(row: row)) { break }
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
            return try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + Self.totalsSQL(condition), arguments: condition.statementArguments)
                .map { $0["detail"] as String }
        }
    }
}
