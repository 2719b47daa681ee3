import Foundation
import GRDB

// The write-ahead log keeps the page images of every recent commit — including the one
// that put a plain one-time code into the outbox — until a checkpoint resets it. A
// TRUNCATE checkpoint empties it, but cannot while another process is reading an older
// snapshot (a console mid-query, a long export). So the wish is remembered in the
// database, and every later commit, in any process, tries again until one succeeds.
extension SupportStore {
    static let walScrubKey = "wal_scrub_pending"

    /// Tries to empty the WAL for about a second (readers are usually brief); if one
    /// still prevents it, marks it pending.
    func squeezeWriteAheadLog() {
        for attempt in 0..<10 {
            if truncateWriteAheadLog() { return }
            if attempt < 9 { usleep(100_000) }
        }
        _ = try? pool.writeWithoutTransaction { db in try setMeta(db, Self.walScrubKey, String(now)) }
    }

    /// Inside the writer, after a commit: whether a scrub is pending (one indexed read).
    func writeAheadScrubPending(_ db: Database) -> Bool {
        (try? String.fetchOne(db.cachedStatement(sql: "SELECT value FROM meta WHERE key = ?"), arguments: [Self.walScrubKey])) != nil
    }

    /// Retries a pending scrub; on success the mark is cleared.
    func retryWriteAheadScrub() {
        guard truncateWriteAheadLog() else { return }
        _ = try? pool.writeWithoutTransaction { db in
            try db.execute(sql: "DELETE FROM meta WHERE key = ?", arguments: [Self.walScrubKey])
        }
    }

    /// One TRUNCATE checkpoint on a connection of its own that does not wait: the pool's
    /// connections wait seconds for readers (the busy handler), which would stall the
    /// write that triggered this. A reader in the way simply means "not yet".
    private func truncateWriteAheadLog() -> Bool {
        logCheckpointer.quiesce()   // this process's own checkpoint would make it busy
        guard let queue = try? DatabaseQueue(path: path) else { return false }
        defer { try? queue.close() }
        let frames = try? queue.writeWithoutTransaction { db in try db.checkpoint(.truncate).walFrameCount }
        return frames == 0
    }
}
