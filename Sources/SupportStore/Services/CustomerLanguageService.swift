import Foundation
import SupportCore

// The customer's reply language: guessed once from their own words, then the agents'.
// Written once for both stores.
extension StoreEngine {
    /// Sets the language replies to this customer are written in; any agent may correct
    /// it (it is about the customer, not a privilege), and the change is audited.
    @discardableResult
    public func setCustomerLanguage(customerId: Int64, to language: ContentLanguage, by actor: Agent) throws -> Customer {
        try auditedWriting(by: actor, "customer.language", entity: "customer", id: String(customerId)) { db in
            // Locked, so two agents correcting it at once leave records that follow each other.
            guard let row = try db.fetchRow("SELECT language FROM customers WHERE id = ?" + db.lockingRows, [customerId]) else {
                throw StoreError.notFound("Customer \(customerId)")
            }
            let before: String? = row["language"]
            try db.run("UPDATE customers SET language = ? WHERE id = ?", [language.rawValue, customerId])
            return AuditedChange(before: before.map { "language=\($0)" }, after: "language=\(language.rawValue)")
        }
        // The masked view, as the console shows it: a language change reveals nothing.
        return try customerView(id: customerId)
    }

    /// At intake: a customer whose language is not known yet gets the one their message is
    /// written in, when it tells. An agent's choice is never overwritten.
    static func learnCustomerLanguage(_ db: any SQLSession, customerId: Int64, from texts: [String]) throws {
        guard let language = LanguageDetection.detect(texts) else { return }
        try db.run("UPDATE customers SET language = ? WHERE id = ? AND language IS NULL", [language.rawValue, customerId])
    }
}
