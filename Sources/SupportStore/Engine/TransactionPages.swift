import Foundation
import GRDB
import SupportCore

// A customer's transactions on either store: keyset pages, the far end, the footer's
// totals. The statements are the same; only SQLite is told which index to walk.
extension StoreEngine {
    static var creditTypes: String { "('topup','p2p_in','refund','cashback')" }

    /// Every list of one customer's transactions walks `transactions_customer_at`, newest
    /// first, testing the filter's columns in the (covering) index. Left to itself the
    /// planner takes `transactions_customer_type_status` for a filter without dates and
    /// sorts every matching row before returning the first hundred: 80–100 ms on a 430k
    /// account, against well under a millisecond here. A filter that keeps only flagged
    /// rows walks their own index instead (`FlaggedTransactionsSchema`): on the heaviest
    /// account the walk above visited the table for ~75 rows to find one flagged.
    /// (PostgreSQL's planner chooses for itself; `INDEXED BY` is SQLite's alone.)
    static func customerTransactions(_ dialect: SQLDialect, query: Query) -> String {
        guard dialect == .sqlite else { return "transactions x" }
        return QueryCompiler.keepsFlaggedOnly(query)
            ? "transactions x INDEXED BY \(FlaggedTransactionsSchema.index)"
            : "transactions x INDEXED BY transactions_customer_at"
    }

    /// The footer's totals: the planner's own choice (they read no rows in order), except that
    /// flagged rows are summed from their covering index without visiting the table.
    static func totalsSource(_ dialect: SQLDialect, query: Query) -> String {
        dialect == .sqlite && QueryCompiler.keepsFlaggedOnly(query)
            ? "transactions x INDEXED BY \(FlaggedTransactionsSchema.index)" : "transactions x"
    }

    func transactionCondition(customerId: Int64, query: Query, dialect: SQLDialect = .sqlite) -> SQLCondition {
        .all([SQLCondition(sql: "x.customer_id = ?", arguments: [customerId]), QueryCompiler.transactions(query, dialect: dialect)])
    }

    /// A page of a customer's transactions, newest first, by keyset on (at, id) over the
    /// `transactions_customer_at` index. `before` pages towards newer rows.
    public func transactions(customerId: Int64, query: Query = Query(source: "", terms: []),
                             after: Transaction? = nil, before: Transaction? = nil, limit: Int = 100) throws -> [Transaction] {
        try readingOneStatement { try transactions($0, customerId: customerId, query: query, after: after, before: before, limit: limit) }
    }

    /// The same page inside the caller's transaction.
    func transactions(_ session: any SQLSession, customerId: Int64, query: Query,
                      after: Transaction?, before: Transaction?, limit: Int) throws -> [Transaction] {
        let forward = before == nil
        let page = transactionPage(customerId: customerId, query: query, anchor: after ?? before, forward: forward,
                                   limit: limit, dialect: session.dialect)
        let rows = try Self.fetchTransactions(session, sql: page.sql, arguments: page.arguments)
        return forward ? rows : rows.reversed()
    }

    /// One page's statement, shared with `transactionPageSQL` so the benchmark runs the
    /// very statement the console does.
    func transactionPage(customerId: Int64, query: Query, anchor: Transaction?, forward: Bool, limit: Int,
                         dialect: SQLDialect = .sqlite) -> (sql: String, arguments: [DatabaseValueConvertible?]) {
        var condition = transactionCondition(customerId: customerId, query: query, dialect: dialect)
        if let anchor {
            condition = .all([condition, SQLCondition(sql: "(x.at, x.id) \(forward ? "<" : ">") (?, ?)",
                                                      arguments: [anchor.at.epoch, anchor.id])])
        }
        let sql = """
            SELECT x.* FROM \(Self.customerTransactions(dialect, query: query)) WHERE \(condition.sql)
            ORDER BY x.at \(forward ? "DESC" : "ASC"), x.id \(forward ? "DESC" : "ASC") LIMIT ?
            """
        return (sql, condition.arguments + [limit])
    }

    /// The oldest matching rows, in display order (newest first): the list's far end.
    public func oldestTransactions(customerId: Int64, query: Query, limit: Int) throws -> [Transaction] {
        try readingOneStatement { session in
            let condition = transactionCondition(customerId: customerId, query: query, dialect: session.dialect)
            return try Self.fetchTransactions(session, sql: """
                SELECT x.* FROM \(Self.customerTransactions(session.dialect, query: query)) WHERE \(condition.sql) ORDER BY x.at ASC, x.id ASC LIMIT ?
                """, arguments: condition.arguments + [limit]).reversed()
        }
    }

    public func transactionTotals(customerId: Int64, query: Query = Query(source: "", terms: [])) throws -> TransactionTotals {
        if query.terms.isEmpty { return try reading { try Self.keptTotals($0, customerId: customerId) } }
        return try memoisedTotals(customerId: customerId, query: query, version: changeVersion) { sum in try self.reading(sum) }
    }

    /// The totals inside the caller's transaction; `version` is `changeVersion()` read
    /// before that transaction began.
    func transactionTotals(_ session: any SQLSession, customerId: Int64, query: Query, version: Int64) throws -> TransactionTotals {
        if query.terms.isEmpty { return try Self.keptTotals(session, customerId: customerId) }
        return try memoisedTotals(customerId: customerId, query: query, version: { version }) { sum in try sum(session) }
    }

    /// Unfiltered: the per-customer counters that triggers keep (v6-performance), so
    /// selecting a merchant-sized account does not sum its whole history.
    static func keptTotals(_ session: any SQLSession, customerId: Int64) throws -> TransactionTotals {
        guard let row = try session.fetchRow("SELECT count, money_in, money_out FROM transaction_totals WHERE customer_id = ?",
                                             [customerId]) else { return TransactionTotals(count: 0, moneyIn: 0, moneyOut: 0) }
        return try totals(row, count: "count")
    }

    /// The counters (and PostgreSQL's numeric SUM) run past Int64 only when stored amounts
    /// are implausible (an Int64.max amount): SQLite's `+` then turns the counter into a
    /// REAL and PostgreSQL's SUM grows a numeric. A rounded figure would misstate money and
    /// decoding it as Int64 would stop the process, so the sum is refused with a sentence
    /// instead, and the rows themselves stay readable.
    private static func totals(_ row: Row, count: String) throws -> TransactionTotals {
        func exact(_ column: String) throws -> Int64 {
            let value: DatabaseValue = row[column]
            if value.isNull { return 0 }
            guard let exact = Int64.fromDatabaseValue(value) else { throw totalOutOfRange }
            return exact
        }
        return TransactionTotals(count: row[count], moneyIn: try exact("money_in"), moneyOut: try exact("money_out"))
    }

    static var totalOutOfRange: StoreError { StoreError.invalid(
        "The total of these transactions is out of range (beyond 9223372036854775807 minor units): some stored amounts are not plausible.") }

    /// Filtered: summed once per filter until the next commit (`TotalsMemo`, keyed on the
    /// engine's `changeVersion`); `run` gives the sum a session (its own read, or the caller's).
    private func memoisedTotals(customerId: Int64, query: Query, version: () throws -> Int64,
                                run: ((any SQLSession) throws -> TransactionTotals) throws -> TransactionTotals) throws -> TransactionTotals {
        // The key in one dialect's words (an engine speaks one); the sum in the session's.
        let keyed = transactionCondition(customerId: customerId, query: query)
        let key = TotalsMemo.Key(sql: keyed.sql, arguments: keyed.arguments.map { $0?.databaseValue ?? .null })
        return try totalsMemo.totals(key, version: version) {
            try run { session in
                let condition = transactionCondition(customerId: customerId, query: query, dialect: session.dialect)
                // SQLite's SUM stops with "integer overflow" rather than round: the same refusal.
                do {
                    return try Self.totals(try session.fetchRow(Self.totalsSQL(condition, from: Self.totalsSource(session.dialect, query: query)),
                                                                 condition.arguments)!, count: "n")
                } catch let error as DatabaseError where error.message == "integer overflow" {
                    throw Self.totalOutOfRange
                }
            }
        }
    }

    static func totalsSQL(_ condition: SQLCondition, from source: String) -> String {
        """
        SELECT COUNT(*) AS n,
               COALESCE(SUM(CASE WHEN x.status = 'success' AND x.type IN \(creditTypes) THEN x.amount END), 0) AS money_in,
               COALESCE(SUM(CASE WHEN x.status = 'success' AND x.type NOT IN \(creditTypes) THEN x.amount END), 0) AS money_out
        FROM \(source) WHERE \(condition.sql)
        """
    }

    /// The next page of a listing after the row with `reference` (a cursor the command line
    /// prints): found among this customer's rows only, so a cursor names nothing of anyone
    /// else's, and paged by keyset like the first page.
    public func transactions(customerId: Int64, query: Query, afterReference reference: String, limit: Int) throws -> [Transaction] {
        let anchor = try reading { session -> Transaction in
            guard let row = try session.fetchRow("SELECT * FROM transactions WHERE reference = ? AND customer_id = ?",
                                                 [reference, customerId]) else {
                throw StoreError.notFound("Transaction \(reference) of this customer")
            }
            return Transaction(row: row)
        }
        return try transactions(customerId: customerId, query: query, after: anchor, limit: limit)
    }

    public func transaction(reference: String) throws -> Transaction {
        try reading { session in
            guard let row = try session.fetchRow("SELECT * FROM transactions WHERE reference = ?", [reference]) else {
                throw StoreError.notFound("Transaction \(reference)")
            }
            return Transaction(row: row)
        }
    }
}

extension StoreEngine {
    /// A page of `SELECT x.*` rows, decoded by column position on either store: decoding
    /// each value by name lowercased and compared column names, which was three quarters
    /// of a first page's time on SQLite and most of it on PostgreSQL.
    static func fetchTransactions(_ session: any SQLSession, sql: String, arguments: SQLArguments) throws -> [Transaction] {
        try session.fetch(TransactionDecoder.self, sql, arguments)
    }
}
