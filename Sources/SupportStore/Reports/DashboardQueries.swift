import Foundation
import GRDB
import SupportCore

/// A ticket the supervisor should look at before anything else: escalated work, and
/// complaints close to (or past) their regulatory deadline.
public struct AttentionItem: Sendable, Equatable, Codable {
    public var number: Int64
    public var subject: String
    public var priority: Priority
    public var status: TicketStatus
    public var assignee: String?
    public var escalated: Bool
    /// The complaint's escalation level, when the ticket carries an open complaint near its deadline.
    public var complaintLevel: ComplaintLevel?
    /// The complaint's deadline, else the SLA due time of the running clock.
    public var due: Date?
}

/// Open tickets of one age band, for the aging histogram.
public struct AgingBucket: Sendable, Equatable, Codable {
    public var band: AgingBand
    public var tickets: [Int64]
    public var count: Int { tickets.count }
}

/// Everything the supervisor screen shows, read in one go.
public struct SupervisorDashboard: Sendable, Codable {
    public var generatedAt: Date
    public var attention: [AttentionItem]
    public var backlog: BacklogReport
    public var slaToday: SLAReport
    public var slaWeek: SLAReport
    /// Running clocks that run out within the hour, soonest first.
    public var breachingSoon: [TicketSummary]
    /// Tickets whose running clock is already past due.
    public var breachedNow: [Int64]
    public var aging: [AgingBucket]
    /// Tickets created per channel over the last 14 days.
    public var volume: VolumeReport
    /// Handling times over the chosen period; `solvedToday` per agent beside it.
    public var agents: AgentReport
    public var solvedToday: [String: [Int64]]
    public var viewing: [String: Int64]
    public var approvals: [SecurityActionRecord]
    public var csat: CSATReport
}

extension StoreEngine {
    /// The supervisor screen's figures. `periodDays` sets the window of the handling times
    /// and satisfaction (1 = today); SLA rates are always today and the last 7 days.
    /// Computed once per change (the engine's `changeVersion`) and shared by every
    /// caller (`DashboardMemo`).
    public func supervisorDashboard(periodDays: Int = 7, complaintWorkingDays: Int = 2) throws -> SupervisorDashboard {
        try dashboardMemo.dashboard(.init(periodDays: periodDays, complaintWorkingDays: complaintWorkingDays),
                                    version: changeVersion, now: clock()) { reuse in
            try computeSupervisorDashboard(periodDays: periodDays, complaintWorkingDays: complaintWorkingDays, reusing: reuse)
        }
    }

    /// Every figure read afresh, but the SLA reports handed back (`reusing`) while they
    /// are still for today — measuring every clock is the one costly part — and the
    /// volume's days before today while they are the same days.
    func computeSupervisorDashboard(periodDays: Int, complaintWorkingDays: Int,
                                    reusing previous: DashboardReuse?) throws -> SupervisorDashboard {
        let now = clock()
        let today = ReportPeriod.today(now)
        let period = ReportPeriod.lastDays(periodDays, endingAt: now)
        // The open tickets once, for the backlog, aging, breached list and owners' counts.
        let work = try reading { db in try OpenWork.read(db) }
        // The period's handling-time facts once; today's are those of them that fall today.
        let facts = periodDays == 1 ? nil : try reading { db in try Self.agentFacts(db, period: period) }
        let todayAgents = try agentReport(period: today, open: work, facts: facts?.within(today))
        let sla: (today: SLAReport, longer: SLAReport)
        if let previous, previous.today.period == today {
            sla = (previous.today, previous.week)
        } else {
            sla = try slaReports(today: today, longer: .lastDays(7, endingAt: now))
        }
        return SupervisorDashboard(
            generatedAt: now,
            attention: try attentionItems(complaintWorkingDays: complaintWorkingDays),
            backlog: try backlogReport(period: today, open: work),
            slaToday: sla.today,
            slaWeek: sla.longer,
            breachingSoon: try breachingWithin(seconds: 3_600),
            breachedNow: work.breached(now: now.epoch),
            aging: work.aging(now: now.epoch),
            volume: try volumeReport(period: .lastDays(14, endingAt: now), earlier: previous?.volume),
            agents: periodDays == 1 ? todayAgents : try agentReport(period: period, open: work, facts: facts),
            solvedToday: Dictionary(uniqueKeysWithValues: todayAgents.rows.map { ($0.login, $0.solvedTickets) }),
            viewing: try currentlyViewing(),
            approvals: try approvals(),
            csat: try csatReport(period: period))
    }

    /// Escalated open tickets and complaints due within `complaintWorkingDays` working
    /// days (overdue first), merged and sorted by what comes due first.
    public func attentionItems(complaintWorkingDays: Int = 2, limit: Int = 200) throws -> [AttentionItem] {
        // Near their deadline, or raised to a supervisor or above (shown at once).
        let near = try complaintsNearDeadline(within: complaintWorkingDays, limit: limit)
        let raised = try complaintsEscalated(limit: limit).filter { c in !near.contains { $0.ticketNumber == c.ticketNumber } }
        let complaints = near + raised
        return try reading { db in
            var items: [Int64: AttentionItem] = [:]
            let escalated = try db.fetch(TicketSummaryDecoder.self, """
                SELECT \(TicketSummary.columns) \(TicketSummary.joins)
                WHERE t.status IN \(Self.activeStatuses)
                  AND EXISTS (SELECT 1 FROM ticket_tags g WHERE g.ticket_id = t.id AND g.tag = 'escalated')
                ORDER BY t.sla_due_at, t.id LIMIT ?
                """, [limit])
            for t in escalated {
                items[t.number] = AttentionItem(number: t.number, subject: t.subject, priority: t.priority, status: t.status,
                                                assignee: t.assignee, escalated: true, complaintLevel: nil, due: t.slaDueAt)
            }
            for c in complaints {
                let t = try Self.loadTicket(db, number: c.ticketNumber)
                let owner = try t.assigneeId.map { try Self.login(db, agentId: $0) }
                items[c.ticketNumber] = AttentionItem(number: c.ticketNumber, subject: c.subject, priority: t.priority, status: t.status,
                                                      assignee: owner, escalated: t.tags.contains("escalated"),
                                                      complaintLevel: c.level, due: c.dueAt)
            }
            return items.values.sorted {
                ($0.due ?? .distantFuture, $0.number) < ($1.due ?? .distantFuture, $1.number)
            }
        }
    }

    /// Tickets whose running SLA clock runs out after now but within `seconds`.
    public func breachingWithin(seconds: Int64, limit: Int = 200) throws -> [TicketSummary] {
        let now = self.now
        return try reading { db in
            try db.fetch(TicketSummaryDecoder.self, """
                SELECT \(TicketSummary.columns) \(TicketSummary.joins)
                WHERE t.status IN ('new','open','on_hold') AND t.sla_due_at > ? AND t.sla_due_at <= ?
                ORDER BY t.sla_due_at, t.id LIMIT ?
                """, [now, now + seconds, limit])
        }
    }

    /// Tickets whose running SLA clock is already past due.
    public func breachedRunning() throws -> [Int64] {
        let now = self.now
        return try reading { db in
            try db.fetchValues("""
                SELECT number FROM tickets WHERE status IN ('new','open','on_hold') AND sla_due_at <= ? ORDER BY sla_due_at, id
                """, [now], as: Int64.self)
        }
    }

    /// Unsolved tickets by age band.
    public func agingBuckets(bands: [AgingBand] = AgingBand.standard) throws -> [AgingBucket] {
        let now = self.now
        return try reading { db in
            var buckets = bands.map { AgingBucket(band: $0, tickets: []) }
            for row in try db.fetchRows("SELECT number, created_at FROM tickets WHERE status IN \(Self.activeStatuses) ORDER BY number") {
                let age = now - (row["created_at"] as Int64)
                buckets[AgingBand.band(forAge: age, in: bands)].tickets.append(row["number"])
            }
            return buckets
        }
    }
}
