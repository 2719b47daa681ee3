import Foundation

/// The one table of ticket status transitions. The store, the console and the command
/// line all ask this type, so a rule changes in exactly one place.
public enum TicketLifecycle {
    /// Allowed targets for each status, in the order menus should list them.
    /// `closed` is final: a customer writing again starts a new ticket, which keeps the
    /// closed ticket's history (and its SLA and CSAT results) unchanged.
    public static let transitions: [TicketStatus: [TicketStatus]] = [
        .new: [.open, .pending, .onHold, .solved],
        .open: [.pending, .onHold, .solved],
        .pending: [.open, .onHold, .solved],
        .onHold: [.open, .pending, .solved],
        .solved: [.open, .closed],
        .closed: [],
    ]

    /// Days a solved ticket waits for the customer before it closes on its own.
    public static let defaultAutoCloseDays = 4

    public static func allowed(from status: TicketStatus) -> [TicketStatus] {
        transitions[status] ?? []
    }

    public static func canMove(from: TicketStatus, to: TicketStatus) -> Bool {
        allowed(from: from).contains(to)
    }

    public static func check(from: TicketStatus, to: TicketStatus) throws(TransitionError) {
        guard canMove(from: from, to: to) else {
            throw TransitionError(from: from, to: to, allowed: allowed(from: from))
        }
    }

    /// Status a ticket takes when the customer writes to it. Anything waiting on the
    /// customer or already solved comes back to the team as open; a new ticket stays new
    /// until an agent touches it. A closed ticket does not change: see
    /// `customerMessageStartsNewTicket`.
    public static func statusAfterCustomerMessage(_ status: TicketStatus) -> TicketStatus {
        switch status {
        case .new: .new
        case .open, .pending, .onHold, .solved: .open
        case .closed: .closed
        }
    }

    /// True when a customer message must open a fresh ticket instead of reopening this one.
    public static func customerMessageStartsNewTicket(_ status: TicketStatus) -> Bool {
        status == .closed
    }

    /// A solved ticket closes once `afterDays` whole days have passed without the
    /// customer reopening it.
    public static func shouldAutoClose(solvedAt: Date, now: Date,
                                       afterDays: Int = defaultAutoCloseDays) -> Bool {
        now.timeIntervalSince(solvedAt) >= Double(afterDays) * 86_400
    }
}

/// A refused status change, described in one sentence that names what is allowed.
public struct TransitionError: Error, Sendable, Hashable, CustomStringConvertible {
    public let from: TicketStatus
    public let to: TicketStatus
    public let allowed: [TicketStatus]

    public init(from: TicketStatus, to: TicketStatus, allowed: [TicketStatus]) {
        self.from = from; self.to = to; self.allowed = allowed
    }

    public var description: String {
        let head = "cannot move a ticket from \(from.rawValue) to \(to.rawValue)"
        if allowed.isEmpty {
            return "\(head); a \(from.rawValue) ticket is final and a new customer message starts a new ticket"
        }
        return "\(head); allowed: \(allowed.map(\.rawValue).joined(separator: ", "))"
    }
}
