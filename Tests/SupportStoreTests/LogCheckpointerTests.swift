import Foundation
import GRDB
import Synchronization
import Testing
@testable import SupportStore

/// The write-ahead log is checkpointed beside the writes (`LogCheckpointer`), never inside
/// the commit that takes it past its threshold. What is watched is the database file itself:
/// new pages reach it only through a checkpoint, so its size says whether one ran.
@Suite struct LogCheckpointerTests {
    /// A scratch table and `commits` commits of `pages` new pages each (random bytes, so
    /// nothing compresses or repeats).
    static func write(_ store: SupportStore, commits: Int, pages: Int = 25) throws {
        try store.pool.write { db in try db.execute(sql: "CREATE TABLE IF NOT EXISTS scratch (b BLOB)") }
        for _ in 0..<commits {
            try store.pool.write { db in try db.execute(sql: "INSERT INTO scratch VALUES (randomblob(?))", arguments: [pages * 4_000]) }
        }
    }

    static func size(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
    }

    static func pageSize(_ store: SupportStore) throws -> Int {
        try store.pool.read { db in try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 4_096 }
    }

    /// Polls (every 10 ms, up to 60 s) until `done`.
    static func eventually(_ done: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            if try done() { return true }
            usleep(10_000)
        }
        return try done()
    }

    /// With the threshold out of reach, 1,500 pages of commits leave the database file as it
    /// was: no commit checkpointed. SQLite's own hook, left in place, would have copied the
    /// log into the file in the commit that passed 1,000 pages.
    @Test func noCommitCheckpointsTheLog() throws {
        let t = try TempStore()
        try Self.write(t.store, commits: 1)   // the table, and the file as it stands
        t.store.logCheckpointer.pages.store(.max, ordering: .relaxed)
        let before = Self.size(t.path)
        try Self.write(t.store, commits: 60)
        #expect(Self.size(t.path) == before)
        #expect(Self.size(t.path + "-wal") > 1_400 * (try Self.pageSize(t.store)))
        #expect(t.store.logCheckpointer.completed.load(ordering: .relaxed) == 0)
        // The writer has no automatic checkpoint of SQLite's (0: another hook is in place).
        #expect(try t.store.pool.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA wal_autocheckpoint") } == 0)
    }

    /// Past the threshold the log reaches the database file, beside the writes.
    @Test func pastItsThresholdTheLogReachesTheFile() throws {
        let t = try TempStore()
        try Self.write(t.store, commits: 1)
        // The log emptied into the file first: the store's creation wrote hundreds of pages,
        // which a checkpoint running at any moment would add to the file's size.
        t.store.logCheckpointer.quiesce()
        _ = try t.store.pool.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
        let before = Self.size(t.path)
        let page = try Self.pageSize(t.store)
        try Self.write(t.store, commits: 60)
        #expect(try Self.eventually { t.store.logCheckpointer.completed.load(ordering: .relaxed) >= 1 && Self.size(t.path) >= before + 900 * page },
                "file \(Self.size(t.path)) from \(before)")
    }

    /// A command that exits before its worker runs: with the worker held, commits go on
    /// until the log is four times past the threshold, and that commit checkpoints itself,
    /// as SQLite's own hook would. Without it, commands alone grew the log for as long as a
    /// console kept the file open.
    @Test func farPastItsThresholdACommitCheckpointsItself() throws {
        let t = try TempStore()
        try Self.write(t.store, commits: 1)
        t.store.logCheckpointer.quiesce()   // its own checkpoint running would make TRUNCATE busy
        _ = try t.store.pool.writeWithoutTransaction { db in try db.checkpoint(.truncate) }   // the log starts empty
        let before = Self.size(t.path)
        let page = try Self.pageSize(t.store)
        let checkpointer = t.store.logCheckpointer
        checkpointer.pages.store(100, ordering: .relaxed)
        checkpointer.holdWorker(true)
        try Self.write(t.store, commits: 12)   // 300 pages: past 100, not past 400
        #expect(checkpointer.inline.load(ordering: .relaxed) == 0)
        #expect(Self.size(t.path) == before)
        try Self.write(t.store, commits: 8)    // 500 pages: past 400 at the 16th commit
        let inline = checkpointer.inline.load(ordering: .relaxed)
        checkpointer.holdWorker(false)
        #expect(inline >= 1)
        #expect(Self.size(t.path) >= before + 350 * page, "file \(Self.size(t.path)) from \(before)")
    }

    /// The attack: a reader holds a snapshot from before the writes, so no checkpoint may
    /// copy past it. The writes neither fail nor wait for it, and the file does not move;
    /// once the reader is gone, the next commit's checkpoint copies the log in.
    @Test func aReaderOnAnOldSnapshotHoldsTheCheckpointNotTheWrites() throws {
        let t = try TempStore()
        try Self.write(t.store, commits: 1)
        let page = try Self.pageSize(t.store)
        // The log emptied into the file first, so the reader's snapshot is the file itself.
        t.store.logCheckpointer.quiesce()   // its own checkpoint running would make TRUNCATE busy
        _ = try t.store.pool.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
        let reader = try DatabaseQueue(path: t.path)
        let flags = ReaderFlags()
        let thread = Thread {
            try? reader.read { db in
                _ = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM scratch")
                flags.holding.store(true, ordering: .releasing)
                while !flags.release.load(ordering: .acquiring) { usleep(1_000) }
            }
            flags.ended.store(true, ordering: .releasing)
        }
        thread.start()
        #expect(Self.eventually { flags.holding.load(ordering: .acquiring) })
        let before = Self.size(t.path)
        let started = Date()
        try Self.write(t.store, commits: 60)
        #expect(Date().timeIntervalSince(started) < 30, "the writes waited for the reader")
        #expect(try Self.eventually { t.store.logCheckpointer.completed.load(ordering: .relaxed) >= 1 })
        #expect(Self.size(t.path) == before, "a checkpoint copied past the reader's snapshot")
        flags.release.store(true, ordering: .releasing)
        #expect(Self.eventually { flags.ended.load(ordering: .acquiring) })
        try Self.write(t.store, commits: 1)
        #expect(try Self.eventually { Self.size(t.path) >= before + 900 * page }, "file \(Self.size(t.path)) from \(before)")
    }

    final class ReaderFlags: Sendable {
        let holding = Atomic(false), release = Atomic(false), ended = Atomic(false)
    }

    /// Intake raises the threshold while it imports and puts it back; it never sets SQLite's
    /// own automatic checkpoint, which would take the commit's place back (or, at 0, remove both).
    @Test func intakeRaisesTheThresholdAndPutsItBack() throws {
        let t = try TempStore()
        let during = try t.store.withIntakeConnectionSettings { t.store.logCheckpointer.pages.load(ordering: .relaxed) }
        #expect(during == SupportStore.intakeCheckpointPages)
        #expect(t.store.logCheckpointer.pages.load(ordering: .relaxed) == LogCheckpointer.defaultPages)
        #expect(try t.store.pool.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA wal_autocheckpoint") } == 0)
    }
}
