import Foundation
import GRDB
import SupportCore

public enum OutboxChannel: String, Sendable, Codable, CaseIterable {
    case sms, email
    /// The wallet app's in-app chat and the social-media inbox: each reached through its
    /// HTTP gateway, addressed by the customer's wallet id (the gateway knows the handle).
    case chat, social

    /// Where replies on a ticket of this intake channel go back to.
    public init(replyingTo channel: Channel) {
        switch channel {
        case .phone: self = .sms
        case .appChat: self = .chat
        case .social: self = .social
        case .web, .email: self = .email
        }
    }

    /// The intake channel a gateway's inbound messages arrive on (nil for email, which
    /// arrives through the mail system).
    public var intakeChannel: Channel? {
        switch self {
        case .sms: .phone
        case .chat: .appChat
        case .social: .social
        case .email: nil
        }
    }

    public static let gatewayChannels: [OutboxChannel] = [.sms, .chat, .social]
}

/// A message to the customer as listings show it: destination masked and any code
/// replaced by bullets. The plain body never leaves the store except through a drain.
public struct OutboxMessage: Sendable, Codable, Hashable, Identifiable {
    /// `pending`: queued or waiting for a retry; `delivered`: handed to the mail system,
    /// gateway or folder; `failed`: given up on until a supervisor retries it.
    public enum State: String, Sendable, Codable { case pending, delivered, failed, discarded }

    public var id: Int64
    public var customerId: Int64
    public var channel: OutboxChannel
    public var destination: String
    public var subject: String?
    public var body: String
    public var createdAt: Date
    public var deliveredAt: Date?
    public var discardedAt: Date?
    public var containsCode: Bool
    public var failedAt: Date? = nil
    public var lastError: String? = nil
    public var attempts: Int = 0
    /// The gateway's delivery receipt, when one came: `delivered` or `failed`.
    public var receipt: String? = nil
    public var ticket: Int64? = nil

    public var state: State {
        deliveredAt != nil ? .delivered : discardedAt != nil ? .discarded : failedAt != nil ? .failed : .pending
    }
}

public struct OutboxDrainReport: Sendable, Codable, Hashable {
    public struct File: Sendable, Codable, Hashable {
        public var messageId: Int64
        public var path: String
    }
    public var delivered: [File]
    /// Code messages that expired before delivery: never sent, body redacted.
    public var discarded: [Int64]
}

// Dropping and wiping a message, on either store (delivery and codes run on both).
extension StoreEngine {
    /// Drops an undelivered message: marked discarded, body redacted, sealed body wiped.
    func discardMessage(_ session: any SQLSession, id: Int64, body: String, why: String) throws {
        try Self.scrubbing(session) {
            try session.run("UPDATE outbox SET discarded_at = ?, body = ?, sealed_body = NULL WHERE id = ?",
                            [now, OneTimeCode.redact(body), id])
        }
        try appendAudit(session, AuditAppend(at: now, actor: "system", action: "outbox.discard", entity: "outbox",
                                             entityId: String(id), reason: why))
    }

    /// Runs `body` with SQLite's secure_delete on, so the bytes of an overwritten body are
    /// zeroed in the page instead of lingering in free space, then restores the setting.
    /// PostgreSQL has no such switch: the old row version stays in the table's file until
    /// VACUUM reclaims it (autovacuum, or `VACUUM outbox` after sending codes).
    static func scrubbing(_ session: any SQLSession, _ body: () throws -> Void) throws {
        guard session.dialect == .sqlite else { return try body() }
        let previous = try session.fetchValue("PRAGMA secure_delete", as: Int.self) ?? 0
        try session.run("PRAGMA secure_delete = ON", [])
        defer { _ = try? session.run("PRAGMA secure_delete = \(previous)", []) }
        try body()
    }
}

extension StoreEngine {
    /// The outbox, newest first, safe to show anyone: masked destinations, redacted bodies.
    public func outboxList(pendingOnly: Bool = false, limit: Int = 100) throws -> [OutboxMessage] {
        try outboxList(pendingOnly: pendingOnly, failedOnly: false, limit: limit)
    }

    func outboxList(pendingOnly: Bool = false, failedOnly: Bool, limit: Int) throws -> [OutboxMessage] {
        try reading { db in
            // A failed message is not pending: nothing will send it until a supervisor retries it.
            let filter = failedOnly ? "WHERE failed_at IS NOT NULL AND discarded_at IS NULL"
                : pendingOnly ? "WHERE delivered_at IS NULL AND discarded_at IS NULL AND failed_at IS NULL" : ""
            let order = failedOnly ? "failed_at DESC, id DESC" : "id DESC"
            return try db.fetchRows("""
                SELECT o.*, (SELECT number FROM tickets WHERE id = o.ticket_id) AS ticket_number
                  FROM outbox o \(filter) ORDER BY \(order) LIMIT ?
                """, [limit]).map { row in
                let channel = OutboxChannel(rawValue: row["channel"]) ?? .sms
                let to: String = row["destination"]
                return OutboxMessage(id: row["id"], customerId: row["customer_id"], channel: channel,
                                     destination: SupportStore.maskedDestination(channel, to),
                                     subject: row["subject"], body: OneTimeCode.redact(row["body"]),
                                     createdAt: Date(epoch: row["created_at"]),
                                     deliveredAt: (row["delivered_at"] as Int64?).map(Date.init(epoch:)),
                                     discardedAt: (row["discarded_at"] as Int64?).map(Date.init(epoch:)),
                                     containsCode: row["contains_code"],
                                     failedAt: (row["failed_at"] as Int64?).map(Date.init(epoch:)),
                                     lastError: row["last_error"], attempts: row["attempts"], receipt: row["receipt_state"],
                                     ticket: row["ticket_number"])
            }
        }
    }

    /// Hands every pending message to delivery as files: one per message (owner-only) in
    /// `directory` — the stand-in for a channel without a gateway. It is the same delivery
    /// pass as `deliver` (claim, send, mark, body redacted so no code outlives its delivery
    /// at rest), with the folder as the way out for every channel. Only an admin drains.
    @discardableResult
    public func drainOutbox(to directory: String, by actor: Agent) throws -> OutboxDrainReport {
        let report = try deliver(DeliveryOptions(folder: directory), by: actor, action: "outbox.drain")
        return OutboxDrainReport(delivered: report.files, discarded: report.discarded)
    }

}

extension SupportStore {
    /// Writes one message as `outbox-000012-sms.txt` in the folder (owner-only) and
    /// returns the path.
    static func writeOutboxFile(_ row: Row, body: String, in directory: String) throws -> String {
        let id: Int64 = row["id"]
        let channel: String = row["channel"]
        let number = String(id)
        let name = "outbox-" + String(repeating: "0", count: max(0, 6 - number.count)) + number + "-\(channel).txt"
        let planned = URL(fileURLWithPath: directory).appendingPathComponent(name).path
        var text = "To: \(row["destination"] as String)\nChannel: \(channel)\n"
        if let subject: String = row["subject"] { text += "Subject: \(subject)\n" }
        text += "Date: \(TimeText.iso8601(Date(epoch: row["created_at"])))\n\n\(body)\n"
        return try writePrivateFile(planned, text)
    }

    /// Phones and addresses are masked; a wallet id (chat, social) is not contact data.
    static func maskedDestination(_ channel: OutboxChannel, _ to: String) -> String {
        switch channel {
        case .sms: MaskedPhone(to).description
        case .email: MaskedEmail(to).description
        case .chat, .social: to
        }
    }

    /// The delivery folder: created owner-only, and if it exists it must be a real folder
    /// of this user that others cannot write into, or a planted file could be waiting.
    static func prepareDirectory(_ directory: String) throws {
        var info = stat()
        if lstat(directory, &info) == 0 {
            guard (info.st_mode & S_IFMT) == S_IFDIR else { throw StoreError.invalid("\(directory) is not a directory.") }
            guard info.st_uid == geteuid(), info.st_mode & 0o022 == 0 || (FileModes.process.groupShared && info.st_mode & 0o002 == 0) else {
                throw StoreError.forbidden("\(directory) is not owned by you or others can write into it; deliver into a folder only you control.")
            }
            return
        }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw StoreError(.other, "Cannot create the outbox folder \(directory): \(error.localizedDescription).")
        }
    }

    /// Writes a new file only its owner can read, and returns where. O_EXCL|O_NOFOLLOW
    /// never write into something already there — a planted file, link or device node.
    /// A file left by a drain that failed before committing keeps its name; the message
    /// goes to `NAME.2.txt` and so on (delivery is at least once).
    static func writePrivateFile(_ path: String, _ text: String) throws -> String {
        let base = (path as NSString).deletingPathExtension
        for attempt in 1...20 {
            let candidate = attempt == 1 ? path : "\(base).\(attempt).txt"
            do {
                try PrivateFile.write(Data(text.utf8), to: candidate, mode: 0o600)
                return candidate
            } catch let failure as PrivateFile.Failure where failure.code == EEXIST {
                continue
            } catch {
                throw StoreError(.other, "Cannot write \(candidate): \(error); nothing was marked delivered.")
            }
        }
        throw StoreError(.other, "Cannot write \(path): twenty files of that name already exist; nothing was marked delivered.")
    }
}
