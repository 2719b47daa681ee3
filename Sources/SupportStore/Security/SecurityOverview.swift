import Foundation
import GRDB
import SupportCore

/// One line of the console's security pane: an action that applies to the account in
/// its current state and that the viewer's role may take. `available` is false when a
/// precondition blocks it for now (a balance, the hourly code limit, a waiting request);
/// `note` says why, so the agent is not left guessing.
public struct AvailableSecurityAction: Sendable, Codable, Hashable {
    public var kind: AccountSecurityAction
    /// Set on approve/reject entries: the waiting request to decide.
    public var requestId: Int64?
    public var title: String
    public var note: String
    /// `note` as a value, for the console to say in the agent's language.
    public var why: SecurityNote
    public var available: Bool
    public var needsApproval: Bool
}

extension SupportStore {
    /// Everything done or asked for on the account, newest first: the account's security history.
    public func securityHistory(customerId: Int64, limit: Int = 100) throws -> [SecurityActionRecord] {
        try read { db in
            try Row.fetchAll(db, sql: SecurityActionRecord.select + " WHERE s.customer_id = ? ORDER BY s.requested_at DESC, s.id DESC LIMIT ?",
                             arguments: [customerId, limit]).map(SecurityActionRecord.init(row:))
        }
    }

    /// The actions that apply to this account now, for this role, in playbook order
    /// (stop harm first). The account's state is re-read, so a stale view cannot offer
    /// an action that would only be refused.
    public func availableActions(for customer: Customer, role: Role, viewer: String? = nil) throws -> [AvailableSecurityAction] {
        try read { db in
            let c = try Self.loadCustomer(db, id: customer.id)
            guard c.status != .closed else { return [] }
            var list: [AvailableSecurityAction] = []
            func add(_ kind: AccountSecurityAction, _ title: String, _ why: SecurityNote, available: Bool = true, request: Int64? = nil) {
                guard role.can(request == nil ? kind.permission : .approveRequests) else { return }
                list.append(AvailableSecurityAction(kind: kind, requestId: request, title: title, note: why.english, why: why,
                                                    available: available, needsApproval: request == nil && kind.requiresApproval))
            }
            let pending = try Row.fetchAll(db, sql: SecurityActionRecord.select + " WHERE s.customer_id = ? AND s.state = 'pending_approval' ORDER BY s.id",
                                           arguments: [c.id]).map(SecurityActionRecord.init(row:))
            func waiting(_ kind: AccountSecurityAction) -> SecurityActionRecord? { pending.first { $0.kind == kind } }

            if c.status == .active {
                add(.freeze, "Freeze account", .immediate)
            } else if let request = waiting(.unfreeze) {
                add(.unfreeze, "Unfreeze account", .waitingApproval(request: request.id), available: false)
            } else {
                add(.unfreeze, "Unfreeze account", .supervisorApproves)
            }
            let sessions = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM customer_sessions WHERE customer_id = ? AND revoked_at IS NULL",
                                            arguments: [c.id]) ?? 0
            add(.revokeSessions, "Revoke all sessions", .signsOutEverywhere(open: sessions))
            let recent = try Int64.fetchAll(db, sql: "SELECT created_at FROM verification_codes WHERE customer_id = ? AND created_at > ? ORDER BY created_at",
                                            arguments: [c.id, now - OneTimeCode.window])
            if recent.count >= OneTimeCode.perHour {
                let next = Date(epoch: recent[recent.count - OneTimeCode.perHour] + OneTimeCode.window)
                add(.forceCredentialReset, "Force credential reset", .codeLimitReached(nextAt: TimeText.hm(next)), available: false)
            } else {
                add(.forceCredentialReset, "Force credential reset", .codesLeft(OneTimeCode.perHour - recent.count))
            }
            let bound = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM devices WHERE customer_id = ? AND bound = 1", arguments: [c.id]) ?? 0
            add(.unbindDevice, "Unbind a device", bound == 0 ? .noDeviceBound : .boundDevices(bound), available: bound > 0)
            if !c.twoFactor { add(.requireTwoFactor, "Require two-factor", .twoFactorOff) }
            add(.flagTransaction, "Flag a transaction", .pickInTransactions)
            add(.openDispute, "Open a dispute", .disputeDeadline(days: Self.disputeDeadlineDays))
            if let appeal = try Int64.fetchOne(db, sql: "SELECT id FROM disputes WHERE customer_id = ? AND kind = 'appeal' AND state = 'open'",
                                               arguments: [c.id]) {
                add(.openAppeal, "Open a stolen-account appeal", .appealAlreadyOpen(appeal), available: false)
            } else {
                add(.openAppeal, "Open a stolen-account appeal", .appealNeeds)
            }
            let openDisputes = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM disputes WHERE customer_id = ? AND kind = 'dispute' AND state = 'open'",
                                                arguments: [c.id]) ?? 0
            if openDisputes > 0 {
                add(.refundDispute, "Request a dispute refund", .openDisputes(openDisputes))
            }
            if let request = waiting(.closeAccount) {
                add(.closeAccount, "Close account", .waitingApproval(request: request.id), available: false)
            } else if c.balance != 0 {
                add(.closeAccount, "Close account", .balanceNotZero(Money.format(c.balance, currency: c.currency)), available: false)
            } else {
                add(.closeAccount, "Close account", .supervisorApproves)
            }
            for request in pending {
                let own = viewer.map { $0.lowercased() == request.requestedBy.lowercased() } ?? false
                add(request.kind, "Decide request #\(request.id): \(request.kind.phrase)",
                    own ? .ownRequest : .askedBy(request.requestedBy),
                    available: !own, request: request.id)
            }
            return list
        }
    }
}
