import Foundation
import SupportCore
import SupportStore

/// Tickets: one method per request, named and shaped like the store's service minus the
/// actor (the side that runs the request decides who is acting).
extension SupportClient {
    public func macros() throws -> [Macro] {
        try send(MacrosRequest())
    }

    public func playbooks() throws -> [Playbook] {
        try send(PlaybooksRequest())
    }

    @discardableResult public func applyMacro(ticket: Int64, key: String, locale: ContentLanguage = .en, body: String? = nil,
                                              seenEventId: Int64? = nil, expecting: Int64? = nil) throws -> Ticket {
        try send(ApplyMacroRequest(ticket: ticket, key: key, locale: locale, body: body, seenEventId: seenEventId, expecting: expecting))
    }

    @discardableResult public func recordPlaybookStep(ticket: Int64, playbook: String, step: String, skipped: Bool = false, note: String? = nil) throws -> Empty {
        try send(RecordPlaybookStepRequest(ticket: ticket, playbook: playbook, step: step, skipped: skipped, note: note))
    }

    public func playbookProgress(ticket: Int64, playbook: String) throws -> [PlaybookStepRecord] {
        try send(PlaybookProgressRequest(ticket: ticket, playbook: playbook))
    }

    @discardableResult public func tag(ticket: Int64, add: [String] = [], remove: [String] = [], expecting: Int64? = nil) throws -> Ticket {
        try send(TagRequest(ticket: ticket, add: add, remove: remove, expecting: expecting))
    }

    @discardableResult public func link(ticket: Int64, to: Int64, kind: TicketLinkKind) throws -> Empty {
        try send(LinkRequest(ticket: ticket, to: to, kind: kind))
    }

    public func links(ticket: Int64) throws -> [TicketLink] {
        try send(LinksRequest(ticket: ticket))
    }

    @discardableResult public func merge(ticket: Int64, into: Int64, expecting: Int64? = nil) throws -> Empty {
        try send(MergeRequest(ticket: ticket, into: into, expecting: expecting))
    }

    @discardableResult public func reply(ticket: Int64, body: String, seenEventId: Int64? = nil, setStatus: TicketStatus? = nil, expecting: Int64? = nil) throws -> Ticket {
        try send(ReplyRequest(ticket: ticket, body: body, seenEventId: seenEventId, setStatus: setStatus, expecting: expecting))
    }

    /// A public reply carrying a file read on this side (the console's exported statement).
    @discardableResult public func reply(ticket: Int64, body: String, attaching file: URL, seenEventId: Int64? = nil,
                                         setStatus: TicketStatus? = nil, expecting: Int64? = nil) throws -> Ticket {
        try reply(ticket: ticket, body: body, attaching: [file], seenEventId: seenEventId, setStatus: setStatus, expecting: expecting)
    }

    /// A public reply carrying several files read on this side, in order. The sizes are
    /// checked before anything is read (the store checks them again), so a wrong choice of
    /// file is refused without reading it into memory whole.
    @discardableResult public func reply(ticket: Int64, body: String, attaching files: [URL], seenEventId: Int64? = nil,
                                         setStatus: TicketStatus? = nil, expecting: Int64? = nil) throws -> Ticket {
        let sizes = files.map { (name: $0.lastPathComponent, size: (try? FileManager.default.attributesOfItem(atPath: $0.path)[.size] as? Int) ?? 0) }
        if let problem = SupportStore.attachmentsProblem(sizes.filter { $0.size > 0 }) { throw StoreError.invalid(problem) }
        let read = try files.map { file in
            guard let content = FileManager.default.contents(atPath: file.path) else {
                throw StoreError.invalid("Cannot attach \(file.path): no such readable file.")
            }
            return ReplyFile(name: file.lastPathComponent, content: content)
        }
        return try send(ReplyWithAttachmentsRequest(ticket: ticket, body: body, files: read,
                                                    seenEventId: seenEventId, setStatus: setStatus, expecting: expecting))
    }

    @discardableResult public func note(ticket: Int64, body: String, expecting: Int64? = nil) throws -> Ticket {
        try send(NoteRequest(ticket: ticket, body: body, expecting: expecting))
    }

    @discardableResult public func setStatus(ticket: Int64, to: TicketStatus, expecting: Int64? = nil) throws -> Ticket {
        try send(SetStatusRequest(ticket: ticket, to: to, expecting: expecting))
    }

    @discardableResult public func setPriority(ticket: Int64, to: Priority, expecting: Int64? = nil) throws -> Ticket {
        try send(SetPriorityRequest(ticket: ticket, to: to, expecting: expecting))
    }

    @discardableResult public func escalate(ticket: Int64, reason: String, expecting: Int64? = nil) throws -> Ticket {
        try send(EscalateRequest(ticket: ticket, reason: reason, expecting: expecting))
    }

    @discardableResult public func claim(ticket: Int64, expecting: Int64? = nil) throws -> Ticket {
        try send(ClaimRequest(ticket: ticket, expecting: expecting))
    }

    @discardableResult public func give(ticket: Int64, to: String, expecting: Int64? = nil) throws -> Ticket {
        try send(GiveRequest(ticket: ticket, to: to, expecting: expecting))
    }

    @discardableResult public func steal(ticket: Int64, reason: String, expecting: Int64? = nil) throws -> Ticket {
        try send(StealRequest(ticket: ticket, reason: reason, expecting: expecting))
    }

    @discardableResult public func release(ticket: Int64, expecting: Int64? = nil) throws -> Ticket {
        try send(ReleaseRequest(ticket: ticket, expecting: expecting))
    }

    public func slaClocks(ticket: Int64) throws -> [SLAClockStatus] {
        try send(SlaClocksRequest(ticket: ticket))
    }

    public func ticket(number: Int64) throws -> Ticket {
        try send(TicketRequest(number: number))
    }

    public func timeline(ticketNumber: Int64) throws -> [TicketEvent] {
        try send(TimelineRequest(ticketNumber: ticketNumber))
    }

    /// The `limit` entries before `before`, in order, and whether there are more before them.
    public func earlierTimeline(ticketNumber: Int64, before: Int64, limit: Int) throws -> (events: [TicketEvent], hasEarlier: Bool) {
        let events = try send(TimelineRequest(ticketNumber: ticketNumber, before: before, limit: limit + 1))
        return events.count > limit ? (Array(events.dropFirst()), true) : (events, false)
    }

    @discardableResult public func createTicket(_ new: NewTicket) throws -> Ticket {
        try send(CreateTicketRequest(new: new))
    }

    @discardableResult public func attachTransaction(reference: String, ticket: Int64) throws -> Ticket {
        try send(AttachTransactionRequest(reference: reference, ticket: ticket))
    }

    public func ticketsLinked(toTransaction: String) throws -> [LinkedTicket] {
        try send(TicketsLinkedRequest(toTransaction: toTransaction))
    }

    @discardableResult public func autoCloseSolved(afterDays: Int) throws -> Int {
        try send(AutoCloseSolvedRequest(afterDays: afterDays))
    }

    public func deliveryStatuses(ticket: Int64) throws -> [Int64: DeliveryStatus] {
        try send(DeliveryStatusesRequest(ticket: ticket))
    }

    @discardableResult public func retryDelivery(outboxId: Int64) throws -> Empty {
        try send(RetryDeliveryRequest(outboxId: outboxId))
    }
}
