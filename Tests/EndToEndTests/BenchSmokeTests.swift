import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Keeps the scale tooling building and working in CI, on a dataset small enough for a
/// debug build: `paydesk-dev seed` and `paydesk-dev bench --quick` run and print their numbers.
/// Nothing here judges timings — a shared CI machine says nothing about them.
@Suite(.serialized) struct BenchSmokeTests {
    static let tiny = ["--customers", "300", "--tickets", "2000", "--transactions", "20000", "--seed", "5"]

    @Test func seedThenBenchPrintsEveryNumber() throws {
        let db = try Harness.tempDir().appendingPathComponent("scale.sqlite").path
        let seeded = try Harness.runDev(["seed", "--db", db] + Self.tiny)
        #expect(seeded.status == 0, "\(seeded.stderr)")
        #expect(seeded.stdout.contains("transactions 20000"))
        #expect(seeded.stdout.contains("rows/s"))
        #expect(!FileManager.default.fileExists(atPath: db + ".seeding"))
        // Running it again is a no-op, not an error.
        let again = try Harness.runDev(["seed", "--db", db] + Self.tiny)
        #expect(again.status == 0 && again.stdout.contains("nothing to do"), "\(again.stderr)")
        // The seeded file is a demo database the commands accept --as on.
        let list = try Harness.run(["ticket", "list", "--db", db, "--as", "budi", "--limit", "3"])
        #expect(list.status == 0, "\(list.stderr)")

        let bench = try Harness.runDev(["bench", "--db", db, "--quick"])
        #expect(bench.status == 0, "\(bench.stderr)")
        let out = bench.stdout
        for section in ["key press to frame ready", "queue: move (j)", "transactions: page down", "transactions: apply filter",
                        "queue: :view all", "queue: End (all)", "supervisor: open (S)", "supervisor: refresh + SLA",
                        "main: refresh after a commit", "transactions: apply dateless", "transactions: End dateless",
                        "queue view counts", "mine (sari)", "breaching (sari)", "first page of a transaction filter",
                        "cold start to first frame", "peak resident memory"] {
            #expect(out.contains(section), "missing \(section) in:\n\(out)")
        }
        // Numbers, not placeholders: every frame line carries five decimals, and the
        // comparison found the same rows in sqlite3 as in the store.
        let frameLines = out.split(separator: "\n").filter { $0.contains("queue: move") || $0.contains("transactions: ") }
        #expect(frameLines.count >= 6)
        for line in frameLines {
            #expect(line.split(separator: " ").filter { Double($0) != nil && $0.contains(".") }.count == 5, "\(line)")
        }
        #expect(!out.contains("rows!"), "paydesk and sqlite3 disagree:\n\(out)")
        #expect(out.range(of: #"ratio"#) != nil && out.range(of: #"median [0-9]+\.[0-9]"#, options: .regularExpression) != nil)

        // The real console in a pseudo-terminal, every row of the key table (two samples a
        // row): each row drew frames and was timed.
        let pty = try Harness.runDev(["bench", "--db", db, "--quick", "--pty", "--pty-samples", "2"])
        #expect(pty.status == 0, "\(pty.stderr)")
        let rows = pty.stdout.split(separator: "\n").filter { $0.hasPrefix("  pty: ") }
        #expect(rows.count >= 100, "\(pty.stdout)")
        let blank = rows.filter { $0.contains("no frame:") }
        #expect(blank.count <= 3, "rows where no key drew a frame:\n\(blank.joined(separator: "\n"))")
        for scenario in ["pty: cold start to first screen", "pty: queue: next row (j)", "pty: queue :view all", "pty: queue :view all: End",
                         "pty: supervisor screen (S)", "pty: supervisor: next figure (l)", "pty: ticket: page down (PgDn)",
                         "pty: transactions (heaviest account): dateless filter", "pty: another process commits",
                         "pty: supervisor open (S), first after a commit"] {
            let line = pty.stdout.split(separator: "\n").first { $0.contains(scenario) }
            #expect(line.map { $0.split(separator: " ").filter { Double($0).map { $0 > 0 } ?? false }.count >= 3 } == true,
                    "\(scenario) in:\n\(pty.stdout)")
        }

        let json = try Harness.runDev(["bench", "--db", db, "--quick", "--json", "--only", "counts,filters"])
        #expect(json.status == 0, "\(json.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let counts = report?["counts"] as? [[String: Any]] ?? []
        #expect(counts.contains { $0["view"] as? String == "all" && $0["count"] as? Int == 2000 })
        let filters = report?["filters"] as? [[String: Any]] ?? []
        #expect(filters.count == 4 && filters.allSatisfy { ($0["sqlite3Mean"] as? Double ?? -1) >= 0 })
    }

    /// A seed killed at a random moment (SIGKILL: no clean-up runs) is finished by the same
    /// command, and the result equals an uninterrupted seed.
    @Test func aKilledSeedResumesToTheSameDatabase() throws {
        let dir = try Harness.tempDir()
        let options = ["--customers", "2000", "--tickets", "20000", "--transactions", "200000", "--seed", "9"]
        let reference = dir.appendingPathComponent("reference.sqlite").path
        #expect(try Harness.runDev(["seed", "--db", reference, "--quiet"] + options).status == 0)

        let db = dir.appendingPathComponent("killed.sqlite").path
        for delay in [150_000, 600_000] as [useconds_t] {
            let running = try Spawn.start(Harness.devBinary, ["seed", "--db", db, "--quiet"] + options)
            usleep(delay)
            kill(running.pid, SIGKILL)
            _ = Spawn.wait(running)
            if FileManager.default.fileExists(atPath: db) {
                // Killed after it had finished: then it must be whole.
                let (finished, expected) = (try Self.fingerprint(db), try Self.fingerprint(reference))
                #expect(finished == expected)
            }
        }
        let resumed = try Harness.runDev(["seed", "--db", db] + options)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let (result, expected) = (try Self.fingerprint(db), try Self.fingerprint(reference))
        #expect(result == expected)
        let check = try Spawn.run("/usr/bin/sqlite3", [db, "PRAGMA integrity_check"])
        #expect(check.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "ok")
    }

    /// Aggregates over every seeded table, through the sqlite3 tool: equal when the data is.
    static func fingerprint(_ db: String) throws -> String {
        let sql = """
            SELECT COUNT(*), SUM(amount), SUM(at), SUM(customer_id * id % 1000003), SUM(length(counterparty)) FROM transactions;
            SELECT COUNT(*), SUM(customer_id * id % 1000003), SUM(sla_due_at % 1000003), SUM(length(status)) FROM tickets;
            SELECT COUNT(*), SUM(ticket_id * id % 1000003), SUM(at % 1000003), SUM(length(body)) FROM ticket_events;
            SELECT COUNT(*), SUM(balance), SUM(length(name)), SUM(length(phone)) FROM customers;
            SELECT COUNT(*), SUM(customer_id), SUM(at % 1000003) FROM login_events;
            SELECT COUNT(*) FROM ticket_search WHERE ticket_search MATCH '"QRIS"';
            SELECT group_concat(status || count) FROM ticket_status_counts;
            SELECT SUM(count), SUM(money_in), SUM(money_out) FROM transaction_totals;
            """
        return try Spawn.run("/usr/bin/sqlite3", [db, sql]).stdout
    }
}
