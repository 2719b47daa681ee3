import Foundation
import SupportCore
import SupportStore

/// Security: one method per request, named and shaped like the store's service minus the
/// actor (the side that runs the request decides who is acting).
extension SupportClient {
    public func outboxList(pendingOnly: Bool = false, limit: Int = 100) throws -> [OutboxMessage] {
        try send(OutboxListRequest(pendingOnly: pendingOnly, limit: limit))
    }

    public func deliveryFailures(limit: Int = 100) throws -> [OutboxMessage] {
        try send(DeliveryFailuresRequest(limit: limit))
    }

    @discardableResult public func drainOutbox(to: String) throws -> OutboxDrainReport {
        try send(DrainOutboxRequest(to: to))
    }

    @discardableResult public func freeze(customerId: Int64, reason: String, ticket: Int64? = nil) throws -> SecurityActionRecord {
        try send(FreezeRequest(customerId: customerId, reason: reason, ticket: ticket))
    }

    @discardableResult public func requestUnfreeze(customerId: Int64, reason: String, ticket: Int64? = nil) throws -> SecurityActionRecord {
        try send(RequestUnfreezeRequest(customerId: customerId, reason: reason, ticket: ticket))
    }

    @discardableResult public func requestClose(customerId: Int64, reason: String, ticket: Int64? = nil) throws -> SecurityActionRecord {
        try send(RequestCloseRequest(customerId: customerId, reason: reason, ticket: ticket))
    }

    @discardableResult public func forceCredentialReset(customerId: Int64, reason: String, ticket: Int64? = nil, channel: OutboxChannel = .sms) throws -> CodeDispatch {
        try send(ForceCredentialResetRequest(customerId: customerId, reason: reason, ticket: ticket, channel: channel))
    }

    public func approvals(state: SecurityActionState? = .pendingApproval, limit: Int = 200) throws -> [SecurityActionRecord] {
        try send(ApprovalsRequest(state: state, limit: limit))
    }

    public func securityAction(id: Int64) throws -> SecurityActionRecord {
        try send(SecurityActionRequest(id: id))
    }

    @discardableResult public func approve(requestId: Int64, reason: String) throws -> SecurityActionRecord {
        try send(ApproveRequest(requestId: requestId, reason: reason))
    }

    @discardableResult public func reject(requestId: Int64, reason: String) throws -> SecurityActionRecord {
        try send(RejectRequest(requestId: requestId, reason: reason))
    }

    public func securityHistory(customerId: Int64, limit: Int = 100) throws -> [SecurityActionRecord] {
        try send(SecurityHistoryRequest(customerId: customerId, limit: limit))
    }

    public func availableActions(for customer: Customer) throws -> [AvailableSecurityAction] {
        try send(AvailableActionsRequest(customer: customer))
    }

    @discardableResult public func revokeSessions(customerId: Int64, reason: String, ticket: Int64? = nil) throws -> SecurityActionRecord {
        try send(RevokeSessionsRequest(customerId: customerId, reason: reason, ticket: ticket))
    }

    @discardableResult public func unbindDevice(customerId: Int64, deviceId: Int64, reason: String, ticket: Int64? = nil) throws -> SecurityActionRecord {
        try send(UnbindDeviceRequest(customerId: customerId, deviceId: deviceId, reason: reason, ticket: ticket))
    }

    @discardableResult public func requireTwoFactor(customerId: Int64, reason: String, ticket: Int64? = nil) throws -> SecurityActionRecord {
        try send(RequireTwoFactorRequest(customerId: customerId, reason: reason, ticket: ticket))
    }

    public func disputes(customerId: Int64) throws -> [Dispute] {
        try send(DisputesRequest(customerId: customerId))
    }

    @discardableResult public func flagTransaction(reference: String, reason: String, ticket: Int64? = nil) throws -> SecurityActionRecord {
        try send(FlagTransactionRequest(reference: reference, reason: reason, ticket: ticket))
    }

    @discardableResult public func openDispute(reference: String, reason: String, ticket: Int64? = nil) throws -> Dispute {
        try send(OpenDisputeRequest(reference: reference, reason: reason, ticket: ticket))
    }

    @discardableResult public func openAppeal(customerId: Int64, timeOfCompromise: Date, suspiciousReferences: [String], reason: String, ticket: Int64? = nil) throws -> Dispute {
        try send(OpenAppealRequest(customerId: customerId, timeOfCompromise: timeOfCompromise, suspiciousReferences: suspiciousReferences, reason: reason, ticket: ticket))
    }

    @discardableResult public func requestDisputeRefund(disputeId: Int64, reason: String, ticket: Int64? = nil) throws -> SecurityActionRecord {
        try send(RequestDisputeRefundRequest(disputeId: disputeId, reason: reason, ticket: ticket))
    }

    @discardableResult public func requestDisputeRefund(reference: String, reason: String, ticket: Int64? = nil) throws -> SecurityActionRecord {
        try send(RequestDisputeRefundByReferenceRequest(reference: reference, reason: reason, ticket: ticket))
    }

    @discardableResult public func verifyCodeForCustomer(customerId: Int64, code: String, channel: Channel, reason: String) throws -> CodeVerification {
        try send(VerifyCodeForCustomerRequest(customerId: customerId, code: code, channel: channel, reason: reason))
    }
}
