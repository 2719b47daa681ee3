import Foundation
import SupportCore
import SupportStore

/// Transactions: one method per request, named and shaped like the store's service minus the
/// actor (the side that runs the request decides who is acting).
extension SupportClient {
    public func transactions(customerId: Int64, query: Query = Query(source: "", terms: []), after: Transaction? = nil, before: Transaction? = nil, limit: Int = 100) throws -> [Transaction] {
        try send(TransactionsRequest(customerId: customerId, query: query, after: after, before: before, limit: limit))
    }

    /// The page after the row with `reference`: a listing's cursor.
    public func transactions(customerId: Int64, query: Query, afterReference reference: String, limit: Int) throws -> [Transaction] {
        try send(TransactionsRequest(customerId: customerId, query: query, after: nil, before: nil, afterReference: reference, limit: limit))
    }

    public func oldestTransactions(customerId: Int64, query: Query, limit: Int) throws -> [Transaction] {
        try send(OldestTransactionsRequest(customerId: customerId, query: query, limit: limit))
    }

    public func transactionTotals(customerId: Int64, query: Query = Query(source: "", terms: [])) throws -> TransactionTotals {
        try send(TransactionTotalsRequest(customerId: customerId, query: query))
    }

    @discardableResult public func prepareTransactionExport(customerId: Int64, query: Query, reason: String) throws -> TransactionExportSubject {
        try send(PrepareTransactionExportRequest(customerId: customerId, query: query, reason: reason))
    }

    @discardableResult public func recordExport(customerId: Int64, query: Query, format: String, rows: Int, path: String, reason: String,
                                                ticket: Int64? = nil) throws -> Empty {
        try send(RecordExportRequest(customerId: customerId, query: query, format: format, rows: rows, path: path, reason: reason,
                                     ticket: ticket))
    }

    @discardableResult public func recordExportStarted(customerId: Int64, query: Query, format: String, expectedRows: Int, path: String, reason: String) throws -> Int64 {
        try send(RecordExportStartedRequest(customerId: customerId, query: query, format: format, expectedRows: expectedRows, path: path, reason: reason))
    }
}
