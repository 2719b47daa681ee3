import Foundation
import GRDB
import GRDBSQLite
import Synchronization

/// Checkpoints of the write-ahead log, run beside the writes instead of inside one.
///
/// SQLite's automatic checkpoint runs in the commit that takes the log past 1,000 pages:
/// that write also copies the log's pages into the database file and syncs it. A ticket
/// change writes about 25 pages (the ticket, its indexes, the timeline, the audit record),
/// so about one write in forty paid for the checkpoint, inside the key's frame: part of the
/// tail of a claim or release in the console (its p99 fell by 1–2 ms with this, and a
/// note's by 15 ms, embedded at 10M; BENCHMARKS.md).
///
/// Every connection of the pool gets this hook in place of SQLite's (only the writer
/// commits). After a commit it compares the log's length with `pages` and, past it, asks a
/// connection of its own, on a utility thread, for a PASSIVE checkpoint: one that never
/// waits for a lock and never blocks the writer or a reader. A checkpoint that cannot
/// finish (a reader still on an older snapshot) copies what it can; the next commit past
/// `pages` asks again, as SQLite's own would. Closing the last connection still
/// checkpoints and removes the log, as before.
///
/// A command that writes once and exits may end before the worker runs what it asked for,
/// and while a console keeps the file open no close is the last one either: commands alone
/// would then grow the log without bound. So a commit that finds the log `inlineFactor`
/// times past `pages` checkpoints at once on its own connection, as SQLite's hook does:
/// in a process that lives, the worker keeps the log far below that.
final class LogCheckpointer: Sendable {
    /// SQLite's default threshold, kept.
    static let defaultPages = 1_000
    /// How far past `pages` a commit checkpoints itself (`committed`).
    static let inlineFactor = 4

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
        sqlite3_wal_hook(handle, { context, db, name, frames in
            guard let context else { return SQLITE_OK }
            let checkpointer = Unmanaged<LogCheckpointer>.fromOpaque(context).takeUnretainedValue()
            if checkpointer.committed(frames: Int(frames)) {
                // What SQLite's own hook does (`sqlite3WalDefaultHook`), on the committing connection.
                sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
                checkpointer.inline.add(1, ordering: .relaxed)
            }
            return SQLITE_OK
        }, Unmanaged.passUnretained(self).toOpaque())
    }

    /// On the committing thread: at most one checkpoint asked for at a time. True when the
    /// log is so far past `pages` that the commit must checkpoint it itself.
    func committed(frames: Int) -> Bool {
        let pages = self.pages.load(ordering: .relaxed)
        guard frames >= pages else { return false }
        if pages <= Int.max / Self.inlineFactor, frames >= pages * Self.inlineFactor { return true }
        guard !asked.exchange(true, ordering: .acquiringAndReleasing) else { return false }
        worker.async { [self] in
            defer { asked.store(false, ordering: .releasing) }
            checkpoint()
        }
        return false
    }

    /// Checkpoints a commit ran itself, for the tests.
    let inline = Atomic<Int>(0)

    /// Waits until no checkpoint of this process's worker is running or waiting. A
    /// TRUNCATE checkpoint (`squeezeWriteAheadLog`) fails at once, busy, while another
    /// checkpoint holds the checkpoint lock, whichever connection runs it.
    func quiesce() {
        worker.sync {}
    }

    /// Holds the worker (tests: a process that ends before its worker runs), or lets it go.
    func holdWorker(_ held: Bool) {
        if held { worker.suspend() } else { worker.resume() }
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
