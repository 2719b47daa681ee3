import Foundation
import GRDB
import SupportCore

/// A phone number or email address typed to find a customer, in the one normalised form
/// stored in `customers`. Only whole values exist here: contact data is matched exactly
/// or not at all, so no sequence of searches can walk a number out digit by digit.
public enum ContactKey: Sendable, Equatable {
    case phone(String)
    case email(String)

    public init?(_ text: String) {
        if let phone = PhoneNumber.normalize(text) {
            self = .phone(phone)
        } else if text.contains("@") {
            guard let email = EmailAddress.normalize(text) else { return nil }
            self = .email(email)
        } else {
            return nil
        }
    }

    var column: String { if case .phone = self { "phone" } else { "email" } }
    var value: String { switch self { case .phone(let v), .email(let v): v } }

    /// What the audit record keeps of the searched value: masked, as the console shows
    /// contact data, so the log itself does not become a list of numbers.
    var masked: String {
        switch self {
        case .phone(let v): MaskedPhone(v).description
        case .email(let v): MaskedEmail(v).description
        }
    }
}

extension StoreEngine {
    static var contactSearchAction: String { "customer.search" }

    /// Finds a customer by phone or email: an exact match on the normalised value, for an
    /// agent who may reveal personal data, with a reason. Each search is audited like a
    /// reveal, whether it finds someone or not (a miss tells the searcher something too),
    /// and the miss is recorded before `notFound` is thrown.
    public func findCustomer(contact: String, reason: String, by actor: Agent) throws -> Customer {
        let reason = try Self.requireReason(reason, to: "search customers by phone or email")
        guard let key = ContactKey(contact.trimmingCharacters(in: .whitespaces)) else {
            throw StoreError.invalid("'\(contact)' is not a phone number or an email address.")
        }
        let found: Customer? = try auditedWriting(by: actor, Self.contactSearchAction, entity: "customer", id: "?") { db in
            try Self.requirePermission(actor, .revealPersonalData)
            let row = try db.fetchRow("SELECT * FROM customers WHERE \(key.column) = ?", [key.value])
            let customer = row.map(Customer.init(row:))
            return AuditedChange(customer, after: "by=\(key.column) value=\(key.masked) result=\(customer == nil ? "none" : "found")",
                                 reason: reason, entityId: customer.map { String($0.id) } ?? "-")
        }
        guard let found else { throw StoreError.notFound("A customer with that \(key.column)") }
        return found
    }

    /// `findCustomer(_:)` for id and wallet id, `findCustomer(contact:…)` for phone and
    /// email, which needs `reason`: one entry point for commands that accept any of them.
    public func findCustomer(_ key: String, reason: String?, by actor: Agent) throws -> Customer {
        do {
            return try findCustomer(key)
        } catch let error as StoreError where error.kind == .invalid {
            guard let reason, !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw error }
            return try findCustomer(contact: key, reason: reason, by: actor)
        }
    }
}
