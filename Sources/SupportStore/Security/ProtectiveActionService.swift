import Foundation
import GRDB
import SupportCore

// Protective actions from the stolen-account playbook: sign out every session, unbind a
// device, require two-factor. They only ever take access away, so any agent takes them
// at once; each is audited and noted on the ticket.
extension StoreEngine {
    /// Signs the customer out everywhere: every open session is revoked, and
    /// `sessions_revoked_at` invalidates sessions the backend never reported too.
    @discardableResult
    public func revokeSessions(customerId: Int64, reason: String, ticket: Int64? = nil, by actor: Agent) throws -> SecurityActionRecord {
        let kind = AccountSecurityAction.revokeSessions
        return try securityWrite(kind, "security.revoke_sessions", customerId: customerId, reason: reason, ticket: ticket,
                                 by: actor, check: { _, customer in try Self.requireNotClosed(customer, kind) }) { db, target in
            let count = try self.revokeAllSessions(db, customerId: customerId, by: actor.login)
            let action = try self.recordAction(db, customerId: customerId, kind: kind, reason: target.reason, ticket: target.ticket,
                                               state: .done, by: actor, details: ["sessions_revoked": count])
            try self.noteOnTicket(db, target.ticket, author: actor.login,
                                  "Signed out every session (\(count) open session\(count == 1 ? "" : "s") revoked; action #\(action.id)).\nReason: \(target.reason)")
            return AuditedChange(action, after: "sessions_revoked=\(count) action=\(action.id)")
        }
    }

    /// Removes a device's binding (the app on it must enrol again) and ends its sessions.
    @discardableResult
    public func unbindDevice(customerId: Int64, deviceId: Int64, reason: String, ticket: Int64? = nil,
                             by actor: Agent) throws -> SecurityActionRecord {
        let kind = AccountSecurityAction.unbindDevice
        var found: Device?
        return try securityWrite(kind, "security.unbind_device", customerId: customerId, reason: reason, ticket: ticket,
                                 by: actor, check: { db, customer in
            try Self.requireNotClosed(customer, kind)
            guard let row = try db.fetchRow("SELECT * FROM devices WHERE id = ? AND customer_id = ?" + db.lockingRows,
                                            [deviceId, customerId]) else {
                throw StoreError.notFound("Device \(deviceId) of customer \(customer.walletId)")
            }
            let device = Device(row: row)
            guard device.bound else {
                throw StoreError.conflict("Device \(deviceId) (\(device.model)) is not bound to customer \(customer.walletId).")
            }
            found = device
        }) { db, target in
            guard let device = found else { throw StoreError.notFound("Device \(deviceId)") }
            try db.run("UPDATE devices SET bound = 0 WHERE id = ?", [deviceId])
            let ended = try db.run("UPDATE customer_sessions SET revoked_at = ?, revoked_by = ? WHERE device_id = ? AND revoked_at IS NULL",
                                   [now, actor.login, deviceId])
            let action = try self.recordAction(db, customerId: customerId, kind: kind, reason: target.reason, ticket: target.ticket,
                                               state: .done, by: actor,
                                               details: ["device_id": deviceId, "model": device.model, "sessions_revoked": ended])
            try self.noteOnTicket(db, target.ticket, author: actor.login,
                                  "Unbound device \(deviceId) (\(device.model), \(device.platform)); \(ended) session\(ended == 1 ? "" : "s") ended (action #\(action.id)).\nReason: \(target.reason)")
            return AuditedChange(action, before: "device=\(deviceId) bound=1", after: "device=\(deviceId) bound=0 action=\(action.id)")
        }
    }

    /// Turns two-factor verification on: the next sign-in must pass it.
    @discardableResult
    public func requireTwoFactor(customerId: Int64, reason: String, ticket: Int64? = nil, by actor: Agent) throws -> SecurityActionRecord {
        let kind = AccountSecurityAction.requireTwoFactor
        return try securityWrite(kind, "security.require_two_factor", customerId: customerId, reason: reason, ticket: ticket,
                                 by: actor, check: { _, customer in
            try Self.requireNotClosed(customer, kind)
            guard !customer.twoFactor else {
                throw StoreError.conflict("Customer \(customer.walletId) already has two-factor verification on.")
            }
        }) { db, target in
            try db.run("UPDATE customers SET two_factor = 1 WHERE id = ?", [customerId])
            let action = try self.recordAction(db, customerId: customerId, kind: kind, reason: target.reason, ticket: target.ticket,
                                               state: .done, by: actor)
            try self.noteOnTicket(db, target.ticket, author: actor.login,
                                  "Required two-factor verification (action #\(action.id)).\nReason: \(target.reason)")
            return AuditedChange(action, before: "two_factor=0", after: "two_factor=1 action=\(action.id)")
        }
    }

    // MARK: sessions

    /// The customer's app sessions, open ones first.
    public func sessions(customerId: Int64, limit: Int = 50) throws -> [CustomerSession] {
        try reading { db in
            try db.fetchRows("""
                SELECT * FROM customer_sessions WHERE customer_id = ?
                ORDER BY revoked_at IS NOT NULL, started_at DESC, id DESC LIMIT ?
                """, [customerId, limit]).map(CustomerSession.init(row:))
        }
    }

    /// When the customer was last signed out everywhere, if ever.
    public func sessionsRevokedAt(customerId: Int64) throws -> Date? {
        try reading { db in
            try db.fetchValue("SELECT sessions_revoked_at FROM customers WHERE id = ?", [customerId], as: Int64.self)
                .map(Date.init(epoch:))
        }
    }

    /// Records a sign-in from the wallet app (the backend's side; the demo and tests use
    /// it, since the support console itself never starts sessions).
    @discardableResult
    public func startSession(customerId: Int64, deviceId: Int64?) throws -> CustomerSession {
        try writing { db in
            _ = try Self.loadCustomer(db, id: customerId)
            let id = try db.insert("INSERT INTO customer_sessions (customer_id, device_id, started_at) VALUES (?, ?, ?)",
                                   [customerId, deviceId, now])
            try appendAudit(db, AuditAppend(at: now, actor: "customer", action: "session.start", entity: "customer",
                                            entityId: String(customerId), after: "session=\(id)"))
            guard let row = try db.fetchRow("SELECT * FROM customer_sessions WHERE id = ?", [id]) else {
                throw StoreError.notFound("Session \(id)")
            }
            return CustomerSession(row: row)
        }
    }

    /// Revokes every open session inside the caller's transaction; returns how many.
    @discardableResult
    func revokeAllSessions(_ db: any SQLSession, customerId: Int64, by login: String) throws -> Int {
        let count = try db.run("UPDATE customer_sessions SET revoked_at = ?, revoked_by = ? WHERE customer_id = ? AND revoked_at IS NULL",
                               [now, login, customerId])
        try db.run("UPDATE customers SET sessions_revoked_at = ? WHERE id = ?", [now, customerId])
        return count
    }

    static func requireNotClosed(_ customer: Customer, _ kind: AccountSecurityAction) throws {
        guard customer.status != .closed else {
            throw StoreError.conflict("Customer \(customer.walletId) is closed; there is no reason to \(kind.phrase).")
        }
    }
}
