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

    public init(metric: SLAMetric, state: SLAState, targetMinutes: Int, due: Date, warningAt: Date, elapsedMinutes: Int,
                stoppedAt: Date?) {
        self.metric = metric; self.state = state; self.targetMinutes = targetMinutes; self.due = due
        self.warningAt = warningAt; self.elapsedMinutes = elapsedMinutes; self.stoppedAt = stoppedAt
    }

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

    /// Indonesian public holidays (national days off) the business clock skips.
    package static let defaultHolidays = [("2026-12-25", "Hari Raya Natal"), ("2026-12-24", "Cuti bersama Natal"),
                                  ("2027-01-01", "Tahun Baru Masehi"), ("2027-02-06", "Tahun Baru Imlek"),
                                  ("2027-03-10", "Idul Fitri"), ("2027-03-11", "Idul Fitri"),
                                  ("2026-08-17", "Hari Kemerdekaan"), ("2026-05-01", "Hari Buruh")]

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
        for (day, name) in Self.defaultHolidays {
            try db.execute(sql: "INSERT OR IGNORE INTO holidays (day, name) VALUES (?, ?)", arguments: [day, name])
        }
    }
}
