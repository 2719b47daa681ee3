import Foundation
import GRDB
import SupportCore

/// The account and ticket a security action works on, found by `securityWrite`.
struct SecurityTarget {
    var customer: Customer
    /// The ticket the action is noted on, when one was given (always this customer's).
    var ticket: Ticket?
    /// The reason, trimmed; the audit record carries it too.
    var reason: String

    /// An action on a transaction has no customer loaded: the ticket and the reason.
    struct Linked {
        var ticket: Ticket?
        var reason: String
    }
}

extension StoreEngine {
    /// The steps every security action on an account starts with, in one function: a
    /// reason (refused before any transaction), then in the audited transaction the role,
    /// the customer, the action's own check of the account (`check`, before the ticket,
    /// so a refusal names the account's state first) and the linked ticket. `body` makes
    /// the change; its record carries the reason.
    func securityWrite<T>(_ kind: AccountSecurityAction, _ action: String, customerId: Int64, reason: String,
                          ticket: Int64?, by actor: Agent,
                          check: (any SQLSession, Customer) throws -> Void = { _, _ in },
                          _ body: (any SQLSession, SecurityTarget) throws -> AuditedChange<T>) throws -> T {
        let reason = try Self.requireReason(reason, to: kind.phrase)
        return try auditedWriting(by: actor, action, entity: "customer", id: String(customerId)) { db in
            try Self.requirePermission(actor, kind.permission)
            let customer = try Self.lockCustomer(db, id: customerId)
            try check(db, customer)
            let linked = try Self.linkedTicket(db, number: ticket, customerId: customerId)
            var change = try body(db, SecurityTarget(customer: customer, ticket: linked, reason: reason))
            change.reason = reason
            return change
        }
    }

    /// The same steps for an action on one transaction: the transaction instead of the
    /// customer, and the record names it by its reference as stored (not as typed). The
    /// linked ticket must be about the transaction's customer.
    func transactionSecurityWrite<T>(_ kind: AccountSecurityAction, _ action: String, reference: String, reason: String,
                                     ticket: Int64?, by actor: Agent,
                                     check: (any SQLSession, Transaction) throws -> Void = { _, _ in },
                                     _ body: (any SQLSession, Transaction, SecurityTarget.Linked) throws -> AuditedChange<T>) throws -> T {
        let reason = try Self.requireReason(reason, to: kind.phrase)
        return try auditedWriting(by: actor, action, entity: "transaction", id: reference) { db in
            try Self.requirePermission(actor, kind.permission)
            let tx = try Self.loadTransaction(db, reference: reference, locking: true)
            try check(db, tx)
            let linked = try Self.linkedTicket(db, number: ticket, customerId: tx.customerId)
            var change = try body(db, tx, SecurityTarget.Linked(ticket: linked, reason: reason))
            (change.reason, change.entityId) = (reason, tx.reference)
            return change
        }
    }
}
