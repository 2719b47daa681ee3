import Foundation
import SupportCore
import SupportStore

/// Everything the ticket pane shows for one ticket.
public struct TicketView: Sendable, Codable, Equatable {
    public var ticket: Ticket
    /// The owner's login; nil when unassigned.
    public var assignee: String?
    public var events: [TicketEvent]
    public var clocks: [SLAClockStatus]
    public var links: [TicketLink]
    /// Who else has the ticket open (the asking agent left out).
    public var presence: [PresenceEntry]
    /// The complaint record, for a ticket in the complaint category that has one.
    public var complaint: ComplaintRecord?
    /// Each reply's delivery, by event id.
    public var deliveries: [Int64: DeliveryStatus]
    /// The asking agent's draft on the ticket, if any: `r` or `n` then opens on it without
    /// a read of its own.
    public var draft: Draft?
    /// True when `events` is the newest part of the timeline and older entries are left
    /// out (`TicketViewRequest.recent`); nil or false: they are all there is before.
    public var hasEarlier: Bool?

    public init(ticket: Ticket, assignee: String?, events: [TicketEvent], clocks: [SLAClockStatus], links: [TicketLink],
                presence: [PresenceEntry], complaint: ComplaintRecord?, deliveries: [Int64: DeliveryStatus],
                draft: Draft? = nil, hasEarlier: Bool? = nil) {
        self.ticket = ticket; self.assignee = assignee; self.events = events; self.clocks = clocks; self.links = links
        self.presence = presence; self.complaint = complaint; self.deliveries = deliveries; self.draft = draft
        self.hasEarlier = hasEarlier
    }
}

/// The ticket pane in one request: the console opens a ticket, and re-reads it after every
/// change to it, and through the service the nine reads it made were nine round trips.
/// Each part runs as its own request would, gate and all (`SupportRequest.run`), so the
/// answer is exactly what the nine requests give (`TicketViewRequestTests`).
public struct TicketViewRequest: SupportRequest {
    public typealias Response = TicketView
    public static let operation = "ticketView"
    public static let effect = RequestEffect.read
    public var number: Int64
    /// At most this many of the newest timeline entries (the view says whether there are
    /// earlier ones): a ticket of ten thousand entries opens as fast as one of ten. nil:
    /// all of them.
    public var recent: Int?
    /// The entries from this id on (all since then, however many): what a console holds
    /// of a ticket it re-reads after a change. Taken before `recent`.
    public var from: Int64?
    public init(number: Int64, recent: Int? = nil, from: Int64? = nil) {
        self.number = number; self.recent = recent; self.from = from
    }

    public func handle(_ context: RequestContext) throws -> TicketView {
        func part<R: SupportRequest>(_ request: R) throws -> R.Response {
            try request.run(store: context.engine, actor: context.actor, presence: context.presence)
        }
        let ticket = try part(TicketRequest(number: number))
        var events: [TicketEvent]
        var hasEarlier: Bool?
        if let from {
            events = try part(TimelineRequest(ticketNumber: number, from: from))
            hasEarlier = from > 0 ? try !part(TimelineRequest(ticketNumber: number, before: from, limit: 1)).isEmpty : false
        } else if let recent {
            events = try part(TimelineRequest(ticketNumber: number, limit: recent + 1))
            hasEarlier = events.count > recent
            if events.count > recent { events.removeFirst() }
        } else {
            events = try part(TimelineRequest(ticketNumber: number))
        }
        return TicketView(ticket: ticket,
                          assignee: try ticket.assigneeId.flatMap { try part(AgentByIdRequest(id: $0))?.login },
                          events: events,
                          clocks: try part(SlaClocksRequest(ticket: number)),
                          links: try part(LinksRequest(ticket: number)),
                          presence: try part(PresenceRequest(ticketNumber: number)),
                          complaint: ticket.category == .complaint ? try part(ComplaintRequest(ticket: number)) : nil,
                          deliveries: try part(DeliveryStatusesRequest(ticket: number)),
                          draft: try part(DraftRequest(ticketNumber: number)),
                          hasEarlier: hasEarlier)
    }
}

extension SupportClient {
    public func ticketView(number: Int64, recent: Int? = nil, from: Int64? = nil) throws -> TicketView {
        try send(TicketViewRequest(number: number, recent: recent, from: from))
    }
}
