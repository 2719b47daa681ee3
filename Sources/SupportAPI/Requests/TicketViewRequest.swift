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

    public init(ticket: Ticket, assignee: String?, events: [TicketEvent], clocks: [SLAClockStatus], links: [TicketLink],
                presence: [PresenceEntry], complaint: ComplaintRecord?, deliveries: [Int64: DeliveryStatus],
                draft: Draft? = nil) {
        self.ticket = ticket; self.assignee = assignee; self.events = events; self.clocks = clocks; self.links = links
        self.presence = presence; self.complaint = complaint; self.deliveries = deliveries; self.draft = draft
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
    public init(number: Int64) { self.number = number }

    public func handle(_ context: RequestContext) throws -> TicketView {
        func part<R: SupportRequest>(_ request: R) throws -> R.Response {
            try request.run(store: context.engine, actor: context.actor, presence: context.presence)
        }
        let ticket = try part(TicketRequest(number: number))
        return TicketView(ticket: ticket,
                          assignee: try ticket.assigneeId.flatMap { try part(AgentByIdRequest(id: $0))?.login },
                          events: try part(TimelineRequest(ticketNumber: number)),
                          clocks: try part(SlaClocksRequest(ticket: number)),
                          links: try part(LinksRequest(ticket: number)),
                          presence: try part(PresenceRequest(ticketNumber: number)),
                          complaint: ticket.category == .complaint ? try part(ComplaintRequest(ticket: number)) : nil,
                          deliveries: try part(DeliveryStatusesRequest(ticket: number)),
                          draft: try part(DraftRequest(ticketNumber: number)))
    }
}

extension SupportClient {
    public func ticketView(number: Int64) throws -> TicketView {
        try send(TicketViewRequest(number: number))
    }
}
