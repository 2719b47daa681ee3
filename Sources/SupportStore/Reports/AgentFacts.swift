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
