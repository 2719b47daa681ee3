import Foundation
import GRDB
import SupportCore

// The language of an agent's own console (not the customers': see CustomerLanguageService).
extension SupportStore {
    /// Sets the language `login`'s console speaks (nil: follow the locale again). Agents set
    /// their own; setting someone else's is an admin's job. Audited like every change to an
    /// agent's record.
    @discardableResult
    public func setAgentUILanguage(login: String, to language: ContentLanguage?, by actor: Agent) throws -> Agent {
        try audited(actor: actor.login, action: "agent.ui_language", entity: "agent", entityId: login) { db in
            try Self.recheckActor(db, actor)
            guard login == actor.login || actor.role.can(.manageAgents) else {
                throw StoreError.forbidden("Only an admin may choose the console language of another agent.")
            }
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM agents WHERE login = ?", arguments: [login]) else {
                throw StoreError.notFound("Agent '\(login)'")
            }
            let before: String? = row["ui_language"]
            try db.execute(sql: "UPDATE agents SET ui_language = ? WHERE login = ?", arguments: [language?.rawValue, login])
            try AuditChain.append(db, at: now, actor: actor.login, action: "agent.ui_language", entity: "agent",
                                  entityId: login, before: before.map { "ui_language=\($0)" },
                                  after: language.map { "ui_language=\($0.rawValue)" })
            var agent = Agent(row: row)
            agent.uiLanguage = language
            return agent
        }
    }
}
