import Foundation
import GRDB
import SupportCore

// Reviewing activity after a compromise: flag transactions the customer does not
// recognise, dispute one, or open a stolen-account appeal with the time of compromise
// and the suspicious transactions. Refunding a dispute moves money, so it is a
// maker-checker request (applied in ApprovalService via `refundDispute`).
extension SupportStore {
    /// Disputes and appeals must be answered within this many days (recorded as a deadline).
    public static let disputeDeadlineDays: Int64 = 14
}

extension StoreEngine {
    /// A transaction by its reference, as typed or in capitals (references are stored in
    /// capitals): two lookups on the unique index. `= ? COLLATE NOCASE` could not use that
    /// index and read every transaction — at 10M rows about 280 ms inside the write lock of
    /// every attach, flag and dispute.
    static var transactionByReference: String { "SELECT * FROM transactions WHERE reference = ?" }

    /// `locking`: the row stays locked for the rest of the transaction (`lockingRows`), for
    /// a write that checks the transaction and then changes it.
    static func loadTransaction(_ db: any SQLSession, reference: String, locking: Bool = false) throws -> Transaction {
        let ref = reference.trimmingCharacters(in: .whitespaces)
        for candidate in Set([ref, ref.uppercased()]) {
            if let row = try db.fetchRow(transactionByReference + (locking ? db.lockingRows : ""), [candidate]) {
                return Transaction(row: row)
            }
        }
        throw StoreError.notFound("Transaction \(ref)")
    }

    static func loadDispute(_ db: any SQLSession, id: Int64) throws -> Dispute {
        guard let row = try db.fetchRow(Dispute.select + " WHERE d.id = ?", [id]) else {
            throw StoreError.notFound("Dispute \(id)")
        }
        return Dispute(row: row)
    }

    public func disputes(customerId: Int64) throws -> [Dispute] {
        try reading { db in
            try db.fetchRows(Dispute.select + " WHERE d.customer_id = ? ORDER BY d.opened_at DESC, d.id DESC",
                             [customerId]).map(Dispute.init(row:))
        }
    }

    /// The open dispute on a transaction, if there is one.
    public func activeDispute(reference: String) throws -> Dispute? {
        try reading { db in
            let tx = try Self.loadTransaction(db, reference: reference)
            return try db.fetchRow(Dispute.select + " WHERE d.transaction_id = ? AND d.state = 'open'",
                                   [tx.id]).map(Dispute.init(row:))
        }
    }

    /// Marks a transaction as suspicious, for review and for the `flagged:yes` filter.
    @discardableResult
    public func flagTransaction(reference: String, reason: String, ticket: Int64? = nil, by actor: Agent) throws -> SecurityActionRecord {
        let kind = AccountSecurityAction.flagTransaction
        return try transactionSecurityWrite(kind, "transaction.flag", reference: reference, reason: reason, ticket: ticket,
                                            by: actor, check: { _, tx in
            guard !tx.flagged else { throw StoreError.conflict("Transaction \(tx.reference) is already flagged.") }
        }) { db, tx, target in
            let (linked, reason) = (target.ticket, target.reason)
            try db.run("UPDATE transactions SET flagged = 1 WHERE id = ?", [tx.id])
            let money = Money.signed(tx)
            let action = try self.recordAction(db, customerId: tx.customerId, kind: kind, reason: reason, ticket: linked,
                                               state: .done, by: actor, details: ["reference": tx.reference, "amount": tx.amount])
            try self.noteOnTicket(db, linked, author: actor.login,
                                  "Flagged transaction \(tx.reference) (\(tx.type.rawValue) \(money), \(TimeText.clock(tx.at))) as suspicious (action #\(action.id)).\nReason: \(reason)")
            return AuditedChange(action, before: "flagged=0", after: "flagged=1 action=\(action.id)")
        }
    }

    /// Opens a dispute on money that left the wallet, with a deadline for the answer.
    @discardableResult
    public func openDispute(reference: String, reason: String, ticket: Int64? = nil, by actor: Agent) throws -> Dispute {
        let kind = AccountSecurityAction.openDispute
        return try transactionSecurityWrite(kind, "dispute.open", reference: reference, reason: reason, ticket: ticket,
                                            by: actor, check: { db, tx in
            guard !tx.type.isCredit else {
                throw StoreError.invalid("\(tx.reference) is a \(tx.type.rawValue), money into the wallet; only money that left it can be disputed.")
            }
            switch tx.status {
            case .failed: throw StoreError.conflict("\(tx.reference) failed, so no money moved; there is nothing to dispute.")
            case .reversed: throw StoreError.conflict("\(tx.reference) was already reversed; the money is back in the wallet.")
            case .success, .pending: break
            }
            if let prior = try db.fetchRow("SELECT id, state FROM disputes WHERE transaction_id = ? AND state IN ('open','refunded')",
                                           [tx.id]) {
                let state: String = prior["state"]
                throw StoreError.conflict("\(tx.reference) already has dispute \(prior["id"] as Int64) (\(state)).")
            }
        }) { db, tx, target in
            let (linked, reason) = (target.ticket, target.reason)
            let deadline = now + SupportStore.disputeDeadlineDays * 86_400
            let disputeId = try db.insert("""
                INSERT INTO disputes (customer_id, transaction_id, ticket_id, kind, reason, opened_by, opened_at, deadline_at, state)
                VALUES (?, ?, ?, 'dispute', ?, ?, ?, ?, 'open')
                """, [tx.customerId, tx.id, linked?.id, reason, actor.login, now, deadline])
            let action = try self.recordAction(db, customerId: tx.customerId, kind: kind, reason: reason, ticket: linked,
                                               disputeId: disputeId, state: .done, by: actor,
                                               details: ["reference": tx.reference, "amount": tx.amount, "deadline_at": deadline])
            try self.noteOnTicket(db, linked, author: actor.login,
                                  "Opened dispute \(disputeId) on \(tx.reference) (\(Money.signed(tx)), \(tx.counterparty)); answer due by \(TimeText.day(Date(epoch: deadline))) (action #\(action.id)).\nReason: \(reason)")
            return AuditedChange(try Self.loadDispute(db, id: disputeId), after: "dispute=\(disputeId) deadline=\(deadline)")
        }
    }

    /// Opens a stolen-account appeal: when the account was taken over and which
    /// transactions the customer does not recognise (each must be theirs).
    @discardableResult
    public func openAppeal(customerId: Int64, timeOfCompromise: Date, suspiciousReferences: [String], reason: String,
                           ticket: Int64? = nil, by actor: Agent) throws -> Dispute {
        var references: [String] = []
        return try securityWrite(.openAppeal, "appeal.open", customerId: customerId, reason: reason, ticket: ticket, by: actor,
                                 check: { db, customer in
            guard timeOfCompromise.epoch <= now else {
                throw StoreError.invalid("The time of compromise \(TimeText.clock(timeOfCompromise)) is in the future.")
            }
            for ref in suspiciousReferences {
                let tx = try Self.loadTransaction(db, reference: ref)
                guard tx.customerId == customerId else {
                    throw StoreError.invalid("\(tx.reference) belongs to another customer, not \(customer.walletId).")
                }
                if !references.contains(tx.reference) { references.append(tx.reference) }
            }
            if let open = try db.fetchValue("SELECT id FROM disputes WHERE customer_id = ? AND kind = 'appeal' AND state = 'open'",
                                            [customerId], as: Int64.self) {
                throw StoreError.conflict("Customer \(customer.walletId) already has an open appeal (\(open)); add to it on its ticket.")
            }
        }) { db, target in
            let (kind, linked, reason) = (AccountSecurityAction.openAppeal, target.ticket, target.reason)
            let deadline = now + SupportStore.disputeDeadlineDays * 86_400
            let appealId = try db.insert("""
                INSERT INTO disputes (customer_id, transaction_id, ticket_id, kind, reason, opened_by, opened_at, deadline_at, state,
                                      compromised_at, details)
                VALUES (?, NULL, ?, 'appeal', ?, ?, ?, ?, 'open', ?, ?)
                """, [customerId, linked?.id, reason, actor.login, now, deadline, timeOfCompromise.epoch,
                      DetailsJSON.encode(["suspicious_references": references])])
            let action = try self.recordAction(db, customerId: customerId, kind: kind, reason: reason, ticket: linked,
                                               disputeId: appealId, state: .done, by: actor,
                                               details: ["compromised_at": timeOfCompromise.epoch, "suspicious_references": references])
            let list = references.isEmpty ? "none named" : references.joined(separator: ", ")
            try self.noteOnTicket(db, linked, author: actor.login,
                                  "Opened stolen-account appeal \(appealId): compromised around \(TimeText.clock(timeOfCompromise)); suspicious transactions: \(list); answer due by \(TimeText.day(Date(epoch: deadline))) (action #\(action.id)).\nReason: \(reason)")
            return AuditedChange(try Self.loadDispute(db, id: appealId),
                                 after: "appeal=\(appealId) compromised_at=\(timeOfCompromise.epoch) suspicious=\(references.joined(separator: ","))")
        }
    }

    /// Asks for a disputed transaction's amount to be refunded; a supervisor other than
    /// the requester approves. Without a ticket, the dispute's own ticket is used.
    @discardableResult
    public func requestDisputeRefund(disputeId: Int64, reason: String, ticket: Int64? = nil, by actor: Agent) throws -> SecurityActionRecord {
        let kind = AccountSecurityAction.refundDispute
        let reason = try Self.requireReason(reason, to: kind.phrase)
        // A refusal names the dispute asked about; the request's record names its customer.
        return try auditedWriting(by: actor, "security.request_refund_dispute", entity: "dispute", id: String(disputeId)) { db in
            try Self.requirePermission(actor, kind.permission)
            let dispute = try Self.loadDispute(db, id: disputeId)
            guard dispute.kind == .dispute, let reference = dispute.reference else {
                throw StoreError.invalid("\(disputeId) is an appeal; refunds are requested per disputed transaction.")
            }
            guard dispute.state == .open else { throw StoreError.conflict("Dispute \(disputeId) is already \(dispute.state.rawValue).") }
            let customer = try Self.lockCustomer(db, id: dispute.customerId)
            try Self.requireNotClosed(customer, kind)
            let tx = try Self.loadTransaction(db, reference: reference)
            try Self.refuseWaitingRequest(db, customerId: customer.id, kind: kind, disputeId: disputeId)
            let linked = try Self.linkedTicket(db, number: ticket ?? dispute.ticketNumber, customerId: customer.id)
            return try self.fileRequest(db, customer: customer, kind: kind, reason: reason, linked: linked,
                                        disputeId: disputeId, details: ["reference": tx.reference, "amount": tx.amount], by: actor)
        }
    }

    /// The same, naming the transaction: its open dispute is the one refunded.
    @discardableResult
    public func requestDisputeRefund(reference: String, reason: String, ticket: Int64? = nil, by actor: Agent) throws -> SecurityActionRecord {
        let dispute = try reading { db -> Int64? in
            let tx = try Self.loadTransaction(db, reference: reference)
            return try db.fetchValue("SELECT id FROM disputes WHERE transaction_id = ? AND state = 'open'", [tx.id], as: Int64.self)
        }
        guard let dispute else {
            throw StoreError.conflict("\(reference) has no open dispute; open one first (`paydesk tx dispute \(reference)`).")
        }
        return try requestDisputeRefund(disputeId: dispute, reason: reason, ticket: ticket, by: actor)
    }

    /// The approved refund: a `refund` transaction credits the wallet and the dispute is
    /// settled. Called inside the approval's transaction; returns the timeline phrase.
    func refundDispute(_ db: any SQLSession, request: SecurityActionRecord, customer: Customer, by actor: Agent) throws -> String {
        guard let disputeId = request.disputeId else {
            throw StoreError.conflict("Request #\(request.id) names no dispute; reject it instead.")
        }
        let dispute = try Self.loadDispute(db, id: disputeId)
        guard dispute.state == .open, let reference = dispute.reference else {
            throw StoreError.conflict("Request #\(request.id) cannot be approved: dispute \(disputeId) is \(dispute.state.rawValue); reject it instead.")
        }
        try Self.requireNotClosed(customer, .refundDispute)
        let tx = try Self.loadTransaction(db, reference: reference)
        let refundRef = "RF-" + tx.reference
        try db.run("""
            INSERT INTO transactions (reference, customer_id, type, status, amount, currency, counterparty, channel, at, flagged)
            VALUES (?, ?, 'refund', 'success', ?, ?, ?, 'support', ?, 0)
            """, [refundRef, customer.id, tx.amount, tx.currency, tx.counterparty, now])
        try db.run("UPDATE customers SET balance = balance + ? WHERE id = ?", [tx.amount, customer.id])
        try db.run("UPDATE disputes SET state = 'refunded' WHERE id = ?", [disputeId])
        return "\(Money.format(tx.amount, currency: tx.currency)) refunded to the wallet as \(refundRef)"
    }
}
