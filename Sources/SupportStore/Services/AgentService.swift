import Foundation
import GRDB
import SupportCore

extension StoreEngine {
    /// The operating-system user running this process.
    public static var operatingSystemUser: String {
        if let pw = getpwuid(geteuid()), let name = pw.pointee.pw_name { return String(cString: name) }
        return ProcessInfo.processInfo.environment["USER"] ?? "unknown"
    }
}

extension SupportStore {

    /// Who is acting: the OS user, or `--as LOGIN` on a demo database only.
    public func resolveActor(asLogin: String? = nil) throws -> Agent {
        try resolveActor(caller: Self.operatingSystemUser, asLogin: asLogin)
    }

    /// Adds an agent. Only admins may, except for the very first agent of an empty
    /// database, which bootstraps the installation.
    @discardableResult
    public func addAgent(login: String, name: String, role: Role, by actor: Agent?) throws -> Agent {
        let login = login.trimmingCharacters(in: .whitespaces)
        guard login.range(of: #"^[a-z_][a-z0-9_.-]{0,31}$"#, options: .regularExpression) != nil else {
            throw StoreError.invalid("'\(login)' is not a valid login: use lower-case letters, digits, '.', '-' or '_'.")
        }
        return try auditedWrite(actor: actor?.login ?? Self.operatingSystemUser, "agent.add", entity: "agent", id: login) { db in
            if let actor { try Self.recheckActor(db, actor) }
            let count = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM agents") ?? 0
            if count > 0 {
                guard let actor, actor.role.can(.manageAgents) else {
                    throw StoreError.forbidden("Only an admin may add agents.")
                }
            }
            if try Int.fetchOne(db, sql: "SELECT 1 FROM agents WHERE login = ?", arguments: [login]) != nil {
                throw StoreError.conflict("An agent '\(login)' already exists.")
            }
            try db.execute(sql: "INSERT INTO agents (login, name, role, active, created_at) VALUES (?, ?, ?, 1, ?)",
                           arguments: [login, name, role.rawValue, now])
            return AuditedChange(Agent(id: db.lastInsertedRowID, login: login, name: name, role: role),
                                 after: "role=\(role.rawValue)")
        }
    }

    public func setAgentActive(login: String, active: Bool, by actor: Agent) throws {
        try auditedWrite(by: actor, active ? "agent.enable" : "agent.disable", entity: "agent", id: login) { db in
            guard actor.role.can(.manageAgents) else {
                throw StoreError.forbidden("Only an admin may enable or disable agents.")
            }
            try db.execute(sql: "UPDATE agents SET active = ? WHERE login = ?", arguments: [active, login])
            guard db.changesCount == 1 else { throw StoreError.notFound("Agent '\(login)'") }
            return AuditedChange()
        }
    }

    /// Changes an agent's role (admins only). Consoles already open with the old role are
    /// refused on their next write (`recheckActor`), so a demotion takes effect at once.
    public func setAgentRole(login: String, role: Role, by actor: Agent) throws {
        try auditedWrite(by: actor, "agent.role", entity: "agent", id: login) { db in
            try Self.requirePermission(actor, .manageAgents)
            guard let old = try String.fetchOne(db, sql: "SELECT role FROM agents WHERE login = ?", arguments: [login]) else {
                throw StoreError.notFound("Agent '\(login)'")
            }
            try db.execute(sql: "UPDATE agents SET role = ? WHERE login = ?", arguments: [role.rawValue, login])
            return AuditedChange(before: "role=\(old)", after: "role=\(role.rawValue)")
        }
    }
}
