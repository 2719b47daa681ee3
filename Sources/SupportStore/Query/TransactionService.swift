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

extension SupportStore {
    static let creditTypes = "('topup','p2p_in','refund','cashback')"

    func transactionCondition(customerId: Int64, query: Query) -> SQLCondition {
        .all([SQLCondition(sql: "x.customer_id = ?", arguments: [customerId]), QueryCompiler.transactions(query)])
    }

    /// A page of a customer's transactions, newest first, by keyset on (at, id) over the
    /// `transactions_customer_at` index. `before` pages towards newer rows.
    public func transactions(customerId: Int64, query: Query = Query(source: "", terms: []),
                             after: Transaction? = nil, before: Transaction? = nil, limit: Int = 100) throws -> [Transaction] {
        try read { db in
            var condition = transactionCondition(customerId: customerId, query: query)
            let forward = before == nil
            if let anchor = after ?? before {
                condition = .all([condition, SQLCondition(sql: "(x.at, x.id) \(forward ? "<" : ">") (?, ?)",
                                                          arguments: [anchor.at.epoch, anchor.id])])
            }
            let rows = try Row.fetchAll(db, sql: """
                SELECT x.* FROM transactions x WHERE \(condition.sql)
                ORDER BY x.at \(forward ? "DESC" : "ASC"), x.id \(forward ? "DESC" : "ASC") LIMIT ?
                """, arguments: condition.statementArguments + [limit]).map(Transaction.init(row:))
            return forward ? rows : rows.reversed()
        }
    }

    /// The oldest matching rows, in display order (newest first): the list's far end.
    public func oldestTransactions(customerId: Int64, query: Query, limit: Int) throws -> [Transaction] {
        try read { db in
            let condition = transactionCondition(customerId: customerId, query: query)
            return try Row.fetchAll(db, sql: """
                SELECT x.* FROM transactions x WHERE \(condition.sql) ORDER BY x.at ASC, x.id ASC LIMIT ?
                """, arguments: condition.statementArguments + [limit]).map(Transaction.init(row:)).reversed()
        }
    }

    /// Streams every matching transaction, newest first, without holding them all: for exports.
    public func forEachTransaction(customerId: Int64, query: Query, _ body: (Transaction) throws -> Bool) throws {
        try read { db in
            let condition = transactionCondition(customerId: customerId, query: query)
            let cursor = try Row.fetchCursor(db, sql: "SELECT x.* FROM transactions x WHERE \(condition.sql) ORDER BY x.at DESC, x.id DESC",
                                             arguments: condition.statementArguments)
            while let row = try cursor.next() {
                if try !body(Transaction(row: row)) { break }
            }
        }
    }

    public func transactionTotals(customerId: Int64, query: Query = Query(source: "", terms: [])) throws -> TransactionTotals {
        try read { db in
            let condition = transactionCondition(customerId: customerId, query: query)
            let row = try Row.fetchOne(db, sql: """
                SELECT COUNT(*) AS n,
                       COALESCE(SUM(CASE WHEN x.status = 'success' AND x.type IN \(Self.creditTypes) THEN x.amount END), 0) AS money_in,
                       COALESCE(SUM(CASE WHEN x.status = 'success' AND x.type NOT IN \(Self.creditTypes) THEN x.amount END), 0) AS money_out
                FROM transactions x WHERE \(condition.sql)
                """, arguments: condition.statementArguments)!
            return TransactionTotals(count: row["n"], moneyIn: row["money_in"], moneyOut: row["money_out"])
        }
    }

    public func transaction(reference: String) throws -> Transaction {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM transactions WHERE reference = ?", arguments: [reference]) else {
                throw StoreError.notFound("Transaction \(reference)")
            }
            return Transaction(row: row)
        }
    }

    /// The query plan SQLite picks for a customer filter, for the index tests and benchmarks.
    public func transactionQueryPlan(customerId: Int64, query: Query) throws -> [String] {
        try read { db in
            let condition = transactionCondition(customerId: customerId, query: query)
            return try Row.fetchAll(db, sql: """
                EXPLAIN QUERY PLAN SELECT x.* FROM transactions x WHERE \(condition.sql) ORDER BY x.at DESC, x.id DESC LIMIT 100
                """, arguments: condition.statementArguments).map { $0["detail"] as String }
        }
    }
}
