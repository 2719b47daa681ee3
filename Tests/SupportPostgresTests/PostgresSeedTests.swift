import Foundation
import GRDB
import SupportAPI
import SupportCore
import SupportPostgres
import SupportRemote
import SupportSeed
import SupportStore
import Testing
import TestSupport

/// `paydesk-dev seed --store`: the PostgreSQL seed holds what the SQLite seed with the same
/// options holds (row for row, by aggregates that would differ if a column were shifted,
/// dropped or drawn from another random stream), a service serves it, and its audit chain
/// verifies with the key it was made with.
@Suite struct PostgresSeedTests {
    static let options = SeedOptions(customers: 300, tickets: 700, transactions: 6_000, seed: 11)

    /// Each compares one table's shape on both stores; sums are cast so both return integers,
    /// and columns are named c01, c02… and read in that order (rows from PostgreSQL are read by name).
    static let aggregates = [
        "SELECT COUNT(*) AS c01, CAST(SUM(balance) AS BIGINT) AS c02, CAST(SUM(kyc_level * id) AS BIGINT) AS c03, CAST(SUM(LENGTH(name)) AS BIGINT) AS c04, COUNT(status_reason) AS c05, CAST(SUM(created_at) AS BIGINT) AS c06, MAX(phone) AS c07, MAX(email) AS c08 FROM customers",
        "SELECT COUNT(*) AS c01, CAST(SUM(customer_id * id) AS BIGINT) AS c02, CAST(SUM(bound) AS BIGINT) AS c03, MAX(model) AS c04 FROM devices",
        "SELECT COUNT(*) AS c01, CAST(SUM(device_id) AS BIGINT) AS c02, CAST(SUM(at) AS BIGINT) AS c03, CAST(SUM(success) AS BIGINT) AS c04, MAX(ip) AS c05 FROM login_events",
        "SELECT type AS c01, status AS c02, COUNT(*) AS c03, CAST(SUM(amount) AS BIGINT) AS c04, CAST(SUM(customer_id * id) AS BIGINT) AS c05, CAST(SUM(at) AS BIGINT) AS c06, CAST(SUM(flagged) AS BIGINT) AS c07, COUNT(failure_code) AS c08, MAX(counterparty) AS c09, MAX(reference) AS c10 FROM transactions GROUP BY type, status ORDER BY type, status",
        "SELECT status AS c01, priority AS c02, COUNT(*) AS c03, CAST(SUM(customer_id) AS BIGINT) AS c04, CAST(SUM(COALESCE(assignee_id, 0)) AS BIGINT) AS c05, CAST(SUM(sla_due_at) AS BIGINT) AS c06, CAST(SUM(COALESCE(first_response_at, 0)) AS BIGINT) AS c07, CAST(SUM(updated_at) AS BIGINT) AS c08, MAX(subject) AS c09 FROM tickets GROUP BY status, priority ORDER BY status, priority",
        "SELECT kind AS c01, COUNT(*) AS c02, CAST(SUM(ticket_id) AS BIGINT) AS c03, CAST(SUM(at) AS BIGINT) AS c04, CAST(SUM(LENGTH(body)) AS BIGINT) AS c05, MAX(author) AS c06 FROM ticket_events GROUP BY kind ORDER BY kind",
        "SELECT tag AS c01, COUNT(*) AS c02, CAST(SUM(ticket_id) AS BIGINT) AS c03 FROM ticket_tags GROUP BY tag ORDER BY tag",
        "SELECT COUNT(*) AS c01, CAST(SUM(ticket_id) AS BIGINT) AS c02, CAST(SUM(started_at) AS BIGINT) AS c03, COUNT(ended_at) AS c04 FROM ticket_pauses",
        "SELECT COUNT(*) AS c01, CAST(SUM(ticket_id) AS BIGINT) AS c02, CAST(SUM(LENGTH(body)) AS BIGINT) AS c03 FROM ticket_search",
        "SELECT COUNT(*) AS c01, CAST(SUM(count) AS BIGINT) AS c02, CAST(SUM(money_in) AS BIGINT) AS c03, CAST(SUM(money_out) AS BIGINT) AS c04, CAST(SUM(customer_id * count) AS BIGINT) AS c05 FROM transaction_totals",
        "SELECT status AS c01, CAST(SUM(count) AS BIGINT) AS c02 FROM ticket_status_counts GROUP BY status HAVING SUM(count) <> 0 ORDER BY status",
        "SELECT id AS c01, login AS c02, name AS c03, role AS c04 FROM agents ORDER BY id",
        "SELECT priority AS c01, category AS c02, first_response_minutes AS c03, resolution_minutes AS c04 FROM sla_policies ORDER BY priority, COALESCE(category, '')",
        "SELECT day AS c01, name AS c02 FROM holidays ORDER BY day",
        "SELECT key AS c01, value AS c02 FROM meta WHERE key IN ('seed.options', 'seed.heavy', 'seed.phase', 'demo', 'created_at') ORDER BY key",
        "SELECT COUNT(first_reply_at) AS c01, CAST(SUM(COALESCE(first_reply_at, 0)) AS BIGINT) AS c02, COUNT(solved_by) AS c03, MAX(first_reply_by) AS c04, MAX(solved_by) AS c05 FROM tickets",
    ]

    /// Tickets whose kept first reply or solver (`HandlingFactsSchema`, filled by the seeders
    /// after their load, with the triggers set aside) is not the timeline's: none.
    static let factsOffTheTimeline = """
        SELECT COUNT(*) FROM tickets t
        WHERE COALESCE(t.first_reply_at, -1) <> COALESCE((SELECT e.at FROM ticket_events e WHERE e.ticket_id = t.id AND e.kind = 'reply' ORDER BY e.id LIMIT 1), -1)
           OR COALESCE(t.first_reply_by, '') <> COALESCE((SELECT e.author FROM ticket_events e WHERE e.ticket_id = t.id AND e.kind = 'reply' ORDER BY e.id LIMIT 1), '')
           OR COALESCE(t.solved_by, '') <> COALESCE((SELECT e.author FROM ticket_events e
                  WHERE e.ticket_id = t.id AND e.kind = 'status_change' AND e.body LIKE '%→ solved' AND e.author IN (SELECT login FROM agents)
                  ORDER BY e.id DESC LIMIT 1), '')
        """

    static func results(_ engine: any StoreEngine) throws -> [String] {
        try engine.reading { session in
            try aggregates.map { sql in
                try session.fetchRows(sql, []).map { row in
                    row.columnNames.sorted().map { (row[$0] as DatabaseValue).description }.joined(separator: " | ")
                }
                    .joined(separator: "\n")
            }
        }
    }

    @Test func thePostgreSQLSeedHoldsTheSQLiteSeedsRowsServesAndVerifies() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pd-pgseed-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let sqlitePath = dir.appendingPathComponent("seed.sqlite").path
        _ = try BulkSeeder.seed(path: sqlitePath, options: Self.options)
        let sqlite = try SupportStore(path: sqlitePath, create: false)

        let location = try await PostgresCluster.freshDatabase()
        let keyPath = dir.appendingPathComponent("pg.audit-key").path
        let summary = try await PostgresSeeder.seed(location, auditKeyPath: keyPath, options: Self.options)
        #expect(!summary.alreadyComplete)
        #expect(summary.rows["transactions"] == Self.options.transactions)
        #expect(summary.rows["tickets"] == Self.options.tickets)

        let engine = try await PostgresEngine.open(location, auditKeyPath: keyPath)
        let expected = try Self.results(sqlite)
        let actual = try Self.results(engine)
        for (index, sql) in Self.aggregates.enumerated() {
            #expect(actual[index] == expected[index], "\(sql)")
            #expect(!expected[index].isEmpty, "\(sql) returned nothing on SQLite")
        }
        // Both seeders filled the handling-time facts from the timeline they wrote.
        for store in [sqlite as any StoreEngine, engine] {
            #expect(try store.reading { try $0.fetchValue(Self.factsOffTheTimeline, [], as: Int.self) } == 0)
            #expect(try store.reading { try $0.fetchValue("SELECT COUNT(first_reply_at) FROM tickets", [], as: Int.self) } ?? 0 > 0)
        }
        // The indexes and foreign keys set aside for the copy are all back.
        let missing = try engine.reading { session in
            try session.fetchValues("SELECT value FROM meta WHERE key = 'seed.deferred'", as: String.self)
        }
        #expect(missing == ["[]"])
        let constraints = try engine.reading { try $0.fetchValue("SELECT COUNT(*) FROM pg_constraint WHERE conname = 'transactions_customer_id_fkey'", as: Int.self) }
        #expect(constraints == 1)

        // One audit record, the seed's, on a chain that verifies with the key.
        let verification = try await engine.store.verifyAuditChain()
        #expect(verification == .ok(records: 1))
        let actions = try engine.reading { try $0.fetchValues("SELECT action FROM audit_log ORDER BY id", as: String.self) }
        #expect(actions == ["seed.generate"])

        // Seeding again with the same options does nothing; with others, it is refused.
        let again = try await PostgresSeeder.seed(location, auditKeyPath: keyPath, options: Self.options)
        #expect(again.alreadyComplete)
        var other = Self.options
        other.seed = 12
        await #expect(throws: StoreError.self) { try await PostgresSeeder.seed(location, auditKeyPath: keyPath, options: other) }
        await engine.close()

        // A service on the seeded database answers the queue as the SQLite seed's store does.
        let socket = dir.appendingPathComponent("s.sock").path
        let running = try ProgramRun.start(PaydeskBinary.path, ["serve", "--store", location.uri, "--audit-key", keyPath,
                                                               "--socket", socket, "--log-level", "warning"])
        defer { kill(running.pid, SIGKILL); _ = ProgramRun.wait(running) }
        try ServePostgresTests.waitUntilServing(ServePostgresTests.Instance(running: running, socket: socket))
        let sari = try #require(try sqlite.agent(login: "sari"))
        let spec = QueueSpec(view: .all, sort: .age, actor: sari)
        let served = try RemoteClient(socketPath: socket, asLogin: "sari").queuePage(spec, limit: 20).map(\.number)
        let local = try sqlite.queuePage(spec, limit: 20).map(\.number)
        #expect(served.count == 20)
        #expect(served == local)
    }
}
