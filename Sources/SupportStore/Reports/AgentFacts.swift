import Foundation
import SupportCore

/// What the agents' report is made of for one period: the first public replies, the solves
/// and the satisfaction answers in it, each with its instant. The supervisor screen shows
/// the report for today and for a longer period ending today; today's facts are those of
/// the longer period that fall in today, so the period is read once and today is a filter
/// of it — reading today's facts again was a second pass over the same events and solves.
struct AgentFacts {
    var period: ReportPeriod
    var replies: [FirstReplyFact]
    var solves: [SolveFact]
    var csat: [CSATAnswer]

    /// The facts of `inner`, a period inside this one, in the order a read of `inner` gives
    /// (each list is ordered by ticket number, and a filter keeps the order); nil when
    /// `inner` reaches outside this period, whose facts were never read.
    func within(_ inner: ReportPeriod) -> AgentFacts? {
        let (start, end) = (inner.start, inner.end)
        guard start >= period.start, end <= period.end else { return nil }
        let range = start..<end
        return AgentFacts(period: inner, replies: replies.filter { range.contains($0.at) },
                          solves: solves.filter { range.contains($0.solvedAt) },
                          csat: csat.filter { range.contains($0.recordedAt) })
    }
}

extension StoreEngine {
    /// The period's facts, read in three indexed queries over the period alone.
    static func agentFacts(_ db: any SQLSession, period: ReportPeriod) throws -> AgentFacts {
        AgentFacts(period: period, replies: try firstReplies(db, period: period), solves: try solves(db, period: period),
                   csat: try csatAnswers(db, period: period))
    }
}

extension StoreEngine {
    /// First public replies written during the period (one per ticket at most): a range of
    /// the tickets' first-reply index (`HandlingFactsSchema`: the columns the timeline's
    /// first reply writes). Each of the period's reply events was checked for an earlier
    /// reply on its ticket before (7,400 a week at 10M, 60–77 ms on PostgreSQL).
    static func firstReplies(_ db: any SQLSession, period: ReportPeriod) throws -> [FirstReplyFact] {
        try db.fetch(FirstReplyDecoder.self, firstRepliesSQL(db.dialect), [period.start.epoch, period.end.epoch]).inNumberOrder(\.number)
    }

    /// A walk of the covering `tickets_first_reply_at` (`CoveringFactsSchema`). Arguments: start, end.
    static func firstRepliesSQL(_ dialect: SQLDialect) -> String {
        """
        SELECT number, created_at, first_reply_at, first_reply_by
        FROM tickets\(dialect == .sqlite ? " INDEXED BY tickets_first_reply_at" : "")
        WHERE first_reply_at >= ? AND first_reply_at < ?
        """
    }

    /// Tickets solved during the period that are still solved or closed.
    static func solves(_ db: any SQLSession, period: ReportPeriod) throws -> [SolveFact] {
        try db.fetch(SolveDecoder.self, solvesSQL(db.dialect), [period.start.epoch, period.end.epoch]).inNumberOrder(\.number)
    }

    // Pinned to the period's solve times: left to itself SQLite's planner took
    // `tickets_status_due` for the status term, which is every solved and closed ticket there
    // has ever been (990k at 10M, read twice per dashboard). Sorted in `solves` rather than
    // with a temporary b-tree here: the period's few thousand rows, numbers unique.
    // (PostgreSQL's planner chooses for itself; `INDEXED BY` is SQLite's alone.)
    //
    // The solver is the ticket's `solved_by` (the last agent's move to solved, kept by the
    // timeline's trigger), else its owner: each solve walked its own events for it before
    // (5,600 a week at 10M, ~50 ms on PostgreSQL). The index holds every column of `t` named
    // here (`CoveringFactsSchema`): a walk of it, no visit to the table. Arguments: start, end.
    static func solvesSQL(_ dialect: SQLDialect) -> String {
        """
        SELECT t.number, t.created_at, t.solved_at, t.solved_by, a.login AS owner
        FROM tickets t\(dialect == .sqlite ? " INDEXED BY tickets_solved_at" : "") LEFT JOIN agents a ON a.id = t.assignee_id
        WHERE t.solved_at >= ? AND t.solved_at < ? AND t.status IN ('solved', 'closed')
        """
    }
}

/// `firstReplies`' rows, by position.
private struct FirstReplyDecoder: SQLRowDecoder {
    let number, created, at, author: Int

    init(_ columns: SQLColumns) throws {
        (number, created) = (try columns.position("number"), try columns.position("created_at"))
        (at, author) = (try columns.position("first_reply_at"), try columns.position("first_reply_by"))
    }

    func decode(_ row: SQLRow) -> FirstReplyFact {
        FirstReplyFact(number: row[number], createdAt: Date(epoch: row[created]), at: Date(epoch: row[at]), author: row[author])
    }
}

/// `solves`' rows, by position: the solver, else the owner.
private struct SolveDecoder: SQLRowDecoder {
    let number, created, solved, solver, owner: Int

    init(_ columns: SQLColumns) throws {
        (number, created, solved) = (try columns.position("number"), try columns.position("created_at"), try columns.position("solved_at"))
        (solver, owner) = (try columns.position("solved_by"), try columns.position("owner"))
    }

    func decode(_ row: SQLRow) -> SolveFact {
        SolveFact(number: row[number], createdAt: Date(epoch: row[created]), solvedAt: Date(epoch: row[solved]),
                  agent: (row[solver] as String?) ?? (row[owner] as String?))
    }
}

extension Array {
    /// The elements in the order of their ticket numbers (each appears once). The numbers
    /// are sorted beside their positions and each element copied once: sorting the facts
    /// themselves moved each one, dates and login, through every pass of the merge.
    func inNumberOrder(_ number: (Element) -> Int64) -> [Element] {
        var keys = [(number: Int64, at: Int)]()
        keys.reserveCapacity(count)
        for (at, element) in enumerated() { keys.append((number(element), at)) }
        keys.sort { $0.number < $1.number }
        return keys.map { self[$0.at] }
    }
}
