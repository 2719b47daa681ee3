import Foundation
import GRDB
import SupportCore

// The checker's side of maker-checker. The four-eyes rule is enforced here (and again by
// a CHECK constraint), never only in the console: a refusal is audited like any other.
extension StoreEngine {
    /// Requests in a state (waiting ones by default), oldest first so the queue is fair.
    public func approvals(state: SecurityActionState? = .pendingApproval, limit: Int = 200) throws -> [SecurityActionRecord] {
        try reading { db in
            var sql = SecurityActionRecord.select + " WHERE s.state != 'done'"
            var args: SQLArguments = []
            if let state { sql += " AND s.state = ?"; args.append(state.rawValue) }
            sql += " ORDER BY s.requested_at, s.id LIMIT ?"
            args.append(limit)
            return try db.fetchRows(sql, args).map(SecurityActionRecord.init(row:))
        }
    }

    public func securityAction(id: Int64) throws -> SecurityActionRecord {
        try reading { db in try SecurityActionRecord.load(db, id: id) }
    }

    /// Approves a waiting request and applies its effect in the same transaction; the
    /// outcome lands on the linked ticket's timeline.
    @discardableResult
    public func approve(requestId: Int64, reason: String, by actor: Agent) throws -> SecurityActionRecord {
        try decide(requestId: requestId, approve: true, reason: reason, by: actor)
    }

    /// Turns a waiting request down; nothing about the account changes.
    @discardableResult
    public func reject(requestId: Int64, reason: String, by actor: Agent) throws -> SecurityActionRecord {
        try decide(requestId: requestId, approve: false, reason: reason, by: actor)
    }

    private func decide(requestId: Int64, approve: Bool, reason: String, by actor: Agent) throws -> SecurityActionRecord {
        let verb = approve ? "approve" : "reject"
        let reason = try Self.requireReason(reason, to: "\(verb) a request")
        return try auditedWriting(by: actor, "security.\(verb)", entity: "security_action", id: String(requestId)) { db in
            let request = try SecurityActionRecord.load(db, id: requestId)
            guard request.state != .done else {
                throw StoreError.conflict("#\(requestId) (\(request.kind.rawValue)) was an action taken at once, not a request waiting for approval.")
            }
            do {
                try MakerChecker.check(requester: request.requestedBy, approver: actor.login, approverRole: actor.role)
            } catch {
                throw StoreError.forbidden("Request #\(requestId): \(error).")
            }
            try Self.requirePermission(actor, .approveRequests)
            guard request.state == .pendingApproval else {
                let by = request.decidedBy.map { " by \($0)" } ?? ""
                let at = request.decidedAt.map { " at \(TimeText.clock($0))" } ?? ""
                throw StoreError.conflict("Request #\(requestId) was already \(request.state.rawValue)\(by)\(at).")
            }
            // The decision is a compare-and-set on the state, taken before the effect: of two
            // supervisors deciding at once (on two service instances), the second waits on
            // the first's row lock, finds the request decided and changes nothing.
            let decided = try db.run("""
                UPDATE security_actions SET state = ?, decided_by = ?, decided_at = ?, decision_reason = ?
                WHERE id = ? AND state = 'pending_approval'
                """, [approve ? "approved" : "rejected", actor.login, now, reason, requestId])
            guard decided == 1 else { throw StoreError.conflict("Request #\(requestId) was decided by someone else just now.") }
            let effect = approve ? try self.applyEffect(db, of: request, by: actor) : "nothing changed"
            let ticket = try request.ticketNumber.map { try Self.loadTicket(db, number: $0) }
            let outcome = approve ? "Approved" : "Rejected"
            try self.noteOnTicket(db, ticket, kind: .approval, author: actor.login,
                                  "\(outcome) request #\(requestId) to \(request.kind.phrase) (asked by \(request.requestedBy)): \(effect).\nReason: \(reason)")
            return AuditedChange(try SecurityActionRecord.load(db, id: requestId), before: "state=pending_approval",
                                 after: "state=\(approve ? "approved" : "rejected") kind=\(request.kind.rawValue) customer=\(request.customerId)",
                                 reason: reason)
        }
    }

    /// The change an approved request makes, re-checked against the account as it is now:
    /// the balance may have moved, or someone may have closed the account meanwhile.
    /// Returns a short phrase for the timeline.
    private func applyEffect(_ db: any SQLSession, of request: SecurityActionRecord, by actor: Agent) throws -> String {
        let customer = try Self.lockCustomer(db, id: request.customerId)
        switch request.kind {
        case .unfreeze:
            guard customer.status == .frozen else {
                throw StoreError.conflict("Request #\(request.id) cannot be approved: customer \(customer.walletId) is now \(Self.statusSentence(customer)); reject it instead.")
            }
            try setCustomerStatus(db, customerId: customer.id, to: .active,
                                  reason: "unfrozen on request #\(request.id): \(request.reason)", by: actor.login)
            return "account unfrozen"
        case .closeAccount:
            guard customer.status != .closed else {
                throw StoreError.conflict("Request #\(request.id) cannot be approved: customer \(customer.walletId) is already closed; reject it instead.")
            }
            try Self.requireZeroBalance(customer)
            try setCustomerStatus(db, customerId: customer.id, to: .closed,
                                  reason: "closed on request #\(request.id): \(request.reason)", by: actor.login)
            try revokeAllSessions(db, customerId: customer.id, by: actor.login)
            return "account closed"
        case .refundDispute:
            return try refundDispute(db, request: request, customer: customer, by: actor)
        default:
            throw StoreError.conflict("Request #\(request.id) (\(request.kind.rawValue)) is not an approval request.")
        }
    }
}
