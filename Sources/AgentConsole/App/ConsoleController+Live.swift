import Foundation
import SupportAPI
import SupportCore
import TermUI

/// Other people's changes, as the change feed reports them (pushed by the service, or a
/// `data_version` poll in embedded mode): re-read only what is on screen and changed.
extension ConsoleController {
    /// Returns what the change moved on screen: `.headerCounts` when only the header's
    /// numbers can have changed, so the loop redraws that line alone.
    @discardableResult
    func refresh(_ change: ChangeSet) -> RefreshOutcome {
        defer { keepListsInView() }
        if change.everything {
            state.queue.ownCounts = nil
            refreshFromDatabase()
            return .screen
        }
        let openNumber = state.ticket?.ticket.number
        let dataChanged = !change.tickets.isEmpty || !change.customers.isEmpty
        if !change.tickets.isEmpty { keepOwnCountsIfUnmoved(by: change) }
        // This console's own writes, the queue and open ticket read since: those stand.
        let readBack = readBackWrites.takeEcho(change, login: state.actor.login)
        var outcome: RefreshOutcome = dataChanged && !readBack ? .screen : .nothing
        let status = state.status
        perform {
            if dataChanged, !readBack {
                if queueWindowMayChange(change) {
                    try reloadQueue()
                } else {
                    // Only the counts can have moved; a view whose own count moved is
                    // re-read all the same (a row beyond the loaded ones left it).
                    let counts = try headerCounts(after: change)
                    if counts[state.queue.view] != state.queue.counts[state.queue.view] {
                        try reloadQueue(counts: counts)
                    } else {
                        state.queue.counts = counts
                        outcome = .headerCounts
                    }
                }
            }
            if dataChanged, let customer = loadedCustomerId {
                if change.customers.contains(customer) {
                    try followSelection(force: true)
                    outcome = .screen
                } else if change.tickets.contains(where: { $0 == openNumber }) {
                    // The open ticket's line in the account's tickets moved; the customer's
                    // transactions did not.
                    try rereadAccount()
                    outcome = .screen
                }
            }
            if state.screen == .supervisor, dataChanged || change.presence {
                // Counted beside the loop: the figures held stay until the new ones land.
                // Presence moves the workload table's "viewing" column.
                refreshSupervisor()
                outcome = .screen
            }
            if let number = openNumber {
                if change.tickets.contains(number), !readBack {
                    try reopenTicket(number: number)
                    outcome = .screen
                } else if presenceMayHaveMoved(on: number, change) {
                    state.ticket?.presence = try client.presence(ticketNumber: number)
                    outcome = .screen
                }
            }
        }
        if dataChanged, !readBack { readAheadAgain() }
        // A refusal or a note on the message line is more than the header.
        return state.status == status ? outcome : .screen
    }

    /// Whether a change of presence can concern the open ticket: it names it, names no
    /// ticket (someone left one), or someone shown on it may have left for the one named.
    /// Any other console's ticket-opening costs this one nothing, and so does this agent's
    /// own (this console's coming back on the event stream): the line never shows its agent.
    func presenceMayHaveMoved(on number: Int64, _ change: ChangeSet) -> Bool {
        guard change.presence else { return false }
        if change.presenceBy == [state.actor.login] { return false }
        guard let named = change.presenceTickets else { return true }
        return named.contains(number) || !(state.ticket?.presence.isEmpty ?? true)
    }

    /// Whether another's commit can have changed the rows of the queue window. Any ticket
    /// change can, unless the service said who owns each changed ticket now and none is
    /// shown, none is this agent's, and (outside "My open") none is unowned: an agent's
    /// queues hold only their own and unowned tickets, so such a change cannot add a row.
    /// A supervisor's queues hold everyone's, and always re-read.
    func queueWindowMayChange(_ change: ChangeSet) -> Bool {
        guard let owners = change.owners, owners.count == change.tickets.count,
              !state.actor.role.can(.viewAllQueues) else { return true }
        let shown = Set(state.queue.window.rows.map(\.number))
        let me = state.actor.login
        return owners.contains { owner in
            shown.contains(owner.number) || owner.assignee == me || (owner.assignee == nil && state.queue.view != .mine)
        }
    }

    /// What time changes on screen is followed by the time watch: the main screen with no
    /// mode open. A dialog, an export's progress and the supervisor screen's clocks are
    /// drawn every tick.
    var followsTimeWatch: Bool {
        guard state.screen != .supervisor else { return false }
        if case .normal = state.mode { return true }
        return false
    }

    /// Re-reads the open ticket after someone else's change, keeping what the agent had
    /// seen. When its owner changed by another's hand (a supervisor's bulk give, a `:give`),
    /// the message line says so: the agent may be about to work a ticket that is no longer theirs.
    func reopenTicket(number: Int64) throws {
        let before = state.ticket
        try openTicket(number: number)
        if let seen = before?.seenEventId { state.ticket?.seenEventId = seen }
        guard let before, let after = state.ticket, before.ticket.number == number, before.assignee != after.assignee,
              let event = after.events.last(where: { $0.kind == .assignment }), event.author != state.actor.login else { return }
        let n = TicketNumber.format(number)
        let from = before.assignee ?? state.t(.ownerNobody)
        if let to = after.assignee {
            notify(state.t(.statusOwnerChanged, n, event.author, from, to))
        } else {
            notify(state.t(.statusOwnerReleased, n, event.author, from))
        }
    }

    /// The status bar says when the service is out of reach, and again when it is back;
    /// writes fail with the service's own sentence meanwhile, and drafts stay in the composer.
    func noteConnection(_ problem: String?) {
        guard problem != state.connectionProblem else { return }
        let wasDown = state.connectionProblem != nil
        state.connectionProblem = problem
        if let problem {
            state.status = StatusMessage(text: problem, kind: .error)
        } else if wasDown {
            state.status = StatusMessage(text: state.t(.msgReconnected), kind: .success)
            refreshFromDatabase()
        }
    }
}
