import Foundation
import SupportCore

// Agents: adding, enabling and disabling, roles and each agent's console language, once
// for both stores. Changes that could leave the team without an admin lock the active
// admins first (FOR UPDATE on PostgreSQL, in id order so two admins never wait on each
// other in a circle): of two admins demoting each other through two instances at once,
// the second finds itself no longer an admin, or its target the last one, and is refused.
extension StoreEngine {
    /// Adds an agent. Only admins may, except for the very first agent of an empty
    /// database, which bootstraps the installation.
    @discardableResult
    public func addAgent(login: String, name: String, role: Role, by actor: Agent?) throws -> Agent {
        let login = login.trimmingCharacters(in: .whitespaces)
        guard login.range(of: #"^[a-z_][a-z0-9_.-]{0,31}$"#, options: .regularExpression) != nil else {
            throw StoreError.invalid("'\(login)' is not a valid login: use lower-case letters, digits, '.', '-' or '_'.")
        }
        return try auditedWriting(actor: actor?.login ?? SupportStore.operatingSystemUser, "agent.add", entity: "agent", id: login) { db in
            if let actor { try Self.recheckActor(db, actor) }
            let count = try db.fetchValue("SELECT COUNT(*) FROM agents", as: Int.self) ?? 0
            if count > 0 {
                guard let actor, actor.role.can(.manageAgents) else {
                    throw StoreError.forbidden("Only an admin may add agents.")
                }
            }
            // The unique login decides between two instances adding the same login at once:
            // the second waits on the first's index entry and inserts nothing.
            let added = try db.run("""
                INSERT INTO agents (login, name, role, active, created_at) VALUES (?, ?, ?, 1, ?)
                ON CONFLICT (login) DO NOTHING
                """, [login, name, role.rawValue, now])
            guard added == 1, let id = try db.fetchValue("SELECT id FROM agents WHERE login = ?", [login], as: Int64.self) else {
                throw StoreError.conflict("An agent '\(login)' already exists.")
            }
            return AuditedChange(Agent(id: id, login: login, name: name, role: role), after: "role=\(role.rawValue)")
        }
    }

    public func setAgentActive(login: String, active: Bool, by actor: Agent) throws {
        try auditedWriting(by: actor, active ? "agent.enable" : "agent.disable", entity: "agent", id: login) { db in
            guard actor.role.can(.manageAgents) else {
                throw StoreError.forbidden("Only an admin may enable or disable agents.")
            }
            if !active, login == actor.login {
                throw StoreError.forbidden("\(actor.login) may not disable their own account; another admin can.")
            }
            let admins = try Self.lockActiveAdmins(db, actor: actor)
            let target = try Self.lockAgent(db, login: login)
            if !active, target.role == Role.admin.rawValue, target.active, admins.count <= 1 {
                throw Self.lastAdmin(login)
            }
            try db.run("UPDATE agents SET active = ? WHERE login = ?", [active, login])
            return AuditedChange(before: "active=\(target.active ? 1 : 0)", after: "active=\(active ? 1 : 0)")
        }
    }

    /// Changes an agent's role (admins only). Consoles already open with the old role are
    /// refused on their next write (`recheckActor`), so a demotion takes effect at once.
    /// The old role is read under the row's lock, so two admins changing one agent's role
    /// at once leave two records that follow each other (before = the other's after).
    public func setAgentRole(login: String, role: Role, by actor: Agent) throws {
        try auditedWriting(by: actor, "agent.role", entity: "agent", id: login) { db in
            try Self.requirePermission(actor, .manageAgents)
            let admins = try Self.lockActiveAdmins(db, actor: actor)
            let target = try Self.lockAgent(db, login: login)
            if role != .admin, target.role == Role.admin.rawValue, target.active, admins.count <= 1 {
                throw Self.lastAdmin(login)
            }
            try db.run("UPDATE agents SET role = ? WHERE login = ?", [role.rawValue, login])
            return AuditedChange(before: "role=\(target.role)", after: "role=\(role.rawValue)")
        }
    }

    /// Sets the language `login`'s console speaks (nil: follow the locale again). Agents set
    /// their own; setting someone else's is an admin's job. Audited like every change to an
    /// agent's record.
    @discardableResult
    public func setAgentUILanguage(login: String, to language: ContentLanguage?, by actor: Agent) throws -> Agent {
        try auditedWriting(by: actor, "agent.ui_language", entity: "agent", id: login) { db in
            guard login == actor.login || actor.role.can(.manageAgents) else {
                throw StoreError.forbidden("Only an admin may choose the console language of another agent.")
            }
            guard let row = try db.fetchRow("SELECT * FROM agents WHERE login = ?" + db.lockingRows, [login]) else {
                throw StoreError.notFound("Agent '\(login)'")
            }
            let before: String? = row["ui_language"]
            try db.run("UPDATE agents SET ui_language = ? WHERE login = ?", [language?.rawValue, login])
            var agent = Agent(row: row)
            agent.uiLanguage = language
            return AuditedChange(agent, before: before.map { "ui_language=\($0)" },
                                 after: language.map { "ui_language=\($0.rawValue)" })
        }
    }

    /// The active admins, locked; the acting admin must still be one of them once the
    /// locks are held (another admin may have demoted or disabled them meanwhile).
    static func lockActiveAdmins(_ db: any SQLSession, actor: Agent) throws -> [String] {
        let admins = try db.fetchValues("SELECT login FROM agents WHERE role = 'admin' AND active = 1 ORDER BY id"
                                        + db.lockingRows, as: String.self)
        guard admins.contains(actor.login) else {
            throw StoreError.forbidden("\(actor.login) is no longer an active admin; nothing was changed.")
        }
        return admins
    }

    static func lockAgent(_ db: any SQLSession, login: String) throws -> (role: String, active: Bool) {
        guard let row = try db.fetchRow("SELECT role, active FROM agents WHERE login = ?" + db.lockingRows, [login]) else {
            throw StoreError.notFound("Agent '\(login)'")
        }
        return (row["role"], row["active"])
    }

    static func lastAdmin(_ login: String) -> StoreError {
        StoreError.forbidden("'\(login)' is the last active admin; make another agent admin first. Nothing was changed.")
    }
}
