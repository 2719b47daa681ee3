import Foundation
import GRDB
import SupportCore

// An `Agent` value is a snapshot taken when a console or command started. An admin may
// disable or demote that agent minutes later while the console stays open, so every
// privileged write re-reads the agent inside its own IMMEDIATE transaction and refuses
// when the snapshot no longer matches: the check and the change commit together, so no
// disable can slip in between them.
extension SupportStore {
    /// Throws `.forbidden` unless the agent still exists under the same login, is active,
    /// and still holds the role the snapshot claims. A changed role is refused in either
    /// direction: a promotion is honoured once the agent opens paydesk again.
    static func recheckActor(_ db: Database, _ actor: Agent) throws {
        guard let row = try Row.fetchOne(db, sql: "SELECT login, role, active FROM agents WHERE id = ?",
                                         arguments: [actor.id]),
              (row["login"] as String) == actor.login else {
            throw StoreError.forbidden("'\(actor.login)' is no longer a paydesk agent; nothing was changed.")
        }
        guard (row["active"] as Bool) else {
            throw StoreError.forbidden("Agent '\(actor.login)' was disabled; nothing was changed.")
        }
        let role: String = row["role"]
        guard role == actor.role.rawValue else {
            throw StoreError.forbidden("\(actor.login)'s role changed from \(actor.role.rawValue) to \(role) since this session started; nothing was changed. Open paydesk again.")
        }
    }

    /// `audited(actor:…)` for a service acting as an agent: the agent is re-checked in
    /// the transaction first, and a stale or disabled agent's attempt is audited as a refusal.
    func audited<T>(by actor: Agent, action: String, entity: String, entityId: String,
                    _ body: (Database) throws -> T) throws -> T {
        try audited(actor: actor.login, action: action, entity: entity, entityId: entityId) { db in
            try Self.recheckActor(db, actor)
            return try body(db)
        }
    }

    /// The same for writes that are not audited as a whole (presence, drafts): a disabled
    /// agent's console may not keep writing either.
    func writeAsAgent<T>(_ actor: Agent, action: String, entity: String, entityId: String,
                         _ body: (Database) throws -> T) throws -> T {
        try audited(by: actor, action: action, entity: entity, entityId: entityId, body)
    }
}
