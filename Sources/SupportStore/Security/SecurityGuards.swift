import Foundation
import GRDB
import SupportCore

// The checks and bookkeeping every security service shares: a reason, a role, the
// customer, the linked ticket, the `security_actions` row and the timeline entry. Each
// is called inside the service's one transaction, on either store.
extension StoreEngine {
    /// Reasons are the audit trail's "why"; an empty one is a usage error, caught before
    /// any transaction starts.
    static func requireReason(_ reason: String, to phrase: String) throws -> String {
        let text = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw StoreError.invalid("A reason is required to \(phrase).") }
        guard text.utf8.count <= 2_000 else { throw StoreError.invalid("The reason is longer than 2,000 bytes.") }
        return text
    }

    /// Role check inside the transaction, so a refusal goes through `audited` and is
    /// itself recorded. A disabled agent holds no permission at all.
    static func requirePermission(_ actor: Agent, _ permission: Permission) throws {
        do {
            try actor.require(permission)
        } catch {
            throw StoreError.forbidden("\(actor.login) (\(actor.role.rawValue)) may not \(permission.phrase).")
        }
    }

    /// The ticket an action is recorded on. It must be about the same customer: a
    /// freeze noted on a stranger's ticket would mislead whoever reads it later.
    static func linkedTicket(_ db: any SQLSession, number: Int64?, customerId: Int64) throws -> Ticket? {
        guard let number else { return nil }
        let ticket = try loadTicket(db, number: number)
        guard ticket.customerId == customerId else {
            throw StoreError.invalid("\(TicketNumber.format(number)) is about another customer; link the action to this customer's ticket.")
        }
        return ticket
    }

    /// Inserts the `security_actions` row and returns it as the caller will report it.
    func recordAction(_ db: any SQLSession, customerId: Int64, kind: AccountSecurityAction, reason: String,
                      ticket: Ticket?, disputeId: Int64? = nil, state: SecurityActionState, by actor: Agent,
                      details: [String: Any]? = nil) throws -> SecurityActionRecord {
        let id = try db.insert("""
            INSERT INTO security_actions (customer_id, kind, reason, ticket_id, dispute_id, requested_by, requested_at,
                                          state, details)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [customerId, kind.rawValue, reason, ticket?.id, disputeId, actor.login, now, state.rawValue,
                  details.map(DetailsJSON.encode)])
        return try SecurityActionRecord.load(db, id: id)
    }

    /// Puts the action on the ticket's timeline and bumps the ticket's version, so that
    /// every console with the ticket open re-reads it and a stale edit is refused.
    func noteOnTicket(_ db: any SQLSession, _ ticket: Ticket?, kind: TicketEventKind = .securityAction,
                      author: String, _ body: String) throws {
        guard let ticket else { return }
        try Self.appendEvent(db, ticketId: ticket.id, kind: kind, author: author, body: body, at: now)
        try db.run("UPDATE tickets SET version = version + 1, updated_at = ?, updated_by = ? WHERE id = ?",
                   [now, author, ticket.id])
    }

    /// The customer, locked for the rest of the transaction: every security write on an
    /// account checks its state and then changes it, and two service instances must not
    /// both pass the check (SQLite's one writer gives this by itself).
    static func lockCustomer(_ db: any SQLSession, id: Int64) throws -> Customer {
        guard let row = try db.fetchRow("SELECT * FROM customers WHERE id = ?" + db.lockingRows, [id]) else {
            throw StoreError.notFound("Customer \(id)")
        }
        return Customer(row: row)
    }

    /// Sets the account status with who, when and why, as the account pane shows it.
    func setCustomerStatus(_ db: any SQLSession, customerId: Int64, to status: CustomerStatus, reason: String,
                           by login: String) throws {
        try db.run("""
            UPDATE customers SET status = ?, status_reason = ?, status_changed_by = ?, status_changed_at = ?
            WHERE id = ?
            """, [status.rawValue, reason, login, now, customerId])
    }

    /// "frozen by sari at 2026-11-25 10:00 (suspected takeover)": for refusals that
    /// explain the state the account is already in.
    static func statusSentence(_ c: Customer) -> String {
        var text = c.status.rawValue
        if let by = c.statusChangedBy { text += " by \(by)" }
        if let at = c.statusChangedAt { text += " at \(TimeText.clock(at))" }
        if let why = c.statusReason, !why.isEmpty { text += " (\(why))" }
        return text
    }

    /// A waiting request of this kind for the customer (and dispute), if any.
    static func pendingRequest(_ db: any SQLSession, customerId: Int64, kind: AccountSecurityAction,
                               disputeId: Int64? = nil) throws -> SecurityActionRecord? {
        try db.fetchRow(SecurityActionRecord.select + """
             WHERE s.customer_id = ? AND s.kind = ? AND s.state = 'pending_approval' AND coalesce(s.dispute_id, 0) = ?
            """, [customerId, kind.rawValue, disputeId ?? 0]).map(SecurityActionRecord.init(row:))
    }

    static func alreadyRequested(_ request: SecurityActionRecord) -> StoreError {
        StoreError.conflict("Request #\(request.id) to \(request.kind.phrase) is already waiting for approval (asked by \(request.requestedBy) at \(TimeText.clock(request.requestedAt))).")
    }
}
