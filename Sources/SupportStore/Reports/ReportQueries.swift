import Foundation
import GRDB
import SupportCore

/// Timeline facts the handling-time reports need, read in a handful of indexed queries
/// rather than ticket by ticket.
struct FirstReplyFact {
    var number: Int64
    var createdAt: Date
    var at: Date
    var author: String
}

/// What a ticket's SLA clocks are worked out from.
struct ClockTicket {
    var id: Int64
    var number: Int64
    var priority: Priority
    var category: Category
    var createdAt: Date
    var firstResponseAt: Date?
    var solvedAt: Date?
}

struct SolveFact {
    var number: Int64
    var createdAt: Date
    var solvedAt: Date
    /// Who solved it: the author of the last move to solved when that was an agent, else
    /// the owner; nil when neither is known.
    var agent: String?
}

extension StoreEngine {
    // MARK: backlog

    public func backlogReport(period: ReportPeriod) throws -> BacklogReport {
        try backlogReport(period: period, open: nil)
    }

    /// `open`: the open tickets already read (the dashboard's `OpenWork`), else counted here.
    func backlogReport(period: ReportPeriod, open work: OpenWork?) throws -> BacklogReport {
        let generated = clock()
        return try reading { db in
            // Each set of tickets read once, counted by category and priority together (and
            // the open ones by status too), the totals summed here: it was nine queries, four
            // of them passes over every open ticket (10k at 10M).
            func counts(_ columns: String, where condition: String, _ args: SQLArguments) throws -> [Row] {
                try db.fetchRows("SELECT \(columns), COUNT(*) AS n FROM tickets WHERE \(condition) GROUP BY \(columns)", args)
            }
            func tally(_ rows: [Row]) -> (category: [String: Int], priority: [String: Int], total: Int) {
                var category: [String: Int] = [:], priority: [String: Int] = [:], total = 0
                for row in rows {
                    let n: Int = row["n"]
                    category[row["category"], default: 0] += n
                    priority[row["priority"], default: 0] += n
                    total += n
                }
                return (category, priority, total)
            }
            let range: SQLArguments = [period.start.epoch, period.end.epoch]
            let open: (category: [String: Int], priority: [String: Int], total: Int)
            var byStatus: [String: Int] = [:]
            if let work {
                let counts = work.backlogCounts
                open = (counts.category, counts.priority, counts.total)
                byStatus = counts.status
            } else {
                let openRows = try counts("status, category, priority", where: "status IN \(Self.activeStatuses)", [])
                open = tally(openRows)
                for row in openRows { byStatus[row["status"], default: 0] += row["n"] as Int }
            }
            let created = tally(try counts("category, priority", where: "created_at >= ? AND created_at < ?", range))
            let solved = tally(try counts("category, priority", where: "solved_at >= ? AND solved_at < ?", range))
            var rows: [BacklogReport.Row] = []
            for status in TicketStatus.allCases where status.isActive {
                rows.append(.init(dimension: "status", value: status.rawValue, backlog: byStatus[status.rawValue] ?? 0))
            }
            for (dimension, values, backlog, createdIn, solvedIn) in [
                ("category", Category.allCases.map(\.rawValue), open.category, created.category, solved.category),
                ("priority", Priority.allCases.map(\.rawValue), open.priority, created.priority, solved.priority)] {
                for value in values {
                    rows.append(.init(dimension: dimension, value: value, backlog: backlog[value] ?? 0,
                                      created: createdIn[value] ?? 0, solved: solvedIn[value] ?? 0))
                }
            }
            rows.append(.init(dimension: "total", value: "all", backlog: open.total, created: created.total, solved: solved.total))
            return BacklogReport(period: period, generatedAt: generated, rows: rows)
        }
    }

    // MARK: SLA

    public func slaReport(period: ReportPeriod) throws -> SLAReport {
        let now = clock()
        return Self.slaReport(period: period, outcomes: try reading { db in try Self.slaOutcomes(db, period: period, now: now) }, now: now)
    }

    /// Today's and a longer period's reports from one pass over the clocks (today
    /// lies inside the longer period, so its outcomes are a subset).
    func slaReports(today: ReportPeriod, longer: ReportPeriod) throws -> (today: SLAReport, longer: SLAReport) {
        let now = clock()
        let outcomes = try reading { db in try Self.slaOutcomes(db, period: longer, now: now) }
        // The period's bounds once: `ReportPeriod.contains` works them out with a calendar
        // on every call.
        let day = today.start..<today.end
        return (Self.slaReport(period: today, outcomes: outcomes.filter { day.contains($0.outcome.at) }, now: now),
                Self.slaReport(period: longer, outcomes: outcomes, now: now))
    }

    typealias ClockOutcome = (number: Int64, priority: Priority, outcome: SLAOutcome)

    /// Met and breached counts for every metric × priority pair, totals included.
    static func slaReport(period: ReportPeriod, outcomes: [ClockOutcome], now: Date) -> SLAReport {
        var rows: [SLAReport.Row] = []
        for metric in ["all"] + SLAMetric.allCases.map(\.rawValue) {
            for priority in ["all"] + Priority.allCases.map(\.rawValue) {
                let chosen = outcomes.filter {
                    (metric == "all" || $0.outcome.metric.rawValue == metric) && (priority == "all" || $0.priority.rawValue == priority)
                }
                let breached = chosen.filter(\.outcome.breached)
                rows.append(.init(metric: metric, priority: priority, met: chosen.count - breached.count, breached: breached.count,
                                  breachedTickets: Array(Set(breached.map(\.number))).sorted()))
            }
        }
        return SLAReport(period: period, generatedAt: now, rows: rows)
    }

    // A clock that stopped before the period decided its outcome before it too, so
    // tickets with both clocks stopped earlier are skipped. So is running work whose
    // nearest running clock (stored for the queue's index) is not yet due and whose
    // first reply, if any, came before the period: nothing of it ended in the period.
    // Pending tickets store no due time, and a breach stays a breach while paused, so
    // they are always measured. Arguments: period end, start, start, now, start.
    static var slaCandidates: String {
        """
        t.created_at < ? AND (t.solved_at IS NULL OR t.solved_at >= ? OR t.first_response_at IS NULL OR t.first_response_at >= ?)
        AND NOT (t.status IN ('new','open','on_hold') AND t.sla_due_at > ? AND (t.first_response_at IS NULL OR t.first_response_at < ?))
        """
    }

    // The same set reached through indexes: the OR above, as written, read all of a
    // million tickets. Each arm of the union is one index (`tickets_clock_running`,
    // `tickets_solved_at`, `tickets_first_response_at`), and the full condition still
    // applies to what they find. Arguments: period start, start; ends with AND.
    static var slaReachable: String {
        """
        t.id IN (SELECT id FROM tickets WHERE solved_at IS NULL OR first_response_at IS NULL
                 UNION SELECT id FROM tickets WHERE solved_at >= ?
                 UNION SELECT id FROM tickets WHERE first_response_at >= ?) AND
        """
    }

    /// Every clock outcome decided inside the period, with its ticket and priority.
    static func slaOutcomes(_ db: any SQLSession, period: ReportPeriod, now: Date) throws -> [ClockOutcome] {
        let policies = try Self.policies(db)
        let calendar = try Self.calendar(db)
        let (reachable, candidates) = (slaReachable, slaCandidates)
        let args: SQLArguments = [period.start.epoch, period.start.epoch,
                                  period.end.epoch, period.start.epoch, period.start.epoch, now.epoch, period.start.epoch]
        var pauses: [Int64: [(start: Date, end: Date?)]] = [:]
        for row in try db.fetchRows("""
            SELECT p.ticket_id, p.started_at, p.ended_at FROM ticket_pauses p JOIN tickets t ON t.id = p.ticket_id
            WHERE \(reachable) \(candidates) ORDER BY p.started_at
            """, args) {
            pauses[row["ticket_id"], default: []].append((Date(epoch: row["started_at"]), (row["ended_at"] as Int64?).map(Date.init(epoch:))))
        }
        var result: [ClockOutcome] = []
        let bounds = period.start..<period.end   // once, not per clock (see slaReports)
        // The clocks' seven columns, not the whole ticket: on PostgreSQL a row's columns are
        // found by name one after the other, and the rest of a ticket's were most of the read.
        let tickets = try db.fetchDecoded("""
            SELECT t.id, t.number, t.priority, t.category, t.created_at, t.first_response_at, t.solved_at
            FROM tickets t WHERE \(reachable) \(candidates)
            """, args) { row in
            ClockTicket(id: row["id"], number: row["number"], priority: Priority(rawValue: row["priority"]) ?? .p3,
                        category: Category(rawValue: row["category"]) ?? .account, createdAt: Date(epoch: row["created_at"]),
                        firstResponseAt: (row["first_response_at"] as Int64?).map(Date.init(epoch:)),
                        solvedAt: (row["solved_at"] as Int64?).map(Date.init(epoch:)))
        }
        for ticket in tickets {
            guard let policy = SLAPolicy.policy(for: ticket.priority, category: ticket.category, in: policies) else { continue }
            // Solved without a public reply: the customer's answer was the solution, so the
            // first-response clock stops there too instead of running for ever.
            let clock = SLAClock(createdAt: ticket.createdAt, firstResponseAt: ticket.firstResponseAt ?? ticket.solvedAt,
                                 solvedAt: ticket.solvedAt, pauses: pauses[ticket.id] ?? [], policy: policy, calendar: calendar)
            for outcome in clock.outcomes(now: now) where bounds.contains(outcome.at) && outcome.at <= now {
                result.append((ticket.number, ticket.priority, outcome))
            }
        }
        return result
    }

    // MARK: agents

    public func agentReport(period: ReportPeriod) throws -> AgentReport {
        try agentReport(period: period, open: nil)
    }

    /// `open`: the open tickets already read (the dashboard's `OpenWork`), else counted here;
    /// `facts`: the period's facts already read (`AgentFacts.within`), else read here.
    func agentReport(period: ReportPeriod, open work: OpenWork?, facts known: AgentFacts? = nil) throws -> AgentReport {
        let generated = clock()
        return try reading { db in
            let calendar = try Self.calendar(db)
            let agents = try db.fetchRows("SELECT * FROM agents WHERE active = 1 AND role != 'admin' ORDER BY login").map(Agent.init(row:))
            var open: [String: Int] = [:], pending: [String: Int] = [:]
            if let work {
                (open, pending) = work.ownerCounts
            } else {
                for row in try db.fetchRows("""
                    SELECT a.login, t.status IN \(TicketStatus.openSQL) AS working, COUNT(*) AS n FROM tickets t JOIN agents a ON a.id = t.assignee_id
                    WHERE t.status IN \(Self.activeStatuses) GROUP BY a.login, working
                    """) {
                    // OPEN is the header's My open (TicketStatus.openForWork); the rest is pending.
                    if row["working"] as Bool { open[row["login"]] = row["n"] } else { pending[row["login"]] = row["n"] }
                }
            }
            let facts = try known ?? Self.agentFacts(db, period: period)
            let (replies, solves, csat) = (facts.replies, facts.solves, facts.csat)
            // Each fact measured once and the facts grouped by agent once: filtering all of
            // them for each of 70 agents, and measuring each again for the team row, cost
            // more than reading them at 10M (5,000 solves and 15,000 replies a week).
            let replyMinutes = replies.map {
                HandlingTime.firstResponseMinutes(created: $0.createdAt, firstReply: $0.at, calendar: calendar)
            }
            let solveMinutes = solves.map {
                HandlingTime.resolutionMinutes(created: $0.createdAt, solved: $0.solvedAt, calendar: calendar)
            }
            let repliesBy = Dictionary(grouping: replies.indices) { replies[$0].author }
            let solvesBy = Dictionary(grouping: solves.indices) { solves[$0].agent }
            let scoresBy = Dictionary(grouping: csat) { $0.agent }
            func row(login: String, name: String, replied: [Int], solved: [Int], scores: [Int], open: Int, pending: Int) -> AgentReportRow {
                AgentReportRow(
                    login: login, name: name, open: open, pending: pending,
                    solved: solved.count, solvedTickets: solved.map { solves[$0].number },
                    firstResponses: replied.count,
                    medianFirstResponseMinutes: Stats.median(replied.map { replyMinutes[$0] }),
                    firstResponseTickets: replied.map { replies[$0].number },
                    medianResolutionMinutes: Stats.median(solved.map { solveMinutes[$0] }),
                    csatResponses: scores.count, csatAverage: Stats.mean(scores))
            }
            let rows = agents.map { a in
                row(login: a.login, name: a.name, replied: repliesBy[a.login] ?? [], solved: solvesBy[a.login] ?? [],
                    scores: (scoresBy[a.login] ?? []).map(\.score), open: open[a.login] ?? 0, pending: pending[a.login] ?? 0)
            }
            return AgentReport(period: period, generatedAt: generated, rows: rows,
                               team: row(login: "team", name: "Whole team", replied: Array(replies.indices),
                                         solved: Array(solves.indices), scores: csat.map(\.score),
                                         open: open.values.reduce(0, +), pending: pending.values.reduce(0, +)))
        }
    }

    // MARK: volume

    public func volumeReport(period: ReportPeriod) throws -> VolumeReport {
        try volumeReport(period: period, earlier: nil)
    }

    /// `earlier`: a report of the same days counted a moment ago, whose days before the
    /// last are taken as they are (the supervisor screen's, reused as its SLA rates are);
    /// only the last day's tickets are counted then.
    func volumeReport(period: ReportPeriod, earlier: VolumeReport?) throws -> VolumeReport {
        let generated = clock()
        let days = period.days
        let labels = days.map(\.description)
        let from = earlier.map { $0.days == labels && days.count > 1 } == true ? days.count - 1 : 0
        return try reading { db in
            var counts = Dictionary(uniqueKeysWithValues: Channel.allCases.map { ($0.rawValue, Array(repeating: 0, count: days.count)) })
            if from > 0, let earlier {
                for row in earlier.rows where counts[row.channel] != nil && row.perDay.count == days.count {
                    counts[row.channel]!.replaceSubrange(0..<from, with: row.perDay[0..<from])
                }
            }
            // Counted by the database per local day and channel in one range of the creation
            // index, each ticket placed in its day by a CASE over the day bounds: reading every
            // ticket of two weeks (19,000 at 10M) to place it here cost 30–130 ms on PostgreSQL.
            // Day i runs from its first second to the next day's (the last to the period's end).
            // Written as a join of the day bounds with the tickets, PostgreSQL's planner, not
            // knowing the bounds, chose a parallel scan of every ticket once the table's rows
            // had been rewritten (2.3–3 s); a single range leaves it no such choice. SQLite is
            // told the creation index: with the seed's statistics it skip-scanned the
            // subcategory index instead.
            let starts = days.map { $0.start(in: period.timeZone).epoch }
            if from < starts.count {
                let later = starts.indices.dropFirst(from + 1)
                let whens = later.map { "WHEN created_at < ? THEN \($0 - 1)" }.joined(separator: " ")
                let day = later.isEmpty ? "\(from)" : "CASE \(whens) ELSE \(days.count - 1) END"
                let bounds: SQLArguments = (later.map { starts[$0] } + [starts[from], period.end.epoch]).map { $0 }
                for row in try db.fetchRows("""
                    SELECT \(day) AS i, channel, COUNT(*) AS n
                    FROM tickets\(db.dialect == .sqlite ? " INDEXED BY tickets_created_at" : "")
                    WHERE created_at >= ? AND created_at < ?
                    GROUP BY 1, 2
                    """, bounds) {
                    let channel: String = row["channel"], index: Int = row["i"]
                    counts[channel, default: Array(repeating: 0, count: days.count)][index] += row["n"] as Int
                }
            }
            let rows = Channel.allCases.map { VolumeReport.Row(channel: $0.rawValue, perDay: counts[$0.rawValue]!) }
            return VolumeReport(period: period, generatedAt: generated, days: labels, rows: rows)
        }
    }
}
