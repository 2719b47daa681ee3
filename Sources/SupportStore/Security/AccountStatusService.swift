import Foundation
import GRDB
import SupportCore

// Freezing, and the requests to unfreeze or close. Freezing stops harm, so any agent does
// it at once; unfreezing and closing give access or money back, so they wait for a
// second person (ApprovalService applies them).
extension StoreEngine {
    /// Freezes the account immediately. Refused when it is already frozen or closed.
    @discardableResult
    public func freeze(customerId: Int64, reason: String, ticket: Int64? = nil, by actor: Agent) throws -> SecurityActionRecord {
        try securityWrite(.freeze, "security.freeze", customerId: customerId, reason: reason, ticket: ticket, by: actor,
                          check: { _, customer in
            guard customer.status == .active else {
                throw StoreError.conflict("Customer \(customer.walletId) cannot be frozen: the account is already \(Self.statusSentence(customer)).")
            }
        }) { db, target in
            try self.setCustomerStatus(db, customerId: customerId, to: .frozen, reason: target.reason, by: actor.login)
            let action = try self.recordAction(db, customerId: customerId, kind: .freeze, reason: target.reason, ticket: target.ticket,
                                               state: .done, by: actor)
            try self.noteOnTicket(db, target.ticket, author: actor.login, "Froze the account (action #\(action.id)).\nReason: \(target.reason)")
            return AuditedChange(action, before: "status=active", after: "status=frozen action=\(action.id)")
        }
    }

    /// Asks for the account to be unfrozen; a supervisor other than the requester decides.
    @discardableResult
    public func requestUnfreeze(customerId: Int64, reason: String, ticket: Int64? = nil, by actor: Agent) throws -> SecurityActionRecord {
        try securityWrite(.unfreeze, "security.request_unfreeze", customerId: customerId, reason: reason, ticket: ticket,
                          by: actor, check: { db, customer in
            guard customer.status == .frozen else {
                throw StoreError.conflict("Customer \(customer.walletId) is \(customer.status.rawValue), not frozen; there is nothing to unfreeze.")
            }
            try Self.refuseWaitingRequest(db, customerId: customer.id, kind: .unfreeze)
        }) { db, target in
            try self.fileRequest(db, customer: target.customer, kind: .unfreeze, reason: target.reason, linked: target.ticket, by: actor)
        }
    }

    /// Asks for the account to be closed. Refused while the wallet still holds money: the
    /// customer must withdraw it first, and a closed account cannot pay it out.
    @discardableResult
    public func requestClose(customerId: Int64, reason: String, ticket: Int64? = nil, by actor: Agent) throws -> SecurityActionRecord {
        try securityWrite(.closeAccount, "security.request_close", customerId: customerId, reason: reason, ticket: ticket,
                          by: actor, check: { db, customer in
            guard customer.status != .closed else {
                throw StoreError.conflict("Customer \(customer.walletId) is already \(Self.statusSentence(customer)).")
            }
            try Self.requireZeroBalance(customer)
            try Self.refuseWaitingRequest(db, customerId: customer.id, kind: .closeAccount)
        }) { db, target in
            try self.fileRequest(db, customer: target.customer, kind: .closeAccount, reason: target.reason, linked: target.ticket, by: actor)
        }
    }

    static func requireZeroBalance(_ customer: Customer) throws {
        guard customer.balance == 0 else {
            let money = Money.format(customer.balance, currency: customer.currency)
            throw StoreError.conflict("Customer \(customer.walletId) still holds \(money); the account can be closed only when the balance is zero (the customer withdraws it first).")
        }
    }

    /// One request of a kind waits at a time (per dispute, for refunds).
    static func refuseWaitingRequest(_ db: any SQLSession, customerId: Int64, kind: AccountSecurityAction,
                                     disputeId: Int64? = nil) throws {
        if let waiting = try pendingRequest(db, customerId: customerId, kind: kind, disputeId: disputeId) {
            throw alreadyRequested(waiting)
        }
    }

    /// Records a waiting request and its timeline entry; its audit record names the customer.
    func fileRequest(_ db: any SQLSession, customer: Customer, kind: AccountSecurityAction, reason: String, linked: Ticket?,
                     disputeId: Int64? = nil, details: [String: Any]? = nil,
                     by actor: Agent) throws -> AuditedChange<SecurityActionRecord> {
        let request = try recordAction(db, customerId: customer.id, kind: kind, reason: reason, ticket: linked,
                                       disputeId: disputeId, state: .pendingApproval, by: actor, details: details)
        try noteOnTicket(db, linked, author: actor.login,
                         "Asked to \(kind.phrase) (request #\(request.id), waiting for a supervisor's approval).\nReason: \(reason)")
        return AuditedChange(request, after: "request=\(request.id) state=pending_approval", reason: reason,
                             entity: "customer", entityId: String(customer.id))
    }
}
