import Foundation
import Logging
import ServiceLifecycle
import SupportAPI

/// The other service instances on one shared database (PostgreSQL): how this instance
/// tells them what its requests changed, and hears what theirs did. With SQLite there is
/// one service per database and no peers.
public protocol PeerChanges: Sendable {
    /// Announces a committed request's changes to the other instances.
    func announce(_ change: ChangeSet)
    /// Their changes; after a lost connection, one `everything` (what was missed is unknown).
    var changes: AsyncStream<ChangeSet> { get }
}

/// Hands every peer's change to this instance's consoles, as if it had made it.
struct PeerRelay: Service {
    let peers: any PeerChanges
    let hub: ChangeHub
    let logger: Logger

    func run() async throws {
        for await change in peers.changes.cancelOnGracefulShutdown() {
            hub.publish(change)
        }
        logger.debug("peer relay stopped")
    }
}
