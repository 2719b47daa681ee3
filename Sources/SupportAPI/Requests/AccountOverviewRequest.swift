import Foundation
import SupportCore
import SupportStore

/// Everything the account and security panes show for one customer, in one request: the
/// console asks on every queue move, and through the service six round trips made a move
/// cost twice the embedded one. With `transactions`, the transactions pane's totals and
/// first page come in the same answer (a move to a new customer is then one round trip,
/// not three). Contact data masked, as everywhere but revealContact.
public struct AccountOverviewRequest: SupportRequest {
    public typealias Response = AccountOverview
    public static let operation = "accountOverview"
    public static let effect = RequestEffect.read
    public var customerId: Int64
    /// The transactions pane's filter and page size, when its first page is wanted too.
    public var transactions: Query?
    public var transactionPage: Int?
    public init(customerId: Int64, transactions: Query? = nil, transactionPage: Int? = nil) {
        self.customerId = customerId; self.transactions = transactions; self.transactionPage = transactionPage
    }
    public func handle(_ context: RequestContext) throws -> AccountOverview {
        let store = context.engine
        let customer = try store.customerView(id: customerId)
        var firstPage: TransactionFirstPage?
        if let query = transactions {
            firstPage = TransactionFirstPage(
                totals: try store.transactionTotals(customerId: customerId, query: query),
                rows: try store.transactions(customerId: customerId, query: query, after: nil, before: nil,
                                             limit: max(1, min(transactionPage ?? 150, 500))))
        }
        return AccountOverview(
            customer: customer,
            devices: try store.devices(customerId: customerId),
            logins: try store.loginEvents(customerId: customerId, limit: 8),
            tickets: try store.tickets(customerId: customerId, limit: 20),
            actions: try store.availableActions(for: customer, role: context.actor.role, viewer: context.actor.login),
            history: try store.securityHistory(customerId: customerId, limit: 20),
            transactions: firstPage)
    }
}

public struct AccountOverview: Codable, Sendable {
    public var customer: Customer
    public var devices: [Device]
    public var logins: [LoginEvent]
    public var tickets: [TicketSummary]
    public var actions: [AvailableSecurityAction]
    public var history: [SecurityActionRecord]
    public var transactions: TransactionFirstPage?
}

/// The transactions pane's footer and first rows for one filter.
public struct TransactionFirstPage: Codable, Sendable {
    public var totals: TransactionTotals
    public var rows: [Transaction]
}

extension SupportClient {
    public func accountOverview(customerId: Int64, transactions: Query? = nil,
                                transactionPage: Int? = nil) throws -> AccountOverview {
        try send(AccountOverviewRequest(customerId: customerId, transactions: transactions,
                                        transactionPage: transactionPage))
    }
}
