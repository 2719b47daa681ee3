import Foundation
import GRDB
import SupportAPI
import SupportCore
import SupportPostgres
import SupportStore
import Testing

/// Reports, the supervisor screen, satisfaction answers and transaction exports on both
/// stores: every report and the dashboard asked through its request (the role gate
/// included) by an agent and by a supervisor, complaints near their deadline and the
/// suggestions list, a satisfaction answer recorded and refused, and an export prepared,
/// started and recorded (refusals audited), against the demo in SQLite and its PostgreSQL
/// copy. Every answer, refusal and audit record must be the same, word for word.
@Suite struct ReportParityTests {
    static let periods: [(String, ReportPeriod)] = [
        ("today", .today(EngineParityTests.now)), ("7 days", .lastDays(7, endingAt: EngineParityTests.now)),
        ("30 days", .lastDays(30, endingAt: EngineParityTests.now))]

    static func script(_ e: any StoreEngine) throws -> [String] {
        let budi = try #require(try e.agent(login: "budi")), sari = try #require(try e.agent(login: "sari"))
        let ops = try #require(try e.agent(login: "ops")), dewi = try #require(try e.agent(login: "dewi"))
        var log: [String] = []
        func step<T: Encodable>(_ name: String, _ body: () throws -> T) { log.append(name + " → " + EngineParityTests.outcome(body)) }
        func act(_ name: String, _ body: () throws -> Void) { step(name) { () throws -> String in try body(); return "done" } }

        // Every report through its request, as the console and `paydesk report` ask: an
        // agent is refused by the role gate (and audited), a supervisor gets the figures.
        for actor in [budi, sari] {
            let who = actor.login
            for (label, period) in periods {
                step("\(who): backlog \(label)") { try BacklogReportRequest(period: period).run(store: e, actor: actor) }
                step("\(who): sla \(label)") { try SlaReportRequest(period: period).run(store: e, actor: actor) }
                step("\(who): agents \(label)") { try AgentReportRequest(period: period).run(store: e, actor: actor) }
                step("\(who): volume \(label)") { try VolumeReportRequest(period: period).run(store: e, actor: actor) }
                step("\(who): csat \(label)") { try CsatReportRequest(period: period).run(store: e, actor: actor) }
            }
            for days in [1, 7] {
                step("\(who): dashboard \(days)") {
                    try SupervisorDashboardRequest(periodDays: days, complaintWorkingDays: 2).run(store: e, actor: actor)
                }
            }
            step("\(who): suggestions") {
                try SuggestionsRequest(from: EngineParityTests.now.addingTimeInterval(-400 * 86_400), to: EngineParityTests.now,
                                       limit: 100).run(store: e, actor: actor)
            }
            step("\(who): authorize report") { try AuthorizeReportRequest(name: "sla", detail: "format=text").run(store: e, actor: actor) }
        }
        for days in [0, 2, 30] {
            step("complaints near deadline \(days)") { try ComplaintsNearDeadlineRequest(within: days, limit: 50).run(store: e, actor: sari) }
        }
        step("escalated complaints") { try e.complaintsEscalated() }
        step("aging") { try e.agingBuckets() }
        step("breached") { try e.breachedRunning() }
        step("breaching within a day") { try e.breachingWithin(seconds: 86_400) }

        // Satisfaction: once per finished ticket, never on open work, 1 to 5 only.
        let (solved, open) = try e.reading { db in
            (try db.fetchValue("""
                SELECT t.number FROM tickets t WHERE t.status IN ('solved','closed')
                  AND NOT EXISTS (SELECT 1 FROM csat_responses c WHERE c.ticket_id = t.id) ORDER BY t.number LIMIT 1
                """, as: Int64.self),
             try db.fetchValue("SELECT number FROM tickets WHERE status = 'open' ORDER BY number LIMIT 1", as: Int64.self))
        }
        let rated = try #require(solved), working = try #require(open)
        step("rate out of range") { try RecordCSATRequest(ticket: rated, score: 6, comment: nil).run(store: e, actor: budi) }
        step("rate open work") { try RecordCSATRequest(ticket: working, score: 4, comment: nil).run(store: e, actor: budi) }
        step("rate") { try RecordCSATRequest(ticket: rated, score: 2, comment: "  slow refund  ").run(store: e, actor: budi) }
        step("rate again") { try RecordCSATRequest(ticket: rated, score: 5, comment: nil).run(store: e, actor: sari) }
        step("the answer") { try e.csat(ticket: rated) }
        step("csat after rating") { try CsatReportRequest(period: .today(EngineParityTests.now)).run(store: e, actor: sari) }
        step("dashboard after rating") {
            try SupervisorDashboardRequest(periodDays: 1, complaintWorkingDays: 2).run(store: e, actor: sari).csat
        }

        // A transaction export: prepared (the statement's header), started, recorded on the
        // customer's ticket; no reason, another customer's ticket and a disabled agent refused.
        let (customer, ticket, stranger) = try e.reading { db in
            let row = try #require(try db.fetchRow("""
                SELECT t.customer_id, t.number FROM tickets t WHERE t.customer_id IS NOT NULL
                  AND EXISTS (SELECT 1 FROM transactions x WHERE x.customer_id = t.customer_id) ORDER BY t.number LIMIT 1
                """))
            let other = try db.fetchValue("SELECT number FROM tickets WHERE customer_id != ? ORDER BY number LIMIT 1",
                                          [row["customer_id"] as Int64], as: Int64.self)
            return (row["customer_id"] as Int64, row["number"] as Int64, try #require(other))
        }
        let query = try QueryParser.parse("amount:>=0", schema: .transactions, now: EngineParityTests.now, timeZone: TimeText.zone)
        step("export without a reason") {
            try PrepareTransactionExportRequest(customerId: customer, query: query, reason: " ").run(store: e, actor: budi)
        }
        let subject = try PrepareTransactionExportRequest(customerId: customer, query: query, reason: "customer asked").run(store: e, actor: budi)
        step("export subject") { subject }
        step("export started") {
            try RecordExportStartedRequest(customerId: customer, query: query, format: "xlsx", expectedRows: subject.count,
                                           path: "/tmp/statement.xlsx", reason: "customer asked").run(store: e, actor: budi) > 0
        }
        act("export on a stranger's ticket") {
            _ = try RecordExportRequest(customerId: customer, query: query, format: "xlsx", rows: subject.count, path: "/tmp/statement.xlsx",
                                        reason: "customer asked", ticket: stranger).run(store: e, actor: budi)
        }
        act("export recorded") {
            _ = try RecordExportRequest(customerId: customer, query: query, format: "xlsx", rows: subject.count, path: "/tmp/statement.xlsx",
                                        reason: "customer asked", ticket: ticket).run(store: e, actor: budi)
        }
        step("export records") { try e.exportRecords(customerId: customer) }
        act("dewi is disabled") { try e.setAgentActive(login: "dewi", active: false, by: ops) }
        step("disabled agent exports") {
            try PrepareTransactionExportRequest(customerId: customer, query: query, reason: "x").run(store: e, actor: dewi)
        }
        step("disabled agent rates") { try RecordCSATRequest(ticket: rated, score: 3, comment: nil).run(store: e, actor: dewi) }
        step("the ticket's timeline tail") { try e.timeline(ticketNumber: ticket).suffix(3).map(\.body) }
        step("audit tail") { try SecurityParityTests.auditTail(e, 40) }
        return log
    }

    @Test func reportsAnswerTheSameOnSQLiteAndPostgreSQL() async throws {
        let (sqlite, postgres, demo) = try await EngineParityTests.engines()
        defer { demo.source.remove() }
        // The engine is closed even when the script stops at a requirement.
        let scripts = Result { (try Self.script(sqlite), try Self.script(postgres)) }
        let verified = Result { try postgres.verifyAuditChain() }
        let counts = Result { try postgres.reading { try $0.fetchValue("SELECT COUNT(*) FROM audit_log", as: Int.self) ?? -1 } }
        let refusals = Result { try postgres.reading { try $0.fetchValues("""
            SELECT action FROM audit_log WHERE actor = 'budi' AND action LIKE 'refused:%' ORDER BY action
            """, as: String.self) } }
        await postgres.close()
        let (onSQLite, onPostgres) = try scripts.get()
        EngineParityTests.expectSame(onSQLite, onPostgres)
        func line(_ name: String) -> String { onPostgres.first { $0.hasPrefix(name + " → ") } ?? "" }
        // The script saw something: refusals where due, figures where due.
        #expect(line("budi: backlog today").contains("refused forbidden"))
        #expect(line("budi: dashboard 7").contains("refused forbidden"))
        #expect(line("budi: authorize report").contains("refused forbidden"))
        #expect(line("sari: authorize report") == "sari: authorize report → {}")
        #expect(line("sari: dashboard 7").contains("\"breachedNow\":[") && !line("sari: dashboard 7").contains("\"breachedNow\":[]"))
        #expect(line("sari: agents 30 days").contains("\"median_resolution_minutes\":"))
        #expect(line("sari: suggestions").contains("\"tags\""))
        #expect(line("complaints near deadline 30") != "complaints near deadline 30 → []")
        #expect(line("rate again").contains("was already rated 2/5"))
        #expect(line("rate open work").contains("refused conflict"))
        #expect(line("export without a reason").contains("needs a reason"))
        #expect(line("export on a stranger's ticket").contains("another customer's ticket"))
        #expect(line("disabled agent exports").contains("was disabled"))
        #expect(line("the ticket's timeline tail").contains("Statement exported"))
        #expect(line("audit tail").contains("refused:transactions.export"))
        #expect(line("audit tail").contains("transactions.export.started"))
        // The role gate's refusals are on record, once per report asked for.
        let gated = Set(try refusals.get())
        for operation in ["backlogReport", "slaReport", "agentReport", "volumeReport", "csatReport", "supervisorDashboard", "suggestions"] {
            #expect(gated.contains("refused:" + operation), "\(operation): \(gated)")
        }
        #expect(gated.contains("refused:report.sla"))
        #expect(try verified.get() == .ok(records: try counts.get()))
    }
}
