import GRDB

/// Notices commits made by any process. GRDB's ValueObservation only sees writes made
/// through this process's pool; `PRAGMA data_version` read on one fixed connection
/// changes whenever another connection — in any process — commits to the file.
public final class ChangeWatcher {
    private let connection: DatabaseQueue
    private var last: Int64

    public init(store: SupportStore) throws {
        var config = Configuration()
        config.readonly = true
        config.busyMode = .timeout(1)
        connection = try DatabaseQueue(path: store.path, configuration: config)
        last = try connection.inDatabase { db in try Int64.fetchOne(db, sql: "PRAGMA data_version") ?? 0 }
    }

    /// True once for every batch of commits made since the previous call.
    public func poll() -> Bool {
        guard let value = try? connection.inDatabase({ db in try Int64.fetchOne(db, sql: "PRAGMA data_version") ?? 0 }) else {
            return false
        }
        defer { last = value }
        return value != last
    }
}
