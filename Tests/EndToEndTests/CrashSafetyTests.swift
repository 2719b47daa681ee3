import Foundation
import GRDB
import SupportStore
import Testing

/// Writers killed with SIGKILL in the middle of their work, over and over: the database,
/// its audit chain and every ticket must stay whole, and whatever was acknowledged before
/// the kill (drafts included) must be readable afterwards.
@Suite(.serialized) struct CrashSafetyTests {
    static let rounds = 30

    @Test func killedWritersLeaveAConsistentDatabase() throws {
        let dir = try Harness.tempDir()
        let db = dir.appendingPathComponent("crash.sqlite").path
        let plan = dir.appendingPathComponent("plan.json").path
        let logs = dir.appendingPathComponent("logs")
        try FileManager.default.createDirectory(at: logs, withIntermediateDirectories: true)
        #expect(try Harness.run(["demo", "--db", db, "--no-open"]).status == 0)
        #expect(try Harness.runDev(["soak", "setup", "--db", db, "--plan", plan, "--agents", "4", "--tickets", "8"]).status == 0)

        var generator = SystemRandomNumberGenerator()
        var killed = 0, acknowledged = 0
        for round in 1...Self.rounds {
            // Two writers at once, so one is also killed while waiting for the other's lock.
            var workers: [(name: String, process: Spawn.Running)] = []
            for k in 0..<2 {
                let login = String(format: "soak%02d", (round * 2 + k) % 4 + 1)
                let process = try Spawn.start(Harness.devBinary, [
                    "soak", "worker", "--db", db, "--plan", plan, "--login", login, "--seconds", "10",
                    "--seed", String(round * 10 + k)], environment: ["LANG": "C.UTF-8"])
                workers.append((String(format: "round-%02d-%d", round, k), process))
            }
            // Odd rounds kill blind, a few ms in (often while opening or migrating); even
            // rounds wait for the first acknowledged write, so the kill lands mid-stream.
            if round % 2 == 0 {
                _ = Harness.waitUntil(timeout: 5) {
                    ((try? String(contentsOfFile: workers[0].process.stdoutPath, encoding: .utf8)) ?? "").contains("ack ")
                }
            }
            for (_, process) in workers {
                usleep(UInt32.random(in: 2_000...60_000, using: &generator))
                kill(process.pid, SIGKILL)
            }
            for (name, process) in workers {
                let result = Spawn.wait(process)
                if result.status == 128 + SIGKILL { killed += 1 } else {
                    Issue.record("\(name) ended with \(result.status) before the kill: \(result.stderr.suffix(400))")
                }
                acknowledged += result.stdout.split(separator: "\n").filter { $0.hasPrefix("ack ") }.count
                try result.stdout.write(to: logs.appendingPathComponent("\(name).out"), atomically: true, encoding: .utf8)
                try result.stderr.write(to: logs.appendingPathComponent("\(name).err"), atomically: true, encoding: .utf8)
            }
        }
        #expect(killed == Self.rounds * 2, "every writer should have died by SIGKILL")
        #expect(acknowledged > 0)
        print("crash drill: \(killed) writers killed in \(Self.rounds) rounds; \(acknowledged) writes acknowledged before the kills")

        let check = try Harness.runDev(["soak", "check", "--crash", "--db", db, "--plan", plan, "--logs", logs.path])
        #expect(check.status == 0, "\(check.stdout)\n\(check.stderr)")
        #expect(try Harness.run(["audit", "verify", "--db", db, "--as", "sari"]).status == 0)
        try Self.expectWholeTickets(db)
    }

    /// An import killed halfway leaves whole contacts only, and running it again imports
    /// exactly the rest: no contact twice, none lost.
    @Test func killedImportResumesWithoutDuplicates() throws {
        let db = try Harness.demoDatabase()
        let store = try SupportStore(path: db, create: false)
        let wallet = try store.customer(id: 5).walletId
        let file = try Harness.tempDir().appendingPathComponent("chat.jsonl")
        let at = ISO8601DateFormatter().string(from: Date().addingTimeInterval(-600))
        let categories = ["payment", "account", "technical", "security"]
        let lines = (1...Self.importedContacts).map { i in
            "{\"id\":\"crash-\(i)\",\"at\":\"\(at)\",\"wallet_id\":\"\(wallet)\",\"category\":\"\(categories[i % 4])\",\"body\":\"Pesan nomor \(i)\"}"
        }
        try lines.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
        let args = ["intake", "--channel", "app_chat", "--file", file.path, "--db", db, "--as", "ops", "--json"]
        let first = try Spawn.start(Harness.binary, args, environment: ["LANG": "C.UTF-8"])
        // Kill once some contacts are in. A transaction takes contacts for at most a fifth of
        // a second, so the file is long enough to need many of them: the first commit comes
        // while most of the file is still to read.
        _ = Harness.waitUntil(timeout: 20) { ((try? Self.count(db, "SELECT COUNT(*) FROM intake_messages")) ?? 0) >= 20 }
        kill(first.pid, SIGKILL)
        #expect(Spawn.wait(first).status == 128 + SIGKILL)
        let before = try Self.count(db, "SELECT COUNT(*) FROM intake_messages")
        #expect(before >= 20 && before < Self.importedContacts, "killed after \(before) contacts")

        let second = try Harness.run(args)
        #expect(second.status == 0, "\(second.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(second.stdout.utf8)) as? [String: Any] ?? [:]
        let duplicates = report["duplicates"] as? Int ?? -1
        #expect(duplicates == before, "the rerun should skip exactly what the killed run committed")
        #expect(try Self.count(db, "SELECT COUNT(*) FROM intake_messages") == Self.importedContacts)
        #expect(try Self.count(db, "SELECT COUNT(DISTINCT source_id) FROM intake_messages") == Self.importedContacts)
        #expect(try Harness.run(["audit", "verify", "--db", db, "--as", "sari"]).status == 0)
        try Self.expectWholeTickets(db)
    }

    /// Contacts in the killed import's file: many transactions' worth at any speed.
    static let importedContacts = 6_000

    static func count(_ db: String, _ sql: String) throws -> Int {
        try DatabaseQueue(path: db).read { try Int.fetchOne($0, sql: sql) ?? 0 }
    }

    /// Nothing half-written: the file is healthy, every ticket opens with the customer's
    /// message, and every claimed ticket's owner is whoever its last assignment names.
    static func expectWholeTickets(_ db: String) throws {
        let queue = try DatabaseQueue(path: db)
        try queue.read { db in
            #expect(try String.fetchAll(db, sql: "PRAGMA integrity_check") == ["ok"])
            #expect(try String.fetchAll(db, sql: "PRAGMA foreign_key_check").isEmpty)
            let headless = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM tickets t WHERE ifnull((SELECT kind FROM ticket_events e WHERE e.ticket_id = t.id
                                                             ORDER BY e.id LIMIT 1), '') != 'customer_message'
                """)
            #expect(headless == 0, "tickets without their first customer message")
            let rows = try Row.fetchAll(db, sql: """
                SELECT t.number, a.login, (SELECT e.body FROM ticket_events e WHERE e.ticket_id = t.id
                                           AND e.kind = 'assignment' ORDER BY e.id DESC LIMIT 1) AS last
                FROM tickets t LEFT JOIN agents a ON a.id = t.assignee_id
                WHERE t.id IN (SELECT ticket_id FROM ticket_tags WHERE tag = 'soak')
                """)
            for row in rows {
                let last: String? = row["last"]
                let words = (last ?? "").split(separator: " ").map(String.init)
                let expected: String? = words.starts(with: ["claimed", "by"]) ? words[2] : nil
                #expect(row["login"] as String? == expected, "#\(row["number"] as Int64): owner vs \(last ?? "none")")
            }
        }
    }
}
