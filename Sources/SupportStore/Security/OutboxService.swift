import Foundation
import GRDB
import SupportCore

public enum OutboxChannel: String, Sendable, Codable, CaseIterable {
    case sms, email
}

/// A message to the customer as listings show it: destination masked and any code
/// replaced by bullets. The plain body never leaves the store except through a drain.
public struct OutboxMessage: Sendable, Codable, Hashable, Identifiable {
    public enum State: String, Sendable, Codable { case pending, delivered, discarded }

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

    public var state: State { deliveredAt != nil ? .delivered : discardedAt != nil ? .discarded : .pending }
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

extension SupportStore {
    /// Queues a message inside the caller's transaction; returns its id.
    func enqueue(_ db: Database, customerId: Int64, channel: OutboxChannel, destination: String, subject: String?,
                 body: String, containsCode: Bool) throws -> Int64 {
        try db.execute(sql: """
            INSERT INTO outbox (customer_id, channel, destination, subject, body, created_at, contains_code)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """, arguments: [customerId, channel.rawValue, destination, subject, body, now, containsCode])
        return db.lastInsertedRowID
    }

    /// The outbox, newest first, safe to show anyone: masked destinations, redacted bodies.
    public func outboxList(pendingOnly: Bool = false, limit: Int = 100) throws -> [OutboxMessage] {
        try read { db in
            let filter = pendingOnly ? "WHERE delivered_at IS NULL AND discarded_at IS NULL" : ""
            return try Row.fetchAll(db, sql: "SELECT * FROM outbox \(filter) ORDER BY id DESC LIMIT ?", arguments: [limit]).map { row in
                let channel = OutboxChannel(rawValue: row["channel"]) ?? .sms
                let to: String = row["destination"]
                return OutboxMessage(id: row["id"], customerId: row["customer_id"], channel: channel,
                                     destination: channel == .sms ? MaskedPhone(to).description : MaskedEmail(to).description,
                                     subject: row["subject"], body: OneTimeCode.redact(row["body"]),
                                     createdAt: Date(epoch: row["created_at"]),
                                     deliveredAt: (row["delivered_at"] as Int64?).map(Date.init(epoch:)),
                                     discardedAt: (row["discarded_at"] as Int64?).map(Date.init(epoch:)),
                                     containsCode: row["contains_code"])
            }
        }
    }

    /// Hands every pending message to delivery: one file per message (owner-only) in
    /// `directory`, then the message is marked delivered and its body in the database is
    /// replaced by the redacted form, so no code outlives its delivery at rest. Only an
    /// admin (the operator running delivery) may drain: it is the one way to read a code.
    @discardableResult
    public func drainOutbox(to directory: String, by actor: Agent) throws -> OutboxDrainReport {
        let report = try audited(by: actor, action: "outbox.drain", entity: "outbox", entityId: directory) { db in
            guard actor.active, actor.role == .admin else {
                throw StoreError.forbidden("\(actor.login) (\(actor.role.rawValue)) may not drain the outbox; only an admin runs delivery, since it is the one place codes can be read.")
            }
            try Self.prepareDirectory(directory)
            let pending = try Row.fetchAll(db, sql: "SELECT * FROM outbox WHERE delivered_at IS NULL AND discarded_at IS NULL ORDER BY id")
            var report = OutboxDrainReport(delivered: [], discarded: [])
            for row in pending {
                let id: Int64 = row["id"]
                let body: String = row["body"]
                let created: Int64 = row["created_at"]
                if row["contains_code"] as Bool, created + OneTimeCode.lifetime <= now {
                    try self.discardMessage(db, id: id, body: body, why: "expired before delivery")
                    report.discarded.append(id)
                    continue
                }
                let channel: String = row["channel"]
                let number = String(id)
                let name = "outbox-" + String(repeating: "0", count: max(0, 6 - number.count)) + number + "-\(channel).txt"
                let planned = URL(fileURLWithPath: directory).appendingPathComponent(name).path
                var text = "To: \(row["destination"] as String)\nChannel: \(channel)\n"
                if let subject: String = row["subject"] { text += "Subject: \(subject)\n" }
                text += "Date: \(TimeText.iso8601(Date(epoch: created)))\n\n\(body)\n"
                let path = try Self.writePrivateFile(planned, text)
                try Self.scrubbing(db) {
                    try db.execute(sql: "UPDATE outbox SET delivered_at = ?, body = ? WHERE id = ?",
                                   arguments: [now, OneTimeCode.redact(body), id])
                }
                try AuditChain.append(db, at: now, actor: actor.login, action: "outbox.deliver", entity: "outbox",
                                      entityId: String(id), after: "channel=\(channel) file=\(path)")
                report.delivered.append(.init(messageId: id, path: path))
            }
            return report
        }
        squeezeWriteAheadLog()
        return report
    }

    /// Drops an undelivered message: marked discarded, body redacted.
    func discardMessage(_ db: Database, id: Int64, body: String, why: String) throws {
        try Self.scrubbing(db) {
            try db.execute(sql: "UPDATE outbox SET discarded_at = ?, body = ? WHERE id = ?",
                           arguments: [now, OneTimeCode.redact(body), id])
        }
        try AuditChain.append(db, at: now, actor: "system", action: "outbox.discard", entity: "outbox",
                              entityId: String(id), reason: why)
    }

    /// Runs `body` with SQLite's secure_delete on, so the bytes of an overwritten body are
    /// zeroed in the page instead of lingering in free space, then restores the setting.
    static func scrubbing(_ db: Database, _ body: () throws -> Void) throws {
        let previous = try Int.fetchOne(db, sql: "PRAGMA secure_delete") ?? 0
        try db.execute(sql: "PRAGMA secure_delete = ON")
        defer { try? db.execute(sql: "PRAGMA secure_delete = \(previous)") }
        try body()
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
