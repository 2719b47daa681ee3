import Foundation
import GRDB
import SupportCore

// The SLA clocks of a ticket, read from its policy, pauses and the holiday calendar, and
// the stored due and warning times the queues sort by.
extension StoreEngine {
    package static func policies(_ session: any SQLSession) throws -> [SLAPolicy] {
        try session.fetchRows("SELECT * FROM sla_policies").compactMap { row in
            guard let priority = Priority(rawValue: row["priority"]) else { return nil }
            return SLAPolicy(priority: priority, category: (row["category"] as String?).flatMap(Category.init(rawValue:)),
                             firstResponseMinutes: row["first_response_minutes"], resolutionMinutes: row["resolution_minutes"],
                             warningShare: row["warning_share"], usesBusinessHours: row["business_hours"])
        }
    }

    package static func calendar(_ session: any SQLSession) throws -> BusinessCalendar {
        BusinessCalendar(holidays: Set(try session.fetchValues("SELECT day FROM holidays", as: String.self)))
    }

    public func slaPolicies() throws -> [SLAPolicy] { try reading { try Self.policies($0) } }

    public func holidays() throws -> [(day: String, name: String)] {
        try reading { try $0.fetchRows("SELECT day, name FROM holidays ORDER BY day").map { ($0["day"], $0["name"]) } }
    }

    func clock(_ session: any SQLSession, ticket: Ticket) throws -> SLAClock? {
        let policies = try Self.policies(session)
        guard let policy = SLAPolicy.policy(for: ticket.priority, category: ticket.category, in: policies) else { return nil }
        let pauses = try session.fetchRows("SELECT started_at, ended_at FROM ticket_pauses WHERE ticket_id = ? ORDER BY started_at",
                                           [ticket.id]).map { row -> (start: Date, end: Date?) in
            (Date(epoch: row["started_at"]), (row["ended_at"] as Int64?).map(Date.init(epoch:)))
        }
        return SLAClock(createdAt: ticket.createdAt, firstResponseAt: ticket.firstResponseAt, solvedAt: ticket.solvedAt,
                        pauses: pauses, policy: policy, calendar: try Self.calendar(session))
    }

    /// Every clock of a ticket at the store's "now".
    public func slaClocks(ticket number: Int64) throws -> [SLAClockStatus] {
        try reading { session in
            let ticket = try Self.loadTicket(session, number: number)
            return try clock(session, ticket: ticket)?.readings(now: clock()).map(SLAClockStatus.init) ?? []
        }
    }

    /// Stores the nearest running clock's due and warning times so that queues sort and
    /// filter by SLA on an index. Paused, stopped or finished tickets sort last.
    func refreshDeadline(_ session: any SQLSession, ticketId: Int64) throws {
        guard let ticket = try session.fetchOne(TicketDecoder.self, "SELECT * FROM tickets WHERE id = ?", [ticketId]) else { return }
        var due = Schema.noDeadline
        var warn = Schema.noDeadline
        if ticket.status.isActive && ticket.status != .pending, let clock = try clock(session, ticket: ticket) {
            let running = clock.readings(now: Date(epoch: now)).filter { [.ok, .warning, .breached].contains($0.state) }
            if let nearest = running.min(by: { $0.due < $1.due }) {
                due = nearest.due.epoch
                warn = nearest.warningAt.epoch
            }
        }
        try session.run("UPDATE tickets SET sla_due_at = ?, sla_warn_at = ? WHERE id = ?", [due, warn, ticketId])
    }
}
