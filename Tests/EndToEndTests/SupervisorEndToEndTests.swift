import Foundation
import SupportCore
@testable import SupportStore
import Testing

/// The supervisor's day in the real binary, in tmux: open the screen, drill into a
/// figure, mark tickets, reassign them in bulk while another process edits one of them.
/// The seed is read from the file before anything changes; what the steps leave is read
/// from the store under test, so the suite runs on PostgreSQL too.
@Suite(.serialized) struct SupervisorEndToEndTests {
    @Test func drillDownMultiSelectAndBulkReassign() throws {
        let db = try Harness.demoDatabase()
        let session = try TmuxSession(command: try ServiceRouting.consoleCommand(db, as: "sari"), width: 200, height: 60)
        #expect(try session.waitFor("Queue").found)
        try session.send("S")
        // The figures are counted beside the console: the whole screen is every box with its
        // figures' title, and none still counting.
        let titles = ["Attention:", "SLA breach rate", "Backlog:", "Aging", "Volume per channel", "CSAT over 7 days",
                      "Satisfaction, 7 days", "Deliveries", "Approvals:"]
        let dashboard = try session.waitForScreen { screen in
            titles.allSatisfy { screen.contains($0) } && !screen.contains("Counting the figures")
        }
        #expect(dashboard.found, "supervisor screen did not open:\n\(dashboard.screen)")

        // Backlog box, "open" row: Enter shows those tickets as the queue.
        try session.send("Tab")
        try session.send("Tab")
        try session.send("j")
        try session.send("Enter")
        let drilled = try session.waitFor("/status:open")
        #expect(drilled.found, "drill-down did not filter the queue:\n\(drilled.screen)")

        let store = try SupportStore(path: db, create: false)
        let sari = try #require(try store.agent(login: "sari"))
        let query = try QueryParser.parse("status:open", schema: .tickets, now: store.clock(), timeZone: TimeText.zone)
        #expect(drilled.screen.contains("(\(try store.queueCount(QueueSpec(view: .all, query: query, actor: sari))))"))
        let rows = try store.queuePage(QueueSpec(view: .all, query: query, actor: sari), limit: 3)
        #expect(rows.count == 3)

        // Mark three rows.
        for _ in 0..<3 { try session.send("Space") }
        let marked = try session.waitFor("3 tickets selected")
        #expect(marked.found, "\(marked.screen)")
        for row in rows { #expect(marked.screen.contains("*\(row.number)"), "row \(row.number) not marked") }

        // Another agent notes the second ticket from the command line meanwhile.
        let note = try Harness.run(["ticket", "note", String(rows[1].number), "--body", "checking with the bank", "--db", db, "--as", "wei"])
        #expect(note.status == 0, "\(note.stderr)")

        let owners = Set(rows.compactMap(\.assignee))
        let target = try #require(["dewi", "budi", "wei"].first { !owners.contains($0) })
        try session.send(":")
        try session.type("give \(target)")
        try session.send("Enter")
        let confirm = try session.waitFor("on 3 tickets?")
        #expect(confirm.found, "\(confirm.screen)")
        // A bulk change starts on Cancel: ← focuses Confirm before Enter presses it.
        try session.send("Left")
        try session.send("Enter")
        // Both lines, not the first alone: a capture can land while the frame is being written.
        let summary = try session.waitForScreen { $0.contains("2 changed, 1 refused") && $0.contains("Refused #\(rows[1].number)") }
        #expect(summary.found, "the summary should name the refused ticket:\n\(summary.screen)")
        try session.send("Enter")

        // In the store: two reassigned, one left as it was, one audit record each.
        for row in [rows[0], rows[2]] {
            #expect(try Self.owner(db, row.number) == [target, String(row.version + 1)])
            #expect(try Self.records(db, row.number, "ticket.give").count == 1)
        }
        #expect(try Self.owner(db, rows[1].number)?.first == .some(rows[1].assignee))
        #expect(try Self.records(db, rows[1].number, "refused:ticket.give").contains { $0?.contains("wei") == true })
        let verified = try Harness.run(["audit", "verify", "--db", db, "--as", "sari"])
        #expect(verified.status == 0 && verified.stdout.contains("OK"), "\(verified.stderr)")

        try session.send("q")
        #expect(session.waitForExit() == 0)
    }

    /// A ticket's owner's login and its version, in the store under test.
    static func owner(_ db: String, _ number: Int64) throws -> [String?]? {
        try StoreUnderTest.rows(db, "SELECT a.login, t.version FROM tickets t LEFT JOIN agents a ON a.id = t.assignee_id WHERE t.number = \(number)").first
    }

    /// The reasons of a ticket's audit records of `action` by sari.
    static func records(_ db: String, _ number: Int64, _ action: String) throws -> [String?] {
        try StoreUnderTest.rows(db, """
            SELECT reason FROM audit_log WHERE entity = 'ticket' AND entity_id = '\(number)' AND action = '\(action)' AND actor = 'sari'
            """).map { $0[0] }
    }

    @Test func reportCommandsAndCSAT() throws {
        let db = try Harness.demoDatabase()
        let store = try SupportStore(path: db, create: false)
        let sari = try #require(try store.agent(login: "sari"))
        // A solved ticket nobody has rated yet (the demo rates a few).
        let number = try #require(try store.pool.read { db in
            try Int64.fetchOne(db, sql: """
                SELECT number FROM tickets t WHERE status = 'solved'
                AND NOT EXISTS (SELECT 1 FROM csat_responses c WHERE c.ticket_id = t.id) ORDER BY number LIMIT 1
                """)
        })
        let ok = try Harness.run(["ticket", "csat", String(number), "--score", "4", "--comment", "quick", "--db", db, "--as", "budi"])
        #expect(ok.status == 0 && ok.stdout.contains("4/5"), "\(ok.stderr)")
        let twice = try Harness.run(["ticket", "csat", String(number), "--score", "5", "--db", db, "--as", "budi"])
        #expect(twice.status == 5 && twice.stderr.contains("already rated"))
        let openQuery = try QueryParser.parse("status:open", schema: .tickets, now: store.clock())
        let openNumber = try #require(try store.queuePage(QueueSpec(view: .all, query: openQuery, actor: sari), limit: 1).first?.number)
        let refused = try Harness.run(["ticket", "csat", String(openNumber), "--score", "3", "--db", db, "--as", "budi"])
        #expect(refused.status == 5 && refused.stderr.contains("solved or closed"))

        let csv = try Harness.run(["report", "csat", "--format", "csv", "--db", db, "--as", "sari"])
        #expect(csv.status == 0)
        // The total line counts every response on record, the new one included.
        let responses = try StoreUnderTest.integer(db, "SELECT COUNT(*) FROM csat_responses") ?? 0
        #expect(responses > 1)
        #expect(csv.stdout.split(whereSeparator: \.isNewline).contains { $0.hasPrefix("total,all,\(responses),") }, "\(csv.stdout)")
        for name in ["backlog", "sla", "agents", "volume"] {
            let table = try Harness.run(["report", name, "--db", db, "--as", "sari"])
            #expect(table.status == 0 && !table.stdout.isEmpty, "\(name): \(table.stderr)")
            let json = try Harness.run(["report", name, "--format", "json", "--db", db, "--as", "sari"])
            #expect(json.status == 0 && json.stdout.contains("\"period\""))
        }
        let dir = try Harness.tempDir()
        let xlsx = dir.appendingPathComponent("agents.xlsx").path
        #expect(try Harness.run(["report", "agents", "--format", "xlsx", "--out", xlsx, "--db", db, "--as", "sari"]).status == 0)
        #expect(FileManager.default.fileExists(atPath: xlsx))
        #expect(try Harness.run(["report", "agents", "--format", "xlsx", "--db", db, "--as", "sari"]).status == 2)
        #expect(try Harness.run(["report", "sla", "--from", "2026-11-30", "--to", "2026-11-01", "--db", db, "--as", "sari"]).status == 2)
        let agent = try Harness.run(["report", "backlog", "--db", db, "--as", "budi"])
        #expect(agent.status == 4)
    }

    @Test func bulkCommandReportsRefusalsWithExitFive() throws {
        let db = try Harness.demoDatabase()
        let store = try SupportStore(path: db, create: false)
        let sari = try #require(try store.agent(login: "sari"))
        let rows = try store.queuePage(QueueSpec(view: .unassigned, actor: sari), limit: 2)
        #expect(rows.count == 2)
        let stale = "\(rows[1].number)@\(rows[1].version + 5)"
        let r = try Harness.run(["bulk", "tag", "--add", "outage", String(rows[0].number), stale, "--db", db, "--as", "sari"])
        #expect(r.status == 5, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("#\(rows[0].number) changed") && r.stdout.contains("#\(rows[1].number) refused"))
        func tagged(_ number: Int64) throws -> Bool {
            try StoreUnderTest.integer(db, """
                SELECT COUNT(*) FROM ticket_tags g JOIN tickets t ON t.id = g.ticket_id WHERE t.number = \(number) AND g.tag = 'outage'
                """) == 1
        }
        #expect(try tagged(rows[0].number))
        #expect(try !tagged(rows[1].number))
        let agent = try Harness.run(["bulk", "status", "pending", String(rows[0].number), "--db", db, "--as", "budi"])
        #expect(agent.status == 4)
    }
}
