import Foundation
import GRDB
import SupportCore
@testable import SupportPostgres
@testable import SupportStore
import Testing

/// A write's statements run prepared too, on postgres-nio's connections and on the direct
/// client's (every test runs both ways, `direct_writes`), in a cache per connection: its
/// queries by their text, its INSERTs, UPDATEs and DELETEs wrapped to count the rows they
/// changed (`PreparedQueries.countingChange`). What the server holds is read from
/// `pg_prepared_statements` on the writes' connection. The counts equal the unnamed path's
/// (an engine that keeps no statements); a repeated key is still a conflict; a write that
/// meets a statement the server lost, or whose result changed shape, is rolled back and
/// run once more, and changes its rows once.
@Suite struct PostgresPreparedWriteTests {
    /// The statements the writes' connection holds, by text, with how often each ran.
    static func heldByWrites(_ engine: PostgresEngine, _ keeping: (String) -> Bool) throws -> [String: Int64] {
        let rows = try engine.writing { session in
            try session.fetchRows("SELECT statement, generic_plans + custom_plans AS runs FROM pg_prepared_statements", [])
        }
        var held: [String: Int64] = [:]
        for row in rows where keeping(row["statement"]) { held[row["statement"], default: 0] += row["runs"] as Int64 }
        return held
    }

    @Test(arguments: [true, false]) func aClaimAndAReleaseRunTheStatementsTheyPreparedTheFirstTime(direct: Bool) async throws {
        try await PostgresPreparedReadTests.withEngine(direct: direct) { (engine: PostgresEngine) throws in
            let sari = try #require(try engine.agent(login: "sari"))
            let number = try #require(try engine.reading { session in
                try session.fetchValue("SELECT number FROM tickets WHERE assignee_id IS NULL AND status IN ('new', 'open') ORDER BY number LIMIT 1",
                                       as: Int64.self)
            })
            try engine.claim(ticket: number, by: sari)
            try engine.release(ticket: number, by: sari)
            let claim = "UPDATE tickets SET assignee_id = $1::int8 WHERE id = $2::int8 AND assignee_id IS NULL"
            let bump = "UPDATE tickets SET version = version + 1"
            let once = try Self.heldByWrites(engine) { $0.contains(claim) || $0.contains(bump) }
            #expect(once.count == 2, "the claim's own update and the version's, each prepared: \(once)")
            #expect(once.first { $0.key.contains(claim) }?.key.hasPrefix("WITH changed AS (") == true, "the claim's count is the server's")
            #expect(once.first { $0.key.contains(bump) }?.key.contains("RETURNING *") == true, "the bump hands back the ticket")
            #expect(once.first { $0.key.contains(bump) }?.value == 2)
            try engine.claim(ticket: number, by: sari)
            let twice = try Self.heldByWrites(engine) { $0.contains(claim) || $0.contains(bump) }
            #expect(twice.count == 2, "no statement prepared again: \(twice)")
            #expect(twice.first { $0.key.contains(claim) }?.value == 2)
            #expect(twice.first { $0.key.contains(bump) }?.value == 3)
            #expect(try engine.ticket(number: number).assigneeId == sari.id)
        }
    }

    /// The same changes through an engine that prepares and one that keeps no statement:
    /// every count equal, and equal to the rows there are.
    @Test(arguments: [true, false]) func aChangeCountsTheRowsItChangedAsTheUnnamedPathDoes(direct: Bool) async throws {
        let statements: [(String, SQLArguments)] = [
            ("CREATE TABLE probe (k bigint PRIMARY KEY, v text)", []),
            ("INSERT INTO probe (k, v) SELECT g, 'x' FROM generate_series(1, 40) g", []),
            ("UPDATE probe SET v = ? WHERE k < 0", ["y"]),
            ("UPDATE probe SET v = ? WHERE k = ?", ["y", 7]),
            ("UPDATE probe SET v = ? WHERE k <= ?", ["z", 25]),
            ("INSERT INTO probe (k, v) VALUES (?, ?) ON CONFLICT DO NOTHING", [7, "dup"]),
            ("INSERT INTO probe (k, v) VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v", [7, "upd"]),
            ("  delete FROM probe WHERE v = ?\n", ["z"]),
            ("DELETE FROM probe WHERE k > ?", [1_000]),
        ]
        var counts: [[Int]] = []
        for kept in [64, 0] {
            try await PostgresPreparedReadTests.withEngine(statementsKept: kept, direct: direct) { (engine: PostgresEngine) throws in
                counts.append(try engine.writing { session in try statements.map { try session.run($0.0, $0.1) } })
                #expect(try engine.readingOneStatement { try $0.fetchValue("SELECT count(*) FROM probe", as: Int.self) } == 16)
            }
        }
        #expect(counts.count == 2)
        #expect(counts.first == counts.last)
        #expect(counts.first == [0, 40, 0, 1, 25, 0, 1, 24, 0])
    }

    @Test(arguments: [true, false]) func aRepeatedKeyIsAConflictOnThePreparedPath(direct: Bool) async throws {
        try await PostgresPreparedReadTests.withEngine(direct: direct) { (engine: PostgresEngine) throws in
            for _ in 0..<2 {
                do {
                    _ = try engine.writing { session in try session.run("INSERT INTO meta (key, value) VALUES (?, ?)", ["demo", "1"]) }
                    Issue.record("a second row for meta's key 'demo' was taken")
                } catch let error as StoreError {
                    #expect(error.kind == .conflict, "\(error)")
                }
            }
            #expect(try Self.heldByWrites(engine) { $0.contains("INSERT INTO meta") }.count == 1)
        }
    }

    @Test(arguments: [true, false]) func aWriteThatMeetsAStatementGoneStaleIsRunOnceMore(direct: Bool) async throws {
        try await PostgresPreparedReadTests.withEngine(direct: direct) { (engine: PostgresEngine) throws in
            _ = try engine.writing { session in
                try session.run("CREATE TABLE probe (k bigint PRIMARY KEY)", [])
                try session.run("CREATE TABLE shape (a bigint)", [])
                try session.run("INSERT INTO shape (a) VALUES (1)", [])
            }
            var runs = 0
            func write(_ k: Int) throws -> [Row] {
                try engine.writing { session in
                    runs += 1
                    try session.run("INSERT INTO probe (k) VALUES (?)", [k])
                    return try session.fetchRows("SELECT * FROM shape", [])
                }
            }
            #expect(try write(1).map { Set($0.columnNames) } == [["a"]])
            #expect(runs == 1)
            // The server forgets every statement: the insert meets its own gone, the write
            // is rolled back and runs again, inserting once.
            _ = try engine.writing { try $0.run("DEALLOCATE ALL", []) }
            _ = try write(2)
            #expect(runs == 3)
            // The prepared `SELECT *` would now give two columns: refused, run again.
            _ = try engine.writing { try $0.run("ALTER TABLE shape ADD COLUMN b text DEFAULT 'x'", []) }
            let after = try write(3)
            #expect(after.map { Set($0.columnNames) } == [["a", "b"]])
            #expect(runs == 5)
            let keys = try engine.readingOneStatement { try $0.fetchColumn("SELECT k FROM probe ORDER BY k", []) }
            #expect(keys.compactMap(Int.fromDatabaseValue) == [1, 2, 3])
        }
    }

    /// A write's statements may keep one plan; a read's are planned for their values.
    @Test(arguments: [true, false]) func writesMayKeepOnePlanWhileReadsArePlannedForTheirValues(direct: Bool) async throws {
        try await PostgresPreparedReadTests.withEngine(direct: direct) { (engine: PostgresEngine) throws in
            let mode = "SELECT current_setting('plan_cache_mode') AS mode"
            #expect(try engine.writing { try $0.fetchValue(mode, as: String.self) } == "auto")
            #expect(try engine.reading { try $0.fetchValue(mode, as: String.self) } == "force_custom_plan")
            #expect(try engine.readingOneStatement { try $0.fetchValue(mode, as: String.self) } == "force_custom_plan")
        }
    }

    /// BEGIN goes with a write's first statement: a write that sends none leaves nothing
    /// open, and one whose first statement fails is rolled back; the one connection then
    /// serves the next write, which commits.
    @Test(arguments: [true, false]) func aWriteThatSendsNothingOrFailsAtOnceLeavesTheConnectionFit(direct: Bool) async throws {
        try await PostgresPreparedReadTests.withEngine(statementsKept: 8, direct: direct) { (engine: PostgresEngine) throws in
            #expect(try engine.writing { _ in 7 } == 7)
            #expect(throws: StoreError.self) {
                try engine.writing { try $0.run("INSERT INTO no_such_table (a) VALUES (?)", [1]) }
            }
            #expect(throws: StoreError.self) {
                try engine.writing { try $0.fetchRows("SELECT no_such_column FROM meta", []) }
            }
            let inserted = try engine.writing { try $0.run("INSERT INTO meta (key, value) VALUES (?, ?)", ["probe", "1"]) }
            #expect(inserted == 1)
            let level = try engine.writing { try $0.fetchValue("SELECT current_setting('transaction_isolation') AS level", as: String.self) }
            #expect(level == "read committed")
            #expect(try engine.readingOneStatement { try $0.fetchValue("SELECT value FROM meta WHERE key = 'probe'", as: String.self) } == "1")
        }
    }
}
