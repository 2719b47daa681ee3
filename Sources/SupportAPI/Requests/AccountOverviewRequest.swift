import Foundation
import SupportCore
import SupportStore

/// Everything the account and security panes show for one customer, in one request: the
/// console asks on every queue move, and through the service six round trips made a move
/// cost twice the embedded one. With `transactions`, the transactions pane's totals and
/// first page come in the same answer (a move to a new customer is then one round trip,
/// not three). One read transaction in the store (`StoreEngine.accountOverview`).
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
        try context.engine.accountOverview(customerId: customerId, role: context.actor.role, viewer: context.actor.login,
                                           transactions: transactions, transactionPage: transactionPage)
    }
}

extension SupportClient {
    public func accountOverview(customerId: Int64, transactions: Query? = nil,
                                transactionPage: Int? = nil) throws -> AccountOverview {
        try send(AccountOverviewRequest(customerId: customerId, transactions: transactions,
                                        transactionPage: transactionPage))
    }
}
