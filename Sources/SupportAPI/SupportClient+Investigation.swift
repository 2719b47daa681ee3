import Foundation
import SupportCore
import SupportStore

/// Investigation: one method per request, named and shaped like the store's service minus the
/// actor (the side that runs the request decides who is acting).
extension SupportClient {
    public func investigate(customerId: Int64, since: Date? = nil) throws -> Investigation {
        try send(InvestigateRequest(customerId: customerId, since: since))
    }

    @discardableResult public func flagTransactions(references: [String], reason: String, ticket: Int64? = nil) throws -> FlagBatchResult {
        try send(FlagTransactionsRequest(references: references, reason: reason, ticket: ticket))
    }

    public func detectionRules() throws -> DetectionRules {
        try send(DetectionRulesRequest())
    }

    public func detectionRuleRows() throws -> [DetectionRuleRow] {
        try send(DetectionRuleRowsRequest())
    }

    @discardableResult public func setDetectionRule(name: String, value: Int, reason: String) throws -> Empty {
        try send(SetDetectionRuleRequest(name: name, value: value, reason: reason))
    }

    public func accountTimeline(customerId: Int64, olderThan: TimelineKey? = nil, newerThan: TimelineKey? = nil, since: Date? = nil, limit: Int = 100) throws -> [TimelineEntry] {
        try send(AccountTimelineRequest(customerId: customerId, olderThan: olderThan, newerThan: newerThan, since: since, limit: limit))
    }
}
