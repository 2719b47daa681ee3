import Foundation
import GRDB
import SupportCore

// Forced credential reset and the customer's side of it. The agent triggers a code and
// never sees it, and the database never holds it in a usable form: the outbox message for
// the registered phone or email is sealed to the delivery key (only delivery opens it),
// and the code is checked against an HMAC under the pepper kept beside that key.
extension StoreEngine {
    /// Sends a fresh one-time code to the registered contact. Earlier unused codes are
    /// cancelled (only the newest works). At most three codes per account per hour.
    @discardableResult
    public func forceCredentialReset(customerId: Int64, reason: String, ticket: Int64? = nil,
                                     channel: OutboxChannel = .sms, by actor: Agent) throws -> CodeDispatch {
        let kind = AccountSecurityAction.forceCredentialReset
        // A code goes only to a contact on the customer's record, never through a chat or
        // social gateway, where a thief holding the device or the account would read it.
        guard channel == .sms || channel == .email else {
            throw StoreError.invalid("A one-time code goes by sms or email, not \(channel.rawValue).")
        }
        return try securityWrite(kind, "security.force_credential_reset", customerId: customerId, reason: reason,
                                 ticket: ticket, by: actor, check: { session, customer in
            // The customer's row is locked (securityWrite), so two instances sending at once
            // count each other's codes: the fourth in an hour is refused on either.
            try Self.requireNotClosed(customer, kind)
            let recent = try session.fetchValues("""
                SELECT created_at FROM verification_codes WHERE customer_id = ? AND created_at > ? ORDER BY created_at
                """, [customerId, now - OneTimeCode.window], as: Int64.self)
            if recent.count >= OneTimeCode.perHour {
                let next = Date(epoch: recent[recent.count - OneTimeCode.perHour] + OneTimeCode.window)
                throw StoreError.conflict("\(OneTimeCode.perHour) codes were already sent to customer \(customer.walletId) in the last hour; the next can be sent at \(TimeText.hm(next)).")
            }
        }) { db, target in
            let (customer, linked, reason, at) = (target.customer, target.ticket, target.reason, now)
            let key = try self.deliveryKey(db)
            try self.cancelOutstandingCodes(db, customerId: customerId)

            let destination = channel == .sms ? customer.phone : customer.email
            let masked = channel == .sms ? MaskedPhone(customer.phone).description : MaskedEmail(customer.email).description
            let expires = at + OneTimeCode.lifetime
            let action = try self.recordAction(db, customerId: customerId, kind: kind, reason: reason, ticket: linked,
                                               state: .done, by: actor,
                                               details: ["channel": channel.rawValue, "destination": masked, "expires_at": expires])
            let code = OneTimeCode.generate()
            let salt = OneTimeCode.salt()
            try db.run("""
                INSERT INTO verification_codes (customer_id, security_action_id, ticket_id, code_hash, hash_scheme, salt,
                                                channel, destination, created_at, expires_at)
                VALUES (?, ?, ?, ?, 'hmac', ?, ?, ?, ?, ?)
                """, [customerId, action.id, linked?.id, key.codeHash(code: code, salt: salt), salt,
                                 channel.rawValue, masked, at, expires])
            // The table keeps only the redacted text; the real one is sealed beside it.
            let message = Self.codeMessage(code)
            let outboxId = try self.queueOutbox(db, customerId: customerId, channel: channel, destination: destination,
                                                subject: channel == .email ? "Kode verifikasi akun Anda" : nil,
                                                body: OneTimeCode.redact(message), containsCode: true,
                                                sealed: try key.seal(message, context: Self.sealContext(channel.rawValue, destination)))
            try self.noteOnTicket(db, linked, author: actor.login,
                                  "Forced a credential reset: a one-time code went by \(channel.rawValue) to \(masked), valid until \(TimeText.hm(Date(epoch: expires))) (action #\(action.id)). Nobody at the console can see the code.\nReason: \(reason)")
            try self.linkOutbox(db, id: outboxId, ticket: linked)
            return AuditedChange(CodeDispatch(action: action, channel: channel, destination: masked, expiresAt: Date(epoch: expires),
                                              outboxId: outboxId),
                                 after: "channel=\(channel.rawValue) to=\(masked) outbox=\(outboxId) action=\(action.id)", at: at)
        }
    }

    /// The text the customer receives, in Indonesian like the rest of the wallet's messages.
    static func codeMessage(_ code: String) -> String {
        "Kode verifikasi Anda: \(code). Berlaku 10 menit dan hanya sekali pakai. Jangan berikan kode ini kepada siapa pun, termasuk petugas layanan pelanggan."
    }

    /// What a sealed body is bound to: a box copied onto another message does not open.
    static func sealContext(_ channel: String, _ destination: String) -> String {
        "outbox\n\(channel)\n\(destination)"
    }

    /// Cancels unused codes and drops their undelivered messages, so that a code the
    /// customer can no longer use is never sent and never left lying in the outbox.
    func cancelOutstandingCodes(_ db: any SQLSession, customerId: Int64) throws {
        try db.run("""
            UPDATE verification_codes SET invalidated_at = ?
            WHERE customer_id = ? AND used_at IS NULL AND invalidated_at IS NULL
            """, [now, customerId])
        let pending = try db.fetchRows("""
            SELECT id, body FROM outbox
            WHERE customer_id = ? AND contains_code = 1 AND delivered_at IS NULL AND discarded_at IS NULL
            """, [customerId])
        for row in pending {
            try discardMessage(db, id: row["id"], body: row["body"], why: "superseded by a newer code")
        }
    }

    // MARK: the customer's side

    /// The customer types the code in the wallet (the demo plays the customer). Checked in
    /// constant time against every unexpired, unused code; a match works once. Five wrong
    /// entries cancel the outstanding code. Every attempt is audited, including failures.
    @discardableResult
    public func verifyCode(customerId: Int64, code: String) throws -> CodeVerification {
        try checkCode(customerId: customerId, code: code, entry: CodeEntry(actor: "customer", via: "wallet"), agent: nil)
    }

    /// An agent enters the code the customer reads out (on the phone, in chat). That
    /// completes a credential reset, so it is its own permission, and the agent — not
    /// "customer" — is the recorded actor, with the channel the code came through and why.
    @discardableResult
    public func verifyCodeForCustomer(customerId: Int64, code: String, channel: Channel, reason: String,
                                      by actor: Agent) throws -> CodeVerification {
        let reason = try Self.requireReason(reason, to: "enter a code for a customer")
        return try checkCode(customerId: customerId, code: code,
                             entry: CodeEntry(actor: actor.login, via: channel.rawValue, reason: reason), agent: actor)
    }

    private func checkCode(customerId: Int64, code: String, entry: CodeEntry, agent: Agent?) throws -> CodeVerification {
        let code = code.trimmingCharacters(in: .whitespaces)
        guard OneTimeCode.isWellFormed(code) else {
            throw StoreError.invalid("A verification code is \(OneTimeCode.digits) digits.")
        }
        // The attempt counter must survive a wrong code, so the refusal is decided inside
        // the transaction, committed with its audit record, and only thrown afterwards. An
        // agent's role is checked first, in the same transaction; its refusal rolls back.
        let attempt: CodeAttempt = try auditedWriting(actor: entry.actor, "security.verify_code", entity: "customer",
                                                id: String(customerId)) { db in
            if let agent {
                try Self.recheckActor(db, agent)
                try Self.requirePermission(agent, .enterCustomerCode)
            }
            let customer = try Self.loadCustomer(db, id: customerId)
            let at = now
            // Locked: two entries of one code at once through two instances use it once.
            let open = try db.fetchRows("""
                SELECT * FROM verification_codes
                WHERE customer_id = ? AND used_at IS NULL AND invalidated_at IS NULL ORDER BY id\(db.lockingRows)
                """, [customerId])
            let live = open.filter { ($0["expires_at"] as Int64) > at }
            guard !live.isEmpty else {
                let refusal = try Self.noLiveCodeRefusal(db, customer: customer, open: open)
                return Self.attemptRecord(.refused(refusal), entry, result: "refused", detail: refusal.message)
            }
            // Keyed codes need the pepper; older rows keep their salted SHA-256 until they
            // expire. Without the key file a keyed code cannot be checked: refused, not re-keyed.
            let key = try live.contains { $0["hash_scheme"] as String == "hmac" } ? self.deliveryKey(db) : nil
            var match: Row?
            for row in live {
                let stored: String = row["code_hash"]
                let computed = key.map { $0.codeHash(code: code, salt: row["salt"]) } ?? ""
                let hash = row["hash_scheme"] as String == "hmac" ? computed : OneTimeCode.hash(code: code, salt: row["salt"])
                let hit = OneTimeCode.constantTimeEqual(hash, stored)
                if hit && match == nil { match = row }
            }
            guard let match else {
                try db.run("UPDATE verification_codes SET failed_attempts = failed_attempts + 1 WHERE customer_id = ? AND used_at IS NULL AND invalidated_at IS NULL AND expires_at > ?",
                           [customerId, at])
                let worst = try db.fetchValue("SELECT MAX(failed_attempts) FROM verification_codes WHERE customer_id = ? AND used_at IS NULL AND invalidated_at IS NULL AND expires_at > ?",
                                              [customerId, at], as: Int.self) ?? OneTimeCode.maxWrongAttempts
                if worst >= OneTimeCode.maxWrongAttempts {
                    try self.cancelOutstandingCodes(db, customerId: customerId)
                    return Self.attemptRecord(.refused(.forbidden("The code does not match. After \(OneTimeCode.maxWrongAttempts) wrong attempts the code is cancelled; send a new one.")),
                                        entry, result: "wrong", detail: "code cancelled after \(worst) wrong attempts")
                }
                let left = OneTimeCode.maxWrongAttempts - worst
                return Self.attemptRecord(.refused(.forbidden("The code does not match; \(left) attempt\(left == 1 ? "" : "s") left.")),
                                    entry, result: "wrong", detail: "\(left) attempts left")
            }
            let codeId: Int64 = match["id"]
            try db.run("UPDATE verification_codes SET used_at = ? WHERE id = ?", [at, codeId])
            try db.run("UPDATE verification_codes SET invalidated_at = ? WHERE customer_id = ? AND id != ? AND used_at IS NULL AND invalidated_at IS NULL",
                       [at, customerId, codeId])
            let channel = OutboxChannel(rawValue: match["channel"]) ?? .sms
            if let ticketId: Int64 = match["ticket_id"],
               let number = try db.fetchValue("SELECT number FROM tickets WHERE id = ?", [ticketId], as: Int64.self) {
                let who = agent == nil ? "The customer entered" : "\(entry.actor) entered, as the customer read it out by \(entry.via),"
                try self.noteOnTicket(db, try Self.loadTicket(db, number: number), author: entry.actor,
                                      "\(who) the one-time code sent by \(channel.rawValue); they can now set new credentials.")
            }
            return Self.attemptRecord(.verified(CodeVerification(customerId: customerId, verifiedAt: Date(epoch: at), channel: channel)),
                                entry, result: "ok", detail: "code=\(codeId)")
        }
        switch attempt {
        case .verified(let result): return result
        case .refused(let error): throw error
        }
    }

    /// Every attempt is recorded, a wrong one too: the result, the channel, and the reason
    /// with what happened.
    private static func attemptRecord(_ attempt: CodeAttempt, _ entry: CodeEntry, result: String, detail: String) -> AuditedChange<CodeAttempt> {
        AuditedChange(attempt, after: "result=\(result) via=\(entry.via)", reason: entry.reason.map { "\($0) — \(detail)" } ?? detail)
    }

    /// Says why no code can be checked: none sent, used already, cancelled, or expired.
    private static func noLiveCodeRefusal(_ db: any SQLSession, customer: Customer, open: [Row]) throws -> StoreError {
        if let expired = open.last {
            let at = Date(epoch: expired["expires_at"])
            return .conflict("The code expired at \(TimeText.hm(at)); codes last \(OneTimeCode.lifetime / 60) minutes. Send a new one with a credential reset.")
        }
        guard let last = try db.fetchRow("SELECT * FROM verification_codes WHERE customer_id = ? ORDER BY id DESC LIMIT 1",
                                         [customer.id]) else {
            return .conflict("No verification code was sent to customer \(customer.walletId); send one with a credential reset.")
        }
        if let used = last["used_at"] as Int64? {
            return .conflict("The last code was already used at \(TimeText.hm(Date(epoch: used))); a code works once. Send a new one.")
        }
        return .conflict("The last code was cancelled (a newer one was sent, or too many wrong attempts); send a new one.")
    }
}

/// What checking a code came to; a refusal is thrown only after its audit record commits.
private enum CodeAttempt {
    case verified(CodeVerification)
    case refused(StoreError)
}

/// Who typed a code, as the audit record names them: the customer in the wallet (the
/// channel webhook later), or an agent taking it down on the customer's behalf.
struct CodeEntry {
    var actor: String
    var via: String
    var reason: String?
}
