import Foundation
import SupportCore

/// Everything the account and security panes show for one customer, and optionally the
/// transactions pane's footer and first page: what a console asks for when its selection
/// moves to another customer. Contact data masked, as everywhere but revealContact.
public struct AccountOverview: Codable, Sendable {
    public var customer: Customer
    public var devices: [Device]
    public var logins: [LoginEvent]
    public var tickets: [TicketSummary]
    public var actions: [AvailableSecurityAction]
    public var history: [SecurityActionRecord]
    public var transactions: TransactionFirstPage?

    public init(customer: Customer, devices: [Device], logins: [LoginEvent], tickets: [TicketSummary],
                actions: [AvailableSecurityAction], history: [SecurityActionRecord], transactions: TransactionFirstPage?) {
        self.customer = customer; self.devices = devices; self.logins = logins; self.tickets = tickets
        self.actions = actions; self.history = history; self.transactions = transactions
    }
}

/// The transactions pane's footer and first rows for one filter.
public struct TransactionFirstPage: Codable, Sendable {
    public var totals: TransactionTotals
    public var rows: [Transaction]

    public init(totals: TransactionTotals, rows: [Transaction]) { self.totals = totals; self.rows = rows }
}

extension StoreEngine {
    /// The overview in one read transaction: one snapshot, so the panes agree with each
    /// other (the actions offered match the history and devices shown), and on PostgreSQL
    /// one BEGIN/COMMIT and one connection instead of one per pane.
    public func accountOverview(customerId: Int64, role: Role, viewer: String?,
                                transactions query: Query? = nil, transactionPage: Int? = nil) throws -> AccountOverview {
        // Read before the snapshot begins, as `TotalsMemo` wants: a commit in between
        // leaves totals newer than the version says, which the next ask recomputes.
        let version = try query.map { $0.terms.isEmpty ? 0 : try changeVersion() } ?? 0
        return try reading { db in
            let customer = try Self.loadCustomer(db, id: customerId)
            let firstPage = try query.flatMap { query -> TransactionFirstPage? in
                // Totals out of range (implausible stored amounts) leave the account and
                // security panes standing: no first page, and the transactions pane asks on
                // its own and shows the refusal.
                let totals: TransactionTotals
                do { totals = try transactionTotals(db, customerId: customerId, query: query, version: version) }
                catch let error as StoreError where error == Self.totalOutOfRange { return nil }
                return TransactionFirstPage(
                    totals: totals,
                    rows: try transactions(db, customerId: customerId, query: query, after: nil, before: nil,
                                           limit: max(1, min(transactionPage ?? 150, 500))))
            }
            return AccountOverview(
                customer: Self.masked(customer),
                devices: try Self.devices(db, customerId: customerId),
                logins: try Self.loginEvents(db, customerId: customerId, limit: 8),
                tickets: try Self.tickets(db, customerId: customerId, limit: 20),
                actions: try availableActions(db, for: customer, role: role, viewer: viewer),
                history: try Self.securityHistory(db, customerId: customerId, limit: 20),
                transactions: firstPage)
        }
    }
}
