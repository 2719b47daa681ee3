import Foundation
import GRDB
import GRDBSQLite
import SupportCore

/// One row of a listing read in place from the statement: the text columns are SQLite's own
/// bytes, valid only during the call that hands the row over. A listing of 20,000 rows
/// decoded into `Transaction` values made five strings and a struct per row, all freed
/// again once printed; this lets a printer copy the bytes it shows and nothing else.
///
/// The values are read as `TransactionDecoder` reads them, so the text is what a
/// `Transaction` would hold: cut at a NUL byte (GRDB reads text as a C string), an unknown
/// type or status read as `payment` or `pending`.
public struct TransactionListingRow {
    public let id: Int64
    public let reference: UnsafeBufferPointer<UInt8>
    public let type: TransactionType
    public let status: TransactionStatus
    public let amount: Int64
    public let currency: UnsafeBufferPointer<UInt8>
    public let counterparty: UnsafeBufferPointer<UInt8>
    public let channel: UnsafeBufferPointer<UInt8>
    /// Seconds since 1970, as stored.
    public let at: Int64
    public let flagged: Bool
}

extension SupportStore {
    /// The rows `transactions(customerId:query:after:limit:)` (or, with `afterReference`,
    /// the cursor's page) would return, in the same order from the same statement, handed
    /// to `visit` one at a time as the statement steps. Returns how many there were.
    /// The caller resolves the actor first, as every request does (`EmbeddedClient`).
    public func listTransactions(customerId: Int64, query: Query, afterReference: String?, limit: Int,
                                 _ visit: (TransactionListingRow) throws -> Void) throws -> Int {
        // The cursor's row is found as the page that returns Transactions finds it.
        let anchor = try afterReference.map { reference in
            try reading { session -> Transaction in
                guard let row = try session.fetchRow("SELECT * FROM transactions WHERE reference = ? AND customer_id = ?",
                                                     [reference, customerId]) else {
                    throw StoreError.notFound("Transaction \(reference) of this customer")
                }
                return Transaction(row: row)
            }
        }
        let page = transactionPage(customerId: customerId, query: query, anchor: anchor, forward: true, limit: limit)
        return try read { db in
            let statement = try db.cachedStatement(sql: page.sql)
            let cursor = try Row.fetchCursor(statement, arguments: StatementArguments(page.arguments))
            let columns = try TransactionListingColumns(SQLColumns(statement.columnNames))
            let handle = statement.sqliteStatement
            var count = 0
            // The cursor steps the statement; its columns are read straight from SQLite.
            while try cursor.next() != nil {
                try visit(columns.row(handle))
                count += 1
            }
            return count
        }
    }
}

/// Where a `SELECT x.*` page keeps each column a listing shows, found once per statement.
private struct TransactionListingColumns {
    let id, reference, type, status, amount, currency, counterparty, channel, at, flagged: Int32

    init(_ columns: SQLColumns) throws {
        func at(_ name: String) throws -> Int32 { Int32(try columns.position(name)) }
        (id, reference, type, status) = (try at("id"), try at("reference"), try at("type"), try at("status"))
        (amount, currency, counterparty) = (try at("amount"), try at("currency"), try at("counterparty"))
        (channel, self.at, flagged) = (try at("channel"), try at("at"), try at("flagged"))
    }

    func row(_ handle: OpaquePointer) -> TransactionListingRow {
        TransactionListingRow(
            id: sqlite3_column_int64(handle, id), reference: Self.text(handle, reference),
            type: Self.named(Self.text(handle, type), Self.types) ?? .payment,
            status: Self.named(Self.text(handle, status), Self.statuses) ?? .pending,
            amount: sqlite3_column_int64(handle, amount), currency: Self.text(handle, currency),
            counterparty: Self.text(handle, counterparty), channel: Self.text(handle, channel),
            at: sqlite3_column_int64(handle, at), flagged: sqlite3_column_int64(handle, flagged) != 0)
    }

    /// The names as bytes, so a row's type and status are matched without making a string each.
    static let types = TransactionType.allCases.map { (Array($0.rawValue.utf8), $0) }
    static let statuses = TransactionStatus.allCases.map { (Array($0.rawValue.utf8), $0) }

    /// The case whose raw value is exactly `bytes`, as `init(rawValue:)` finds it.
    static func named<Name>(_ bytes: UnsafeBufferPointer<UInt8>, _ names: [([UInt8], Name)]) -> Name? {
        for (raw, name) in names where raw.count == bytes.count {
            if raw.withUnsafeBufferPointer({ memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0 }) { return name }
        }
        return nil
    }

    /// The column's text up to its first NUL, as GRDB's `String` reads it (a C string).
    static func text(_ handle: OpaquePointer, _ column: Int32) -> UnsafeBufferPointer<UInt8> {
        guard let start = sqlite3_column_text(handle, column) else { return UnsafeBufferPointer(start: nil, count: 0) }
        let length = Int(sqlite3_column_bytes(handle, column))
        let end = memchr(start, 0, length).map { start.distance(to: UnsafePointer($0.assumingMemoryBound(to: UInt8.self))) } ?? length
        return UnsafeBufferPointer(start: start, count: end)
    }
}
