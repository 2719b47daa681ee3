import Foundation
import SupportCore
import SupportStore

/// Accounts: one method per request, named and shaped like the store's service minus the
/// actor (the side that runs the request decides who is acting).
extension SupportClient {
    public func sessions(customerId: Int64, limit: Int = 50) throws -> [CustomerSession] {
        try send(SessionsRequest(customerId: customerId, limit: limit))
    }

    public func sessionsRevokedAt(customerId: Int64) throws -> Date? {
        try send(SessionsRevokedAtRequest(customerId: customerId))
    }

    public func customer(id: Int64) throws -> Customer {
        try send(CustomerRequest(id: id))
    }

    @discardableResult public func findCustomer(_ key: String) throws -> Customer {
        try send(FindCustomerRequest(key: key))
    }

    public func devices(customerId: Int64) throws -> [Device] {
        try send(DevicesRequest(customerId: customerId))
    }

    public func loginEvents(customerId: Int64, limit: Int = 10) throws -> [LoginEvent] {
        try send(LoginEventsRequest(customerId: customerId, limit: limit))
    }

    public func tickets(customerId: Int64, limit: Int = 50) throws -> [TicketSummary] {
        try send(TicketsRequest(customerId: customerId, limit: limit))
    }

    public func customerView(id: Int64) throws -> Customer {
        try send(CustomerViewRequest(id: id))
    }

    @discardableResult public func revealContact(customerId: Int64, reason: String) throws -> Customer {
        try send(RevealContactRequest(customerId: customerId, reason: reason))
    }

    @discardableResult public func findCustomer(contact: String, reason: String) throws -> Customer {
        try send(FindCustomerByContactRequest(contact: contact, reason: reason))
    }

    @discardableResult public func findCustomer(_ key: String, reason: String?) throws -> Customer {
        try send(FindCustomerByKeyRequest(key: key, reason: reason))
    }
}
