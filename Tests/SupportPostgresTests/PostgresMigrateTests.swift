import Foundation
import TestSupport
import SupportPostgres
import SupportStore
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `paydesk migrate`: the demo database arrives whole and verified, a second run copies
/// nothing, and a run cut short — by an error between batches or by kill -9 — resumes
/// to a complete copy with no row twice.
@Suite struct PostgresMigrateTests {
    struct Stop: Error {}

    @Test func demoArrivesCompleteAndASecondRunCopiesNothing() async throws {
        let source = try DemoSource()
        defer { source.remove() }
        let pool = PostgresPool(try await PostgresCluster.freshDatabase())
        let report = try await SQLiteImport(source: source.store, target: pool, batchSize: 500).run()
        #expect(report.isComplete)
        #expect(report.tables.map(\.name).sorted() == (try source.store.dumpTables()).map(\.name).sorted())
        let transactions = try #require(report.tables.first { $0.name == "transactions" })
        #expect(transactions.sqliteRows > 1_000 && transactions.postgresRows == transactions.sqliteRows)
        let auditRows = try source.store.rowCount("audit_log")
        #expect(auditRows > 10)
        #expect(report.audit == .ok(records: Int(auditRows)))
        let copiedTables = report.tables.filter { !$0.derived }
        #expect(report.rowsCopiedNow == copiedTables.reduce(0) { $0 + $1.sqliteRows })
        #expect(report.tables.filter(\.derived).allSatisfy { $0.matches && $0.postgresRows > 0 })

        let again = try await SQLiteImport(source: source.store, target: pool, batchSize: 500).run()
        #expect(again.rowsCopiedNow == 0)
        #expect(again.tables == report.tables)
        #expect(again.isComplete)
        await pool.close()
    }

    @Test func theCommandLineRefusesABadAddressOrAMissingFile() throws {
        let badAddress = try ProgramRun.run(PaydeskBinary.path, ["migrate", "--from", "/nonexistent.sqlite", "--to", "mysql://x@y/z"])
        #expect(badAddress.status == 2)
        #expect(badAddress.stderr.contains("is not a PostgreSQL address"), "\(badAddress.output)")
        let missing = try ProgramRun.run(PaydeskBinary.path, ["migrate", "--from", "/nonexistent.sqlite", "--to", "postgresql://x@/y?host=/tmp"])
        #expect(missing.status == 3)
        #expect(missing.stderr.contains("No SQLite database at /nonexistent.sqlite"), "\(missing.output)")
    }

    /// The pool behind the copy would wait for a server for ever; the command says at once.
    @Test func anUnreachableServerOrMissingDatabaseIsReportedAtOnce() async throws {
        let source = try DemoSource()
        defer { source.remove() }
        let noServer = try ProgramRun.run(PaydeskBinary.path, ["migrate", "--from", source.path, "--to", "postgresql://x@/y?host=/nonexistent"])
        #expect(noServer.status == 1)
        #expect(noServer.stderr.contains("Cannot reach PostgreSQL") && noServer.stderr.contains("no such file or directory"), "\(noServer.output)")
        let cluster = try PostgresCluster.start()
        let noDatabase = try ProgramRun.run(PaydeskBinary.path, ["migrate", "--from", source.path, "--to", cluster.location(database: "nosuch").uri])
        #expect(noDatabase.status == 1)
        #expect(noDatabase.stderr.contains("database \"nosuch\" does not exist"), "\(noDatabase.output)")
    }

    @Test func anAuditRecordChangedInPostgresIsReported() async throws {
        let source = try DemoSource()
        defer { source.remove() }
        let pool = PostgresPool(try await PostgresCluster.freshDatabase())
        #expect(try await SQLiteImport(source: source.store, target: pool).run().isComplete)
        try await pool.execute("UPDATE audit_log SET reason = 'rewritten' WHERE id = 5")
        let report = try await SQLiteImport(source: source.store, target: pool).run()
        await pool.close()
        guard case .broken(let id, _) = report.audit else {
            Issue.record("a changed record verified: \(report.audit)")
            return
        }
        #expect(id == 5)
        #expect(!report.isComplete)
    }

    @Test func aSQLiteLogCutShortIsNotBlessedByTheCopy() async throws {
        let source = try DemoSource()
        defer { source.remove() }
        // Someone with the file but not the key drops the newest record: the chain that
        // is left is whole, only the signed checkpoint outside the file can tell.
        let cut = try ProgramRun.run("/usr/bin/sqlite3", [source.path, "DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)"])
        try #require(cut.status == 0, "\(cut.output)")
        let pool = PostgresPool(try await PostgresCluster.freshDatabase())
        let report = try await SQLiteImport(source: source.store, target: pool).run()
        await pool.close()
        let countsMatch = report.tables.allSatisfy { $0.matches }
        #expect(countsMatch)
        let remaining = try source.store.rowCount("audit_log")
        #expect(report.audit == .ok(records: Int(remaining)))
        guard case .broken = report.sourceAudit else {
            Issue.record("the cut log passed: \(report.sourceAudit)")
            return
        }
        #expect(!report.isComplete)
    }

    @Test func aCopyFromOneFileIsNotContinuedFromAnother() async throws {
        let first = try DemoSource(), second = try DemoSource()
        defer { first.remove(); second.remove() }
        let pool = PostgresPool(try await PostgresCluster.freshDatabase())
        await #expect(throws: Stop.self) {
            _ = try await SQLiteImport(source: first.store, target: pool, batchSize: 100).run { progress in
                if progress.table == "customers" { throw Stop() }
            }
        }
        await #expect { _ = try await SQLiteImport(source: second.store, target: pool).run() } throws: {
            ($0 as? PostgresStoreError)?.description.contains("another SQLite database") == true
        }
        #expect(try await SQLiteImport(source: first.store, target: pool).run().isComplete)
        await pool.close()
    }

    @Test func aCopyStoppedBetweenBatchesResumesWithoutDuplicates() async throws {
        let source = try DemoSource()
        defer { source.remove() }
        let pool = PostgresPool(try await PostgresCluster.freshDatabase())
        let total = try source.store.rowCount("transactions")
        await #expect(throws: Stop.self) {
            _ = try await SQLiteImport(source: source.store, target: pool, batchSize: 250).run { progress in
                if progress.table == "transactions" && progress.copied >= 1_000 { throw Stop() }
            }
        }
        // Four whole batches committed, nothing of a fifth.
        #expect(try await pool.rowCount("transactions") == 1_000)
        let report = try await SQLiteImport(source: source.store, target: pool, batchSize: 250).run()
        #expect(report.isComplete)
        #expect(try await pool.rowCount("transactions") == total)
        let copiedBefore = report.tables.filter { !$0.derived }.reduce(0) { $0 + $1.sqliteRows } - report.rowsCopiedNow
        #expect(copiedBefore > 1_000)   // the tables before transactions, and its first 1,000
        await pool.close()
    }

    @Test func aKilledMigrateIsCompletedByTheNextRun() async throws {
        let source = try DemoSource()
        defer { source.remove() }
        let location = try await PostgresCluster.freshDatabase()
        let pool = PostgresPool(location)
        let total = try source.store.rowCount("transactions")
        // One row a batch: thousands of commits for the transactions alone.
        let running = try ProgramRun.start(PaydeskBinary.path, ["migrate", "--from", source.path, "--to", location.uri, "--batch", "1"])
        // Polled with psql, a process of its own, not through this process's async pool:
        // the whole suite keeps the two cooperative threads busy, and an async poll starved
        // there saw nothing until the copy was over. The table appears only once migrate has
        // made it; until then psql says nothing usable and the count is 0.
        let psql = try PostgresCluster.start().binFolder + "/psql"
        func copiedSoFar() async -> Int64 {
            guard let rows = try? ProgramRun.run(psql, [location.uri, "-tAc", "SELECT count(*) FROM transactions"]),
                  rows.status == 0 else { return 0 }
            return Int64(rows.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        }
        // Migrate runs in slices of 2 ms between counts, stopped while psql counts: on a
        // fast disk the whole copy can end between two polls of a free-running process,
        // and a kill after the end proves nothing.
        kill(running.pid, SIGSTOP)
        let deadline = Date().addingTimeInterval(120)
        var seen: Int64 = 0
        while seen == 0 && Date() < deadline {
            kill(running.pid, SIGCONT)
            usleep(2_000)
            kill(running.pid, SIGSTOP)
            seen = await copiedSoFar()
        }
        // Still stopped, so the count below is the count it was killed at.
        kill(running.pid, SIGKILL)
        let killed = ProgramRun.wait(running)
        #expect(killed.status == 128 + SIGKILL, "migrate ended before it was killed: \(killed.output)")
        let partial = try await pool.rowCount("transactions")
        #expect(partial > 0 && partial < total)

        let rerun = try ProgramRun.run(PaydeskBinary.path, ["migrate", "--from", source.path, "--to", location.uri])
        #expect(rerun.status == 0, "\(rerun.output)")
        #expect(rerun.stdout.contains("the copy is complete and verified"))
        #expect(try await pool.rowCount("transactions") == total)
        let last = try ProgramRun.run(PaydeskBinary.path, ["migrate", "--from", source.path, "--to", location.uri])
        #expect(last.stdout.contains("Copied 0 rows in this run"), "\(last.output)")
        await pool.close()
    }
}
