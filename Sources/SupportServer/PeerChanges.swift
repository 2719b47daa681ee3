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

/// Hands every peer's change to this instance's consoles, as if it had made it, and rings
/// this instance's delivery: the other's write may have queued a message, and whichever
/// instance claims it first sends it (so a message queued through an instance that dies
/// before sending goes out through another once its claim lapses).
struct PeerRelay: Service {
    let peers: any PeerChanges
    let hub: ChangeHub
    let logger: Logger
    let wake: @Sendable () -> Void
    /// The store's memos learn of the change before the consoles ask again.
    let noted: @Sendable () -> Void

    func run() async throws {
        for await change in peers.changes.cancelOnGracefulShutdown() {
            noted()
            hub.publish(change)
            wake()
        }
        logger.debug("peer relay stopped")
    }
}
