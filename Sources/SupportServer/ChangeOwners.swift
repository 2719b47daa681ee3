import SupportAPI
import SupportStore

extension PaydeskService {
    /// A commit's changes with each changed ticket's owner after it, read once here for
    /// every console: a console whose queue window cannot have gained or lost a row (an
    /// agent's queues hold only their own and unowned tickets) then re-reads only its
    /// counts, where a hundred consoles each re-read a page of a hundred rows. Large
    /// changes (bulk actions) go without: the consoles re-read, as before.
    func withOwners(_ change: ChangeSet) -> ChangeSet {
        // Nobody listening (a script's commits with no console open): nothing to read.
        guard hub.subscriberCount > 0, !change.everything, !change.tickets.isEmpty,
              change.tickets.count <= Self.ownersLimit else { return change }
        var change = change
        change.owners = try? engine.ticketOwners(numbers: change.tickets)
        return change
    }

    static let ownersLimit = 64
}
