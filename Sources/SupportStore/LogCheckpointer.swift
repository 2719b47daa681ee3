import Foundation
import GRDB
import GRDBSQLite
import Synchronization

/// Checkpoints of the write-ahead log, run beside the writes instead of inside one.
///
/// SQLite's automatic checkpoint runs in the commit that takes the log past 1,000 pages:
/// that write also copies the log's pages into the database file and syncs it. A ticket
/// change writes about 25 pages (the ticket, its indexes, the timeline, the audit record),
/// so about one write in forty paid for the checkpoint — the tail of a claim or release in
/// the console (p99 8–11 ms against 4 ms at p50, embedded at 10M; BENCHMARKS.md).
///
/// Every connection of the pool gets this hook in place of SQLite's (only the writer
/// commits). After a commit it compares the log's length with `pages` and, past it, asks a
/// connection of its own, on a utility thread, for a PASSIVE checkpoint: one that never
/// waits for a lock and never blocks the writer or a reader. A checkpoint that cannot
/// finish (a reader still on an older snapshot) copies what it can; the next commit past
/// `pages` asks again, as SQLite's own would. Closing the last connection still
/// checkpoints and removes the log, as before.
final class LogCheckpointer: Sendable {
    /// SQLite's default threshold, kept.
    static let defaultPages = 1_000

    let path: String
    /// The log's length, in pages, past which a commit asks for a checkpoint (intake raises it
    /// while it imports: `withIntakeConnectionSettings`).
    let pages = Atomic<Int>(LogCheckpointer.defaultPages)
    /// Checkpoints asked for and run to the end (copied all they could), for the tests.
    let completed = Atomic<Int>(0)
    private let asked = Atomic<Bool>(false)
    private let connection = Mutex<DatabaseQueue?>(nil)
    private let worker = DispatchQueue(label: "paydesk.log-checkpoint", qos: .utility)

    init(path: String) { self.path = path }

    /// Replaces SQLite's automatic checkpoint on `db` with this one. The context is not
    /// retained: the pool's configuration, which holds the closure that calls this, holds
    /// the checkpointer for as long as any of its connections lives.
    func install(on db: Database) {
        guard let handle = db.sqliteConnection else { return }
        sqlite3_wal_hook(handle, { context, _, _, frames in
            guard let context else { return SQLITE_OK }
            Unmanaged<LogCheckpointer>.fromOpaque(context).takeUnretainedValue().committed(frames: Int(frames))
            return SQLITE_OK
        }, Unmanaged.passUnretained(self).toOpaque())
    }

    /// On the committing thread: at most one checkpoint asked for at a time, nothing else.
    func committed(frames: Int) {
        guard frames >= pages.load(ordering: .relaxed),
              !asked.exchange(true, ordering: .acquiringAndReleasing) else { return }
        worker.async { [self] in
            defer { asked.store(false, ordering: .releasing) }
            checkpoint()
        }
    }

    private func checkpoint() {
        connection.withLock { queue in
            do {
                if queue == nil {
                    var config = Configuration()
                    config.busyMode = .immediateError
                    queue = try DatabaseQueue(path: path, configuration: config)
                }
                try queue?.writeWithoutTransaction { db in _ = try db.checkpoint(.passive) }
                completed.add(1, ordering: .relaxed)
            } catch {
                // Busy (another process checkpointing, a recovery): the next commit past
                // `pages` asks again.
            }
        }
    }
}
