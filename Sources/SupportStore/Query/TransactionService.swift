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

    /// Every list of one customer's transactions walks `transactions_customer_at`, newest
    /// first, testing the filter's columns in the (covering) index. Left to itself the
    /// planner takes `transactions_customer_type_status` for a filter without dates and
    /// sorts every matching row before returning the first hundred: 80–100 ms on a 430k
    /// account, against well under a millisecond here.
    static let customerTransactions = "transactions x INDEXED BY transactions_customer_at"

    func transactionCondition(customerId: Int64, query: Query) -> SQLCondition {
        .all([SQLCondition(sql: "x.customer_id = ?", arguments: [customerId]), QueryCompiler.transactions(query)])
    }

    /// A page of a customer's transactions, newest first, by keyset on (at, id) over the
    /// `transactions_customer_at` index. `before` pages towards newer rows.
    public func transactions(customerId: Int64, query: Query = Query(source: "", terms: []),
                             after: Transaction? = nil, before: Transaction? = nil, limit: Int = 100) throws -> [Transaction] {
        try read { db in
            let forward = before == nil
            let page = transactionPage(customerId: customerId, query: query, anchor: after ?? before, forward: forward, limit: limit)
            let rows = try Self.fetchTransactions(db, sql: page.sql, arguments: StatementArguments(page.arguments))
            return forward ? rows : rows.reversed()
        }
    }

    /// One page's statement, shared with `transactionPageSQL` so the benchmark runs the
    /// very statement the console does.
    func transactionPage(customerId: Int64, query: Query, anchor: Transaction?, forward: Bool, limit: Int)
        -> (sql: String, arguments: [DatabaseValueConvertible?]) {
        var condition = transactionCondition(customerId: customerId, query: query)
        if let anchor {
            condition = .all([condition, SQLCondition(sql: "(x.at, x.id) \(forward ? "<" : ">") (?, ?)",
                                                      arguments: [anchor.at.epoch, anchor.id])])
        }
        let sql = """
            SELECT x.* FROM \(Self.customerTransactions) WHERE \(condition.sql)
            ORDER BY x.at \(forward ? "DESC" : "ASC"), x.id \(forward ? "DESC" : "ASC") LIMIT ?
            """
        return (sql, condition.arguments + [limit])
    }

    /// The first page's SQL with its arguments as SQL literals, for `paydesk-dev bench` to
    /// hand to the sqlite3 tool (`.parameter set ?N literal`) beside the store's own call.
    public func transactionPageSQL(customerId: Int64, query: Query, limit: Int = 100) -> (sql: String, literals: [String]) {
        let page = transactionPage(customerId: customerId, query: query, anchor: nil, forward: true, limit: limit)
        return (page.sql, page.arguments.map { value in
            switch value?.databaseValue.storage {
            case .int64(let i): String(i)
            case .double(let d): String(d)
            case .string(let s): "'" + s.replacingOccurrences(of: "'", with: "''") + "'"
            default: "NULL"
            }
        })
    }

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

    /// The oldest matching rows, in display order (newest first): the list's far end.
    public func oldestTransactions(customerId: Int64, query: Query, limit: Int) throws -> [Transaction] {
        try read { db in
            let condition = transactionCondition(customerId: customerId, query: query)
            return try Self.fetchTransactions(db, sql: """
                SELECT x.* FROM \(Self.customerTransactions) WHERE \(condition.sql) ORDER BY x.at ASC, x.id ASC LIMIT ?
                """, arguments: condition.statementArguments + [limit]).reversed()
        }
    }

    /// Streams every matching transaction, newest first, without holding them all: for exports.
    public func forEachTransaction(customerId: Int64, query: Query, _ body: (Transaction) throws -> Bool) throws {
        try read { db in
            let condition = transactionCondition(customerId: customerId, query: query)
            let cursor = try Row.fetchCursor(db, sql: "SELECT x.* FROM \(Self.customerTransactions) WHERE \(condition.sql) ORDER BY x.at DESC, x.id DESC",
                                             arguments: condition.statementArguments)
            while let row = try cursor.next() {
                if try !body(Transaction(row: row)) { break }
            }
        }
    }

    public func transactionTotals(customerId: Int64, query: Query = Query(source: "", terms: [])) throws -> TransactionTotals {
        // Unfiltered: the per-customer counters that triggers keep (v6-performance), so
        // selecting a merchant-sized account does not sum its whole history.
        if query.terms.isEmpty {
            return try read { db in
                let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT count, money_in, money_out FROM transaction_totals WHERE customer_id = ?"),
                                           arguments: [customerId])
                return TransactionTotals(count: row?["count"] ?? 0, moneyIn: row?["money_in"] ?? 0, moneyOut: row?["money_out"] ?? 0)
            }
        }
        // Filtered: summed once per filter until the next commit (`TotalsMemo`).
        let condition = transactionCondition(customerId: customerId, query: query)
        let key = TotalsMemo.Key(sql: condition.sql, arguments: condition.arguments.map { $0?.databaseValue ?? .null })
        return try totalsMemo.totals(key, path: path) {
            try read { db in
                let row = try Row.fetchOne(db, sql: Self.totalsSQL(condition), arguments: condition.statementArguments)!
                return TransactionTotals(count: row["n"], moneyIn: row["money_in"], moneyOut: row["money_out"])
            }
        }
    }

    static func totalsSQL(_ condition: SQLCondition) -> String {
        """
        SELECT COUNT(*) AS n,
               COALESCE(SUM(CASE WHEN x.status = 'success' AND x.type IN \(creditTypes) THEN x.amount END), 0) AS money_in,
               COALESCE(SUM(CASE WHEN x.status = 'success' AND x.type NOT IN \(creditTypes) THEN x.amount END), 0) AS money_out
        FROM transactions x WHERE \(condition.sql)
        """
    }

    /// The next page of a listing after the row with `reference` (a cursor the command line
    /// prints): found among this customer's rows only, so a cursor names nothing of anyone
    /// else's, and paged by keyset like the first page.
    public func transactions(customerId: Int64, query: Query, afterReference reference: String, limit: Int) throws -> [Transaction] {
        let anchor = try read { db -> Transaction in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM transactions WHERE reference = ? AND customer_id = ?",
                                             arguments: [reference, customerId]) else {
                throw StoreError.notFound("Transaction \(reference) of this customer")
            }
            return Transaction(row: row)
        }
        return try transactions(customerId: customerId, query: query, after: anchor, limit: limit)
    }

    public func transaction(reference: String) throws -> Transaction {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM transactions WHERE reference = ?", arguments: [reference]) else {
                throw StoreError.notFound("Transaction \(reference)")
            }
            return Transaction(row: row)
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
