import Foundation
import SupportCore
import SupportStore
import Testing

@Suite struct CommandLineTests {
    @Test func exitCodesFollowTheContract() throws {
        let db = try Harness.demoDatabase()
        // ok
        let list = try Harness.run(["ticket", "list", "--db", db, "--as", "sari", "--limit", "3"])
        #expect(list.status == 0, "\(list.stderr)")
        // usage: a bad query points at the term
        let bad = try Harness.run(["ticket", "list", "--db", db, "--as", "sari", "--query", "status:open prio:urgent"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("urgent"))
        #expect(bad.stderr.contains("^"))
        let usage = try Harness.run(["ticket", "claim", "--db", db, "--as", "sari"])
        #expect(usage.status == 2)
        // not found
        let missing = try Harness.run(["ticket", "show", "999999", "--db", db, "--as", "sari"])
        #expect(missing.status == 3)
        #expect(missing.stderr.hasPrefix("paydesk: "))
        #expect(missing.stderr.split(separator: "\n").count == 1)
        // forbidden: an agent may not steal
        let store = try SupportStore(path: db, create: false)
        let owned = try store.queuePage(QueueSpec(view: .team, query: try QueryParser.parse("assignee:dewi", schema: .tickets, now: Date()),
                                                  actor: store.agent(login: "sari")!), limit: 1)[0]
        let steal = try Harness.run(["ticket", "steal", String(owned.number), "--reason", "x", "--db", db, "--as", "budi"])
        #expect(steal.status == 4, "\(steal.stderr)")
        // conflict: already claimed
        let claim = try Harness.run(["ticket", "claim", String(owned.number), "--db", db, "--as", "budi"])
        #expect(claim.status == 5)
        #expect(claim.stderr.contains("already claimed by dewi"))
    }

    @Test func asIsRefusedOnANonDemoDatabase() throws {
        let dir = try Harness.tempDir()
        let db = dir.appendingPathComponent("prod.sqlite").path
        #expect(try Harness.run(["init", "--db", db]).status == 0)
        let r = try Harness.run(["ticket", "list", "--db", db, "--as", "budi"])
        #expect(r.status == 4)
        #expect(r.stderr.contains("demo database"))
    }

    @Test func newShowReplyAndJSONShape() throws {
        let db = try Harness.demoDatabase()
        let store = try SupportStore(path: db, create: false)
        let wallet = try store.customer(id: 1).walletId
        let created = try Harness.run(["ticket", "new", "--db", db, "--as", "budi", "--customer", wallet,
                                       "--subject", "QR payment failed", "--body", "-", "--category", "payment",
                                       "--priority", "p2", "--channel", "app_chat"], stdin: "Bayar QRIS gagal\n")
        #expect(created.status == 0, "\(created.stderr)")
        let number = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(number.hasPrefix("#"))
        #expect(try Harness.run(["ticket", "claim", number, "--db", db, "--as", "budi"]).status == 0)
        #expect(try Harness.run(["ticket", "reply", number, "--body", "Kami cek ya", "--status", "pending", "--db", db, "--as", "budi"]).status == 0)
        let shown = try Harness.run(["ticket", "show", number, "--json", "--db", db, "--as", "budi"])
        #expect(shown.status == 0)
        let json = try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as! [String: Any]
        let ticket = json["ticket"] as! [String: Any]
        #expect(ticket["status"] as? String == "pending")
        #expect(ticket["priority"] as? String == "p2")
        #expect(json["assignee"] as? String == "budi")
        let timeline = json["timeline"] as! [[String: Any]]
        #expect(timeline.contains { $0["kind"] as? String == "reply" && $0["body"] as? String == "Kami cek ya" })
        #expect(timeline.contains { $0["kind"] as? String == "customer_message" && ($0["body"] as? String)?.contains("QRIS") == true })
        let clocks = json["clocks"] as! [[String: Any]]
        #expect(Set(clocks.compactMap { $0["metric"] as? String }) == ["first_response", "resolution"])
        let list = try Harness.run(["ticket", "list", "--json", "--query", "QRIS", "--db", db, "--as", "budi"])
        let rows = try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as! [[String: Any]]
        #expect(rows.map { $0["number"] as? Int } == [Int(number.dropFirst())])
    }

    /// Two agents claim each of four tickets at the same moment: one owns it, the other is
    /// told. On SQLite the two processes race on the file; on PostgreSQL each goes through an
    /// instance of its own on the one database, as two hosts would.
    @Test func twoProcessesRacingToClaimLeaveOneOwner() throws {
        let db = try Harness.demoDatabase()
        // The seed's unassigned tickets, read before any command: the same on either store.
        let store = try SupportStore(path: db, create: false)
        let sari = try store.agent(login: "sari")!
        let unassigned = try store.queuePage(QueueSpec(view: .unassigned, actor: sari), limit: 8)
        #expect(unassigned.count >= 4)
        let racers = try zip(["budi", "dewi"], Self.racingTargets(db))
        for ticket in unassigned.prefix(4) {
            let number = String(ticket.number)
            // Both start before either is reaped: they race on the same row.
            let running = try racers.map { login, target in
                try Spawn.start(Harness.binary, ["ticket", "claim", number] + target + ["--as", login])
            }
            let results = running.map(Spawn.wait)
            let statuses = results.map(\.status).sorted()
            #expect(statuses == [0, 5], "ticket \(number): \(statuses)")
            let message: String = results.first(where: { $0.status == 5 }).map(\.stderr) ?? ""
            #expect(message.contains("already claimed by") || message.contains("claimed by someone else") || message.contains("was changed by"))
            let winner = zip(racers.map(\.0), results).first { $0.1.status == 0 }?.0
            let owner = try StoreUnderTest.value(db, "SELECT a.login FROM tickets t JOIN agents a ON a.id = t.assignee_id WHERE t.number = \(number)")
            #expect(owner != nil && owner == winner, "ticket \(number): owned by \(owner ?? "nobody"), won by \(winner ?? "nobody")")
        }
        let verified = try Harness.run(["audit", "verify", "--db", db, "--as", "sari"])
        #expect(verified.status == 0, "\(verified.stderr)")
    }

    /// Where each racer sends its claim: the file, or one PostgreSQL instance each.
    static func racingTargets(_ db: String) throws -> [[String]] {
        guard try ServiceRouting.postgresDatabase(for: db) != nil else { return [["--db", db], ["--db", db]] }
        return [["--server", try ServiceRouting.service(for: db).socket],
                ["--server", try ServiceRouting.secondInstance(for: db).socket]]
    }

    @Test func auditVerifyFailsAtATamperedRow() throws {
        let db = try Harness.demoDatabase()
        #expect(try Harness.run(["ticket", "note", "1001", "--body", "checked", "--db", db, "--as", "sari"]).status == 0)
        let ok = try Harness.run(["audit", "verify", "--db", db, "--as", "sari"])
        #expect(ok.status == 0)
        #expect(ok.stdout.contains("OK"))
        // Rewritten with the database's own tool, past paydesk's services.
        try StoreUnderTest.execute(db, "UPDATE audit_log SET actor = 'mallory' WHERE id = 2")
        let broken = try Harness.run(["audit", "verify", "--db", db, "--as", "sari"])
        #expect(broken.status == 1)
        #expect(broken.stderr.contains("record 2"))
    }
}
