import Foundation
import SupportCore

// The keyword rules that categorise mail at intake, their editing (supervisors and
// admins, audited), and an agent's change of a ticket's category, which is also how a
// ticket leaves the Untriaged view. Written once for both stores.
extension SupportStore {
    /// Where untriaged mail's ticket keeps its NOT NULL category until someone sets one:
    /// the flag, not this value, is what the console, the filter and the view read.
    public static let untriagedPlaceholder: (category: Category, subcategory: String) = (.account, "registration")
}

extension StoreEngine {
    static func loadCategoryRules(_ db: any SQLSession) throws -> [CategoryRule] {
        try db.fetchRows("SELECT * FROM category_rules ORDER BY id").compactMap { row in
            guard let category = Category(rawValue: row["category"]),
                  let language = ContentLanguage(rawValue: row["language"]) else { return nil }
            return CategoryRule(id: row["id"], keyword: row["keyword"], language: language, category: category,
                                subcategory: row["subcategory"], createdBy: row["created_by"],
                                createdAt: Date(epoch: row["created_at"]))
        }
    }

    /// Every rule, oldest first. Any agent may read them: they explain a ticket's category.
    public func categoryRules() throws -> [CategoryRule] {
        try reading { db in try Self.loadCategoryRules(db) }
    }

    /// The rule intake would apply to mail with this subject and body, or nil (untriaged).
    /// Intake and the console's "try it" line both ask here, so they cannot disagree.
    static func matchingRule(_ db: any SQLSession, subject: String, body: String) throws -> CategoryRule? {
        CategoryRules.match(try loadCategoryRules(db), subject: subject, body: body)
    }

    /// Which rule would categorise a sample message, for anyone tuning or reading the rules.
    public func matchCategoryRule(subject: String, body: String) throws -> CategoryRule? {
        try reading { db in try Self.matchingRule(db, subject: subject, body: body) }
    }

    /// Adds a rule (supervisors and admins). The keyword is kept as typed, trimmed; the
    /// same keyword for the same subcategory twice is refused.
    public func addCategoryRule(keyword: String, language: ContentLanguage, category: Category, subcategory: String?,
                                by actor: Agent) throws -> CategoryRule {
        let keyword = keyword.trimmingCharacters(in: .whitespacesAndNewlines)
        let sub = subcategory ?? category.subcategories[0]
        return try auditedWriting(by: actor, "category_rule.add", entity: "category_rule", id: keyword) { db in
            try Self.requirePermission(actor, .manageCategoryRules)
            if let problem = CategoryRules.problem(keyword: keyword, category: category, subcategory: sub) {
                throw StoreError.invalid(problem)
            }
            // Nothing exists yet to lock: two instances adding one rule at once take turns.
            try db.serialise("category_rules")
            if try db.fetchValue("SELECT 1 FROM category_rules WHERE keyword = ? AND category = ? AND subcategory = ?",
                                 [keyword, category.rawValue, sub], as: Int.self) != nil {
                throw StoreError.conflict("A rule for \"\(keyword)\" → \(category.rawValue)/\(sub) exists already.")
            }
            let id = try db.insert("""
                INSERT INTO category_rules (keyword, language, category, subcategory, created_by, created_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """, [keyword, language.rawValue, category.rawValue, sub, actor.login, now])
            let rule = CategoryRule(id: id, keyword: keyword, language: language, category: category,
                                    subcategory: sub, createdBy: actor.login, createdAt: Date(epoch: now))
            return AuditedChange(rule, after: "rule #\(rule.id) \"\(keyword)\" (\(language.rawValue)) → \(category.rawValue)/\(sub)",
                                 entityId: String(rule.id))
        }
    }

    /// Removes a rule (supervisors and admins); the audit record keeps what it said.
    public func removeCategoryRule(id: Int64, by actor: Agent) throws {
        try auditedWriting(by: actor, "category_rule.remove", entity: "category_rule", id: String(id)) { db in
            try Self.requirePermission(actor, .manageCategoryRules)
            guard let rule = try Self.loadCategoryRules(db).first(where: { $0.id == id }) else {
                throw StoreError.notFound("Category rule #\(id)")
            }
            guard try db.run("DELETE FROM category_rules WHERE id = ?", [id]) == 1 else {
                throw StoreError.notFound("Category rule #\(id)")
            }
            return AuditedChange(before: "rule #\(id) \"\(rule.keyword)\" (\(rule.language.rawValue)) → \(rule.category.rawValue)/\(rule.subcategory)")
        }
    }
}
