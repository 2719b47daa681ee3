import Foundation
import GRDB
@testable import SupportPostgres
import SupportStore
import Testing

/// Writes spoken to the server directly (`PostgresEngine.writingDirectly`): by default on an
/// address without TLS, on a pool of their own. A write refused midway leaves nothing; a
/// pooled connection the server ended runs the write once more on a new one, and the write
/// changes its rows once. The engine's own suites (parity, concurrency, the soak) run their
/// writes this way too; `PostgresPreparedWriteTests` run both ways.
@Suite struct WireWriteTests {
    @Test func writesGoDirectlyUnlessTheAddressSaysNo() throws {
        let plain = try PostgresLocation(parsing: "postgresql://sari@/pd?host=/run/postgresql")
        #expect(plain.directWrites && plain.directReads)
        let off = try PostgresLocation(parsing: "postgresql://sari@/pd?host=/run/postgresql&direct_writes=no")
        #expect(!off.directWrites && off.directReads)
        #expect(throws: PostgresStoreError.self) { try PostgresLocation(parsing: "postgresql://sari@/pd?direct_writes=maybe") }
        #expect(PostgresLocation.libpqAddress("postgresql://sari@/pd?host=/run/postgresql&direct_writes=no") == "postgresql://sari@/pd?host=/run/postgresql")
    }

    @Test func aCommandTagsCountIsItsLastNumber() {
        func counted(_ tag: String) -> Int? { WireConnection.rowsCounted(ArraySlice(Array(tag.utf8) + [0])) }
        #expect(counted("INSERT 0 5") == 5)
        #expect(counted("UPDATE 3") == 3)
        #expect(counted("DELETE 0") == 0)
        #expect(counted("SELECT 12") == 12)
        #expect(counted("BEGIN") == nil)
        #expect(counted("CREATE TABLE") == nil)
        #expect(counted("") == nil)
    }

    /// A write whose second statement is refused leaves nothing of its first, and the one
    /// connection serves the next write.
    @Test(arguments: [true, false]) func aWriteRefusedMidwayLeavesNothing(direct: Bool) async throws {
        try await PostgresPreparedReadTests.withEngine(direct: direct) { (engine: PostgresEngine) throws in
            #expect(throws: StoreError.self) {
                try engine.writing { session in
                    try session.run("INSERT INTO meta (key, value) VALUES (?, ?)", ["midway", "1"])
                    try session.run("INSERT INTO meta (key, value) VALUES (?, ?)", ["midway", "2"])   // the key again
                }
            }
            let kept = try engine.readingOneStatement { try $0.fetchColumn("SELECT value FROM meta WHERE key = ?", ["midway"]) }
            #expect(kept.isEmpty, "the refused write's first row was kept: \(kept)")
            #expect(try engine.writing { try $0.run("INSERT INTO meta (key, value) VALUES (?, ?)", ["midway", "3"]) } == 1)
            let after = try engine.readingOneStatement { try $0.fetchColumn("SELECT value FROM meta WHERE key = ?", ["midway"]) }
            #expect(after.compactMap(String.fromDatabaseValue) == ["3"])
        }
    }

    /// The server ends the writes' only connection, as a restart does: the next write finds
    /// it dead before its COMMIT, runs once more on a new connection, and inserts once.
    @Test func aWriteOnAConnectionTheServerEndedRunsOnceOnANewOne() async throws {
        try await PostgresPreparedReadTests.withEngine { (engine: PostgresEngine) throws in
            _ = try engine.writing { try $0.run("CREATE TABLE probe (k bigint PRIMARY KEY)", []) }
            for k in 1...2 {
                let pid = try #require(try engine.writing { try $0.fetchValue("SELECT pg_backend_pid()::int8", as: Int64.self) })
                // From the reads' connection, so the writes' one stays idle in its pool.
                let ended = try engine.readingOneStatement { try $0.fetchValue("SELECT pg_terminate_backend(?::int4, 60000)", [pid], as: Bool.self) }
                #expect(ended == true)
                var runs = 0
                try engine.writing { session in
                    runs += 1
                    try session.run("INSERT INTO probe (k) VALUES (?)", [k])
                }
                #expect(runs == 2, "the write did not meet the dead connection, or ran more than once more")
                let other = try #require(try engine.writing { try $0.fetchValue("SELECT pg_backend_pid()::int8", as: Int64.self) })
                #expect(other != pid)
            }
            let keys = try engine.readingOneStatement { try $0.fetchColumn("SELECT k FROM probe ORDER BY k", []) }
            #expect(keys.compactMap(Int.fromDatabaseValue) == [1, 2])
        }
    }

    /// The attack on "once more": the connection dies after the write's COMMIT was sent. The
    /// write may have committed, so it is not run again; its caller hears the error. Here a
    /// deferred trigger holds the COMMIT in `pg_sleep` while the test ends the backend.
    @Test func aWriteWhoseConnectionDiesAfterItsCommitWasSentIsNotRunAgain() async throws {
        try await PostgresPreparedReadTests.withEngine { (engine: PostgresEngine) throws in
            _ = try engine.writing { session in
                try session.run("CREATE TABLE probe (k bigint PRIMARY KEY)", [])
                try session.run("""
                    CREATE FUNCTION slow_commit() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN PERFORM pg_sleep(3); RETURN NULL; END $$
                    """, [])
                try session.run("""
                    CREATE CONSTRAINT TRIGGER slow AFTER INSERT ON probe DEFERRABLE INITIALLY DEFERRED
                    FOR EACH ROW EXECUTE FUNCTION slow_commit()
                    """, [])
            }
            let pid = try #require(try engine.writing { try $0.fetchValue("SELECT pg_backend_pid()::int8", as: Int64.self) })
            // From the reads' pool, once the COMMIT sleeps in the trigger.
            let ender = Thread {
                let deadline = Date().addingTimeInterval(30)
                while Date() < deadline {
                    let sleeping = (try? engine.readingOneStatement {
                        try $0.fetchValue("SELECT count(*)::int8 FROM pg_stat_activity WHERE pid = ?::int4 AND wait_event = 'PgSleep'", [pid], as: Int64.self)
                    }) ?? 0
                    if sleeping != 1 { usleep(2_000); continue }
                    _ = try? engine.readingOneStatement { try $0.fetchValue("SELECT pg_terminate_backend(?::int4, 60000)", [pid], as: Bool.self) }
                    return
                }
            }
            ender.start()
            var runs = 0
            #expect(throws: StoreError.self) {
                try engine.writing { session in
                    runs += 1
                    try session.run("INSERT INTO probe (k) VALUES (?)", [1])
                }
            }
            #expect(runs == 1, "a write whose COMMIT had been sent was run again")
            // The backend ended before its COMMIT finished: nothing was kept, and the next
            // write runs on a new connection.
            #expect(try engine.readingOneStatement { try $0.fetchValue("SELECT count(*)::int8 FROM probe", as: Int64.self) } == 0)
            _ = try engine.writing { try $0.run("DROP TRIGGER slow ON probe", []) }
            #expect(try engine.writing { try $0.run("INSERT INTO probe (k) VALUES (?)", [2]) } == 1)
        }
    }
}
