import Foundation
import GRDB
import Synchronization

/// `PRAGMA data_version` on a connection of its own. It changes whenever any other
/// connection commits to the file — another process's, and this process's own writes too,
/// since they go through the pool's writer — so a memo keyed on it never serves figures
/// from before a write.
final class DataVersionProbe: Sendable {
    private let queue = Mutex<DatabaseQueue?>(nil)

    func version(path: String) throws -> Int64 {
        try queue.withLock { queue in
            if queue == nil {
                var config = Configuration()
                config.readonly = true
                config.busyMode = .timeout(1)
                queue = try DatabaseQueue(path: path, configuration: config)
            }
            return try queue!.inDatabase { db in try Int64.fetchOne(db, sql: "PRAGMA data_version") ?? 0 }
        }
    }
}
