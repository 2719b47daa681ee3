import Foundation
import GRDB
import SupportCore

// A public reply on either store: the timeline entry and the queued message in one
// transaction (see ReplyOutbox.swift), stopped when someone wrote since the agent looked.
extension StoreEngine {
    /// Sends a public reply. `seenEventId` is the last timeline entry the agent had on
    /// screen: if a reply or note arrived after it, the reply is stopped ("traffic cop")
    /// and the refusal says what changed. Replying to an unassigned ticket claims it.
    @discardableResult
    public func reply(ticket number: Int64, body: String, by actor: Agent, seenEventId: Int64? = nil,
                      setStatus: TicketStatus? = nil, expecting version: Int64? = nil) throws -> Ticket {
        try reply(ticket: number, body: body, attachments: [], by: actor, seenEventId: seenEventId,
                  setStatus: setStatus, expecting: version)
    }

    /// `attachments` are files the service reads at delivery (a path on its host); `files`
    /// travelled in the request and are stored with the queued message.
    func reply(ticket number: Int64, body: String, attachments: [String], files: [ReplyFile] = [], by actor: Agent,
               seenEventId: Int64?, setStatus: TicketStatus?, expecting version: Int64?) throws -> Ticket {
        let text = try Self.requireText(body, what: "A reply")
        for path in attachments { try Self.requireAttachable(path) }
        return try changingTicket(number: number, by: actor, action: "ticket.reply", expecting: version) { db, ticket in
            try Self.requireWorkable(ticket, by: actor, db: db)
            guard ticket.status != .closed else {
                throw StoreError.conflict("\(TicketNumber.format(number)) is closed; open a new ticket to write to the customer.")
            }
            if let seenEventId { try Self.requireNothingNewer(db, ticket: ticket, than: seenEventId, actor: actor) }
            if ticket.assigneeId == nil {
                try db.run("UPDATE tickets SET assignee_id = ? WHERE id = ?", [actor.id, ticket.id])
                try Self.appendEvent(db, ticketId: ticket.id, kind: .assignment, author: actor.login,
                                     body: "claimed by \(actor.login) on reply", at: now)
            }
            // The timeline names each file sent, one line each; the customer's mail carries
            // them as parts.
            let names = attachments.map { ($0 as NSString).lastPathComponent } + files.map(\.name)
            let shown = ([text] + names.map { "📎 " + $0 }).joined(separator: "\n")
            try Self.appendEvent(db, ticketId: ticket.id, kind: .reply, author: actor.login, body: shown, at: now)
            try self.enqueueReply(db, ticket: ticket, body: text, attachments: attachments, files: files)
            if ticket.firstResponseAt == nil {
                try db.run("UPDATE tickets SET first_response_at = ? WHERE id = ?", [now, ticket.id])
            }
            var current = try Self.loadTicket(db, number: number)
            let target = setStatus ?? (current.status == .new ? .open : nil)
            if let target, target != current.status {
                try self.moveStatus(db, current, to: target)
                current = try Self.loadTicket(db, number: number)
            }
            return (nil, "reply \(text.count) chars", current)
        }
    }

    static func requireNothingNewer(_ session: any SQLSession, ticket: Ticket, than seen: Int64, actor: Agent) throws {
        let newer = try session.fetchRow("""
            SELECT kind, author, body, at FROM ticket_events
            WHERE ticket_id = ? AND id > ? AND kind IN ('customer_message','reply','note') AND author != ?
            ORDER BY id LIMIT 1
            """, [ticket.id, seen, actor.login])
        guard let newer else { return }
        let kind = TicketEventKind(rawValue: newer["kind"]) ?? .note
        let who: String = newer["author"]
        let body: String = newer["body"]
        let what = kind == .customerMessage ? "the customer wrote" : kind == .reply ? "\(who) replied" : "\(who) added a note"
        let excerpt = body.count > 60 ? String(body.prefix(60)) + "…" : body
        throw StoreError.conflict("Not sent: \(what) at \(TimeText.clock(Date(epoch: newer["at"]))) since you opened \(TicketNumber.format(ticket.number)): “\(excerpt)”. Read it, then send again.")
    }
}
