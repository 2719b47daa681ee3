import Foundation
import Logging
import PostgresNIO
@testable import SupportPostgres
import SupportStore
import Testing

/// The number of tickets in each status (`ticket_status_counts`, for the "all" view's
/// count) is kept by a trigger on every status change. It must never make writers wait for
/// each other, let alone deadlock: it once upserted one row per status, so every status
/// change held those rows until its commit, and two writers that then crossed on a ticket
/// were ended by PostgreSQL with a deadlock (seen in the soak, 40P01).
@Suite struct PostgresStatusCountRaceTests {
    /// The attack: the first writer changes ticket A and then wants ticket B, which the
    /// second writer changed in the meantime. The first must simply wait for the second's
    /// commit, because the second never waited on the first for a count.
    @Test func statusChangesThatCrossOnATicketBothCommit() async throws {
        let demo = try await MigratedDemo.make()
        defer { demo.source.remove() }
        let logger = Logger(label: "status-count-race")
        func connect(_ id: Int) async throws -> PostgresConnection {
            try await PostgresConnection.connect(configuration: try demo.location.connectionConfiguration(), id: id, logger: logger)
        }
        let first = try await connect(1), second = try await connect(2), watcher = try await connect(3)
        func value<T: PostgresDecodable & Sendable>(_ query: PostgresQuery, on connection: PostgresConnection, as: T.Type) async throws -> T? {
            for try await v in try await connection.query(query, logger: logger).decode(T.self) { return v }
            return nil
        }
        let ids = try await watcher.query("SELECT id FROM tickets ORDER BY id LIMIT 2", logger: logger).collect().map { try $0.decode(Int64.self) }
        let (a, b) = (ids[0], ids[1])
        try await watcher.query("UPDATE tickets SET status = 'open' WHERE id = \(a)", logger: logger)
        try await watcher.query("UPDATE tickets SET status = 'pending' WHERE id = \(b)", logger: logger)
        let firstPid = try #require(try await value("SELECT pg_backend_pid()", on: first, as: Int32.self))
        let secondPid = try #require(try await value("SELECT pg_backend_pid()", on: second, as: Int32.self))
        /// Polls until the backend has received the statement that contains `marker` and
        /// has either finished it or waits for a lock.
        func settled(_ pid: Int32, running marker: String) async throws -> String {
            while true {
                let state = try await value("""
                    SELECT CASE WHEN position(\(marker) IN query) = 0 THEN 'not yet'
                                WHEN wait_event_type = 'Lock' THEN 'waiting' ELSE state END
                    FROM pg_stat_activity WHERE pid = \(pid)
                    """, on: watcher, as: String.self)
                if state == "waiting" || state == "idle in transaction" || state == "idle in transaction (aborted)" { return state! }
                await Task.yield()
            }
        }

        try await first.query("BEGIN", logger: logger)
        try await first.query("UPDATE tickets SET status = 'pending' WHERE id = \(a)", logger: logger)
        try await second.query("BEGIN", logger: logger)
        let secondChange = Task { try await second.query("UPDATE tickets SET status = 'open' WHERE id = \(b)", logger: logger) }
        // The second writer's change does not wait for the first's counts.
        #expect(try await settled(secondPid, running: "'open'") == "idle in transaction")
        let firstChange = Task { try await first.query("UPDATE tickets SET status = 'solved' WHERE id = \(b)", logger: logger) }
        // The first now waits for ticket B, which the second holds.
        #expect(try await settled(firstPid, running: "'solved'") == "waiting")
        if case .failure(let error) = await secondChange.result { Issue.record("the second change failed: \(String(reflecting: error))") }
        try await second.query("COMMIT", logger: logger)
        if case .failure(let error) = await firstChange.result { Issue.record("the first change failed: \(String(reflecting: error))") }
        try await first.query("COMMIT", logger: logger)

        // Both changes arrived, and the counts say what the tickets say.
        #expect(try await value("SELECT status FROM tickets WHERE id = \(a)", on: watcher, as: String.self) == "pending")
        #expect(try await value("SELECT status FROM tickets WHERE id = \(b)", on: watcher, as: String.self) == "solved")
        #expect(try await value(Self.countMismatches, on: watcher, as: Int64.self) == 0)
        for connection in [first, second, watcher] { try await connection.close() }
    }

    /// Four writers change statuses while a fifth folds the counts over and over (and the
    /// writers' own statements fold now and then): no change is lost or counted twice, and
    /// a fold leaves one row per status.
    @Test func foldsAmongWritersKeepTheCounts() async throws {
        let demo = try await MigratedDemo.make()
        defer { demo.source.remove() }
        let logger = Logger(label: "status-count-folds")
        let configuration = try demo.location.connectionConfiguration()
        let watcher = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
        let tickets = try await watcher.query("SELECT id FROM tickets ORDER BY id LIMIT 40", logger: logger).collect()
            .map { try $0.decode(Int64.self) }
        try #require(tickets.count == 40)
        let statuses = ["new", "open", "pending", "on_hold", "solved"]
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<4 {
                group.addTask {
                    let connection = try await PostgresConnection.connect(configuration: configuration, id: 10 + writer, logger: logger)
                    for step in 0..<150 {
                        let ticket = tickets[writer * 10 + step % 10], status = statuses[(step + writer) % statuses.count]
                        try await connection.query("UPDATE tickets SET status = \(status) WHERE id = \(ticket)", logger: logger)
                    }
                    try await connection.close()
                }
            }
            group.addTask {
                let connection = try await PostgresConnection.connect(configuration: configuration, id: 20, logger: logger)
                for _ in 0..<60 { try await connection.query("SELECT pd_fold_ticket_status_counts()", logger: logger) }
                try await connection.close()
            }
            try await group.waitForAll()
        }
        func value(_ query: PostgresQuery) async throws -> Int64 {
            for try await v in try await watcher.query(query, logger: logger).decode(Int64.self) { return v }
            return -1
        }
        #expect(try await value(Self.countMismatches) == 0)
        try await watcher.query("SELECT pd_fold_ticket_status_counts()", logger: logger)
        #expect(try await value("SELECT count(*) FROM ticket_status_counts") == (try await value("SELECT count(DISTINCT status) FROM tickets")))
        #expect(try await value(Self.countMismatches) == 0)
        try await watcher.close()
    }

    /// Statuses whose kept count differs from the tickets' (0 when they agree).
    static let countMismatches: PostgresQuery = """
        SELECT count(*) FROM (
            (SELECT status, count(*) AS n FROM tickets GROUP BY status
             EXCEPT SELECT status, SUM(count) FROM ticket_status_counts GROUP BY status HAVING SUM(count) <> 0)
            UNION ALL
            (SELECT status, SUM(count) FROM ticket_status_counts GROUP BY status HAVING SUM(count) <> 0
             EXCEPT SELECT status, count(*) FROM tickets GROUP BY status)) AS differences
        """
}
