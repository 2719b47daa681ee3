import Foundation
import GRDB
import SupportCore

/// Where a customer-facing message stands, for its timeline entry.
public struct DeliveryStatus: Sendable, Codable, Hashable {
    /// `delivered`: the gateway's receipt says it reached the phone or app.
    public enum State: String, Sendable, Codable { case queued, sent, delivered, failed, discarded }
    public var outboxId: Int64
    public var channel: OutboxChannel
    public var state: State
    public var attempts: Int
    public var at: Date?                 // sent, failed or discarded time
    public var messageId: String?
    public var lastError: String?
    public var nextAttemptAt: Date?

    public init(outboxId: Int64, channel: OutboxChannel, state: State, attempts: Int, at: Date? = nil,
                messageId: String? = nil, lastError: String? = nil, nextAttemptAt: Date? = nil) {
        self.outboxId = outboxId; self.channel = channel; self.state = state; self.attempts = attempts
        self.at = at; self.messageId = messageId; self.lastError = lastError; self.nextAttemptAt = nextAttemptAt
    }

    /// `sent 10:42 <paydesk.12.…@wallet.example>`, `queued (retry 2 at 10:50: …)`, `failed: …`.
    public var summary: String {
        switch state {
        case .delivered: "\(channel.rawValue) delivered \(at.map(TimeText.hm) ?? "")"
        case .sent: "\(channel.rawValue) sent \(at.map(TimeText.hm) ?? "")" + (messageId.map { " <\($0)>" } ?? "")
        case .failed: "\(channel.rawValue) failed \(at.map(TimeText.hm) ?? ""): \(lastError ?? "unknown reason")"
        case .discarded: "\(channel.rawValue) not sent (expired)"
        case .queued where attempts > 0:
            "\(channel.rawValue) queued, retry \(attempts + 1) at \(nextAttemptAt.map(TimeText.hm) ?? "once due"): \(lastError ?? "")"
        case .queued: "\(channel.rawValue) queued"
        }
    }
}

extension SupportStore {
    /// The delivery state of every outbox message tied to the ticket's timeline, by the
    /// id of the timeline entry it belongs to.
    public func deliveryStatuses(ticket number: Int64) throws -> [Int64: DeliveryStatus] {
        try read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT o.* FROM outbox o JOIN tickets t ON t.id = o.ticket_id
                 WHERE t.number = ? AND o.event_id IS NOT NULL ORDER BY o.id
                """, arguments: [number])
            var result: [Int64: DeliveryStatus] = [:]
            for row in rows {
                // A failure (given up, or the gateway's failed receipt) outranks having been sent.
                let failedAt: Int64? = row["failed_at"], receiptAt: Int64? = row["receipt_at"]
                let sentAt: Int64? = row["delivered_at"], discardedAt: Int64? = row["discarded_at"]
                let receipt: String? = row["receipt_state"]
                let state: DeliveryStatus.State
                if failedAt != nil { state = .failed }
                else if receipt == "delivered" { state = .delivered }
                else if sentAt != nil { state = .sent }
                else if discardedAt != nil { state = .discarded }
                else { state = .queued }
                let at = failedAt ?? receiptAt ?? sentAt ?? discardedAt
                let messageId: String? = row["message_id"] ?? row["provider_id"]
                result[row["event_id"]] = DeliveryStatus(
                    outboxId: row["id"], channel: OutboxChannel(rawValue: row["channel"]) ?? .email, state: state,
                    attempts: row["attempts"], at: at.map(Date.init(epoch:)), messageId: messageId,
                    lastError: row["last_error"], nextAttemptAt: (row["next_attempt_at"] as Int64?).map(Date.init(epoch:)))
            }
            return result
        }
    }
}
