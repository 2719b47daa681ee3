import Foundation
import GRDB
import SupportCore

/// One SLA clock as the console and the command line show it.
public struct SLAClockStatus: Sendable, Codable, Hashable {
    public var metric: SLAMetric
    public var state: SLAState
    public var targetMinutes: Int
    public var due: Date
    public var warningAt: Date
    public var elapsedMinutes: Int
    public var stoppedAt: Date?

    init(_ r: SLAReading) {
        metric = r.metric; state = r.state; targetMinutes = r.targetMinutes; due = r.due
        warningAt = r.warningAt; elapsedMinutes = r.elapsedMinutes; stoppedAt = r.stoppedAt
    }

    /// "first_response met (target 30m)" or "resolution warning, due 2026-11-26 17:00 (in 42m)".
    public func summary(now: Date) -> String {
        let name = metric.rawValue.replacingOccurrences(of: "_", with: " ")
        switch state {
        case .met, .missed:
            return "\(name) \(state.rawValue) (target \(DurationText.format(TimeInterval(targetMinutes) * 60)))"
        case .paused:
            return "\(name) paused while waiting on the customer"
        default:
            return "\(name) \(state.rawValue), due \(TimeText.clock(due)) (\(DurationText.format(due.timeIntervalSince(now))))"
        }
    }
}

extension SupportStore {
    /// SLA policies and holidays for a new database; idempotent.
    public func seedDefaults() throws {
        try write { db in try seedDefaultPolicies(db) }
    }

    func seedDefaultPolicies(_ db: Database) throws {
        if try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sla_policies") == 0 {
            for p in SLAPolicy.defaults {
                try db.execute(sql: """
                    INSERT INTO sla_policies (priority, category, first_response_minutes, resolution_minutes,
                                              warning_share, business_hours) VALUES (?, ?, ?, ?, ?, ?)
                    """, arguments: [p.priority.rawValue, p.category?.rawValue, p.firstResponseMinutes,
                                     p.resolutionMinutes, p.warningShare, p.usesBusinessHours])
            }
        }
        // Indonesian public holidays (national days off) the business clock skips.
        let holidays = [("2026-12-25", "Hari Raya Natal"), ("2026-12-24", "Cuti bersama Natal"),
                        ("2027-01-01", "Tahun Baru Masehi"), ("2027-02-06", "Tahun Baru Imlek"),
                        ("2027-03-10", "Idul Fitri"), ("2027-03-11", "Idul Fitri"),
                        ("2026-08-17", "Hari Kemerdekaan"), ("2026-05-01", "Hari Buruh")]
        for (day, name) in holidays {
            try db.execute(sql: "INSERT OR IGNORE INTO holidays (day, name) VALUES (?, ?)", arguments: [day, name])
        }
    }

    static func policies(_ db: Database) throws -> [SLAPolicy] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM sla_policies")).compactMap { row in
            guard let priority = Priority(rawValue: row["priority"]) else { return nil }
            return SLAPolicy(priority: priority, category: (row["category"] as String?).flatMap(Category.init(rawValue:)),
                             firstResponseMinutes: row["first_response_minutes"], resolutionMinutes: row["resolution_minutes"],
                             warningShare: row["warning_share"], usesBusinessHours: row["business_hours"])
        }
    }

    static func calendar(_ db: Database) throws -> BusinessCalendar {
        BusinessCalendar(holidays: Set(try String.fetchAll(db.cachedStatement(sql: "SELECT day FROM holidays"))))
    }

    public func slaPolicies() throws -> [SLAPolicy] { try read { db in try Self.policies(db) } }

    public func holidays() throws -> [(day: String, name: String)] {
        try read { db in try Row.fetchAll(db, sql: "SELECT day, name FROM holidays ORDER BY day").map { ($0["day"], $0["name"]) } }
    }

    func clock(_ db: Database, ticket: Ticket) throws -> SLAClock? {
        let policies = try Self.policies(db)
        guard let policy = SLAPolicy.policy(for: ticket.priority, category: ticket.category, in: policies) else { return nil }
        let pauses = try Row.fetchAll(db.cachedStatement(sql: "SELECT started_at, ended_at FROM ticket_pauses WHERE ticket_id = ? ORDER BY started_at"),
                                      arguments: [ticket.id]).map { row -> (start: Date, end: Date?) in
            (Date(epoch: row["started_at"]), (row["ended_at"] as Int64?).map(Date.init(epoch:)))
        }
        return SLAClock(createdAt: ticket.createdAt, firstResponseAt: ticket.firstResponseAt, solvedAt: ticket.solvedAt,
                        pauses: pauses, policy: policy, calendar: try Self.calendar(db))
    }

    /// Every clock of a ticket at the store's "now".
    public func slaClocks(ticket number: Int64) throws -> [SLAClockStatus] {
        try read { db in
            let ticket = try Self.loadTicket(db, number: number)
            return try clock(db, ticket: ticket)?.readings(now: clock()).map(SLAClockStatus.init) ?? []
        }
    }

    /// Stores the nearest running clock's due and warning times so that queues sort and
    /// filter by SLA on an index. Paused, stopped or finished tickets sort last.
    func refreshDeadline(_ db: Database, ticketId: Int64) throws {
        guard let ticket = try Self.ticketRow(db.cachedStatement(sql: "SELECT * FROM tickets WHERE id = ?"), arguments: [ticketId]) else { return }
        var due = Schema.noDeadline
        var warn = Schema.noDeadline
        if ticket.status.isActive && ticket.status != .pending, let clock = try clock(db, ticket: ticket) {
            let running = clock.readings(now: Date(epoch: now)).filter { [.ok, .warning, .breached].contains($0.state) }
            if let nearest = running.min(by: { $0.due < $1.due }) {
                due = nearest.due.epoch
                warn = nearest.warningAt.epoch
            }
        }
        try db.cachedStatement(sql: "UPDATE tickets SET sla_due_at = ?, sla_warn_at = ? WHERE id = ?").execute(arguments: [due, warn, ticketId])
    }
}
