import Foundation
import GRDB
import SupportCore

// Claiming follows Request Tracker: take (claim), give, steal, untake (release).
// Every form is a compare-and-set on the owner and the version: two processes — or two
// service instances on one PostgreSQL database — racing for one ticket leave exactly one
// owner; the loser is told who won. (PostgreSQL re-checks an UPDATE's WHERE clause after
// waiting on a concurrent writer's row lock, so `assignee_id IS NULL` holds there too.)
extension StoreEngine {
    @discardableResult
    public func claim(ticket number: Int64, by actor: Agent, expecting version: Int64? = nil) throws -> Ticket {
        try changingTicket(number: number, by: actor, action: "ticket.claim", expecting: version) { session, ticket in
            if ticket.assigneeId == actor.id {
                throw StoreError.conflict("You already own \(TicketNumber.format(number)).")
            }
            if let owner = ticket.assigneeId {
                let login = try Self.login(session, agentId: owner)
                throw StoreError.conflict("\(TicketNumber.format(number)) is already claimed by \(login).")
            }
            guard ticket.status != .closed else {
                throw StoreError.conflict("\(TicketNumber.format(number)) is closed and cannot be claimed.")
            }
            let claimed = try session.run("UPDATE tickets SET assignee_id = ? WHERE id = ? AND assignee_id IS NULL",
                                          [actor.id, ticket.id])
            guard claimed == 1 else {
                throw StoreError.conflict("\(TicketNumber.format(number)) was claimed by someone else a moment ago.")
            }
            if ticket.status == .new { try self.moveStatus(session, ticket, to: .open) }
            try Self.appendEvent(session, ticketId: ticket.id, kind: .assignment, author: actor.login,
                                 body: "claimed by \(actor.login)", at: now)
            return ("assignee=", "assignee=\(actor.login)", ticket)
        }
    }

    /// Hands a ticket to another agent. The owner may give their own ticket; supervisors any.
    @discardableResult
    public func give(ticket number: Int64, to login: String, by actor: Agent, expecting version: Int64? = nil) throws -> Ticket {
        try changingTicket(number: number, by: actor, action: "ticket.give", expecting: version) { session, ticket in
            guard let target = try session.fetchRow("SELECT * FROM agents WHERE login = ?", [login]).map(Agent.init(row:)) else {
                throw StoreError.notFound("Agent '\(login)'")
            }
            guard target.active else { throw StoreError.conflict("Agent '\(login)' is disabled.") }
            let owns = ticket.assigneeId == actor.id
            guard owns || actor.role.can(.reassign) else {
                throw StoreError.forbidden("Only the owner or a supervisor may give \(TicketNumber.format(number)) away.")
            }
            let before = try ticket.assigneeId.map { try Self.login(session, agentId: $0) } ?? ""
            try session.run("UPDATE tickets SET assignee_id = ? WHERE id = ?", [target.id, ticket.id])
            if ticket.status == .new { try self.moveStatus(session, ticket, to: .open) }
            try Self.appendEvent(session, ticketId: ticket.id, kind: .assignment, author: actor.login,
                                 body: "given to \(login)" + (before.isEmpty ? "" : " (was \(before))"), at: now)
            return ("assignee=\(before)", "assignee=\(login)", ticket)
        }
    }

    /// Takes a ticket from its current owner. Supervisors only; the previous owner is recorded.
    @discardableResult
    public func steal(ticket number: Int64, by actor: Agent, reason: String, expecting version: Int64? = nil) throws -> Ticket {
        try changingTicket(number: number, by: actor, action: "ticket.steal", expecting: version, reason: reason) { session, ticket in
            guard actor.role.can(.steal) else {
                throw StoreError.forbidden("Only a supervisor may steal a ticket; ask its owner to give it to you.")
            }
            guard let owner = ticket.assigneeId, owner != actor.id else {
                throw StoreError.conflict("\(TicketNumber.format(number)) has no other owner; claim it instead.")
            }
            let before = try Self.login(session, agentId: owner)
            try session.run("UPDATE tickets SET assignee_id = ? WHERE id = ?", [actor.id, ticket.id])
            try Self.appendEvent(session, ticketId: ticket.id, kind: .assignment, author: actor.login,
                                 body: "stolen from \(before) by \(actor.login): \(reason)", at: now)
            return ("assignee=\(before)", "assignee=\(actor.login)", ticket)
        }
    }

    /// Puts a ticket back in the unassigned queue.
    @discardableResult
    public func release(ticket number: Int64, by actor: Agent, expecting version: Int64? = nil) throws -> Ticket {
        try changingTicket(number: number, by: actor, action: "ticket.release", expecting: version) { session, ticket in
            guard let owner = ticket.assigneeId else {
                throw StoreError.conflict("\(TicketNumber.format(number)) is not assigned to anyone.")
            }
            guard owner == actor.id || actor.role.can(.reassign) else {
                throw StoreError.forbidden("Only the owner or a supervisor may release \(TicketNumber.format(number)).")
            }
            let before = try Self.login(session, agentId: owner)
            try session.run("UPDATE tickets SET assignee_id = NULL WHERE id = ?", [ticket.id])
            try Self.appendEvent(session, ticketId: ticket.id, kind: .assignment, author: actor.login,
                                 body: "released by \(actor.login) (was \(before))", at: now)
            return ("assignee=\(before)", "assignee=", ticket)
        }
    }
}
