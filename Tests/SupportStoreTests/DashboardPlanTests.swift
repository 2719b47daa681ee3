import Foundation
import GRDB
import SupportCore
import Testing
@testable import SupportStore

/// The supervisor screen's handling-time report reads the tickets solved in its period.
/// Planned with a large seed's statistics, the status term (`solved`, `closed`) looked the
/// cheaper way in: every ticket ever solved, read twice per dashboard.
@Suite struct DashboardPlanTests {
    static let ticketAliases = ["t", "tickets"]

    /// The query as it was before it was pinned to the solve-time index: the oracle for
    /// what the pinned one must return.
    static let unpinnedSolves = SupportStore.solvesSQL(.sqlite)
        .replacingOccurrences(of: "tickets t INDEXED BY tickets_solved_at", with: "tickets t") + " ORDER BY t.number"

    @Test(arguments: [false, true])
    func solvesSeekThePeriodsSolveTimes(perfIndexStatistics: Bool) throws {
        let t = try TempStore(demo: true)
        try SeededStatistics.apply(to: t.store, perfIndexes: perfIndexStatistics)
        let args: StatementArguments = [1_795_000_000, 1_795_600_000]
        let plan = try SeededStatistics.plan(t.store, SupportStore.solvesSQL(.sqlite), args)
        // Covering (`CoveringFactsSchema`): the solve's columns from the index, no visit to the table.
        #expect(plan.first?.hasPrefix("SEARCH t USING COVERING INDEX tickets_solved_at (solved_at>? AND solved_at<?)") == true, "\(plan)")
        #expect(SeededStatistics.fullScans(plan, of: Self.ticketAliases).isEmpty, "\(plan)")
        #expect(SeededStatistics.sorts(plan).isEmpty, "\(plan)")
        // What it replaces: the status index, i.e. every solved or closed ticket.
        let old = try SeededStatistics.plan(t.store, Self.unpinnedSolves, args)
        #expect(old.contains { $0.contains("tickets_status_due (status=?)") }, "\(old)")
    }

    /// The period's first replies are a walk of their covering index (`CoveringFactsSchema`).
    @Test(arguments: [false, true])
    func firstRepliesReadTheirCoveringIndex(perfIndexStatistics: Bool) throws {
        let t = try TempStore(demo: true)
        try SeededStatistics.apply(to: t.store, perfIndexes: perfIndexStatistics)
        let plan = try SeededStatistics.plan(t.store, SupportStore.firstRepliesSQL(.sqlite), [1_795_000_000, 1_795_600_000])
        #expect(plan.first?.hasPrefix("SEARCH tickets USING COVERING INDEX tickets_first_reply_at (first_reply_at>? AND first_reply_at<?)") == true,
                "\(plan)")
        #expect(try t.store.pool.read { db in try SupportStore.firstReplies(db, period: .lastDays(30, endingAt: TempStore.fixedNow)) }.count > 0)
    }

    /// The screen's open tickets come from their covering index (`OpenWorkSchema`), not the table.
    @Test(arguments: [false, true])
    func openWorkReadsItsCoveringIndex(perfIndexStatistics: Bool) throws {
        let t = try TempStore(demo: true)
        try SeededStatistics.apply(to: t.store, perfIndexes: perfIndexStatistics)
        let plan = try SeededStatistics.plan(t.store, OpenWork.sql(.sqlite), [])
        #expect(plan.contains { $0.contains("USING COVERING INDEX tickets_open_work") }, "\(plan)")
        #expect(SeededStatistics.fullScans(plan, of: Self.ticketAliases).isEmpty, "\(plan)")
    }

    /// Pinned or not, the same tickets, solvers and order, over periods across the demo's
    /// history (solved and then reopened tickets included, which the status term drops).
    @Test func pinnedSolvesAreTheSameFacts() throws {
        let t = try TempStore(demo: true)
        let now = TempStore.fixedNow
        var seen = 0
        for days in [1, 7, 30, 400] {
            let period = ReportPeriod.lastDays(days, endingAt: now)
            let (pinned, plain) = try t.store.pool.read { db in
                (try SupportStore.solves(db, period: period).map { "\($0.number) \($0.solvedAt.epoch) \($0.agent ?? "-")" },
                 try Row.fetchAll(db, sql: Self.unpinnedSolves, arguments: [period.start.epoch, period.end.epoch]).map {
                     "\($0["number"] as Int64) \($0["solved_at"] as Int64) \(($0["solver"] as String?) ?? ($0["owner"] as String?) ?? "-")"
                 })
            }
            #expect(pinned == plain, "\(days) days")
            seen += pinned.count
        }
        #expect(seen > 0)
    }
}

/// The backlog counts each set of tickets once and sums the totals itself; the figures
/// must be those of the query per figure it replaced (kept here as the oracle).
@Suite struct BacklogOracleTests {
    static func oracle(_ store: SupportStore, period: ReportPeriod) throws -> [BacklogReport.Row] {
        try store.pool.read { db in
            func grouped(_ column: String, where condition: String, _ args: StatementArguments) throws -> [String: Int] {
                var result: [String: Int] = [:]
                for row in try Row.fetchAll(db, sql: "SELECT \(column) AS k, COUNT(*) AS n FROM tickets WHERE \(condition) GROUP BY \(column)",
                                            arguments: args) {
                    result[row["k"]] = row["n"]
                }
                return result
            }
            let open = "status IN ('new','open','pending','on_hold')"
            let createdIn = "created_at >= ? AND created_at < ?", solvedIn = "solved_at >= ? AND solved_at < ?"
            let range: StatementArguments = [period.start.epoch, period.end.epoch]
            var rows: [BacklogReport.Row] = []
            let byStatus = try grouped("status", where: open, [])
            for status in TicketStatus.allCases where status.isActive {
                rows.append(.init(dimension: "status", value: status.rawValue, backlog: byStatus[status.rawValue] ?? 0))
            }
            for (dimension, column, values) in [("category", "category", Category.allCases.map(\.rawValue)),
                                                ("priority", "priority", Priority.allCases.map(\.rawValue))] {
                let backlog = try grouped(column, where: open, []), created = try grouped(column, where: createdIn, range)
                let solved = try grouped(column, where: solvedIn, range)
                for value in values {
                    rows.append(.init(dimension: dimension, value: value, backlog: backlog[value] ?? 0,
                                      created: created[value] ?? 0, solved: solved[value] ?? 0))
                }
            }
            let count = { (sql: String, args: StatementArguments) in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM tickets WHERE \(sql)", arguments: args) ?? 0 }
            rows.append(.init(dimension: "total", value: "all", backlog: try count(open, []),
                              created: try count(createdIn, range), solved: try count(solvedIn, range)))
            return rows
        }
    }

    @Test func theBacklogIsTheOraclesOverPeriodsOfTheDemo() throws {
        let t = try TempStore(demo: true)
        var busy = 0
        for days in [1, 7, 30, 400] {
            let period = ReportPeriod.lastDays(days, endingAt: TempStore.fixedNow)
            let rows = try t.store.backlogReport(period: period).rows
            #expect(rows == (try Self.oracle(t.store, period: period)), "\(days) days")
            busy += (rows.last?.created ?? 0) + (rows.last?.solved ?? 0)
        }
        #expect(busy > 0, "the periods hold created and solved tickets")
    }
}

/// The agents' report measures each fact once and groups the facts by agent once; its
/// rows must be those of filtering every fact per agent, as it did (kept as the oracle).
@Suite struct AgentReportOracleTests {
    static func oracle(_ store: SupportStore, period: ReportPeriod) throws -> [AgentReportRow] {
        let report = try store.agentReport(period: period)
        return try store.pool.read { db in
            let calendar = try SupportStore.calendar(db)
            let replies = try SupportStore.firstReplies(db, period: period)
            let solves = try SupportStore.solves(db, period: period)
            let csat = try SupportStore.csatAnswers(db, period: period)
            func row(_ base: AgentReportRow, include: (String?) -> Bool) -> AgentReportRow {
                let mine = replies.filter { include($0.author) }
                let solved = solves.filter { include($0.agent) }
                let scores = csat.filter { include($0.agent) }.map(\.score)
                var row = base
                row.solved = solved.count
                row.solvedTickets = solved.map(\.number)
                row.firstResponses = mine.count
                row.medianFirstResponseMinutes = Stats.median(mine.map {
                    HandlingTime.firstResponseMinutes(created: $0.createdAt, firstReply: $0.at, calendar: calendar)
                })
                row.firstResponseTickets = mine.map(\.number)
                row.medianResolutionMinutes = Stats.median(solved.map {
                    HandlingTime.resolutionMinutes(created: $0.createdAt, solved: $0.solvedAt, calendar: calendar)
                })
                row.csatResponses = scores.count
                row.csatAverage = Stats.mean(scores)
                return row
            }
            return report.rows.map { r in row(r) { $0 == r.login } } + [row(report.team) { _ in true }]
        }
    }

    @Test func agentRowsAreTheOraclesOverPeriodsOfTheDemo() throws {
        let t = try TempStore(demo: true)
        var facts = 0
        for days in [1, 7, 30, 400] {
            let report = try t.store.agentReport(period: .lastDays(days, endingAt: TempStore.fixedNow))
            #expect(report.rows + [report.team] == (try Self.oracle(t.store, period: .lastDays(days, endingAt: TempStore.fixedNow))),
                    "\(days) days")
            facts += report.team.solved + report.team.firstResponses + report.team.csatResponses
        }
        #expect(facts > 0, "the periods hold replies, solves and answers")
    }
}

/// The dashboard reads the open tickets once (`OpenWork`) for its backlog, aging, breached
/// list and owners' counts; each must equal what the report's own query gives.
@Suite struct OpenWorkOracleTests {
    @Test(arguments: [1, 7])
    func theDashboardsFiguresAreTheReportsOwn(periodDays: Int) throws {
        let f = try ReportFixture()
        // Work in every open state, owned and not, so that each count has something to count.
        let dashboard = try f.store.supervisorDashboard(periodDays: periodDays)
        let now = f.clock.now
        #expect(dashboard.backlog.rows == (try f.store.backlogReport(period: .today(now))).rows)
        #expect(dashboard.aging == (try f.store.agingBuckets()))
        #expect(dashboard.breachedNow == (try f.store.breachedRunning()))
        let agents = try f.store.agentReport(period: .lastDays(periodDays, endingAt: now))
        #expect(dashboard.agents.rows == agents.rows && dashboard.agents.team == agents.team)
        #expect(dashboard.agents.team.open + dashboard.agents.team.pending > 0)
        #expect(!dashboard.breachedNow.isEmpty && dashboard.aging.contains { $0.count > 0 })
    }

    /// The same on the demo's hundred open tickets, where the order of the aging bands'
    /// numbers and of the breached list (by due time, then id) has ties and length to get wrong.
    @Test func theDashboardsListsAreTheReportsOwnOnTheDemo() throws {
        let t = try TempStore(demo: true)
        let dashboard = try t.store.supervisorDashboard(periodDays: 7)
        #expect(dashboard.aging == (try t.store.agingBuckets()))
        #expect(dashboard.breachedNow == (try t.store.breachedRunning()))
        #expect(dashboard.breachedNow.count >= 10 && dashboard.aging.filter { $0.count > 0 }.count > 2,
                "\(dashboard.breachedNow.count) breached, \(dashboard.aging.map(\.count)) by age")
    }
}
