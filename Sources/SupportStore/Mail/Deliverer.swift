import Foundation
import GRDB
import SupportCore

/// How queued email leaves: the host's mail system through the sendmail interface, which
/// Postfix, Exim, OpenSMTPD and msmtp all provide (the convention cron, git and Request
/// Tracker use), so paydesk holds no SMTP credentials of its own.
public struct DeliveryOptions: Sendable {
    /// The command and its arguments; the message is written to its standard input.
    public var sendmail: [String]
    /// The From of every message: `Wallet Support <support@wallet.example>`. Its domain
    /// also names our Message-IDs.
    public var from: String
    /// A message still failing this long after it was queued is marked failed.
    public var giveUpAfter: TimeInterval
    /// The first retry waits this long; each later one twice as long (capped at an hour),
    /// plus up to a quarter more at random so that retries after an outage spread out.
    public var firstRetry: TimeInterval
    /// A sendmail run taking longer is stopped and counted as a failed attempt.
    public var timeout: TimeInterval
    public var batch: Int

    public static let defaultSendmail = ["/usr/sbin/sendmail", "-t", "-i"]

    public init(sendmail: [String] = DeliveryOptions.defaultSendmail, from: String,
                giveUpAfter: TimeInterval = 86_400, firstRetry: TimeInterval = 60, timeout: TimeInterval = 60, batch: Int = 500) {
        self.sendmail = sendmail; self.from = from; self.giveUpAfter = giveUpAfter
        self.firstRetry = firstRetry; self.timeout = timeout; self.batch = batch
    }
}

public struct DeliveryReport: Sendable, Codable, Hashable {
    public var sent: [Int64] = []
    public var retrying: [Int64] = []
    public var failed: [Int64] = []
    /// One-time codes that expired before they could be sent.
    public var discarded: [Int64] = []

    public var summary: String {
        "sent \(sent.count), retrying \(retrying.count), failed \(failed.count), discarded \(discarded.count)"
    }
}

extension SupportStore {
    /// One delivery pass over queued email that is due: each message is claimed (so a
    /// second deliverer running at the same time skips it), given its Message-ID once
    /// (a retry, or a resend after a crash between sending and marking, reuses it, so
    /// the customer's mail client shows one message), handed to sendmail, then marked
    /// sent or scheduled for a retry. Only an admin runs delivery: it reads codes.
    @discardableResult
    public func deliverEmail(_ options: DeliveryOptions, by actor: Agent) throws -> DeliveryReport {
        guard actor.active, actor.role == .admin else {
            let reason = "\(actor.login) (\(actor.role.rawValue)) may not run delivery; only an admin does, since it is the one place codes can be read."
            try? recordRefusal(actor: actor.login, action: "outbox.deliver", entity: "outbox", entityId: "email", reason: reason)
            throw StoreError.forbidden(reason)
        }
        let domain = options.from.split(separator: "@").last.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "> ")) } ?? "localhost"
        var report = DeliveryReport()
        let due = try write { db -> [Row] in
            let rows = try Row.fetchAll(db, sql: """
                SELECT * FROM outbox
                 WHERE channel = 'email' AND delivered_at IS NULL AND discarded_at IS NULL AND failed_at IS NULL
                   AND COALESCE(next_attempt_at, 0) <= ? AND COALESCE(claimed_until, 0) < ?
                 ORDER BY id LIMIT ?
                """, arguments: [now, now, options.batch])
            var claimed: [Row] = []
            for row in rows {
                let id: Int64 = row["id"]
                if row["contains_code"] as Bool, (row["created_at"] as Int64) + OneTimeCode.lifetime <= now {
                    try self.discardMessage(db, id: id, body: row["body"], why: "expired before delivery")
                    report.discarded.append(id)
                    continue
                }
                let messageId = (row["message_id"] as String?) ?? "paydesk.\(id).\(UInt32.random(in: .min ... .max))@\(domain)"
                try db.execute(sql: "UPDATE outbox SET claimed_until = ?, message_id = ? WHERE id = ?",
                               arguments: [now + Int64(options.timeout * 2) + 1, messageId, id])
                claimed.append(try Row.fetchOne(db, sql: "SELECT * FROM outbox WHERE id = ?", arguments: [id])!)
            }
            return claimed
        }
        var sentCode = false
        for row in due {
            let id: Int64 = row["id"]
            let outcome = send(row, options: options)
            try write { db in
                let attempts = (row["attempts"] as Int) + 1
                switch outcome {
                case .success:
                    try Self.scrubbing(db) {
                        try db.execute(sql: """
                            UPDATE outbox SET delivered_at = ?, attempts = ?, claimed_until = NULL, last_error = NULL, body = ? WHERE id = ?
                            """, arguments: [now, attempts, row["contains_code"] as Bool ? OneTimeCode.redact(row["body"]) : row["body"] as String, id])
                    }
                    try AuditChain.append(db, at: now, actor: actor.login, action: "outbox.deliver", entity: "outbox",
                                          entityId: String(id), after: "channel=email message_id=\(row["message_id"] as String)")
                    report.sent.append(id)
                    sentCode = sentCode || row["contains_code"]
                case .failure(let problem):
                    let created: Int64 = row["created_at"]
                    let giveUp = Double(now - created) >= options.giveUpAfter
                    let wait = min(3_600, options.firstRetry * pow(2, Double(attempts - 1))) * Double.random(in: 1...1.25)
                    try db.execute(sql: """
                        UPDATE outbox SET attempts = ?, claimed_until = NULL, last_error = ?, next_attempt_at = ?, failed_at = ? WHERE id = ?
                        """, arguments: [attempts, problem.reason, now + Int64(wait), giveUp ? now : nil, id])
                    try AuditChain.append(db, at: now, actor: actor.login, action: giveUp ? "outbox.failed" : "outbox.retry",
                                          entity: "outbox", entityId: String(id), reason: problem.reason)
                    if giveUp { report.failed.append(id) } else { report.retrying.append(id) }
                }
            }
        }
        if sentCode { squeezeWriteAheadLog() }
        return report
    }

    /// Puts a failed message back in the queue, due now (after the cause was fixed).
    public func retryDelivery(outboxId: Int64, by actor: Agent) throws {
        try audited(actor: actor.login, action: "outbox.retry_failed", entity: "outbox", entityId: String(outboxId)) { db in
            guard actor.active, actor.role != .agent else {
                throw StoreError.forbidden("\(actor.login) (\(actor.role.rawValue)) may not retry deliveries; a supervisor does.")
            }
            try db.execute(sql: """
                UPDATE outbox SET failed_at = NULL, next_attempt_at = NULL, claimed_until = NULL
                 WHERE id = ? AND failed_at IS NOT NULL AND delivered_at IS NULL AND discarded_at IS NULL
                """, arguments: [outboxId])
            guard db.changesCount == 1 else { throw StoreError.conflict("Outbox message \(outboxId) has not failed; nothing to retry.") }
        }
    }

    struct SendProblem: Error { var reason: String }

    private func send(_ row: Row, options: DeliveryOptions) -> Result<Void, SendProblem> {
        var attachment: (String, Data)?
        if let path: String = row["attachment_path"] {
            guard let data = FileManager.default.contents(atPath: path) else {
                return .failure(SendProblem(reason: "cannot read the attachment \(path)"))
            }
            attachment = ((path as NSString).lastPathComponent, data)
        }
        let mail = OutgoingMail(from: options.from, to: row["destination"], subject: row["subject"] ?? "",
                                body: row["body"], messageId: row["message_id"], inReplyTo: row["in_reply_to"],
                                references: (row["references_ids"] as String?)?.split(separator: " ").map(String.init) ?? [],
                                date: Date(epoch: now), outboxId: row["id"], attachment: attachment)
        return Sendmail.run(options.sendmail, input: MimeBuilder.build(mail), timeout: options.timeout)
    }
}
