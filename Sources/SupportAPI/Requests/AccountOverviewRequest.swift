import Foundation
import SupportCore
import SupportStore

/// Everything the account and security panes show for one customer, in one request: the
/// console asks on every queue move, and through the service six round trips made a move
/// cost twice the embedded one. Contact data masked, as everywhere but revealContact.
public struct AccountOverviewRequest: SupportRequest {
    public typealias Response = AccountOverview
    public static let operation = "accountOverview"
    public static let effect = RequestEffect.read
    public var customerId: Int64
    public init(customerId: Int64) { self.customerId = customerId }
    public func handle(_ context: RequestContext) throws -> AccountOverview {
        let store = context.store
        let customer = try store.customerView(id: customerId)
        return AccountOverview(
            customer: customer,
            devices: try store.devices(customerId: customerId),
            logins: try store.loginEvents(customerId: customerId, limit: 8),
            tickets: try store.tickets(customerId: customerId, limit: 20),
            actions: try store.availableActions(for: customer, role: context.actor.role, viewer: context.actor.login),
            history: try store.securityHistory(customerId: customerId, limit: 20))
    }
}

public struct AccountOverview: Codable, Sendable {
    public var customer: Customer
    public var devices: [Device]
    public var logins: [LoginEvent]
    public var tickets: [TicketSummary]
    public var actions: [AvailableSecurityAction]
    public var history: [SecurityActionRecord]
}

extension SupportClient {
    public func accountOverview(customerId: Int64) throws -> AccountOverview {
        try send(AccountOverviewRequest(customerId: customerId))
    }
}
