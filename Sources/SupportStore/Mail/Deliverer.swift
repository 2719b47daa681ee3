import Foundation
import GRDB
import SupportCore

extension StoreEngine {
    /// One delivery pass over the queued messages that are due, on every channel the
    /// options give a way out: each message is claimed (so a second deliverer running at
    /// the same time skips it), an email given its Message-ID once (a retry, or a resend
    /// after a crash between sending and marking, reuses it, so the customer's mail client
    /// shows one message; a gateway gets the outbox id as its idempotency key for the same
    /// reason), sent, then marked sent or scheduled for a retry. Only an admin runs
    /// delivery (the service runs it as itself): it is the one place codes can be read.
    ///
    /// A pass takes the due messages in batches of `options.batch` and goes on until none is
    /// left (a message that fails waits for its retry time, so it is not taken again), or
    /// until `stop` says so between batches (the service stopping). Within a batch,
    /// `options.concurrency` messages are sent at once — one sendmail process or gateway
    /// call each, as a mail system expects to be fed — and messages to the same address go
    /// one after another in queue order, so a customer reads replies in the order written.
    @discardableResult
    public func deliver(_ options: DeliveryOptions, by actor: Agent, action: String = "outbox.deliver",
                        until stop: @Sendable () -> Bool = { false }) throws -> DeliveryReport {
        guard actor.active, actor.role == .admin else {
            let reason = "\(actor.login) (\(actor.role.rawValue)) may not run delivery; only an admin does, since it is the one place codes can be read."
            try? recordRefusal(actor: actor.login, action: action, entity: "outbox", entityId: options.folder ?? "delivery", reason: reason)
            throw StoreError.forbidden(reason)
        }
        if let folder = options.folder { try SupportStore.prepareDirectory(folder) }
        guard !options.channels.isEmpty else { return DeliveryReport() }
        var report = DeliveryReport()
        var sentCode = false
        while true {
            let (due, full) = try claimBatch(options, report: &report)
            if !due.isEmpty { sentCode = try sendClaimed(due, options: options, by: actor, report: &report) || sentCode }
            if !full || stop() { break }
        }
        for keyPath in [\DeliveryReport.sent, \.retrying, \.failed, \.discarded] { report[keyPath: keyPath].sort() }
        report.files.sort { $0.messageId < $1.messageId }
        // SQLite's write-ahead log still holds the pages with the sealed boxes just wiped.
        if sentCode, let sqlite = self as? SupportStore { sqlite.squeezeWriteAheadLog() }
        return report
    }

    /// Claims the next due messages, at most `options.batch` (so a second deliverer running
    /// at the same time skips them), fixing each email's Message-ID; a code that expired
    /// before it could leave is discarded instead. Also whether the batch was full, i.e.
    /// more may be due. On PostgreSQL, where several instances deliver from one outbox, the
    /// due rows are locked as they are read and rows another instance is claiming are passed
    /// over (`SKIP LOCKED`); a row claimed and committed meanwhile no longer matches when its
    /// lock is taken, so no message is claimed by two instances.
    private func claimBatch(_ options: DeliveryOptions, report: inout DeliveryReport) throws -> ([Row], Bool) {
        let channels = options.channels
        let domain = (options.from ?? "").split(separator: "@").last.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "> ")) } ?? "localhost"
        return try writing { db -> ([Row], Bool) in
            let rows = try db.fetchRows("""
                SELECT * FROM outbox
                 WHERE channel IN (\(channels.map { "'\($0.rawValue)'" }.joined(separator: ","))) AND delivered_at IS NULL
                   AND discarded_at IS NULL AND failed_at IS NULL
                   AND COALESCE(next_attempt_at, 0) <= ? AND COALESCE(claimed_until, 0) < ?
                 ORDER BY id LIMIT ?\(db.claimingRows)
                """, [now, now, options.batch])
            var claimed: [Row] = []
            for row in rows {
                let id: Int64 = row["id"]
                if row["contains_code"] as Bool, (row["created_at"] as Int64) + OneTimeCode.lifetime <= now {
                    try self.discardMessage(db, id: id, body: row["body"], why: "expired before delivery")
                    report.discarded.append(id)
                    continue
                }
                // Only mail carries a Message-ID; a gateway's key is the outbox id itself.
                let mailed = row["channel"] as String == OutboxChannel.email.rawValue && options.from != nil
                let messageId = (row["message_id"] as String?) ?? (mailed ? "paydesk.\(id).\(UInt32.random(in: .min ... .max))@\(domain)" : nil)
                try db.run("UPDATE outbox SET claimed_until = ?, message_id = ? WHERE id = ?",
                           [now + Int64(options.timeout * 2) + 1, messageId, id])
                guard let row = try db.fetchRow("""
                    SELECT o.*, (SELECT number FROM tickets WHERE id = o.ticket_id) AS ticket_number FROM outbox o WHERE o.id = ?
                    """, [id]) else { continue }
                claimed.append(row)
            }
            return (claimed, rows.count >= options.batch)
        }
    }

    /// Sends one claimed message and marks the outcome in its own transaction: sent (with
    /// its audit record), or scheduled for a retry, or failed once the give-up window has
    /// passed. Marking each message as soon as it is out keeps what a crash can resend to
    /// the messages in flight.
    func deliverOne(_ row: Row, key: Result<DeliveryKey, Error>?, options: DeliveryOptions, by actor: Agent) throws -> DeliveryOutcome {
        let id: Int64 = row["id"]
        // A sealed code is opened only here, just before it leaves, and kept in memory.
        let outcome = openBody(row, key: key).flatMap { send(row, body: $0, options: options) }
        return try writing { db in
            let attempts = (row["attempts"] as Int) + 1
            switch outcome {
            case .success(let way):
                try Self.scrubbing(db) {
                    try db.run("""
                        UPDATE outbox SET delivered_at = ?, attempts = ?, claimed_until = NULL, last_error = NULL, body = ?,
                               sealed_body = NULL, provider_id = ? WHERE id = ?
                        """, [now, attempts, row["contains_code"] as Bool ? OneTimeCode.redact(row["body"]) : row["body"] as String,
                                         way.providerId, id])
                }
                try appendAudit(db, AuditAppend(at: now, actor: actor.login, action: "outbox.deliver", entity: "outbox",
                                                entityId: String(id), after: "channel=\(row["channel"] as String) \(way.note)"))
                return .sent(id, file: way.file, code: row["contains_code"])
            case .failure(let problem):
                let created: Int64 = row["retried_at"] ?? row["created_at"]
                let giveUp = Double(now - created) >= options.giveUpAfter
                let wait = options.retryDelay(after: attempts)
                try db.run("""
                    UPDATE outbox SET attempts = ?, claimed_until = NULL, last_error = ?, next_attempt_at = ?, failed_at = ? WHERE id = ?
                    """, [attempts, problem.reason, now + Int64(wait), giveUp ? now : nil, id])
                try appendAudit(db, AuditAppend(at: now, actor: actor.login, action: giveUp ? "outbox.failed" : "outbox.retry",
                                                entity: "outbox", entityId: String(id), reason: problem.reason))
                return giveUp ? .failed(id) : .retrying(id)
            }
        }
    }

    /// When the next queued message of the channels `options` deliver falls due (a retry's
    /// time, or a stale claim's end), so a deliverer that runs all along knows when to wake.
    public func nextDeliveryAttempt(_ options: DeliveryOptions) throws -> Date? {
        let channels = options.channels
        guard !channels.isEmpty else { return nil }
        return try reading { db in
            // The larger of two values: SQLite's two-argument MAX, PostgreSQL's GREATEST.
            let greatest = db.dialect == .postgresql ? "GREATEST" : "MAX"
            return try db.fetchValue("""
                SELECT MIN(\(greatest)(COALESCE(next_attempt_at, 0), COALESCE(claimed_until, 0))) FROM outbox
                 WHERE channel IN (\(channels.map { "'\($0.rawValue)'" }.joined(separator: ","))) AND delivered_at IS NULL
                   AND discarded_at IS NULL AND failed_at IS NULL
                """, as: Int64.self).map(Date.init(epoch:))
        }
    }

    /// Puts a failed message back in the queue, due now (after the cause was fixed). A
    /// message the gateway accepted and then reported failed is sent again under a new
    /// idempotency key, or the gateway would answer that it has it already.
    public func retryDelivery(outboxId: Int64, by actor: Agent) throws {
        try auditing(actor: actor.login, action: "outbox.retry_failed", entity: "outbox", entityId: String(outboxId)) { db in
            guard actor.active, actor.role != .agent else {
                throw StoreError.forbidden("\(actor.login) (\(actor.role.rawValue)) may not retry deliveries; a supervisor does.")
            }
            let changed = try db.run("""
                UPDATE outbox SET failed_at = NULL, next_attempt_at = NULL, claimed_until = NULL, attempts = 0, retried_at = ?,
                       resends = resends + CASE WHEN delivered_at IS NOT NULL THEN 1 ELSE 0 END, delivered_at = NULL,
                       receipt_state = NULL, receipt_at = NULL
                 WHERE id = ? AND failed_at IS NOT NULL AND discarded_at IS NULL
                """, [now, outboxId])
            guard changed == 1 else { throw StoreError.conflict("Outbox message \(outboxId) has not failed; nothing to retry.") }
            try appendAudit(db, AuditAppend(at: now, actor: actor.login, action: "outbox.retry_failed", entity: "outbox",
                                            entityId: String(outboxId)))
        }
    }

    /// The text to send: the body, or for a code the sealed body opened with the delivery
    /// key (read once per pass). Without the key the message fails this attempt with the
    /// reason and stays queued, sealed, for the next pass.
    private func openBody(_ row: Row, key: Result<DeliveryKey, Error>?) -> Result<String, DeliveryProblem> {
        guard let sealed: Data = row["sealed_body"] else { return .success(row["body"]) }
        do {
            guard let key else { throw StoreError(.other, "the delivery key was not read") }
            return .success(try key.get().open(sealed, context: Self.sealContext(row["channel"], row["destination"])))
        } catch let error as StoreError {
            return .failure(DeliveryProblem(reason: error.message))
        } catch {
            return .failure(DeliveryProblem(reason: "the sealed message \(row["id"] as Int64) does not open with the delivery key (\(error))"))
        }
    }

    /// Sends one claimed message by the way its channel has in `options`.
    private func send(_ row: Row, body: String, options: DeliveryOptions) -> Result<DeliveryHandoff, DeliveryProblem> {
        let id: Int64 = row["id"]
        let channel = OutboxChannel(rawValue: row["channel"]) ?? .email
        if channel == .email, let from = options.from {
            return sendMail(row, body: body, from: from, options: options)
                .map { DeliveryHandoff(providerId: nil, file: nil, note: "message_id=\(row["message_id"] as String? ?? "")") }
        }
        if let gateway = options.gateways[channel] {
            let resends: Int = row["resends"]
            let message = GatewayMessage(outboxId: id, idempotencyKey: resends == 0 ? String(id) : "\(id)-r\(resends)", channel: channel, to: row["destination"], subject: row["subject"],
                                         body: body, ticket: row["ticket_number"])
            return gateway.send(message).map { DeliveryHandoff(providerId: $0, file: nil, note: "provider_id=\($0 ?? "-")") }
        }
        guard let folder = options.folder else { return .failure(DeliveryProblem(reason: "no way out configured for \(channel.rawValue)")) }
        do {
            let path = try SupportStore.writeOutboxFile(row, body: body, in: folder)
            return .success(DeliveryHandoff(providerId: nil, file: path, note: "file=\(path)"))
        } catch {
            return .failure(DeliveryProblem(reason: (error as? StoreError)?.message ?? "\(error)"))
        }
    }

    private func sendMail(_ row: Row, body: String, from: String, options: DeliveryOptions) -> Result<Void, DeliveryProblem> {
        var attachments: [(name: String, data: Data)] = []
        for path in OutboxAttachments.decode(row["attachment_path"]) {
            guard let data = FileManager.default.contents(atPath: path) else {
                return .failure(DeliveryProblem(reason: "cannot read the attachment \(path)"))
            }
            attachments.append(((path as NSString).lastPathComponent, data))
        }
        // Files uploaded with the reply are in the database (a queued row from before they
        // were has paths only).
        do {
            attachments += try replyFiles(outboxId: row["id"])
        } catch {
            return .failure(DeliveryProblem(reason: "cannot read the reply's files: \((error as? StoreError)?.message ?? "\(error)")"))
        }
        let mail = OutgoingMail(from: from, to: row["destination"], subject: row["subject"] ?? "",
                                body: body, messageId: row["message_id"], inReplyTo: row["in_reply_to"],
                                references: (row["references_ids"] as String?)?.split(separator: " ").map(String.init) ?? [],
                                date: Date(epoch: now), outboxId: row["id"], attachments: attachments)
        let message: Data
        do { message = try MimeBuilder.build(mail) } catch { return .failure(DeliveryProblem(reason: error.description)) }
        return Sendmail.run(options.sendmail, input: message, timeout: options.timeout)
    }
}

/// How a message left: the provider's id (gateway), the file (folder), for the audit record.
struct DeliveryHandoff { var providerId: String?; var file: String?; var note: String }
