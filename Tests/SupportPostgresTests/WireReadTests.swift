import Foundation
import GRDB
import PostgresNIO
@testable import SupportPostgres
import SupportStore
import Testing

/// Reads spoken to the server directly (`WireConnection`, `WireSession`) give what
/// postgres-nio's path gives: every kind of cell, numerics of every shape, rows by name,
/// a read's settings and snapshot; and the connection stays in step after a refused
/// statement and a statement gone stale. The engine's own suites run their reads this way
/// too (a socket address without TLS).
@Suite struct WireReadTests {
    @Test func theEnginesReadsGoDirectlyOnASocketWithoutTLS() async throws {
        try await PostgresPreparedReadTests.withEngine { (engine: PostgresEngine) throws in
            #expect(engine.wireReads != nil)
            var tls = engine.location
            tls.tls = .require
            #expect(!WirePool.serves(tls))
        }
    }

    @Test func everyKindGivesWhatPostgresNIOGives() async throws {
        try await PostgresPreparedReadTests.withEngine { (engine: PostgresEngine) throws in
            let general = try PostgresResultColumnsTests.row(engine, prepared: false).map(PostgresSession.value)
            for _ in 0..<2 {   // prepared on the first run, reused on the second
                let direct = try #require(try engine.readingOneStatement { try $0.fetchRows(PostgresResultColumnsTests.everyKind, []) }.first)
                let names = (0..<23).map { String(UnicodeScalar(UInt8(ascii: "a") + UInt8($0))) }
                let values: [DatabaseValue] = names.map { direct[$0] }
                #expect(Array(values.prefix(21)) == Array(general.prefix(21)))
                // Where postgres-nio's general decoding gives up: v, an oid, is read as the
                // integer it is; w, a date, as its text (asked for in text).
                #expect(values[21] == 16384.databaseValue && general[21] == .null)
                #expect(values[22] == "2026-01-02".databaseValue)
            }
        }
    }

    @Test func numericsOfEveryShapeGiveWhatPostgresNIOGives() async throws {
        try await PostgresPreparedReadTests.withEngine { (engine: PostgresEngine) throws in
            var generator = SystemRandomNumberGenerator()
            var literals = ["0", "-0", "1", "-1", "10000", "9999.9999", "0.0001", "-0.5", "123456789012345678",
                            "9223372036854775807", "-9223372036854775808", "9223372036854775808", "1e30", "1.50", "100.00",
                            "'NaN'"]
            for _ in 0..<200 {
                let whole = Int64.random(in: -1_000_000_000_000...1_000_000_000_000, using: &generator)
                let fraction = Int.random(in: 0...9_999, using: &generator)
                literals.append(Bool.random(using: &generator) ? "\(whole)" : "\(whole).\(String(format: "%04d", fraction))")
            }
            for literal in literals {
                let sql = "SELECT (\(literal))::numeric AS n"
                let direct = try #require(try engine.readingOneStatement { try $0.fetchColumn(sql, []) }.first)
                // What the value is: whole within Int64's reach (below 9.2e18, as
                // `PostgresSession.value` has it) an integer, otherwise the double nearest
                // the decimal (postgres-nio's way through Decimal can miss it by an ulp).
                let text = literal.hasPrefix("1e") ? "1000000000000000000000000000000" : literal
                if literal == "'NaN'" {
                    #expect(Double.fromDatabaseValue(direct)?.isNaN == true)
                } else if let whole = Int64(text.split(separator: ".").first.map(String.init) ?? text),
                          !text.contains(".") || text.split(separator: ".").last!.allSatisfy({ $0 == "0" }),
                          whole.magnitude < 9_200_000_000_000_000_000 {
                    #expect(direct == whole.databaseValue, "\(literal)")
                } else {
                    #expect(direct == Double(text)!.databaseValue, "\(literal)")
                }
            }
        }
    }

    /// A refused statement inside a read, then a read on the same (only) connection: the
    /// answer of the first is not mistaken for the second's.
    @Test func theConnectionStaysInStepAfterARefusal() async throws {
        try await PostgresPreparedReadTests.withEngine { (engine: PostgresEngine) throws in
            #expect(throws: StoreError.self) {
                try engine.reading { try $0.fetchValue("SELECT 1 / (0 * ?::int8)", [5], as: Int.self) }
            }
            for n in 1...5 {
                #expect(try engine.reading { try $0.fetchValue("SELECT ?::int8 * 2", [n], as: Int.self) } == n * 2)
            }
            // Values that need quoting and a NULL, as text parameters.
            let hostile = "O'Brien \\ \"quoted\" 中文 🍜"
            #expect(try engine.readingOneStatement { try $0.fetchValue("SELECT ? || ''", [hostile], as: String.self) } == hostile)
            #expect(try engine.readingOneStatement { try $0.fetchColumn("SELECT ?::text", [nil]) } == [.null])
            #expect(try engine.readingOneStatement { try $0.fetchValue("SELECT ?", [Data([0, 1, 255])], as: Data.self) } == Data([0, 1, 255]))
            #expect(try engine.readingOneStatement { try $0.fetchValue("SELECT ?", [0.1], as: Double.self) } == 0.1)
        }
    }

    /// The statement's result changes shape under it (a column added to a table it reads
    /// with `*`): the read runs again, prepared afresh.
    @Test func aStatementGoneStaleIsPreparedAgain() async throws {
        try await PostgresPreparedReadTests.withEngine { (engine: PostgresEngine) throws in
            _ = try engine.writing { try $0.run("CREATE TABLE wire_stale (a int8)", []); try $0.run("INSERT INTO wire_stale VALUES (1)", []) }
            #expect(try engine.reading { try $0.fetchRows("SELECT * FROM wire_stale", []) }.count == 1)
            _ = try engine.writing { try $0.run("ALTER TABLE wire_stale ADD COLUMN b text DEFAULT 'x'", []) }
            let row = try #require(try engine.reading { try $0.fetchRows("SELECT * FROM wire_stale", []) }.first)
            #expect(row["b"] as String? == "x")
        }
    }

    /// The server ends the reads' connection, as a restart does: the next read runs on a
    /// new connection, its caller none the wiser. When the new connection is refused too,
    /// the read fails with the store's error, once, and the next read after the server lets
    /// it in works. (The write to the closed socket fails with EPIPE; the test process
    /// ignores SIGPIPE, so the MSG_NOSIGNAL that spares the service is not what this holds.)
    @Test func aReadOnAConnectionTheServerEndedRunsOnANewOne() async throws {
        let demo = try await MigratedDemo.make()
        defer { demo.source.remove() }
        // The engine logs in as a role of its own, which the test can then refuse.
        let admin = try await PostgresEngine.open(demo.location, auditKeyPath: demo.keyPath, maximumConnections: 1,
                                                  clock: { EngineParityTests.now })
        let role = "wire_reader_\(UInt32.random(in: 0...UInt32.max))"
        _ = try admin.writing { try $0.run("CREATE ROLE \(role) LOGIN SUPERUSER", []) }
        var location = demo.location
        location.user = role
        let engine = try await PostgresEngine.open(location, auditKeyPath: demo.keyPath, maximumConnections: 1,
                                                   clock: { EngineParityTests.now })
        let outcome = Result { () throws -> Void in
            func backend() throws -> Int64 {
                try #require(try engine.reading { try $0.fetchValue("SELECT pg_backend_pid()::int8", as: Int64.self) })
            }
            func end(_ pid: Int64) throws {
                // Returns once the backend has gone (or after a minute, false).
                let ended = try admin.writing { try $0.fetchValue("SELECT pg_terminate_backend(?::int4, 60000)", [pid], as: Bool.self) }
                #expect(ended == true)
            }
            let first = try backend()
            for _ in 0..<2 {
                try end(try backend())
                // The dead connection is the pool's only one: the read finds it, fails on
                // it, and runs again on a new one.
                let ids = try engine.reading { try $0.fetchColumn("SELECT id FROM tickets ORDER BY id LIMIT ?", [3]) }
                #expect(ids.count == 3)
            }
            #expect(try backend() != first)
            let last = try backend()
            _ = try admin.writing { try $0.run("ALTER ROLE \(role) NOLOGIN", []) }
            try end(last)
            #expect(throws: StoreError.self) { try engine.reading { try $0.fetchColumn("SELECT 1", []) } }
            _ = try admin.writing { try $0.run("ALTER ROLE \(role) LOGIN", []) }
            #expect(try engine.reading { try $0.fetchValue("SELECT 7", as: Int.self) } == 7)
        }
        // Said now, not after the closes: a close that never returned once hid the error.
        if case .failure(let error) = outcome { Issue.record(error, "the reads failed before the engines closed") }
        await engine.close()
        _ = try? admin.writing { try $0.run("DROP ROLE \(role)", []) }
        await admin.close()
    }

    /// A read sees one snapshot: a commit between its two statements is not in the second.
    @Test func aReadSeesOneSnapshot() async throws {
        try await PostgresPreparedReadTests.withEngine { (engine: PostgresEngine) throws in
            _ = try engine.writing { try $0.run("CREATE TABLE wire_snapshot (a int8)", []) }
            let (first, second) = try engine.reading { session -> (Int, Int) in
                let first = try session.fetchValue("SELECT COUNT(*) FROM wire_snapshot", as: Int.self) ?? -1
                _ = try engine.writing { try $0.run("INSERT INTO wire_snapshot VALUES (1)", []) }
                return (first, try session.fetchValue("SELECT COUNT(*) + 0 FROM wire_snapshot", as: Int.self) ?? -1)
            }
            #expect(first == 0 && second == 0)
            #expect(try engine.reading { try $0.fetchValue("SELECT COUNT(*) FROM wire_snapshot", as: Int.self) } == 1)
        }
    }
}
