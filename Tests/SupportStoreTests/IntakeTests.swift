import Foundation
import GRDB
import SupportCore
import Testing
@testable import SupportStore

/// Writes export files into the store's temp folder and imports them as an agent.
private struct IntakeFixture {
    let t: TempStore
    let c: (admin: Agent, sup: Agent, a: Agent, b: Agent, customer: Int64)

    init() throws {
        t = try TempStore()
        c = try t.cast()
    }

    func write(_ name: String, _ text: String) throws -> String {
        let path = t.dir.appendingPathComponent(name).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    func run(_ path: String, channel: Channel, category: Category? = nil) throws -> IntakeReport {
        let batch = try IntakeReader.read(path: path, defaults: IntakeDefaults(category: category), now: TempStore.fixedNow)
        return try t.store.importContacts(batch, channel: channel, by: c.admin)
    }

    func count(_ table: String) throws -> Int {
        try t.store.pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)")! }
    }
}

/// One JSON line with sorted keys, as an export writes it.
private func jsonLine(_ fields: [String: Any]) -> String {
    String(decoding: try! JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys]), as: UTF8.self)
}

private func contact(_ id: String, at: String = "2026-11-25T08:30:00+07:00", key: (String, String) = ("wallet_id", "WLT-T0000001"),
                     category: String = "payment", body: String = "Pembayaran gagal", extra: [String: Any] = [:]) -> String {
    var fields: [String: Any] = ["id": id, "at": at, key.0: key.1, "category": category, "body": body]
    for (k, v) in extra { fields[k] = v }
    return jsonLine(fields)
}

@Suite struct IntakeTests {
    @Test func aContactJoinsTheOpenTicketOfItsCategoryOrOpensOne() throws {
        let f = try IntakeFixture()
        let existing = try f.t.newTicket(f.c.customer)                      // payment, new
        try f.t.store.claim(ticket: existing.number, by: f.c.a)
        try f.t.store.reply(ticket: existing.number, body: "Which merchant?", by: f.c.a, setStatus: .pending)
        let path = try f.write("chat.jsonl", [
            contact("m1", body: "Indomaret Sudirman"),
            contact("m2", at: "2026-11-25T08:40:00+07:00", category: "technical", body: "App crashes on QR scan",
                    extra: ["priority": "p2", "subject": "App crash"]),
            contact("m3", at: "2026-11-25T08:50:00+07:00", key: ("email", "wang@example.com"), category: "technical",
                    body: "Still crashing"),
        ].joined(separator: "\n") + "\n")
        let report = try f.run(path, channel: .appChat)
        #expect(report.summary == "created 1, threaded 2, duplicates 0, rejected 0")
        #expect(report.items.map(\.outcome) == [.threaded, .created, .threaded])
        #expect(report.items[0].ticket == existing.number)
        // Waiting on the customer, the payment ticket comes back to the team.
        #expect(try f.t.store.ticket(number: existing.number).status == .open)
        #expect(try f.t.store.timeline(ticketNumber: existing.number).contains { $0.kind == .customerMessage && $0.body == "Indomaret Sudirman" })
        let created = try f.t.store.ticket(number: report.items[1].ticket)
        #expect(created.category == .technical && created.channel == .appChat && created.priority == .p2)
        #expect(created.subject == "App crash")
        #expect(report.items[2].ticket == created.number)
        // Its SLA clocks start at the contact's time, not at the import.
        let at = try #require(ISO8601DateFormatter().date(from: "2026-11-25T01:40:00Z"))
        #expect(created.createdAt == at)
        let reference = try f.t.store.createTicket(NewTicket(customerId: f.c.customer, subject: "x", body: "x", category: .technical,
                                                             channel: .web, priority: .p2, at: at), by: nil)
        #expect(try f.t.store.slaClocks(ticket: created.number).map(\.due) == f.t.store.slaClocks(ticket: reference.number).map(\.due))
        #expect(try f.t.store.verifyAuditChain() == .ok(records: try f.t.store.auditRecords(limit: 1000).count))
        #expect(try f.t.store.auditRecords(entity: "intake").first?.after == report.summary)
    }

    /// Intake reads the SLA policies once a transaction: a policy changed between two runs
    /// must set the second run's deadlines, and every imported ticket's stored deadline must
    /// equal the one a ticket opened alone, at the same time, gets.
    @Test func eachRunsDeadlinesFollowThePoliciesOfItsOwnTransaction() throws {
        let f = try IntakeFixture()
        func due(_ number: Int64) throws -> Int64 {
            try f.t.store.pool.read { try Int64.fetchOne($0, sql: "SELECT sla_due_at FROM tickets WHERE number = ?", arguments: [number])! }
        }
        func importOne(_ id: String) throws -> Int64 {
            let path = try f.write("\(id).jsonl", contact(id, category: "technical", body: "App crash \(id)",
                                                          extra: ["priority": "p2", "subject": "App crash \(id)"]) + "\n")
            let report = try f.run(path, channel: .appChat)
            #expect(report.items.map(\.outcome) == [.created])
            return report.items[0].ticket
        }
        let at = try #require(ISO8601DateFormatter().date(from: "2026-11-25T01:30:00Z"))
        func alone() throws -> Int64 {
            try f.t.store.createTicket(NewTicket(customerId: f.c.customer, subject: "x", body: "x", category: .technical,
                                                 channel: .web, priority: .p2, at: at), by: nil).number
        }
        let first = try importOne("r1")
        #expect(try due(first) == due(try alone()))
        try f.t.store.pool.write { db in
            try db.execute(sql: "UPDATE sla_policies SET first_response_minutes = first_response_minutes * 3, resolution_minutes = resolution_minutes * 3")
        }
        // The customer's tickets are closed so that the second contact opens a ticket of its own.
        try f.t.store.pool.write { try $0.execute(sql: "UPDATE tickets SET status = 'closed' WHERE customer_id = ?", arguments: [f.c.customer]) }
        let second = try importOne("r2")
        #expect(try due(second) == due(try alone()))
        #expect(try due(second) > due(first))
    }

    @Test func customersAreFoundByWalletPhoneInAnyNotationAndEmailInAnyCase() throws {
        let f = try IntakeFixture()
        let keys: [(String, String)] = [("wallet_id", "wlt-t0000001"), ("phone", "0812-3456-7890"), ("phone", "+62 812 3456 7890"),
                                        ("phone", "6281234567890"), ("phone", "(0812) 3456 7890"), ("email", "WANG@Example.COM")]
        let lines = keys.enumerated().map { i, key in contact("k\(i)", key: key, category: "account", body: "message \(i)") }
        let report = try f.run(try f.write("keys.jsonl", lines.joined(separator: "\n")), channel: .web)
        #expect(report.summary == "created 1, threaded 5, duplicates 0, rejected 0")
        #expect(Set(report.items.map(\.ticket)).count == 1)
        let ticket = try f.t.store.ticket(number: report.items[0].ticket)
        #expect(ticket.customerId == f.c.customer)
        #expect(try f.t.store.timeline(ticketNumber: ticket.number).filter { $0.kind == .customerMessage }.count == 6)
    }

    @Test func keysNamingDifferentOrSeveralCustomersAreRefused() throws {
        let f = try IntakeFixture()
        _ = try f.t.store.insertCustomerForTesting(name: "Siti", phone: "+6281299990000", email: "siti@example.com")
        _ = try f.t.store.insertCustomerForTesting(name: "Sita", phone: "+6281299990000", email: "sita@example.com")
        let path = try f.write("clash.jsonl", [
            jsonLine(["id": "x1", "at": "2026-11-25T08:00:00+07:00", "wallet_id": "WLT-T0000001", "email": "siti@example.com",
                      "category": "account", "body": "b"]),
            contact("x2", key: ("phone", "081299990000")),
            jsonLine(["id": "x3", "at": "2026-11-25T08:00:00+07:00", "phone": "081299990000", "email": "sita@example.com",
                      "category": "account", "body": "b"]),
        ].joined(separator: "\n"))
        let report = try f.run(path, channel: .web)
        #expect(report.created == 1 && report.rejected == 2)
        #expect(report.rejections.map(\.line) == [1, 2])
        #expect(report.rejections[0].reason.contains("belongs to a different customer"))
        #expect(report.rejections[1].reason.contains("matches 2 customers"))
    }

    @Test func importingTheSameFileTwiceImportsNothingTwice() throws {
        let f = try IntakeFixture()
        let path = try f.write("twice.jsonl", [
            contact("d1"), contact("d2", category: "technical"), contact("d1", body: "same id again"),
        ].joined(separator: "\n"))
        let first = try f.run(path, channel: .social)
        #expect(first.summary == "created 2, threaded 0, duplicates 1, rejected 0")
        let counts = try ["tickets", "ticket_events", "intake_messages"].map(f.count)
        let second = try f.run(path, channel: .social)
        #expect(second.summary == "created 0, threaded 0, duplicates 3, rejected 0")
        #expect(second.items.map(\.ticket) == first.items.map(\.ticket))
        #expect(try ["tickets", "ticket_events", "intake_messages"].map(f.count) == counts)
        // The key is the channel and the source id: the same id from another channel is new.
        let other = try f.run(path, channel: .web)
        #expect(other.duplicates == 1 && other.threaded == 2)
        #expect(try f.t.store.intakeTicket(channel: .social, sourceId: "d2") == first.items[1].ticket)
    }

    @Test func badLinesAreReportedByLineNumberAndTheRestIsImported() throws {
        let f = try IntakeFixture()
        let lines = [
            contact("ok1"),                                                                 // 1
            "{not json",                                                                   // 2
            jsonLine(["id": "m3", "at": "2026-11-25T08:00:00+07:00", "wallet_id": "WLT-T0000001", "category": "payment"]),
            contact("m4", key: ("email", "nobody@example.org")),                           // 4
            contact("m5", at: "25/11/2026"),                                               // 5
            "[\"an\", \"array\"]",                                                         // 6
            contact("m7", body: "a\u{0}b"),                                                // 7
            "",                                                                            // 8: blank, skipped
            contact("ok9", category: "technical"),                                         // 9
            contact("m10", category: "billing"),                                           // 10
            contact("m11", extra: ["priority": true]),                                     // 11
            contact("m12", at: "2027-06-01T00:00:00Z"),                                    // 12
            contact("m13", body: String(repeating: "x", count: 64_001)),                   // 13
            contact("m14", key: ("phone", "12345")),                                       // 14
            contact("m15", extra: ["subcategory": "app_crash"]),                           // 15
        ]
        var data = Data(lines.joined(separator: "\n").utf8)
        data.append(contentsOf: Array("\n{\"id\":\"raw\u{0}\"}\n".utf8))                    // 16: a raw NUL byte
        data.append(contentsOf: [0x7B, 0xFF, 0xFE, 0x7D, 0x0A])                            // 17: broken UTF-8
        let path = f.t.dir.appendingPathComponent("bad.jsonl").path
        try data.write(to: URL(fileURLWithPath: path))
        let report = try f.run(path, channel: .web)
        #expect(report.created == 2)
        let reasons = Dictionary(uniqueKeysWithValues: report.rejections.map { ($0.line!, $0.reason) })
        #expect(reasons.keys.sorted() == [2, 3, 4, 5, 6, 7, 10, 11, 12, 13, 14, 15, 16, 17])
        #expect(reasons[2] == "invalid JSON")
        #expect(reasons[3] == "missing field body")
        #expect(reasons[4]?.hasPrefix("unknown customer (email n") == true)
        #expect(reasons[5]?.hasPrefix("bad date \"25/11/2026\"") == true)
        #expect(reasons[6] == "not a JSON object")
        #expect(reasons[7] == "field body contains a NUL byte")
        #expect(reasons[10]?.hasPrefix("unknown category \"billing\"") == true)
        #expect(reasons[11] == "field priority must be text, not an object, array or boolean")
        #expect(reasons[12]?.contains("in the future") == true)
        #expect(reasons[13] == "body is longer than 64000 bytes")
        #expect(reasons[14]?.contains("is not a phone number") == true)
        #expect(reasons[15]?.contains("is not a subcategory of payment") == true)
        #expect(reasons[16] == "line contains a NUL byte")
        #expect(reasons[17] == "line is not valid UTF-8")
        #expect(report.rejections.first?.description == "\(path) line 2: invalid JSON")
    }

    @Test func solvedTicketsReopenWithinTheWindowClosedOnesDoNot() throws {
        let f = try IntakeFixture()
        let solved = try f.t.newTicket(f.c.customer, category: .account)
        try f.t.store.claim(ticket: solved.number, by: f.c.a)
        try f.t.store.setStatus(ticket: solved.number, to: .solved, by: f.c.a)
        let closed = try f.t.newTicket(f.c.customer, category: .security)
        try f.t.store.claim(ticket: closed.number, by: f.c.a)
        try f.t.store.setStatus(ticket: closed.number, to: .solved, by: f.c.a)
        try f.t.store.setStatus(ticket: closed.number, to: .closed, by: f.c.a)
        let stale = try f.t.newTicket(f.c.customer, category: .technical)
        try f.t.store.claim(ticket: stale.number, by: f.c.a)
        try f.t.store.setStatus(ticket: stale.number, to: .solved, by: f.c.a)
        try f.t.store.pool.write { db in
            try db.execute(sql: "UPDATE tickets SET solved_at = solved_at - 5 * 86400 WHERE number = ?", arguments: [stale.number])
        }
        let path = try f.write("back.jsonl", [
            contact("s1", category: "account"), contact("s2", category: "security"), contact("s3", category: "technical"),
        ].joined(separator: "\n"))
        let report = try f.run(path, channel: .email)
        #expect(report.items.map(\.outcome) == [.threaded, .created, .created])
        #expect(report.items[0].ticket == solved.number)
        #expect(try f.t.store.ticket(number: solved.number).status == .open)
        #expect(try f.t.store.ticket(number: closed.number).status == .closed)
        #expect(report.items[1].ticket != closed.number && report.items[2].ticket != stale.number)
    }

    @Test func suggestionsAreTaggedAndNeverThreadedIntoComplaints() throws {
        let f = try IntakeFixture()
        let path = try f.write("voice.jsonl", [
            contact("v1", category: "complaint", body: "Refund is late"),
            contact("v2", category: "complaint", body: "Please add dark mode", extra: ["subcategory": "suggestion"]),
            contact("v3", category: "complaint", body: "And split bills", extra: ["subcategory": "suggestion"]),
        ].joined(separator: "\n"))
        let report = try f.run(path, channel: .social)
        #expect(report.items.map(\.outcome) == [.created, .created, .threaded])
        let complaint = try f.t.store.ticket(number: report.items[0].ticket)
        let suggestion = try f.t.store.ticket(number: report.items[1].ticket)
        #expect(complaint.subcategory == "complaint" && !complaint.tags.contains("product-feedback"))
        #expect(suggestion.subcategory == "suggestion" && suggestion.tags == ["product-feedback"])
        #expect(report.items[2].ticket == suggestion.number)
        let rows = try f.t.store.suggestions(from: TempStore.fixedNow.addingTimeInterval(-86_400), to: TempStore.fixedNow)
        #expect(rows.map(\.ticket) == [suggestion.number])
        #expect(rows[0].message == "Please add dark mode" && rows[0].tags == ["product-feedback"])
    }

    @Test func theIntakeRowCommitsWithItsMessageOrNotAtAll() throws {
        let f = try IntakeFixture()
        try f.t.store.pool.write { db in
            try db.execute(sql: """
                CREATE TRIGGER boom BEFORE INSERT ON intake_messages WHEN NEW.source_id = 'boom'
                BEGIN SELECT RAISE(ABORT, 'disk trouble'); END
                """)
        }
        let path = try f.write("boom.jsonl", [contact("a1"), contact("boom", category: "technical"), contact("a3")].joined(separator: "\n"))
        let before = try ["tickets", "ticket_events"].map(f.count)
        #expect { try f.run(path, channel: .web) } throws: { error in
            let e = error as? StoreError
            return e?.kind == .other && e?.message.contains("Intake stopped at line 2 of") == true
        }
        // The first contact is in; the failed one left no ticket and no message behind.
        #expect(try f.t.store.intakeTicket(channel: .web, sourceId: "a1") != nil)
        #expect(try ["tickets", "ticket_events"].map(f.count) == [before[0] + 1, before[1] + 1])
        try f.t.store.pool.write { db in try db.execute(sql: "DROP TRIGGER boom") }
        let rerun = try f.run(path, channel: .web)
        #expect(rerun.summary == "created 1, threaded 1, duplicates 1, rejected 0")
    }

    @Test func aFileThatCannotBeReadThrows() throws {
        let f = try IntakeFixture()
        #expect { try f.run(f.t.dir.appendingPathComponent("missing.jsonl").path, channel: .web) } throws: {
            ($0 as? StoreError)?.kind == .other
        }
        let empty = f.t.dir.appendingPathComponent("mail")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        #expect { try f.run(empty.path, channel: .email) } throws: { ($0 as? StoreError)?.message.contains("no .eml") == true }
    }
}
