import Foundation
import GRDB
import SupportCore
import SupportPostgres
import SupportStore
import Testing

/// Intake, files on replies and closing solved tickets on both stores: the public mail
/// corpus under Tests/Fixtures/mail imported into the same demo on SQLite and on its
/// PostgreSQL copy must make the same tickets, threads, customers' languages, refusals
/// and audit records, word for word.
@Suite struct IntakeParityTests {
    static let corpus: URL = {
        var root = URL(fileURLWithPath: #filePath)
        while !FileManager.default.fileExists(atPath: root.appendingPathComponent("Package.swift").path) { root.deleteLastPathComponent() }
        return root.appendingPathComponent("Tests/Fixtures/mail")
    }()
    static let folders = ["python-email", "mail-parser", "talon", "django-mailbox", "flufl-bounce"]

    static func batches() throws -> [IntakeBatch] {
        try folders.map {
            try IntakeReader.read(path: corpus.appendingPathComponent($0).path, format: .eml,
                                  defaults: IntakeDefaults(category: .payment), now: EngineParityTests.now)
        }
    }

    /// Rows as text, every column named (in name order: PostgreSQL's rows come back keyed by name).
    static func dump(_ e: any StoreEngine, _ sql: String, _ arguments: SQLArguments = []) throws -> [String] {
        try e.reading { db in
            try db.fetchRows(sql, arguments).map { row in
                row.columnNames.sorted().map { "\($0)=\((row[$0] as DatabaseValue).description)" }.joined(separator: " ")
            }
        }
    }

    static func script(_ e: any StoreEngine) throws -> [String] {
        let ops = try #require(try e.agent(login: "ops")), budi = try #require(try e.agent(login: "budi"))
        let dewi = try #require(try e.agent(login: "dewi")), sari = try #require(try e.agent(login: "sari"))
        var log: [String] = []
        func step<T: Encodable>(_ name: String, _ body: () throws -> T) { log.append(name + " → " + EngineParityTests.outcome(body)) }
        let batches = try Self.batches()
        let lastTicket = try #require(try e.reading { try $0.fetchValue("SELECT MAX(number) FROM tickets", as: Int64.self) })

        // Every sender but one is a customer (the one left over is refused as unknown).
        let senders = Set(batches.flatMap { $0.contacts.compactMap(\.email) }).subtracting(["wang@example.com"]).sorted()
        try e.writing { db in
            for (i, email) in senders.enumerated() {
                try db.run("""
                    INSERT INTO customers (wallet_id, name, phone, email, kyc_level, status, two_factor, balance, currency,
                                           daily_limit, created_at)
                    VALUES (?, ?, ?, ?, 2, 'active', 0, 0, 'IDR', 1000000000, ?)
                    """, [String(format: "WLT-M%07d", i), email, "+62899\(String(format: "%07d", i))", email, e.now])
            }
        }
        step("intake by budi (no permission)") { try e.importContacts(batches[0], channel: .email, by: budi) }
        for (folder, batch) in zip(Self.folders, batches) {
            step("intake \(folder)") { try e.importContacts(batch, channel: .email, by: ops) }
        }
        step("intake python-email again") { try e.importContacts(batches[0], channel: .email, by: ops) }
        let first = try #require(batches[0].contacts.first)
        step("intake ticket of \(first.sourceId)") { try e.intakeTicket(channel: .email, sourceId: first.sourceId) }
        log += try Self.dump(e, """
            SELECT number, customer_id, subject, category, subcategory, channel, priority, status, untriaged, created_at,
                   updated_at, updated_by, sla_due_at, version FROM tickets WHERE number > ? ORDER BY number
            """, [lastTicket])
        log += try Self.dump(e, """
            SELECT t.number, e.kind, e.author, e.body, e.at FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id
            WHERE t.number > ? ORDER BY t.number, e.at, e.kind, e.body
            """, [lastTicket])
        log += try Self.dump(e, """
            SELECT m.channel, m.source_id, t.number FROM intake_messages m JOIN tickets t ON t.id = m.ticket_id
            WHERE t.number > ? ORDER BY m.source_id
            """, [lastTicket])
        log += try Self.dump(e, "SELECT email, language FROM customers WHERE wallet_id LIKE 'WLT-M%' ORDER BY wallet_id")

        // Files on a reply: stored with the queued mail; a refused reply keeps none.
        let number = lastTicket + 1
        step("claim") { try e.claim(ticket: number, by: budi) }
        let files = [ReplyFile(name: "mutasi.xlsx", content: Data(repeating: 7, count: 70_000)),
                     ReplyFile(name: "../交易记录.pdf", content: Data("%PDF-1.4 statement".utf8))]
        step("reply with files by dewi (not hers)") { try e.reply(ticket: number, body: "Terlampir.", files: files, by: dewi) }
        step("reply with an empty file") {
            try e.reply(ticket: number, body: "Terlampir.", files: [ReplyFile(name: "kosong.pdf", content: Data())], by: budi)
        }
        step("reply with files") { try e.reply(ticket: number, body: "Terlampir mutasi Anda.", files: files, by: budi) }
        log += try Self.dump(e, """
            SELECT o.channel, o.destination, o.subject, o.body, f.position, f.name, LENGTH(f.content) AS size
            FROM outbox_files f JOIN outbox o ON o.id = f.outbox_id ORDER BY o.id, f.position
            """)
        step("stored bytes") {
            try e.reading { db in
                try db.fetchRows("SELECT content FROM outbox_files ORDER BY outbox_id, position").map { ($0["content"] as Data).base64EncodedString() }
            } == files.map { $0.content.base64EncodedString() }
        }

        // Closing solved tickets: an agent may not; a supervisor closes the old ones.
        step("solve") { try e.setStatus(ticket: number, to: .solved, by: budi) }
        step("auto-close by budi") { try e.autoCloseSolved(afterDays: 1, by: budi) }
        step("auto-close 0 days") { try e.autoCloseSolved(afterDays: 0, by: sari) }
        step("auto-close") { try e.autoCloseSolved(afterDays: 3, by: sari) }
        step("auto-close again") { try e.autoCloseSolved(afterDays: 3, by: sari) }
        step("audit tail") {
            try Self.dump(e, "SELECT at, actor, action, entity, entity_id, before, after, reason FROM audit_log ORDER BY id DESC LIMIT 400")
        }
        step("audit verifies") { () -> Bool in
            if case .ok = try e.verifyAuditChain() { return true }
            return false
        }
        return log
    }

    @Test func theCorpusImportsTheSameOnSQLiteAndPostgreSQL() async throws {
        let (sqlite, postgres, demo) = try await EngineParityTests.engines()
        defer { demo.source.remove() }
        let onSQLite = try Self.script(sqlite)
        let onPostgres = try Self.script(postgres)
        EngineParityTests.expectSame(onSQLite, onPostgres)
        // Not vacuous: the corpus made tickets and threads, refusals happened, files were kept.
        let reports = onSQLite.filter { $0.hasPrefix("intake ") && $0.contains("\"created\"") }
        let created = reports.compactMap { $0.firstMatch(of: /"created":(\d+)/).flatMap { Int($0.1) } }.reduce(0, +)
        #expect(created >= 100, "\(reports.map { $0.prefix(200) })")
        #expect(onSQLite.contains { $0.hasPrefix("intake python-email again → ") && $0.contains("\"created\":0") && !$0.contains("\"duplicates\":0") })
        #expect(onSQLite.contains { $0.hasPrefix("intake by budi (no permission) → refused forbidden") })
        #expect(onSQLite.contains { $0.hasPrefix("reply with files by dewi (not hers) → refused forbidden") })
        #expect(onSQLite.contains { $0.hasPrefix("reply with an empty file → refused invalid") })
        #expect(onSQLite.contains { $0 == "stored bytes → true" })
        #expect(onSQLite.contains { $0.hasPrefix("auto-close by budi → refused forbidden") })
        #expect(onSQLite.contains { $0.hasPrefix("auto-close → ") && $0 != "auto-close → 0" })
        #expect(onSQLite.contains { $0 == "auto-close again → 0" })
        #expect(onSQLite.last == "audit verifies → true")
        await postgres.close()
    }
}
