import Foundation
import GRDB
import SupportCore

// What a macro does to a ticket, the same by hand (`applyMacro`) and for each ticket of a
// bulk change: the values its placeholders take, the checks, and the writes once the
// reply is settled — on either store.
extension StoreEngine {
    /// The values a macro's placeholders are filled with on this ticket.
    static func macroValues(_ db: any SQLSession, _ ticket: Ticket, actor: Agent) throws -> [String: String] {
        let customer = try db.fetchValue("SELECT name FROM customers WHERE id = ?", [ticket.customerId], as: String.self) ?? ""
        return ["customer.name": customer, "ticket.number": TicketNumber.format(ticket.number),
                "agent.name": actor.name, "ticket.subject": ticket.subject]
    }

    /// Refuses a reply with gaps, and gives the status the macro moves the ticket to;
    /// `refusal` names the macro (and the ticket, in a bulk change) when the move is not allowed.
    static func macroTarget(_ macro: Macro, _ rendering: MacroRendering, from status: TicketStatus,
                            refusal: String) throws -> TicketStatus? {
        guard rendering.isComplete else {
            throw StoreError.invalid("Macro '\(macro.key)' has placeholders paydesk cannot fill: \(rendering.unresolved.joined(separator: ", ")).")
        }
        do { return try macro.statusChange(from: status) } catch {
            throw StoreError.conflict("\(refusal) cannot apply: \(error)")
        }
    }

    /// The writes: the ticket is taken when nobody owns it, the macro goes on the timeline,
    /// the reply to the customer (the first response when it is one), then the macro's
    /// priority, tags and status.
    func writeMacro(_ db: any SQLSession, _ macro: Macro, on ticket: Ticket, reply: String, target: TicketStatus?,
                    event: String, actor: Agent) throws {
        if ticket.assigneeId == nil {
            try db.run("UPDATE tickets SET assignee_id = ? WHERE id = ?", [actor.id, ticket.id])
        }
        try Self.appendEvent(db, ticketId: ticket.id, kind: .macro, author: actor.login, body: event, at: now)
        if !reply.isEmpty {
            try Self.appendEvent(db, ticketId: ticket.id, kind: .reply, author: actor.login, body: reply, at: now)
            try enqueueReply(db, ticket: ticket, body: reply)
            if ticket.firstResponseAt == nil {
                try db.run("UPDATE tickets SET first_response_at = ? WHERE id = ?", [now, ticket.id])
            }
        }
        if let p = macro.setPriority, p != ticket.priority {
            try db.run("UPDATE tickets SET priority = ? WHERE id = ?", [p.rawValue, ticket.id])
        }
        for tag in macro.addTags.map(Self.normalizeTag) {
            try db.run("INSERT INTO ticket_tags (ticket_id, tag) VALUES (?, ?) ON CONFLICT DO NOTHING", [ticket.id, tag])
        }
        if let target { try moveStatus(db, try Self.loadTicket(db, number: ticket.number), to: target, author: actor.login) }
    }
}
