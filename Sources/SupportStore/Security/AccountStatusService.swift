import Foundation
import GRDB
import SupportCore

// Freezing, and the requests to unfreeze or close. Freezing stops harm, so any agent does
// it at once; unfreezing and closing give access or money back, so they wait for a
// second person (ApprovalService applies them).
extension SupportStore {
    /// Freezes the account immediately. Refused when it is already frozen or closed.
    @discardableResult
    public func freeze(customerId: Int64, reason: String, ticket: Int64? = nil, by actor: Agent) throws -> SecurityActionRecord {
        let reason = try Self.requireReason(reason, to: AccountSecurityAction.freeze.phrase)
        return try audited(by: actor, action: "security.freeze", entity: "customer", entityId: String(customerId)) { db in
            try Self.requirePermission(actor, AccountSecurityAction.freeze.permission)
            let customer = try Self.loadCustomer(db, id: customerId)
            guard customer.status == .active else {
                throw StoreError.conflict("Customer \(customer.walletId) cannot be frozen: the account is already \(Self.statusSentence(customer)).")
            }
            let linked = try Self.linkedTicket(db, number: ticket, customerId: customerId)
            try self.setCustomerStatus(db, customerId: customerId, to: .frozen, reason: reason, by: actor.login)
            let action = try self.recordAction(db, customerId: customerId, kind: .freeze, reason: reason, ticket: linked,
                                               state: .done, by: actor)
            try self.noteOnTicket(db, linked, author: actor.login, "Froze the account (action #\(action.id)).\nReason: \(reason)")
            try AuditChain.append(db, at: now, actor: actor.login, action: "security.freeze", entity: "customer",
                                  entityId: String(customerId), before: "status=active", after: "status=frozen action=\(action.id)",
                                  reason: reason)
            return action
        }
    }

    /// Asks for the account to be unfrozen; a supervisor other than the requester decides.
    @discardableResult
    public func requestUnfreeze(customerId: Int64, reason: String, ticket: Int64? = nil, by actor: Agent) throws -> SecurityActionRecord {
        let reason = try Self.requireReason(reason, to: AccountSecurityAction.unfreeze.phrase)
        return try audited(by: actor, action: "security.request_unfreeze", entity: "customer",
                           entityId: String(customerId)) { db in
            try Self.requirePermission(actor, AccountSecurityAction.unfreeze.permission)
            let customer = try Self.loadCustomer(db, id: customerId)
            guard customer.status == .frozen else {
                throw StoreError.conflict("Customer \(customer.walletId) is \(customer.status.rawValue), not frozen; there is nothing to unfreeze.")
            }
            return try self.fileRequest(db, customer: customer, kind: .unfreeze, reason: reason, ticket: ticket, by: actor)
        }
    }

    /// Asks for the account to be closed. Refused while the wallet still holds money: the
    /// customer must withdraw it first, and a closed account cannot pay it out.
    @discardableResult
    public func requestClose(customerId: Int64, reason: String, ticket: Int64? = nil, by actor: Agent) throws -> SecurityActionRecord {
        let reason = try Self.requireReason(reason, to: AccountSecurityAction.closeAccount.phrase)
        return try audited(by: actor, action: "security.request_close", entity: "customer",
                           entityId: String(customerId)) { db in
            try Self.requirePermission(actor, AccountSecurityAction.closeAccount.permission)
            let customer = try Self.loadCustomer(db, id: customerId)
            guard customer.status != .closed else {
                throw StoreError.conflict("Customer \(customer.walletId) is already \(Self.statusSentence(customer)).")
            }
            try Self.requireZeroBalance(customer)
            return try self.fileRequest(db, customer: customer, kind: .closeAccount, reason: reason, ticket: ticket, by: actor)
        }
    }

    static func requireZeroBalance(_ customer: Customer) throws {
        guard customer.balance == 0 else {
            let money = Money.format(customer.balance, currency: customer.currency)
            throw StoreError.conflict("Customer \(customer.walletId) still holds \(money); the account can be closed only when the balance is zero (the customer withdraws it first).")
        }
    }

    /// Records a waiting request, its timeline entry and its audit record.
    func fileRequest(_ db: Database, customer: Customer, kind: AccountSecurityAction, reason: String, ticket: Int64?,
                     disputeId: Int64? = nil, details: [String: Any]? = nil, by actor: Agent) throws -> SecurityActionRecord {
        if let waiting = try Self.pendingRequest(db, customerId: customer.id, kind: kind, disputeId: disputeId) {
            throw Self.alreadyRequested(waiting)
        }
        let linked = try Self.linkedTicket(db, number: ticket, customerId: customer.id)
        let request = try recordAction(db, customerId: customer.id, kind: kind, reason: reason, ticket: linked,
                                       disputeId: disputeId, state: .pendingApproval, by: actor, details: details)
        try noteOnTicket(db, linked, author: actor.login,
                         "Asked to \(kind.phrase) (request #\(request.id), waiting for a supervisor's approval).\nReason: \(reason)")
        try AuditChain.append(db, at: now, actor: actor.login, action: "security.request_\(kind.rawValue)", entity: "customer",
                              entityId: String(customer.id), after: "request=\(request.id) state=pending_approval",
                              reason: reason)
        return request
    }
}
