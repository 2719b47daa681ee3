import Foundation
import GRDB
import Synchronization

/// The store's connections to its file. A store opened to write keeps GRDB's pool: its
/// readers, and a writer that, when it opens, makes sure the `-wal` file is not empty (a
/// tiny write transaction) and that, as the last connection to close, checkpoints the log
/// and removes it — a write, fsyncs and three connections' schema reads for every process.
///
/// A store opened to read (`SupportStore(path:readMostly:)`, for `tx list`) reads through
/// the one read-only connection that looked at the file first (`SupportStore.probe`), and
/// opens the pool only when something must be written: an audited refusal, a pending
/// migration, a first key. Reads always see the last commit, whichever connection made it:
/// every read is a transaction of its own on a file in WAL mode.
final class StoreConnections: Sendable {
    /// Where reads go: the pool, or the read-only connection.
    let reader: any DatabaseReader
    private let writer: Mutex<DatabasePool?>
    private let path: String
    private let configuration: Configuration

    /// A store that writes: the pool reads and writes.
    init(pool: DatabasePool, path: String, configuration: Configuration) {
        reader = pool
        writer = Mutex(pool)
        self.path = path
        self.configuration = configuration
    }

    /// A store that reads: `reader` is read-only; the pool waits for the first write.
    init(reader: DatabaseQueue, path: String, configuration: Configuration) {
        self.reader = reader
        writer = Mutex(nil)
        self.path = path
        self.configuration = configuration
    }

    /// The pool, opened now if this store has only read so far.
    func pool() throws -> DatabasePool {
        try writer.withLock { writer in
            if let writer { return writer }
            let opened = try SupportStore.openPool(path: path, configuration: configuration)
            writer = opened
            return opened
        }
    }
}
