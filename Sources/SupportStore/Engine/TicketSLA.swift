import Foundation
import GRDB
import SupportCore

// The SLA clocks of a ticket, read from its policy, pauses and the holiday calendar, and
// the stored due and warning times the queues sort by.
extension StoreEngine {
    package static func policies(_ session: any SQLSession) throws -> [SLAPolicy] {
        try session.fetchRows("SELECT * FROM sla_policies").compactMap(policy)
    }

    private static func policy(_ row: Row) -> SLAPolicy? {
        guard let priority = Priority(rawValue: row["priority"]) else { return nil }
        return SLAPolicy(priority: priority, category: (row["category"] as String?).flatMap(Category.init(rawValue:)),
                         firstResponseMinutes: row["first_response_minutes"], resolutionMinutes: row["resolution_minutes"],
                         warningShare: row["warning_share"], usesBusinessHours: row["business_hours"])
    }

    /// The policies, the holidays and one ticket's pauses (in order) in one statement: every
    /// change of a ticket sets its deadline from all three, and on PostgreSQL each of their
    /// statements was a round trip of its own. `part` says which table a row is from;
    /// `ord` keeps the policies in the order of their ids (the first that fits is taken)
    /// and the pauses in time.
    package static func clockInputs(_ session: any SQLSession, ticketId: Int64)
        throws -> (rules: SLARules, pauses: [(start: Date, end: Date?)]) {
        let rows = try session.fetchRows("""
            SELECT 0 AS part, id AS ord, priority, category, first_response_minutes, resolution_minutes, warning_share, business_hours
              FROM sla_policies
            UNION ALL SELECT 1, NULL, day, NULL, NULL, NULL, NULL, NULL FROM holidays
            UNION ALL SELECT 2, started_at, NULL, NULL, started_at, ended_at, NULL, NULL FROM ticket_pauses WHERE ticket_id = ?
            ORDER BY 1, 2
            """, [ticketId])
        var policies: [SLAPolicy] = [], holidays: Set<String> = [], pauses: [(start: Date, end: Date?)] = []
        for row in rows {
            switch row["part"] as Int {
            case 0: if let policy = policy(row) { policies.append(policy) }
            case 1: holidays.insert(row["priority"])
            default: pauses.append((Date(epoch: row["first_response_minutes"]), (row["resolution_minutes"] as Int64?).map(Date.init(epoch:))))
            }
        }
        return (SLARules(policies: policies, calendar: BusinessCalendar(holidays: holidays)), pauses)
    }

    package static func calendar(_ session: any SQLSession) throws -> BusinessCalendar {
        BusinessCalendar(holidays: Set(try session.fetchValues("SELECT day FROM holidays", as: String.self)))
    }

    public func slaPolicies() throws -> [SLAPolicy] { try reading { try Self.policies($0) } }

    public func holidays() throws -> [(day: String, name: String)] {
        try reading { try $0.fetchRows("SELECT day, name FROM holidays ORDER BY day").map { ($0["day"], $0["name"]) } }
    }

    /// The policies and the holiday calendar, read once for a run of writes that sets many
    /// tickets' deadlines in one transaction (intake: a hundred contacts), where reading and
    /// decoding them again for every contact was 2% of the import.
    func slaRules(_ session: any SQLSession) throws -> SLARules {
        SLARules(policies: try Self.policies(session), calendar: try Self.calendar(session))
    }

    /// `rules`: read once by the caller for its transaction (`slaRules`); nil reads them here.
    func clock(_ session: any SQLSession, ticket: Ticket, rules given: SLARules? = nil) throws -> SLAClock? {
        let rules: SLARules, pauses: [(start: Date, end: Date?)]
        if let given {
            rules = given
            pauses = try session.fetchRows("SELECT started_at, ended_at FROM ticket_pauses WHERE ticket_id = ? ORDER BY started_at",
                                           [ticket.id]).map { row -> (start: Date, end: Date?) in
                (Date(epoch: row["started_at"]), (row["ended_at"] as Int64?).map(Date.init(epoch:)))
            }
        } else {
            (rules, pauses) = try Self.clockInputs(session, ticketId: ticket.id)
        }
        guard let policy = SLAPolicy.policy(for: ticket.priority, category: ticket.category, in: rules.policies) else { return nil }
        return SLAClock(createdAt: ticket.createdAt, firstResponseAt: ticket.firstResponseAt, solvedAt: ticket.solvedAt,
                        pauses: pauses, policy: policy, calendar: rules.calendar)
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
    func refreshDeadline(_ session: any SQLSession, ticketId: Int64, rules: SLARules? = nil) throws {
        guard let ticket = try session.fetchOne(TicketDecoder.self, "SELECT * FROM tickets WHERE id = ?", [ticketId]) else { return }
        try refreshDeadline(session, ticket, rules: rules)
    }

    /// The same for a ticket the transaction has just read as it now stands.
    func refreshDeadline(_ session: any SQLSession, _ ticket: Ticket, rules: SLARules? = nil) throws {
        let ticketId = ticket.id
        var deadline = (due: Schema.noDeadline, warn: Schema.noDeadline)
        if ticket.status.isActive && ticket.status != .pending, let clock = try clock(session, ticket: ticket, rules: rules) {
            deadline = nearestDeadline(clock)
        }
        try session.run("UPDATE tickets SET sla_due_at = ?, sla_warn_at = ? WHERE id = ?", [deadline.due, deadline.warn, ticketId])
    }

    /// The deadline a ticket opened at `createdAt` starts with (status new, no pauses, no
    /// response yet), as `refreshDeadline` would store it: intake inserts the row with it.
    /// Inserting with no deadline and then updating it moved the row's entries in every
    /// index holding the deadline (six; seven for untriaged mail) a second time for each new ticket.
    func newTicketDeadline(createdAt: Date, priority: Priority, category: Category,
                           rules: SLARules) -> (due: Int64, warn: Int64) {
        guard let policy = SLAPolicy.policy(for: priority, category: category, in: rules.policies) else {
            return (Schema.noDeadline, Schema.noDeadline)
        }
        return nearestDeadline(SLAClock(createdAt: createdAt, firstResponseAt: nil, solvedAt: nil, pauses: [],
                                        policy: policy, calendar: rules.calendar))
    }

    /// The nearest running clock's due and warning times; none when every clock has stopped.
    private func nearestDeadline(_ clock: SLAClock) -> (due: Int64, warn: Int64) {
        let running = clock.readings(now: Date(epoch: now)).filter { [.ok, .warning, .breached].contains($0.state) }
        guard let nearest = running.min(by: { $0.due < $1.due }) else { return (Schema.noDeadline, Schema.noDeadline) }
        return (nearest.due.epoch, nearest.warningAt.epoch)
    }
}

/// The SLA policies and holiday calendar as one transaction read them (`slaRules`).
package struct SLARules {
    package var policies: [SLAPolicy]
    package var calendar: BusinessCalendar
}
