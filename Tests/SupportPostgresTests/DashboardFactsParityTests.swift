import Foundation
import GRDB
import SupportCore
import SupportPostgres
@testable import SupportStore
import Testing

/// The supervisor screen's handling-time facts on both stores. The solves' solver is read
/// with the agents' logins looked up once per statement (an array on PostgreSQL, a list on
/// SQLite) where it was a join with the agents table per solve; the solves must be the
/// join's (kept here as the oracle), including a ticket whose last move to solved was not
/// an agent's. The screen reads the period's facts once and takes today's from them; its
/// today must be the report read for today alone. The volume box is counted by the
/// database per day and channel; it must be the per-ticket count it replaced (the oracle).
/// PostgreSQL sessions start without JIT.
@Suite struct DashboardFactsParityTests {
    static let now = EngineParityTests.now
    static let periods = [1, 7, 30, 400]

    /// The solves as the join wrote them, before the logins were read once: the oracle.
    static let joinedSolves = """
        SELECT t.number, t.created_at, t.solved_at, a.login AS owner,
               (SELECT s.login FROM ticket_events e JOIN agents s ON s.login = e.author
                WHERE e.ticket_id = t.id AND e.kind = 'status_change' AND e.body LIKE '%→ solved'
                ORDER BY e.id DESC LIMIT 1) AS solver
        FROM tickets t LEFT JOIN agents a ON a.id = t.assignee_id
        WHERE t.solved_at >= ? AND t.solved_at < ? AND t.status IN ('solved', 'closed')
        ORDER BY t.number
        """

    /// Two of the week's solves get a later move to solved: one by the system (not an agent,
    /// so the earlier agent's move still names the solver), one by another agent (who
    /// becomes the solver). Returns the two ticket numbers.
    static func addLaterSolvedMoves(_ e: any StoreEngine) throws -> (bySystem: Int64, byAgent: Int64) {
        let week = ReportPeriod.lastDays(7, endingAt: now)
        return try e.writing { db in
            let ids = try db.fetchRows("""
                SELECT id, number FROM tickets WHERE solved_at >= ? AND solved_at < ? AND status IN ('solved','closed')
                ORDER BY number LIMIT 2
                """, [week.start.epoch, week.end.epoch])
            guard ids.count == 2 else { throw StoreError.notFound("two solves in the week") }
            let at = now.epoch - 60
            try db.run("INSERT INTO ticket_events (ticket_id, kind, author, body, at) VALUES (?, 'status_change', 'system', 'open → solved', ?)",
                       [ids[0]["id"] as Int64, at])
            try db.run("INSERT INTO ticket_events (ticket_id, kind, author, body, at) VALUES (?, 'status_change', 'dewi', 'open → solved', ?)",
                       [ids[1]["id"] as Int64, at])
            return (ids[0]["number"], ids[1]["number"])
        }
    }

    /// The engine's own solves (its static reads open the existential here).
    static func solves<E: StoreEngine>(_ e: E, _ db: any SQLSession, period: ReportPeriod) throws -> [SolveFact] {
        try E.solves(db, period: period)
    }

    /// The volume report as it was computed: every ticket of the period read and placed in
    /// its local day here.
    static func volumeOracle(_ e: any StoreEngine, period: ReportPeriod) throws -> [VolumeReport.Row] {
        let days = period.days
        let starts = days.map { $0.start(in: period.timeZone).epoch }
        var counts = Dictionary(uniqueKeysWithValues: Channel.allCases.map { ($0.rawValue, Array(repeating: 0, count: days.count)) })
        for row in try e.reading({ db in
            try db.fetchRows("SELECT channel, created_at FROM tickets WHERE created_at >= ? AND created_at < ?",
                             [period.start.epoch, period.end.epoch])
        }) {
            let at: Int64 = row["created_at"]
            let index = (starts.lastIndex { $0 <= at })!
            counts[row["channel"] as String]![index] += 1
        }
        return Channel.allCases.map { VolumeReport.Row(channel: $0.rawValue, perDay: counts[$0.rawValue]!) }
    }

    static func facts<E: StoreEngine>(_ e: E, _ db: any SQLSession, period: ReportPeriod) throws -> AgentFacts {
        try E.agentFacts(db, period: period)
    }

    static func script(_ e: any StoreEngine, engine: String) throws -> [String] {
        var log: [String] = []
        let (bySystem, byAgent) = try addLaterSolvedMoves(e)
        var solverOf: [Int64: String] = [:]
        for days in periods {
            let period = ReportPeriod.lastDays(days, endingAt: now)
            let (solves, oracle) = try e.reading { db in
                (try Self.solves(e, db, period: period).map { "\($0.number) \($0.solvedAt.epoch) \($0.agent ?? "-")" },
                 try db.fetchRows(joinedSolves, [period.start.epoch, period.end.epoch]).map {
                     "\($0["number"] as Int64) \($0["solved_at"] as Int64) \(($0["solver"] as String?) ?? ($0["owner"] as String?) ?? "-")"
                 })
            }
            #expect(solves == oracle, "\(engine), \(days) days")
            #expect(days == 1 || !solves.isEmpty, "\(engine), \(days) days hold solves")
            for line in solves {
                let parts = line.split(separator: " ")
                solverOf[Int64(parts[0])!] = String(parts[2])
            }
            log.append("\(days) days: " + solves.joined(separator: ", "))
        }
        // The system's later move left the agent's solve standing; the agent's named her.
        #expect(solverOf[bySystem] != "system" && solverOf[bySystem] != nil, "\(engine)")
        #expect(solverOf[byAgent] == "dewi", "\(engine)")

        // A shorter period's report from a longer one's facts is the report read alone,
        // and a period reaching outside the facts is not taken from them.
        for (outer, inner) in [(7, 1), (30, 1), (30, 7), (400, 30)] {
            let (long, short) = (ReportPeriod.lastDays(outer, endingAt: now), ReportPeriod.lastDays(inner, endingAt: now))
            let facts = try e.reading { db in try Self.facts(e, db, period: long) }
            let within = try #require(facts.within(short))
            let derived = try e.agentReport(period: short, open: nil, facts: within)
            let alone = try e.agentReport(period: short)
            #expect(derived.rows == alone.rows && derived.team == alone.team, "\(engine), \(inner) of \(outer) days")
            #expect(facts.within(.lastDays(outer + 1, endingAt: now)) == nil)
            log.append("\(inner) of \(outer) days: \(alone.team.firstResponses) replies, \(alone.team.solved) solves, \(alone.team.csatResponses) answers")
        }
        // Volume counted by the database per day and channel is the per-ticket count it replaced.
        for days in [1, 7, 14, 30, 400] {
            let period = ReportPeriod.lastDays(days, endingAt: now)
            let counted = try e.volumeReport(period: period)
            #expect(counted.rows == (try Self.volumeOracle(e, period: period)), "\(engine), \(days) days")
            #expect(days < 30 || counted.rows.contains { $0.total > 0 }, "\(engine): \(days) days hold tickets")
            log.append("volume \(days) days: " + counted.rows.map { "\($0.channel) \($0.perDay)" }.joined(separator: "; "))
        }
        // The screen's today, taken from its week's facts, is today's report read alone.
        let dashboard = try e.supervisorDashboard(periodDays: 7)
        let today = try e.agentReport(period: .today(now))
        let week = try e.agentReport(period: .lastDays(7, endingAt: now))
        #expect(dashboard.solvedToday == Dictionary(uniqueKeysWithValues: today.rows.map { ($0.login, $0.solvedTickets) }), "\(engine)")
        #expect(dashboard.agents.rows == week.rows && dashboard.agents.team == week.team, "\(engine)")
        #expect(today.team.solved + today.team.firstResponses > 0, "\(engine): today holds facts")
        log.append("today: \(EngineParityTests.outcome { today.rows })")
        log.append("week: \(EngineParityTests.outcome { week.team })")
        return log
    }

    @Test func solvesAndTodaysFactsMatchTheirOraclesOnBothStores() async throws {
        let (sqlite, postgres, demo) = try await EngineParityTests.engines()
        defer { demo.source.remove() }
        EngineParityTests.expectSame(try Self.script(sqlite, engine: "SQLite"), try Self.script(postgres, engine: "PostgreSQL"))
        await postgres.close()
    }

    /// The per-solve subquery reads the logins once: no join with the agents table in it.
    @Test func theSolverSubqueryReadsTheLoginsOnce() async throws {
        let (_, postgres, demo) = try await EngineParityTests.engines()
        defer { demo.source.remove() }
        let week = ReportPeriod.lastDays(7, endingAt: Self.now)
        let (plan, oldPlan, jit) = try postgres.reading { db in
            (try db.fetchRows("EXPLAIN " + PostgresEngine.solvesSQL(.postgresql), [week.start.epoch, week.end.epoch]).map { $0[0] as String },
             try db.fetchRows("EXPLAIN " + Self.joinedSolves, [week.start.epoch, week.end.epoch]).map { $0[0] as String },
             try db.fetchValue("SHOW jit", as: String.self))
        }
        let joined = plan.joined(separator: "\n"), old = oldPlan.joined(separator: "\n")
        #expect(joined.contains("InitPlan") && joined.contains("author = ANY"), "\(joined)")
        #expect(!joined.contains("on agents s"), "\(joined)")
        #expect(old.contains("on agents s"), "the join read the agents per solve:\n\(old)")
        #expect(jit == "off")
        await postgres.close()
    }
}
