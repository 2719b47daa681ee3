import Foundation
import SupportCore
import SupportStore
import Testing

/// `paydesk intake` and `paydesk complaint …` driven through the real binary.
@Suite struct IntakeCommandTests {
    private func iso(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }

    private func json(_ text: String) throws -> Any { try JSONSerialization.jsonObject(with: Data(text.utf8)) }

    /// A demo customer with no complaint ticket yet, so a new complaint opens unassigned.
    private func customerWithoutComplaints(_ store: SupportStore) throws -> Customer {
        for id in Int64(1)...Int64(60) {
            let c = try store.customer(id: id)
            if try store.tickets(customerId: id).allSatisfy({ $0.category != .complaint }) { return c }
        }
        Issue.record("every demo customer has a complaint ticket")
        return try store.customer(id: 1)
    }

    private func line(_ fields: [String: String]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys]), as: UTF8.self)
    }

    @Test func intakeReportsBadLinesImportsTheRestAndNeverTwice() throws {
        let db = try Harness.demoDatabase()
        let store = try SupportStore(path: db, create: false)
        let a = try store.customer(id: 1), b = try store.customer(id: 2), c = try store.customer(id: 3)
        let at = iso(Date().addingTimeInterval(-3_600))
        let national = "0" + b.phone.dropFirst(3)                  // +62812… typed as 0812…
        let file = try Harness.tempDir().appendingPathComponent("chat.jsonl")
        try [
            try line(["id": "m1", "at": at, "wallet_id": a.walletId.lowercased(), "category": "technical", "body": "App crash saat scan QR"]),
            try line(["id": "m2", "at": at, "phone": String(national), "category": "account", "body": "Lupa PIN"]),
            "{\"id\": \"m3\", broken",
            try line(["id": "m4", "at": at, "email": c.email.uppercased(), "category": "payment", "body": "Refund belum masuk"]),
            try line(["id": "m5", "at": at, "email": "stranger@example.org", "category": "payment", "body": "?"]),
            try line(["id": "m6", "at": "kemarin", "wallet_id": a.walletId, "category": "payment", "body": "x"]),
        ].joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)

        let first = try Harness.run(["intake", "--channel", "app_chat", "--file", file.path, "--db", db, "--as", "ops"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("created") && first.stdout.contains("rejected 3"))
        let errors = first.stderr.split(separator: "\n")
        #expect(errors.count == 3)
        #expect(errors[0].hasSuffix("line 3: invalid JSON"))
        #expect(errors[1].contains("line 5: unknown customer"))
        #expect(errors[2].contains("line 6: bad date \"kemarin\""))

        let second = try Harness.run(["intake", "--channel", "app_chat", "--file", file.path, "--json", "--db", db, "--as", "ops"])
        #expect(second.status == 0)
        let report = try json(second.stdout) as! [String: Any]
        #expect(Set(report.keys) == ["channel", "files", "created", "threaded", "duplicates", "rejected", "items", "rejections"])
        #expect(report["created"] as? Int == 0 && report["threaded"] as? Int == 0)
        #expect(report["duplicates"] as? Int == 3 && report["rejected"] as? Int == 3)
        let items = report["items"] as! [[String: Any]]
        #expect(items.map { $0["source_id"] as? String } == ["m1", "m2", "m4"])
        #expect(Set(items[0].keys) == ["file", "line", "source_id", "outcome", "ticket"])
        let rejections = report["rejections"] as! [[String: Any]]
        #expect(rejections.map { $0["line"] as? Int } == [3, 5, 6])
        // Each contact landed on its own customer's ticket.
        let owners = try items.map { try StoreUnderTest.integer(db, "SELECT customer_id FROM tickets WHERE number = \($0["ticket"] as! Int)") }
        #expect(owners == [a.id, b.id, c.id])
    }

    @Test func intakeExitCodes() throws {
        let db = try Harness.demoDatabase()
        let dir = try Harness.tempDir()
        let missing = try Harness.run(["intake", "--channel", "web", "--file", dir.appendingPathComponent("none.jsonl").path,
                                       "--db", db, "--as", "ops"])
        #expect(missing.status == 1)
        #expect(missing.stderr.hasPrefix("paydesk: Cannot read"))
        let badChannel = try Harness.run(["intake", "--channel", "fax", "--file", "x", "--db", db, "--as", "ops"])
        #expect(badChannel.status == 2)
        // A phone log in CSV and a folder of emails are read by their shape.
        let store = try SupportStore(path: db, create: false)
        let customer = try store.customer(id: 4)
        let csv = dir.appendingPathComponent("calls.csv")
        try "id,at,phone,body,category\nc1,\(iso(Date().addingTimeInterval(-600))),\(customer.phone),\"Saldo, katanya, hilang\",payment\n"
            .write(to: csv, atomically: true, encoding: .utf8)
        let calls = try Harness.run(["intake", "--channel", "phone", "--file", csv.path, "--db", db, "--as", "ops"])
        #expect(calls.status == 0, "\(calls.stderr)")
        #expect(calls.stdout.contains("rejected 0"))
        let mail = dir.appendingPathComponent("inbox")
        try FileManager.default.createDirectory(at: mail, withIntermediateDirectories: true)
        let date = DateFormatter()
        date.locale = Locale(identifier: "en_US_POSIX")
        date.dateFormat = "EEE, d MMM yyyy HH:mm:ss Z"
        try "From: \(customer.email)\r\nSubject: Refund\r\nDate: \(date.string(from: Date().addingTimeInterval(-900)))\r\nMessage-ID: <r1@x>\r\n\r\nTolong refund\r\n"
            .write(to: mail.appendingPathComponent("r1.eml"), atomically: true, encoding: .utf8)
        let emails = try Harness.run(["intake", "--channel", "email", "--file", mail.path, "--category", "payment", "--json",
                                      "--db", db, "--as", "ops"])
        #expect(emails.status == 0, "\(emails.stderr)")
        let report = try json(emails.stdout) as! [String: Any]
        #expect(report["rejected"] as? Int == 0 && report["files"] as? Int == 1)
    }

    @Test func complaintLifecycleWithEscalationPermissions() throws {
        let db = try Harness.demoDatabase()
        let store = try SupportStore(path: db, create: false)
        let customer = try customerWithoutComplaints(store)
        let file = try Harness.tempDir().appendingPathComponent("web.jsonl")
        try line(["id": "cmp-1", "at": iso(Date().addingTimeInterval(-7_200)), "wallet_id": customer.walletId,
                  "category": "complaint", "subject": "Saldo terpotong dua kali", "body": "Tolong kembalikan"])
            .write(to: file, atomically: true, encoding: .utf8)
        let imported = try Harness.run(["intake", "--channel", "web", "--file", file.path, "--json", "--db", db, "--as", "ops"])
        let items = (try json(imported.stdout) as! [String: Any])["items"] as! [[String: Any]]
        let n = String(items[0]["ticket"] as! Int)
        func run(_ args: [String], as login: String) throws -> Harness.Result {
            try Harness.run(["complaint"] + args + ["--db", db, "--as", login])
        }

        #expect(try run(["show", n], as: "budi").status == 3)
        let opened = try run(["open", n, "--statement", "Dipotong 2x Rp50.000", "--expect", "Refund Rp50.000"], as: "budi")
        #expect(opened.status == 0, "\(opened.stderr)")
        #expect(opened.stdout.contains("20 working days"))
        #expect(try run(["evidence", n, "--kind", "chat_excerpt", "--text", "Agent: kami cek"], as: "budi").status == 0)
        #expect(try run(["evidence", n, "--kind", "photo", "--text", "x"], as: "budi").status == 2)
        #expect(try run(["decide", n, "--text", "Refund diproses 3 hari kerja"], as: "budi").status == 0)

        // An agent cannot jump to management: exit 4, one sentence, audited.
        let jump = try run(["escalate", n, "--to", "management", "--reason", "faster"], as: "budi")
        #expect(jump.status == 4)
        #expect(jump.stderr.split(separator: "\n").count == 1 && jump.stderr.contains("needs a supervisor"))
        let audit = try Harness.run(["audit", "list", "--entity", "ticket", "--id", n, "--json", "--db", db, "--as", "sari"])
        let records = try json(audit.stdout) as! [[String: Any]]
        #expect(records.first?["action"] as? String == "refused:complaint.escalate")
        #expect(records.first?["actor"] as? String == "budi")

        #expect(try run(["escalate", n, "--to", "supervisor", "--reason", "Customer insists"], as: "budi").status == 0)
        #expect(try run(["close", n, "--outcome", "x", "--accepted", "yes"], as: "budi").status == 4)
        #expect(try run(["escalate", n, "--to", "management", "--reason", "Above team limit"], as: "sari").status == 0)
        #expect(try run(["escalate", n, "--to", "regulator", "--reason", "BI"], as: "sari").status == 4)
        #expect(try run(["escalate", n, "--to", "management", "--reason", "again"], as: "ops").status == 5)
        #expect(try run(["escalate", n, "--to", "regulator", "--reason", "Customer filed with Bank Indonesia"], as: "ops").status == 0)
        #expect(try run(["close", n, "--outcome", "x", "--accepted", "maybe"], as: "ops").status == 2)
        #expect(try run(["close", n, "--outcome", "Refund per regulator", "--accepted", "no"], as: "sari").status == 4)
        #expect(try run(["close", n, "--outcome", "Refund per regulator", "--accepted", "no"], as: "ops").status == 0)
        #expect(try run(["decide", n, "--text", "late"], as: "ops").status == 5)

        let shown = try run(["show", n, "--json"], as: "budi")
        #expect(shown.status == 0)
        let body = try json(shown.stdout) as! [String: Any]
        #expect(Set(body.keys) == ["complaint", "clock"])
        let complaint = body["complaint"] as! [String: Any]
        #expect(Set(complaint.keys) == ["ticket", "subject", "customer_id", "statement", "expected_outcome", "level",
                                        "received_at", "opened_at", "opened_by", "working_days", "due_at", "evidence",
                                        "decisions", "escalations", "outcome", "accepted", "closed_at", "closed_by"])
        #expect(complaint["level"] as? String == "regulator")
        #expect(complaint["accepted"] as? Bool == false)
        #expect((complaint["escalations"] as! [[String: Any]]).map { $0["to"] as? String } == ["supervisor", "management", "regulator"])
        #expect((complaint["evidence"] as! [[String: Any]]).first?["kind"] as? String == "chat_excerpt")
        #expect((body["clock"] as! [String: Any])["state"] as? String == "met")
        let text = try run(["show", n], as: "budi")
        #expect(text.stdout.contains("[regulator]") && text.stdout.contains("customer did not accept"))
        #expect(try Harness.run(["audit", "verify", "--db", db, "--as", "sari"]).status == 0)
    }

    @Test func suggestionsReportAndDeadlineList() throws {
        let db = try Harness.demoDatabase()
        let today = DateFormatter()
        today.locale = Locale(identifier: "en_US_POSIX")
        today.timeZone = TimeZone(identifier: "Asia/Jakarta")
        today.dateFormat = "yyyy-MM-dd"
        let from = today.string(from: Date().addingTimeInterval(-30 * 86_400)), to = today.string(from: Date())
        let report = try Harness.run(["complaint", "suggestions", "--from", from, "--to", to, "--json", "--db", db, "--as", "sari"])
        #expect(report.status == 0, "\(report.stderr)")
        let rows = try json(report.stdout) as! [[String: Any]]
        #expect(!rows.isEmpty)
        #expect(rows.allSatisfy { ($0["tags"] as? [String])?.contains("product-feedback") == true })
        #expect(Set(rows[0].keys) == ["ticket", "created_at", "channel", "status", "subject", "message", "tags"])
        #expect(try Harness.run(["complaint", "suggestions", "--from", from, "--to", to, "--db", db, "--as", "budi"]).status == 4)
        #expect(try Harness.run(["complaint", "suggestions", "--from", "01/11/2026", "--to", to, "--db", db, "--as", "sari"]).status == 2)
        let due = try Harness.run(["complaint", "due", "--within", "30", "--json", "--db", db, "--as", "budi"])
        #expect(due.status == 0)
        #expect(try json(due.stdout) is [Any])
        #expect(try Harness.run(["complaint", "working-days", "--db", db, "--as", "budi"]).stdout == "20 working days\n")
        #expect(try Harness.run(["complaint", "working-days", "15", "--db", db, "--as", "budi"]).status == 4)
        #expect(try Harness.run(["complaint", "working-days", "15", "--db", db, "--as", "ops"]).status == 0)
    }
}
