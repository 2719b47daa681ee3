import Foundation
import GRDB
import SupportCore

/// What a store is to its services: a clock, transactions over some SQL database, and an
/// audit chain to append to. SQLite (`SupportStore`) and PostgreSQL (`SupportPostgres`)
/// are the two, and every service is written once against this protocol — the ticket
/// core, working with the customer (replies and their files, surveys, new tickets,
/// macros), intake and the gateways, the security services, complaints, merges and bulk
/// actions, delivery of the outbox, reports and the supervisor screen, exports' audit,
/// agent administration, `audit verify`, the category rules, presence and investigations —
/// so their rules, refusals and audit records cannot differ between stores. What only
/// SQLite does (backing up its file) a PostgreSQL service refuses by name; `pg_dump`
/// backs that store up.
public protocol StoreEngine: AnyObject, Sendable {
    var clock: @Sendable () -> Date { get }
    /// "SQLite" or "PostgreSQL", for messages.
    var engineName: String { get }
    /// One read-only view of the database.
    func reading<T>(_ body: (any SQLSession) throws -> T) throws -> T
    /// A read of exactly one statement: one statement is one snapshot, so a store may run
    /// it without a transaction around it (`SingleStatementRead.swift`).
    func readingOneStatement<T>(_ body: (any SQLSession) throws -> T) throws -> T
    /// One transaction: committed when `body` returns, rolled back when it throws.
    func writing<T>(_ body: (any SQLSession) throws -> T) throws -> T
    /// Appends one record to the audit chain inside the caller's transaction.
    func appendAudit(_ session: any SQLSession, _ record: AuditAppend) throws
    /// Walks the whole audit chain with the store's key (`audit verify`), and holds it
    /// against whatever the store keeps outside the database.
    func auditReport() throws -> AuditReport
    /// The file holding the delivery key that seals one-time codes (see `DeliveryKey`);
    /// nil when the service was given none, and codes then refuse.
    var deliveryKeyFile: String? { get }
    /// A number that changes whenever the database may have changed since it was last
    /// read — any commit SQLite's file sees (`PRAGMA data_version`); on PostgreSQL, this
    /// instance's commits and every change its peers announce. Memos key on it.
    func changeVersion() throws -> Int64
    /// Tells the store that the database changed outside it (a peer instance announced a
    /// commit), so `changeVersion` moves. SQLite sees every commit itself.
    func noteChangeElsewhere()
    /// The supervisor screen's figures, computed once per change and shared by every
    /// supervisor this store serves.
    var dashboardMemo: DashboardMemo { get }
    /// The transaction footer's totals per filter, kept until the next change.
    var totalsMemo: TotalsMemo { get }
}

extension StoreEngine {
    public func noteChangeElsewhere() {}
}

/// One audit record before the chain links and signs it.
public struct AuditAppend: Sendable {
    public var at: Int64
    public var actor: String
    public var action: String
    public var entity: String
    public var entityId: String
    public var before: String?
    public var after: String?
    public var reason: String?

    public init(at: Int64, actor: String, action: String, entity: String, entityId: String,
                before: String? = nil, after: String? = nil, reason: String? = nil) {
        self.at = at; self.actor = actor; self.action = action; self.entity = entity; self.entityId = entityId
        self.before = before; self.after = after; self.reason = reason
    }
}

extension StoreEngine {
    /// The store's "now" in whole seconds (tests pin the clock).
    public var now: Int64 { Int64(clock().timeIntervalSince1970.rounded(.down)) }

    public var isDemo: Bool {
        (try? reading { try Self.isDemo($0) }) ?? false
    }

    /// Whether the database was made as a demo, read in the caller's transaction.
    static func isDemo(_ session: any SQLSession) throws -> Bool {
        try session.fetchValue("SELECT value FROM meta WHERE key = 'demo'", as: String.self) == "1"
    }

    // MARK: audited writes, once for both stores (SQLite's GRDB-typed `audited` and
    // `auditedWrite` are these, with the session as GRDB's `Database`)

    /// A privileged write. A refusal (`.forbidden`) rolls the transaction back and is then
    /// itself audited in a transaction of its own (PCI DSS 10.2.4: failed access).
    func auditing<T>(actor: String, action: String, entity: String, entityId: String,
                     _ body: (any SQLSession) throws -> T) throws -> T {
        do {
            return try writing(body)
        } catch let error as StoreError where error.kind == .forbidden {
            try? recordRefusal(actor: actor, action: action, entity: entity, entityId: entityId, reason: error.message)
            throw error
        }
    }

    /// The same for a service acting as an agent: the agent is re-checked in the
    /// transaction first, so a stale or disabled agent's attempt is refused and audited.
    func auditing<T>(by actor: Agent, action: String, entity: String, entityId: String,
                     _ body: (any SQLSession) throws -> T) throws -> T {
        try auditing(actor: actor.login, action: action, entity: entity, entityId: entityId) { session in
            try Self.recheckActor(session, actor)
            return try body(session)
        }
    }

    /// One audited write by an agent: `body` changes rows and says what changed; the record
    /// is appended in the same transaction.
    func auditedWriting<T>(by actor: Agent, _ action: String, entity: String, id: String,
                           _ body: (any SQLSession) throws -> AuditedChange<T>) throws -> T {
        try auditing(by: actor, action: action, entity: entity, entityId: id) { session in
            try appendAudit(session, actor: actor.login, action, entity: entity, id: id, try body(session))
        }
    }

    /// The same for an actor named by login only (no agent snapshot to re-check).
    func auditedWriting<T>(actor login: String, _ action: String, entity: String, id: String,
                           _ body: (any SQLSession) throws -> AuditedChange<T>) throws -> T {
        try auditing(actor: login, action: action, entity: entity, entityId: id) { session in
            try appendAudit(session, actor: login, action, entity: entity, id: id, try body(session))
        }
    }

    private func appendAudit<T>(_ session: any SQLSession, actor: String, _ action: String, entity: String, id: String,
                                _ change: AuditedChange<T>) throws -> T {
        try appendAudit(session, AuditAppend(at: change.at ?? now, actor: actor, action: action,
                                             entity: change.entity ?? entity, entityId: change.entityId ?? id,
                                             before: change.before, after: change.after, reason: change.reason))
        return change.result
    }

    func recordRefusal(actor: String, action: String, entity: String, entityId: String, reason: String) throws {
        try writing { session in
            try appendAudit(session, AuditAppend(at: now, actor: actor, action: "refused:" + action, entity: entity,
                                                 entityId: entityId, reason: reason))
        }
    }

    public func verifyAuditChain() throws -> AuditVerification {
        try auditReport().verification
    }

    /// Someone read the audit log (`audit list`) or walked it (`audit verify`). `what`
    /// says which records, so a reviewer sees what was looked at (PCI DSS 10.2.1.3).
    public func recordAuditAccess(actor: String, action: String, what: String) throws {
        try writing { session in
            try appendAudit(session, AuditAppend(at: now, actor: actor, action: action, entity: "audit_log", entityId: "*",
                                                 after: what))
        }
    }

    /// The console opened or closed for an agent: the session bounds of everything the
    /// agent did in it (PCI DSS 10.2.1.5). Best effort at close, since the process may be dying.
    public func recordConsoleSession(agent: Agent, opened: Bool) throws {
        try writing { session in
            try appendAudit(session, AuditAppend(at: now, actor: agent.login, action: opened ? "session.open" : "session.close",
                                                 entity: "agent", entityId: agent.login,
                                                 after: "console pid=\(getpid()) os_user=\(SupportStore.operatingSystemUser)"))
        }
    }

    public func recordRefusedRequest(actor: String, operation: String, reason: String) throws {
        try recordRefusal(actor: actor, action: operation, entity: "request", entityId: operation, reason: reason)
    }

    /// The agent as the database has them now: a console opened before a demotion or a
    /// disable may not act with the old role.
    static func recheckActor(_ session: any SQLSession, _ actor: Agent) throws {
        guard let row = try session.fetchRow("SELECT login, role, active FROM agents WHERE id = ?", [actor.id]),
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
}
