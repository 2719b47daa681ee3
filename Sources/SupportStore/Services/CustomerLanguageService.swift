import Foundation
import GRDB
import SupportCore

// The customer's reply language: guessed once from their own words, then the agents'.
extension SupportStore {
    /// Sets the language replies to this customer are written in; any agent may correct
    /// it (it is about the customer, not a privilege), and the change is audited.
    @discardableResult
    public func setCustomerLanguage(customerId: Int64, to language: ContentLanguage, by actor: Agent) throws -> Customer {
        try auditedWrite(actor: actor.login, "customer.language", entity: "customer", id: String(customerId)) { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT language FROM customers WHERE id = ?", arguments: [customerId]) else {
                throw StoreError.notFound("Customer \(customerId)")
            }
            let before: String? = row["language"]
            try db.execute(sql: "UPDATE customers SET language = ? WHERE id = ?", arguments: [language.rawValue, customerId])
            return AuditedChange(before: before.map { "language=\($0)" }, after: "language=\(language.rawValue)")
        }
        // The masked view, as the console shows it: a language change reveals nothing.
        return try customerView(id: customerId)
    }

}

extension StoreEngine {
    /// At intake: a customer whose language is not known yet gets the one their message is
    /// written in, when it tells. An agent's choice is never overwritten.
    static func learnCustomerLanguage(_ session: any SQLSession, customerId: Int64, from texts: [String]) throws {
        guard let language = LanguageDetection.detect(texts) else { return }
        try session.run("UPDATE customers SET language = ? WHERE id = ? AND language IS NULL", [language.rawValue, customerId])
    }
}
