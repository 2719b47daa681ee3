import Foundation
import GRDB
import SupportCore

// The satisfaction survey: queued when a ticket is solved, in the transaction that writes
// the solve and the survey's own timeline entry, like every customer-facing message. One
// per ticket: a ticket solved again after a reopen is not surveyed again (the customer
// was asked once and can still answer that message while the ticket is solved).
extension StoreEngine {
    /// The survey's timeline entries are `csat` events by this author.
    static var surveyAuthor: String { "survey" }

    /// Queues the survey for a ticket just solved, unless it had one or was rated already.
    func queueSurvey(_ session: any SQLSession, ticket: Ticket) throws {
        if try session.fetchValue("""
            SELECT 1 FROM ticket_events WHERE ticket_id = ? AND kind = 'csat' AND author = ?
            UNION ALL SELECT 1 FROM csat_responses WHERE ticket_id = ?
            """, [ticket.id, Self.surveyAuthor, ticket.id], as: Bool.self) == true { return }
        guard let customer = try session.fetchRow("SELECT phone, email, wallet_id, language FROM customers WHERE id = ?",
                                                  [ticket.customerId]) else { return }
        let channel = OutboxChannel(replyingTo: ticket.channel)
        let destination: String = switch channel {
        case .sms: customer["phone"]
        case .email: customer["email"]
        case .chat, .social: customer["wallet_id"]
        }
        guard !destination.isEmpty else { return }
        let language = try (customer["language"] as String?).flatMap(ContentLanguage.init(rawValue:))
            ?? LanguageDetection.detect([ticket.subject] + session.fetchValues("""
                SELECT body FROM ticket_events WHERE ticket_id = ? AND kind = 'customer_message' ORDER BY id LIMIT 3
                """, [ticket.id], as: String.self))
            ?? .id
        let body = SurveyText.body(ticket.number, subject: ticket.subject, language)
        let eventId = try Self.appendEvent(session, ticketId: ticket.id, kind: .csat, author: Self.surveyAuthor,
                                           body: "satisfaction survey queued (\(language.rawValue), \(channel.rawValue)); the customer answers 1–5",
                                           at: now)
        let id = try queueOutbox(session, customerId: ticket.customerId, channel: channel, destination: destination,
                                 subject: channel == .email ? SurveyText.subject(ticket.number, language) : nil, body: body)
        try threadOutbox(session, id: id, ticket: ticket, eventId: eventId, channel: channel)
    }
}

extension StoreEngine {
    /// A message threaded to `ticket` that answers its survey: the ticket was surveyed,
    /// is solved or closed and not yet rated, and the text reads as a score. Recorded as
    /// the customer's message and their rating, without reopening the ticket.
    /// The ticket a rating by SMS, chat or social answers. Those carry no reply headers, so
    /// it is the customer's latest unrated survey sent on that same channel in the last
    /// week — and only when the message reads as a score at all.
    func surveyTarget(_ db: any SQLSession, customerId: Int64, channel: Channel, body: String) throws -> Ticket? {
        guard SurveyText.score(in: body) != nil else { return nil }
        guard let number = try db.fetchValue("""
            SELECT t.number FROM outbox o JOIN tickets t ON t.id = o.ticket_id JOIN ticket_events e ON e.id = o.event_id
            WHERE t.customer_id = ? AND o.channel = ? AND e.kind = 'csat' AND e.author = ? AND o.created_at >= ?
              AND t.status IN ('solved', 'closed')
              AND NOT EXISTS (SELECT 1 FROM csat_responses c WHERE c.ticket_id = t.id)
            ORDER BY o.created_at DESC, o.id DESC LIMIT 1
            """, [customerId, OutboxChannel(replyingTo: channel).rawValue, Self.surveyAuthor, now - 7 * 86_400], as: Int64.self)
        else { return nil }
        return try Self.loadTicket(db, number: number)
    }

    func recordSurveyAnswer(_ db: any SQLSession, _ contact: IncomingContact, ticket: Ticket, actor: Agent,
                            search: IntakeSearchRows) throws -> Bool {
        guard ticket.status == .solved || ticket.status == .closed,
              let answer = SurveyText.score(in: contact.body),
              try db.fetchValue("SELECT 1 FROM ticket_events WHERE ticket_id = ? AND kind = 'csat' AND author = ?",
                                [ticket.id, Self.surveyAuthor], as: Bool.self) == true,
              try db.fetchValue("SELECT 1 FROM csat_responses WHERE ticket_id = ?", [ticket.id], as: Bool.self) != true
        else { return false }
        try Self.appendEvent(db, ticketId: ticket.id, kind: .customerMessage, author: "customer", body: contact.body,
                             at: contact.at.epoch, search: search)
        try insertCSAT(db, ticket: ticket, score: answer.score, comment: answer.comment, recordedBy: "customer")
        try appendAudit(db, AuditAppend(at: now, actor: actor.login, action: "ticket.csat", entity: "ticket",
                                        entityId: String(ticket.number), after: "score=\(answer.score) source=\(contact.sourceId)"))
        return true
    }
}
