import Foundation
import SupportCore
import SupportStore

/// Runs requests in this process against a database file: the single-user, demo and
/// development mode. The agent is re-read for every request, so disabling or demoting an
/// agent takes effect on their next action here too.
public final class EmbeddedClient: SupportClient {
    public let store: SupportStore
    private let caller: String
    private let asLogin: String?

    /// Acting as the operating-system user, or `--as LOGIN` on a demo database.
    public init(store: SupportStore, asLogin: String? = nil) {
        self.store = store
        self.caller = SupportStore.operatingSystemUser
        self.asLogin = asLogin
    }

    /// Acting as a given agent: for tests, benchmarks and drills that drive several agents
    /// on one file (embedded mode is no trust boundary: whoever has the file has the data).
    public init(store: SupportStore, actingAs login: String) {
        self.store = store
        self.caller = login
        self.asLogin = nil
    }

    public var endpoint: ClientEndpoint { .embedded(database: store.path) }
    public var isDemo: Bool { store.isDemo }
    public func now() -> Date { store.clock() }

    public func send<R: SupportRequest>(_ request: R) throws -> R.Response {
        let actor = try store.resolveActor(caller: caller, asLogin: asLogin)
        return try request.run(store: store, actor: actor)
    }

    /// `TransactionsRequest`'s rows handed over as the statement reads them, for a printer
    /// that copies their bytes out (`tx list`): the same rows, the same actor check, no
    /// `Transaction` value or string per cell. Returns how many rows there were.
    public func listTransactions(customerId: Int64, query: Query, afterReference: String?, limit: Int,
                                 _ visit: (TransactionListingRow) throws -> Void) throws -> Int {
        _ = try store.resolveActor(caller: caller, asLogin: asLogin)
        return try store.listTransactions(customerId: customerId, query: query, afterReference: afterReference,
                                          limit: limit, visit)
    }

    /// `ImportContactsRequest` with the contacts handed over as they are read: the request
    /// cannot carry a reader, and it needs no role gate of its own (the store checks the
    /// import permission).
    func importContacts(reading folder: IntakeFolderReader, channel: Channel, autoCloseDays: Int) throws -> IntakeReport {
        let actor = try store.resolveActor(caller: caller, asLogin: asLogin)
        folder.start()
        // A failed import leaves the rest of the folder unread.
        defer { folder.cancel() }
        return try store.importContacts(channel: channel, by: actor, autoCloseDays: autoCloseDays) { folder.next() }
    }

    public func changeFeed() throws -> ChangeFeed {
        DataVersionFeed(watcher: try ChangeWatcher(store: store), walPath: store.path + "-wal")
    }
}

