import GRDB

/// `v16-flagged-transactions`: the flagged rows of each customer in their own index.
///
/// An investigation asks for `flagged:yes` on the account it is looking at. `flagged` was in
/// no index, so the page walked `transactions_customer_at` and visited the table row by row
/// until a hundred were flagged, and the footer's totals visited every row of the account:
/// about half a second of CPU on a 430k-row account at 10M (5,729 of them flagged). This
/// partial index holds only the flagged rows (about 1% of them), in the list's order, with the
/// columns the totals sum, so a flagged page is an index walk and the totals never touch the
/// table. (`flagged` itself is a column too: SQLite 3.40 counts an index as covering only if
/// it holds every column the query names, even the one its condition fixes.) SQLite uses a partial index only when the query repeats its condition as written:
/// the filter compiler writes `x.flagged = 1` as a literal (`QueryCompiler`), and the pages
/// and totals name the index (`StoreEngine.customerTransactions`). Same name and columns on
/// PostgreSQL.
enum FlaggedTransactionsSchema {
    static let migration = "v16-flagged-transactions"
    static let index = "transactions_flagged"
    static let condition = "flagged = 1"

    static let createSQL = """
        CREATE INDEX \(index) ON transactions(customer_id, at DESC, id DESC, type, status, amount, flagged)
        WHERE \(condition)
        """

    static func create(_ db: Database) throws {
        try db.execute(sql: createSQL)
        if try db.tableExists("sqlite_stat1") { try db.execute(sql: "ANALYZE \(index)") }
    }
}
