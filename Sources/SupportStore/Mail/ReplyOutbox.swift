import Foundation
import GRDB
import SupportCore

// Every customer-facing message goes to the outbox inside the transaction that writes its
// timeline entry: either both commit or neither, so a reply on screen is always a reply
// queued, and a crash can never send something the timeline does not show.
extension StoreEngine {
    /// How many earlier message ids a reply carries in `References`; mail clients thread
    /// on the last few, and the header stays short.
    static var referencesKept: Int { 10 }

    /// Queues a message inside the caller's transaction; returns its id. A one-time code
    /// arrives sealed (`sealed`) with only a redacted `body`.
    func queueOutbox(_ session: any SQLSession, customerId: Int64, channel: OutboxChannel, destination: String,
                     subject: String?, body: String, containsCode: Bool = false, sealed: Data? = nil) throws -> Int64 {
        try session.insert("""
            INSERT INTO outbox (customer_id, channel, destination, subject, body, created_at, contains_code, sealed_body)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, [customerId, channel.rawValue, destination, subject, body, now, containsCode, sealed])
    }

    /// Queues the public reply just appended to `ticket`'s timeline, on the channel the
    /// customer wrote from: SMS for phone, the app chat and social gateways for theirs,
    /// email for mail and the web form.
    func enqueueReply(_ session: any SQLSession, ticket: Ticket, body: String, attachments: [String] = [],
                      files: [ReplyFile] = []) throws {
        guard let customer = try session.fetchRow("SELECT phone, email, wallet_id FROM customers WHERE id = ?",
                                                  [ticket.customerId]) else { return }
        let eventId = try session.fetchValue("SELECT MAX(id) FROM ticket_events WHERE ticket_id = ? AND kind = 'reply'",
                                             [ticket.id], as: Int64.self)
        // A file can only travel by email, so a reply with one goes by email whatever the channel.
        let channel: OutboxChannel = attachments.isEmpty && files.isEmpty ? OutboxChannel(replyingTo: ticket.channel) : .email
        let destination: String = switch channel {
        case .sms: customer["phone"]
        case .email: customer["email"]
        case .chat, .social: customer["wallet_id"]
        }
        guard !destination.isEmpty else { return }
        let subject = channel == .email ? Self.replySubject(ticket) : nil
        let id = try queueOutbox(session, customerId: ticket.customerId, channel: channel, destination: destination,
                                 subject: subject, body: body)
        try threadOutbox(session, id: id, ticket: ticket, eventId: eventId, channel: channel,
                         attachmentPath: OutboxAttachments.encode(attachments))
        try storeReplyFiles(session, outboxId: id, files: files)
    }

    /// Ties a queued message to its ticket and timeline entry and, for email, to the
    /// thread it answers.
    func threadOutbox(_ session: any SQLSession, id: Int64, ticket: Ticket, eventId: Int64?, channel: OutboxChannel,
                      attachmentPath: String? = nil) throws {
        let thread: (inReplyTo: String?, references: [String]) = channel == .email ? try Self.mailThread(session, ticketId: ticket.id) : (nil, [])
        try session.run("""
            UPDATE outbox SET ticket_id = ?, event_id = ?, in_reply_to = ?, references_ids = ?, attachment_path = ? WHERE id = ?
            """, [ticket.id, eventId, thread.inReplyTo,
                  thread.references.isEmpty ? nil : thread.references.joined(separator: " "), attachmentPath, id])
    }

    /// `Re: Saldo hilang [#1029]`: the token lets the customer's answer find its ticket
    /// even when their mail client drops the threading headers.
    static func replySubject(_ ticket: Ticket) -> String {
        let token = "[\(TicketNumber.format(ticket.number))]"
        let subject = ticket.subject.contains(token) ? ticket.subject : "\(ticket.subject) \(token)"
        return subject.lowercased().hasPrefix("re:") ? subject : "Re: \(subject)"
    }

    /// The customer's last real message id on the ticket (the one a reply answers) and
    /// the thread so far, oldest first: the customer's ids and the ids of our own sent mail.
    static func mailThread(_ session: any SQLSession, ticketId: Int64) throws -> (inReplyTo: String?, references: [String]) {
        let rows = try session.fetchRows("""
            SELECT source_id AS id, imported_at AS at, 0 AS ours FROM intake_messages
             WHERE ticket_id = ? AND channel = 'email' AND source_id NOT LIKE ?
            UNION ALL
            SELECT message_id, delivered_at, 1 FROM outbox WHERE ticket_id = ? AND message_id IS NOT NULL AND delivered_at IS NOT NULL
            ORDER BY at, ours
            """, [ticketId, "%@" + EmailReader.syntheticDomain, ticketId])
        let customers = rows.filter { ($0["ours"] as Int) == 0 }.map { $0["id"] as String }
        // References ends with the message answered (RFC 5322 3.6.4).
        var ids = rows.map { $0["id"] as String }.filter { $0 != customers.last }
        if let parent = customers.last { ids.append(parent) }
        return (customers.last, Array(ids.suffix(referencesKept)))
    }

    /// Sends a public reply with a file attached (a statement the agent exported). The
    /// file is read when the mail is sent, so it must stay where it is until then; it is
    /// checked now so a wrong path is refused with the reply, not found at delivery.
    @discardableResult
    public func reply(ticket number: Int64, body: String, attaching path: String, by actor: Agent,
                      seenEventId: Int64? = nil, setStatus: TicketStatus? = nil, expecting version: Int64? = nil) throws -> Ticket {
        try reply(ticket: number, body: body, attachments: [URL(fileURLWithPath: path).standardizedFileURL.path], by: actor,
                  seenEventId: seenEventId, setStatus: setStatus, expecting: version)
    }

    /// Largest file a reply may carry; mail systems commonly refuse messages over 25 MB
    /// once base64 has grown them by a third.
    public static var attachmentBytes: Int { 15 << 20 }

    static func requireAttachable(_ path: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
              FileManager.default.isReadableFile(atPath: path) else {
            throw StoreError.invalid("Cannot attach \(path): no such readable file.")
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        guard size <= attachmentBytes else {
            throw StoreError.invalid("Cannot attach \(path): \(size >> 20) MiB is over the \(attachmentBytes >> 20) MiB a reply may carry.")
        }
    }
}

extension StoreEngine {
    /// Ties a message queued elsewhere (a one-time code) to the timeline entry that
    /// announced it on its ticket.
    func linkOutbox(_ session: any SQLSession, id: Int64, ticket: Ticket?) throws {
        guard let ticket else { return }
        try session.run("""
            UPDATE outbox SET ticket_id = ?, event_id = (SELECT MAX(id) FROM ticket_events WHERE ticket_id = ?) WHERE id = ?
            """, [ticket.id, ticket.id, id])
    }
}

extension StoreEngine {
    /// The ticket a mail answers: one whose thread holds a message id it names (our sent
    /// mail or the customer's earlier mail), else the `[#N]` ticket of its subject. Only
    /// the same customer's tickets, and never a closed or merged one: a guessed number
    /// must not put text into someone else's case.
    func mailThreadTarget(_ db: any SQLSession, customerId: Int64, contact: IncomingContact) throws -> Ticket? {
        for id in contact.replyTo.prefix(20) {
            let number = try db.fetchValue("""
                SELECT t.number FROM outbox o JOIN tickets t ON t.id = o.ticket_id WHERE o.message_id = ?
                UNION ALL
                SELECT t.number FROM intake_messages m JOIN tickets t ON t.id = m.ticket_id
                 WHERE m.channel = 'email' AND m.source_id = ?
                LIMIT 1
                """, [id, id], as: Int64.self)
            if let number, let ticket = try usableThread(db, number: number, customerId: customerId) { return ticket }
        }
        if let hint = contact.ticketHint, let ticket = try usableThread(db, number: hint, customerId: customerId) {
            return ticket
        }
        return nil
    }

    private func usableThread(_ db: any SQLSession, number: Int64, customerId: Int64) throws -> Ticket? {
        guard let found = try db.fetchValue("""
            SELECT number FROM tickets WHERE number = ? AND customer_id = ? AND status != 'closed' AND merged_into IS NULL
            """, [number, customerId], as: Int64.self) else { return nil }
        return try Self.loadTicket(db, number: found)
    }
}
