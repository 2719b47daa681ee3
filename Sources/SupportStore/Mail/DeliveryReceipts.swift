import Foundation
import GRDB
import SupportCore

/// A gateway's word on a message it accepted: it reached the phone or app, or it did not.
public struct DeliveryReceipt: Sendable, Codable, Hashable {
    public enum Outcome: String, Sendable, Codable { case delivered, failed }
    /// The idempotency key the message was sent with (`12`, or `12-r1` after a retry).
    public var id: String
    public var status: Outcome
    public var reason: String?

    public init(id: String, status: Outcome, reason: String? = nil) {
        self.id = id; self.status = status; self.reason = reason
    }

    /// The outbox id inside the key.
    public var outboxId: Int64? { Int64(id.split(separator: "-").first ?? "") }
}

extension StoreEngine {
    /// Records a receipt from the gateway of `channel` (which the service has already
    /// authenticated by its signature). A receipt for another channel's message is not
    /// found: one gateway's secret must not move another's messages. Repeating a receipt
    /// changes nothing. A receipt that arrives before the message was marked sent (a
    /// crash between sending and marking) marks it, so it is not sent again. Returns the
    /// message's ticket number, for live updates.
    @discardableResult
    public func recordReceipt(_ receipt: DeliveryReceipt, channel: OutboxChannel) throws -> Int64? {
        guard let id = receipt.outboxId else { throw StoreError.invalid("Receipt id \(receipt.id) is not an outbox id.") }
        // A reason is shown on the ticket: one line, no control characters, not a novel.
        let reason = receipt.reason.map { String(String($0.unicodeScalars.filter { !CharacterSet.controlCharacters.contains($0) }).prefix(300)) }
        return try writing { db -> Int64? in
            guard let row = try db.fetchRow("""
                SELECT o.*, t.number FROM outbox o LEFT JOIN tickets t ON t.id = o.ticket_id WHERE o.id = ? AND o.channel = ?
                """, [id, channel.rawValue]) else {
                throw StoreError.notFound("\(channel.rawValue) message \(id) in the outbox")
            }
            let number: Int64? = row["number"]
            guard row["receipt_state"] as String? != receipt.status.rawValue, row["discarded_at"] == nil else { return number }
            switch receipt.status {
            case .delivered:
                try db.run("""
                    UPDATE outbox SET receipt_state = 'delivered', receipt_at = ?, delivered_at = COALESCE(delivered_at, ?),
                           claimed_until = NULL, failed_at = NULL WHERE id = ?
                    """, [now, now, id])
            case .failed:
                try db.run("""
                    UPDATE outbox SET receipt_state = 'failed', receipt_at = ?, failed_at = ?, claimed_until = NULL,
                           last_error = ? WHERE id = ?
                    """, [now, now, "gateway: " + (reason ?? "not delivered"), id])
            }
            try appendAudit(db, AuditAppend(at: now, actor: "gateway:\(channel.rawValue)", action: "outbox.receipt", entity: "outbox",
                                            entityId: String(id), after: receipt.status.rawValue, reason: reason))
            return number
        }
    }

    /// Messages given up on, newest first, for the supervisor's delivery-failures list:
    /// masked like every listing, each with its reason and ticket. Supervisors and admins:
    /// they are the ones who retry.
    public func deliveryFailures(limit: Int = 100, by actor: Agent) throws -> [OutboxMessage] {
        guard actor.active, actor.role != .agent else {
            let reason = "\(actor.login) (\(actor.role.rawValue)) may not list delivery failures; a supervisor does."
            try? recordRefusal(actor: actor.login, action: "outbox.failures", entity: "outbox", entityId: "failed", reason: reason)
            throw StoreError.forbidden(reason)
        }
        return try outboxList(failedOnly: true, limit: limit)
    }
}
