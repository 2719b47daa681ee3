import Foundation
import SupportCore
import SupportStore

/// Queue: one method per request, named and shaped like the store's service minus the
/// actor (the side that runs the request decides who is acting).
extension SupportClient {
    @discardableResult public func bulk(_ change: BulkChange, tickets: [BulkTarget], locale: ContentLanguage = .en) throws -> BulkOutcome {
        try send(BulkRequest(change: change, tickets: tickets, locale: locale))
    }

    public func queuePage(_ spec: QueueSpec, after: TicketSummary? = nil, before: TicketSummary? = nil, limit: Int = 100) throws -> [TicketSummary] {
        try send(QueuePageRequest(view: spec.view, query: spec.query, sort: spec.sort, after: after, before: before, limit: limit))
    }

    public func queueLastPage(_ spec: QueueSpec, limit: Int = 100) throws -> [TicketSummary] {
        try send(QueueLastPageRequest(view: spec.view, query: spec.query, sort: spec.sort, limit: limit))
    }

    public func queueTicketVersions(_ spec: QueueSpec, limit: Int) throws -> [TicketVersion] {
        try send(QueueTicketVersionsRequest(view: spec.view, query: spec.query, sort: spec.sort, limit: limit))
    }

    public func queueCount(_ spec: QueueSpec) throws -> Int {
        try send(QueueCountRequest(view: spec.view, query: spec.query, sort: spec.sort))
    }

    public func queueCounts(query: Query = Query(source: "", terms: [])) throws -> [QueueView: Int] {
        try send(QueueCountsRequest(query: query))
    }

    public func ownQueueCounts() throws -> OwnQueueCounts {
        try send(OwnQueueCountsRequest())
    }
}
