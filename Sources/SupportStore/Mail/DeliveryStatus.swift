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
