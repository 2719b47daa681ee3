import Foundation
import GRDB
import SupportCore

struct CSATAnswer {
    var number: Int64
    var score: Int
    var agent: String?
    var category: String
    var recordedAt: Date
}

extension StoreEngine {
    /// Records the customer's satisfaction answer (1–5, with an optional comment) on a
    /// solved or closed ticket. Once per ticket: a second answer is refused, and so is one
    /// on work that is not finished. The answer goes on the timeline and the audit log.
    @discardableResult
    public func recordCSAT(ticket number: Int64, score: Int, comment: String? = nil, by actor: Agent) throws -> CSATResponse {
        guard (1...5).contains(score) else {
            throw StoreError.invalid("A satisfaction score is a whole number from 1 (very unhappy) to 5 (very happy); \(score) is not.")
        }
        let text = comment?.trimmingCharacters(in: .whitespacesAndNewlines)
        let note = (text?.isEmpty ?? true) ? nil : text
        if let note { _ = try Self.requireText(note, what: "A satisfaction comment") }
        return try auditedWriting(by: actor, "ticket.csat", entity: "ticket", id: String(number)) { db in
            guard actor.active else { throw StoreError.forbidden("Agent '\(actor.login)' is disabled.") }
            // Two instances rating one ticket at once take turns on its row (PostgreSQL), so
            // the second is told it was rated rather than meeting the table's key.
            _ = try db.fetchRow("SELECT id FROM tickets WHERE number = ?" + db.lockingRows, [number])
            let ticket = try Self.loadTicket(db, number: number)
            guard ticket.status == .solved || ticket.status == .closed else {
                throw StoreError.conflict("\(TicketNumber.format(number)) is \(ticket.status.rawValue); satisfaction is recorded once the ticket is solved or closed.")
            }
            if let existing = try db.fetchRow("SELECT score, recorded_by, recorded_at FROM csat_responses WHERE ticket_id = ?",
                                              [ticket.id]) {
                let at = TimeText.clock(Date(epoch: existing["recorded_at"]))
                throw StoreError.conflict("\(TicketNumber.format(number)) was already rated \(existing["score"] as Int)/5 by \(existing["recorded_by"] as String) at \(at); a ticket is rated once.")
            }
            try self.insertCSAT(db, ticket: ticket, score: score, comment: note, recordedBy: actor.login)
            let agent = try ticket.assigneeId.map { try Self.login(db, agentId: $0) }
            return AuditedChange(CSATResponse(ticket: number, score: score, comment: note, agent: agent, category: ticket.category,
                                              recordedBy: actor.login, recordedAt: Date(epoch: now)),
                                 after: "score=\(score)")
        }
    }

    /// The answer and its timeline entry, inside the caller's transaction: an agent's
    /// `recordCSAT`, or the customer's own answer to the survey arriving at intake.
    func insertCSAT(_ db: any SQLSession, ticket: Ticket, score: Int, comment: String?, recordedBy: String) throws {
        try db.run("""
            INSERT INTO csat_responses (ticket_id, score, comment, agent_id, category, recorded_by, recorded_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """, [ticket.id, score, comment, ticket.assigneeId, ticket.category.rawValue, recordedBy, now])
        try Self.appendEvent(db, ticketId: ticket.id, kind: .csat, author: recordedBy,
                             body: "Customer satisfaction \(score)/5" + (comment.map { ": \($0)" } ?? ""), at: now)
    }

    /// The answer recorded on a ticket, if any.
    public func csat(ticket number: Int64) throws -> CSATResponse? {
        try reading { db in
            let ticket = try Self.loadTicket(db, number: number)
            return try db.fetchRow("""
                SELECT c.*, a.login FROM csat_responses c LEFT JOIN agents a ON a.id = c.agent_id WHERE c.ticket_id = ?
                """, [ticket.id]).map {
                CSATResponse(ticket: number, score: $0["score"], comment: $0["comment"], agent: $0["login"],
                             category: Category(rawValue: $0["category"]) ?? ticket.category,
                             recordedBy: $0["recorded_by"], recordedAt: Date(epoch: $0["recorded_at"]))
            }
        }
    }

    static func csatAnswers(_ db: any SQLSession, period: ReportPeriod) throws -> [CSATAnswer] {
        try db.fetchRows("""
            SELECT t.number, c.score, c.category, a.login, c.recorded_at FROM csat_responses c JOIN tickets t ON t.id = c.ticket_id
            LEFT JOIN agents a ON a.id = c.agent_id WHERE c.recorded_at >= ? AND c.recorded_at < ? ORDER BY t.number
            """, [period.start.epoch, period.end.epoch]).map {
            CSATAnswer(number: $0["number"], score: $0["score"], agent: $0["login"], category: $0["category"],
                       recordedAt: Date(epoch: $0["recorded_at"]))
        }
    }

    /// Answers recorded in the period, per agent (the ticket's owner when rated) and per
    /// category, with the whole team's total first.
    public func csatReport(period: ReportPeriod) throws -> CSATReport {
        let generated = clock()
        return try reading { db in
            let answers = try Self.csatAnswers(db, period: period)
            func row(_ dimension: String, _ value: String, _ chosen: [CSATAnswer]) -> CSATReport.Row {
                let scores = chosen.map(\.score)
                return CSATReport.Row(dimension: dimension, value: value, responses: scores.count, average: Stats.mean(scores),
                                      satisfied: scores.filter { $0 >= 4 }.count,
                                      distribution: (1...5).map { s in scores.filter { $0 == s }.count },
                                      tickets: chosen.map(\.number))
            }
            var rows = [row("total", "all", answers)]
            let agents = try db.fetchValues("SELECT login FROM agents WHERE active = 1 AND role != 'admin' ORDER BY login", as: String.self)
            let rated = Set(answers.compactMap(\.agent))
            for login in (agents + rated.subtracting(agents).sorted()) {
                rows.append(row("agent", login, answers.filter { $0.agent == login }))
            }
            let unowned = answers.filter { $0.agent == nil }
            if !unowned.isEmpty { rows.append(row("agent", "unassigned", unowned)) }
            for category in Category.allCases {
                rows.append(row("category", category.rawValue, answers.filter { $0.category == category.rawValue }))
            }
            return CSATReport(period: period, generatedAt: generated, rows: rows)
        }
    }
}
