import Foundation
import GRDB
import Testing

/// The concurrency soak in short (`make soak` runs it for 60 s): 16 paydesk processes —
/// twelve command-line workers and four headless consoles, one agent each — claim, reply,
/// note, change status, freeze, request and approve unfreezes on the same 24 tickets and
/// 8 accounts for about five seconds. `paydesk-dev soak check` then proves every promise from
/// the logs and the database; this test checks the headline ones itself as well.
@Suite(.serialized) struct HardeningSoakTests {
    static let seconds = ProcessInfo.processInfo.environment["PAYDESK_SOAK_SECONDS"].flatMap(Double.init) ?? 5
    static let processes = 16
    /// Each worker goes on past the time until it has this many acknowledged writes: how
    /// much the drill does is then not a matter of how busy the machine is (a run on a
    /// machine busy with other builds made 24 writes in 5 s).
    static let acksEach = 4

    @Test func sixteenProcessesShareOneDatabaseSafely() throws {
        let dir = try Harness.tempDir()
        let db = dir.appendingPathComponent("soak.sqlite").path
        let plan = dir.appendingPathComponent("plan.json").path
        let logs = dir.appendingPathComponent("logs")
        try FileManager.default.createDirectory(at: logs, withIntermediateDirectories: true)
        #expect(try Harness.run(["demo", "--db", db, "--no-open"]).status == 0)
        let setup = try Harness.runDev(["soak", "setup", "--db", db, "--plan", plan, "--agents", String(Self.processes)])
        #expect(setup.status == 0, "\(setup.stderr)")

        // Lowered priority: the drill saturates both cores, and other suites time their consoles.
        var running: [(login: String, process: Spawn.Running)] = []
        for i in 1...Self.processes {
            let login = String(format: "soak%02d", i)
            var args = ["-n", "10", Harness.devBinary, "soak", "worker", "--db", db, "--plan", plan, "--login", login,
                        "--seconds", String(Self.seconds), "--min-acks", String(Self.acksEach), "--seed", String(i)]
            if i % 4 == 0 { args.append("--console") }
            running.append((login, try Spawn.start("/usr/bin/nice", args, environment: Self.environment)))
        }
        var acknowledged = 0
        for (login, process) in running {
            let result = Spawn.wait(process)
            #expect(result.status == 0, "\(login) ended with \(result.status): \(result.stderr.suffix(500))")
            try result.stdout.write(to: logs.appendingPathComponent("\(login).out"), atomically: true, encoding: .utf8)
            try result.stderr.write(to: logs.appendingPathComponent("\(login).err"), atomically: true, encoding: .utf8)
            #expect(result.stdout.contains("done login=\(login)"), "\(login) did not finish its run")
            acknowledged += result.stdout.split(separator: "\n").filter { $0.hasPrefix("ack ") }.count
            // No busy or locked error reached the agent, whatever the wording.
            for line in result.stderr.split(separator: "\n") {
                let lower = line.lowercased()
                #expect(!lower.contains("busy") && !lower.contains("locked"), "\(login): \(line)")
            }
        }
        #expect(acknowledged >= Self.processes * Self.acksEach, "only \(acknowledged) writes")

        let check = try Harness.runDev(["soak", "check", "--db", db, "--plan", plan, "--logs", logs.path])
        #expect(check.status == 0, "\(check.stdout)\n\(check.stderr)")
        #expect(check.stdout.contains("soak check: passed"))
        print("soak (\(Self.processes) processes, \(Self.seconds) s):\n\(check.stdout)")

        let verify = try Harness.run(["audit", "verify", "--db", db, "--as", "sari"])
        #expect(verify.status == 0, "\(verify.stderr)")
        let queue = try DatabaseQueue(path: db)
        let integrity = try queue.read { try String.fetchAll($0, sql: "PRAGMA integrity_check") }
        #expect(integrity == ["ok"])
        // Independently of the checker: each ticket's owner is whoever its last assignment
        // event names (claims and releases are all the drill does).
        let rows = try queue.read { db in
            try Row.fetchAll(db, sql: """
                SELECT t.number, a.login,
                       (SELECT e.body FROM ticket_events e WHERE e.ticket_id = t.id AND e.kind = 'assignment'
                        ORDER BY e.id DESC LIMIT 1) AS last
                FROM tickets t LEFT JOIN agents a ON a.id = t.assignee_id
                WHERE t.id IN (SELECT ticket_id FROM ticket_tags WHERE tag = 'soak')
                """)
        }
        #expect(rows.count == 24)
        for row in rows {
            let last: String? = row["last"]
            let words = (last ?? "").split(separator: " ").map(String.init)
            let expected: String? = words.starts(with: ["claimed", "by"]) ? words[2] : nil
            #expect(row["login"] as String? == expected, "#\(row["number"] as Int64): owner vs \(last ?? "no assignment")")
        }
    }

    static var environment: [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["LANG"] = "C.UTF-8"
        return env
    }
}
