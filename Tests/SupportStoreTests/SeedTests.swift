import Crypto
import Foundation
import GRDB
import SupportCore
import Testing
@testable import SupportSeed
@testable import SupportStore

/// The bulk seeder on small datasets: same seed same data, resumable, refuses what it
/// should, and leaves an ordinary paydesk database behind.
@Suite struct SeedTests {
    static let small = SeedOptions(customers: 400, tickets: 3_000, transactions: 30_000, seed: 7)

    static func folder() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("paydesk-seed-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// A digest of every row of the seeded tables, in id order (the audit record's path
    /// aside), so two databases can be compared for equal content.
    static func digest(_ path: String) throws -> String {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        var hash = SHA256()
        try queue.read { db in
            for table in ["agents", "customers", "devices", "login_events", "transactions", "tickets", "ticket_events",
                          "ticket_tags", "ticket_pauses", "transaction_totals", "ticket_status_counts"] {
                let order = table == "ticket_tags" ? "ticket_id, tag" : table == "ticket_pauses" ? "ticket_id"
                    : table == "ticket_status_counts" ? "status" : "1"
                let cursor = try Row.fetchCursor(db, sql: "SELECT * FROM \(table) ORDER BY \(order)")
                while let row = try cursor.next() { hash.update(data: Data(row.description.utf8)) }
            }
            let search = try String.fetchAll(db, sql: "SELECT ticket_id || ':' || body FROM ticket_search ORDER BY rowid")
            hash.update(data: Data(search.joined(separator: "\n").utf8))
        }
        return hash.finalize().map { String(format: "%02x", $0) }.joined()
    }

    @Test func seedsAnOrdinaryDemoDatabase() throws {
        let path = try Self.folder().appendingPathComponent("s.sqlite").path
        let summary = try BulkSeeder.seed(path: path, options: Self.small)
        #expect(!summary.alreadyComplete && !summary.resumed)
        #expect(summary.rows["transactions"] == 30_000)
        #expect(summary.rows["tickets"] == 3_000)
        #expect(summary.rows["customers"] == 400)
        #expect(summary.rows["ticket_search"] == 3_000)
        #expect(summary.rows["ticket_events"]! > 3 * 3_000)
        #expect(summary.insertedRows >= summary.totalRows - summary.rows["agents"]!)
        #expect(!FileManager.default.fileExists(atPath: BulkSeeder.partialPath(for: path)))
        #expect(!FileManager.default.fileExists(atPath: BulkSeeder.ticketsPath(for: path)))

        let store = try SupportStore(path: path, create: false, clock: { Date(epoch: Self.small.now) })
        #expect(store.isDemo)
        #expect(try store.integrityCheck() == "ok")
        let info = try #require(try store.seedInfo())
        #expect(info.complete && info.options == Self.small)
        let sari = try store.resolveActor(asLogin: "sari")
        #expect(try store.queuePage(QueueSpec(view: .team, actor: sari), limit: 20).count == 20)
        #expect(try store.verifyAuditChain() == .ok(records: 2))   // audit.init, then the seed's record
        try store.pool.read { db in
            #expect(try String.fetchOne(db, sql: "PRAGMA journal_mode") == "wal")
            // Every index and trigger set aside for the load is back.
            let fresh = try TempStore()
            let expected = try fresh.store.pool.read { db in
                try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type IN ('index','trigger') ORDER BY name")
            }
            #expect(try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type IN ('index','trigger') ORDER BY name") == expected)
            #expect(try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'seed.deferred'") == "[]")
            // Tickets with a running clock have a deadline; finished ones sort last.
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM tickets WHERE status IN ('new','open') AND sla_due_at = ?",
                                     arguments: [Schema.noDeadline]) == 0)
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM tickets WHERE status IN ('solved','closed') AND sla_due_at != ?",
                                     arguments: [Schema.noDeadline]) == 0)
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM transactions WHERE at > ?", arguments: [Self.small.now]) == 0)
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM ticket_events WHERE at > ?", arguments: [Self.small.now]) == 0)
        }
        // The full-text index copied through its shadow tables is whole.
        try store.pool.write { db in try db.execute(sql: "INSERT INTO ticket_search(ticket_search) VALUES ('integrity-check')") }
        let found = try store.queueCount(QueueSpec(view: .all, query: try QueryParser.parse(
            "QRIS", schema: .tickets, now: Date(epoch: Self.small.now), timeZone: TimeText.zone), actor: sari))
        #expect(found > 0)
        // The timeline is still append-only.
        #expect(throws: (any Error).self) {
            try store.pool.write { db in try db.execute(sql: "UPDATE ticket_events SET body = 'x' WHERE id = 1") }
        }
    }

    @Test func skewPutsAFewAccountsFarAboveTheRest() throws {
        let options = SeedOptions(customers: 2_000, tickets: 500, transactions: 100_000, seed: 3)
        let path = try Self.folder().appendingPathComponent("z.sqlite").path
        _ = try BulkSeeder.seed(path: path, options: options)
        let store = try SupportStore(path: path, create: false)
        let heavy = try #require(try store.seedInfo()?.heavyCustomers)
        #expect(heavy.count == 10)
        // The recorded heaviest is the real heaviest, and the head is far above the median.
        #expect(try store.heaviestCustomers(limit: 1).first == heavy.first)
        let median = try store.pool.read { db in
            try Int.fetchOne(db, sql: "SELECT count FROM transaction_totals ORDER BY count LIMIT 1 OFFSET 1000")!
        }
        #expect(median >= 10 && median <= 60)
        #expect(heavy[0].transactions > 50 * median)
    }

    @Test func theSameOptionsGiveTheSameData() throws {
        let a = try Self.folder().appendingPathComponent("a.sqlite").path
        let b = try Self.folder().appendingPathComponent("b.sqlite").path
        let c = try Self.folder().appendingPathComponent("c.sqlite").path
        _ = try BulkSeeder.seed(path: a, options: Self.small)
        _ = try BulkSeeder.seed(path: b, options: Self.small)
        var other = Self.small
        other.seed = 8
        _ = try BulkSeeder.seed(path: c, options: other)
        #expect(try Self.digest(a) == Self.digest(b))
        #expect(try Self.digest(a) != Self.digest(c))
    }

    @Test func anInterruptedLoadResumesToTheSameData() throws {
        let reference = try Self.folder().appendingPathComponent("r.sqlite").path
        _ = try BulkSeeder.seed(path: reference, options: Self.small)
        for (phase, at) in [(SeedPhase.customers, 100), (.transactions, 1), (.transactions, 10_000)] {
            let path = try Self.folder().appendingPathComponent("i.sqlite").path
            #expect(throws: SeedCancelled.self) {
                _ = try BulkSeeder.seed(path: path, options: Self.small, restart: false, keepIndexes: false,
                                        progress: { _ in }, log: { _ in }, interrupt: { $0 == phase && $1 >= at })
            }
            // Nothing at the real path; the side file says where it stopped.
            #expect(!FileManager.default.fileExists(atPath: path))
            let info = try #require(try BulkSeeder.inspect(path: BulkSeeder.partialPath(for: path)))
            #expect(!info.complete)
            var messages: [String] = []
            let summary = try BulkSeeder.seed(path: path, options: Self.small, log: { messages.append($0) })
            #expect(summary.resumed)
            #expect(messages.contains { $0.contains("Resuming") })
            #expect(try Self.digest(path) == Self.digest(reference), "resumed after \(phase) \(at)")
        }
    }

    @Test func refusesWhatItShouldAndSkipsWhatIsDone() throws {
        let dir = try Self.folder()
        let path = dir.appendingPathComponent("x.sqlite").path
        _ = try BulkSeeder.seed(path: path, options: Self.small)
        // Done already: nothing to do.
        #expect(try BulkSeeder.seed(path: path, options: Self.small).alreadyComplete)
        // Other options over a finished seed, or any other database: refused.
        var other = Self.small
        other.customers = 500
        #expect(throws: StoreError.self) { _ = try BulkSeeder.seed(path: path, options: other) }
        let plain = try TempStore()
        #expect(throws: StoreError.self) { _ = try BulkSeeder.seed(path: plain.path, options: Self.small) }

        // An interrupted load with other options is refused unless --restart.
        let second = dir.appendingPathComponent("y.sqlite").path
        _ = try? BulkSeeder.seed(path: second, options: Self.small, restart: false, keepIndexes: false,
                                 progress: { _ in }, log: { _ in }, interrupt: { phase, _ in phase == .transactions })
        #expect(FileManager.default.fileExists(atPath: BulkSeeder.partialPath(for: second)))
        do {
            _ = try BulkSeeder.seed(path: second, options: other)
            Issue.record("expected a refusal")
        } catch let error as StoreError {
            #expect(error.kind == .conflict)
            #expect(error.message.contains("--restart"))
        }
        let restarted = try BulkSeeder.seed(path: second, options: other, restart: true)
        #expect(!restarted.resumed && restarted.rows["customers"] == 500)
    }

    /// A tenth of the rows over a tenth of the days is the same day's work with a tenth of the
    /// past: the days' volume, the open work and the team match the longer history's, and
    /// nothing lies before the shorter history's start. The option is recorded, and a file
    /// seeded before it existed reads back with the default history.
    @Test func aShorterHistoryKeepsTheDaysVolume() throws {
        let long = SeedOptions(customers: 400, tickets: 7_300, transactions: 20_000, seed: 7)
        let short = SeedOptions(customers: 400, tickets: 730, transactions: 2_000, seed: 7, historyDays: 73)
        let a = try Self.folder().appendingPathComponent("long.sqlite").path
        let b = try Self.folder().appendingPathComponent("short.sqlite").path
        _ = try BulkSeeder.seed(path: a, options: long)
        _ = try BulkSeeder.seed(path: b, options: short)
        let now = SeedOptions.defaultNow
        func shape(_ path: String) throws -> (week: Int, open: Int, agents: Int, oldest: Int64, weekTransactions: Int) {
            let queue = try DatabaseQueue(path: path)
            defer { try? queue.close() }
            return try queue.read { db in
                (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM tickets WHERE created_at >= ?", arguments: [now - 7 * 86_400]) ?? 0,
                 try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM tickets WHERE status IN ('new','open','pending','on_hold')") ?? 0,
                 try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM agents") ?? 0,
                 try Int64.fetchOne(db, sql: "SELECT MIN(created_at) FROM tickets") ?? 0,
                 try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM transactions WHERE at >= ?", arguments: [now - 7 * 86_400]) ?? 0)
            }
        }
        let (l, s) = (try shape(a), try shape(b))
        #expect(abs(l.week - s.week) <= 2, "tickets this week: \(l.week) over 730 days, \(s.week) over 73")
        #expect(abs(l.weekTransactions - s.weekTransactions) <= 2, "transactions this week: \(l.weekTransactions), \(s.weekTransactions)")
        #expect(Double(abs(l.open - s.open)) <= 0.35 * Double(l.open), "open work: \(l.open), \(s.open)")
        #expect(l.agents == s.agents)
        #expect(s.oldest >= now - 73 * 86_400 && l.oldest < now - 700 * 86_400, "oldest: \(l.oldest), \(s.oldest)")
        #expect(try BulkSeeder.inspect(path: b)?.options == short)
        #expect(!long.encoded.contains("history") && SeedOptions.decode(long.encoded) == long)
        #expect(SeedOptions.decode(short.encoded) == short && short.encoded.hasSuffix("history_days=73"))
    }
}
