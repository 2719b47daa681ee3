import SupportAPI
import SupportStore

extension PaydeskService {
    /// A commit's changes with each changed ticket's owner after it and every agent's
    /// unowned part of the header counts, read once here for every console: a console
    /// whose queue window cannot have gained or lost a row (an agent's queues hold only
    /// their own and unowned tickets) then re-reads nothing when none of its own tickets
    /// moved (`OwnQueueCounts.hold`), where a hundred consoles each re-read a page of a
    /// hundred rows, then their five counts. Large changes (bulk actions) go without: the
    /// consoles re-read, as before. Runs in publish order (`ChangeHub.publish`).
    func withOwnersAndCounts(_ change: ChangeSet) -> ChangeSet {
        // Nobody listening (a script's commits with no console open): nothing to read.
        guard hub.subscriberCount > 0, !change.everything, !change.tickets.isEmpty,
              change.tickets.count <= Self.ownersLimit else { return change }
        var change = change
        change.owners = try? engine.ticketOwners(numbers: change.tickets)
        // The counts serve only consoles that know the owners too.
        if change.owners != nil { change.unownedCounts = try? engine.unownedQueueCounts() }
        return change
    }

    static let ownersLimit = 64
}
