import Foundation
import SupportAPI
import SupportCore
import SupportStore

/// What another's change moved on screen, for the loop's drawing.
package enum RefreshOutcome: Equatable {
    /// Only the header's numbers: the loop redraws that line over the frame it showed.
    case headerCounts
    case screen
    /// Nothing on screen: another agent's presence on a ticket this console does not show.
    case nothing
}

/// The header's counts after another's change. An agent's counts are their own tickets
/// plus the unowned ones; the service sends the unowned part with each change, counted
/// once for every console, and the agent's own part moves only with a change that touches
/// a ticket they held or now own (or when the clock brings an own ticket into Breaching).
/// So a claim by someone else costs an agent's console no read at all. A supervisor's
/// counts are everyone's and are read, as are an agent's whenever the change does not say
/// enough (an older service, a bulk change, an owner not known).
extension ConsoleController {
    func headerCounts(after change: ChangeSet) throws -> [QueueView: Int] {
        guard let unowned = pushedUnownedCounts(change) else {
            return try client.queueCounts()
        }
        if let own = state.queue.ownCounts { return own.header(with: unowned) }
        let own = try client.ownQueueCounts()
        state.queue.ownCounts = own
        return own.header(with: unowned)
    }

    /// Forgets the agent's own counts unless the change provably left them as they were:
    /// every changed ticket's owner is known, none was among the agent's counted tickets
    /// nor is the agent's now, and no own ticket has reached Breaching by the change's
    /// count. Run for every change of tickets, whichever way the console then refreshes.
    func keepOwnCountsIfUnmoved(by change: ChangeSet) {
        guard let own = state.queue.ownCounts else { return }
        guard let unowned = pushedUnownedCounts(change), let owners = change.owners,
              own.hold(after: owners, by: state.actor.login, at: unowned.at) else {
            state.queue.ownCounts = nil
            return
        }
    }

    /// The change's unowned counts, when this console may add its own part to them: an
    /// agent's, a version it knows, every changed ticket's owner named.
    private func pushedUnownedCounts(_ change: ChangeSet) -> UnownedQueueCounts? {
        guard !state.actor.role.can(.viewAllQueues), let unowned = change.unownedCounts,
              unowned.version == UnownedQueueCounts.currentVersion,
              let owners = change.owners, owners.count == change.tickets.count else { return nil }
        return unowned
    }
}
