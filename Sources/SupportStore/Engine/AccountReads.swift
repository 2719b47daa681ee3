import Foundation
import GRDB
import SupportCore

// What the account and security panes show for one customer, on either store.
extension StoreEngine {
    /// Finds a customer by id or wallet id. Phone and email are personal data shown
    /// masked, so looking a customer up by them is a search that needs a reason and is
    /// audited (`findCustomer(contact:reason:by:)`); here it is refused, or every caller
    /// would be an exact-match oracle for unmasking contact data.
    public func findCustomer(_ key: String) throws -> Customer {
        let trimmed = key.trimmingCharacters(in: .whitespaces)
        let found = try reading { db -> Row? in
            if let id = Int64(trimmed), let row = try db.fetchRow("SELECT * FROM customers WHERE id = ?", [id]) {
                return row
            }
            return try db.fetchRow("SELECT * FROM customers WHERE wallet_id = ?", [WalletId.normalize(trimmed)])
        }
        if let found { return Customer(row: found) }
        if ContactKey(trimmed) != nil {
            throw StoreError.invalid("Finding a customer by phone or email is a search of personal data: give a reason (`paydesk account show '\(trimmed)' --reason WHY`, audited), then use the wallet id it shows.")
        }
        throw StoreError.notFound("Customer '\(trimmed)'")
    }

    public func devices(customerId: Int64) throws -> [Device] {
        try reading { try Self.devices($0, customerId: customerId) }
    }

    public func loginEvents(customerId: Int64, limit: Int = 10) throws -> [LoginEvent] {
        try reading { try Self.loginEvents($0, customerId: customerId, limit: limit) }
    }

    /// The customer's tickets, open ones first, newest first.
    public func tickets(customerId: Int64, limit: Int = 50) throws -> [TicketSummary] {
        try reading { try Self.tickets($0, customerId: customerId, limit: limit) }
    }

    public func customerView(id: Int64) throws -> Customer {
        Self.masked(try customer(id: id))
    }

    /// Everything done or asked for on the account, newest first: the account's security history.
    public func securityHistory(customerId: Int64, limit: Int = 100) throws -> [SecurityActionRecord] {
        try reading { try Self.securityHistory($0, customerId: customerId, limit: limit) }
    }

    /// The actions that apply to this account now, for this role, in playbook order
    /// (stop harm first). The account's state is re-read, so a stale view cannot offer
    /// an action that would only be refused.
    public func availableActions(for customer: Customer, role: Role, viewer: String? = nil) throws -> [AvailableSecurityAction] {
        try reading { db in
            try availableActions(db, for: try Self.loadCustomer(db, id: customer.id), role: role, viewer: viewer)
        }
    }
}

// The same reads inside a caller's transaction, so the account overview takes them all
// from one snapshot (`accountOverview`).
extension StoreEngine {
    static func devices(_ db: any SQLSession, customerId: Int64) throws -> [Device] {
        try db.fetchRows("SELECT * FROM devices WHERE customer_id = ? ORDER BY bound DESC, last_seen_at DESC",
                         [customerId]).map(Device.init(row:))
    }

    static func loginEvents(_ db: any SQLSession, customerId: Int64, limit: Int) throws -> [LoginEvent] {
        try db.fetchRows("SELECT * FROM login_events WHERE customer_id = ? ORDER BY at DESC LIMIT ?",
                         [customerId, limit]).map(LoginEvent.init(row:))
    }

    static func tickets(_ db: any SQLSession, customerId: Int64, limit: Int) throws -> [TicketSummary] {
        try db.fetch(TicketSummaryDecoder.self, """
            SELECT \(TicketSummary.columns) \(TicketSummary.joins)
            WHERE t.customer_id = ?
            ORDER BY t.status IN ('solved','closed'), t.created_at DESC LIMIT ?
            """, [customerId, limit])
    }

    /// Contact data as every view but revealContact shows it: masked.
    static func masked(_ customer: Customer) -> Customer {
        var c = customer
        c.phone = MaskedPhone(c.phone).description
        c.email = MaskedEmail(c.email).description
        return c
    }

    static func securityHistory(_ db: any SQLSession, customerId: Int64, limit: Int) throws -> [SecurityActionRecord] {
        try db.fetchRows(SecurityActionRecord.select + " WHERE s.customer_id = ? ORDER BY s.requested_at DESC, s.id DESC LIMIT ?",
                         [customerId, limit]).map(SecurityActionRecord.init(row:))
    }

    /// `availableActions(for:role:viewer:)` for `c`, the account as this transaction reads it.
    func availableActions(_ db: any SQLSession, for c: Customer, role: Role, viewer: String?) throws -> [AvailableSecurityAction] {
        guard c.status != .closed else { return [] }
        var list: [AvailableSecurityAction] = []
        func add(_ kind: AccountSecurityAction, _ title: String, _ why: SecurityNote, available: Bool = true, request: Int64? = nil) {
            guard role.can(request == nil ? kind.permission : .approveRequests) else { return }
            list.append(AvailableSecurityAction(kind: kind, requestId: request, title: title, note: why.english, why: why,
                                                available: available, needsApproval: request == nil && kind.requiresApproval))
        }
        let pending = try db.fetchRows(SecurityActionRecord.select + " WHERE s.customer_id = ? AND s.state = 'pending_approval' ORDER BY s.id",
                                       [c.id]).map(SecurityActionRecord.init(row:))
        func waiting(_ kind: AccountSecurityAction) -> SecurityActionRecord? { pending.first { $0.kind == kind } }

        if c.status == .active {
            add(.freeze, "Freeze account", .immediate)
        } else if let request = waiting(.unfreeze) {
            add(.unfreeze, "Unfreeze account", .waitingApproval(request: request.id), available: false)
        } else {
            add(.unfreeze, "Unfreeze account", .supervisorApproves)
        }
        let sessions = try db.fetchValue("SELECT COUNT(*) FROM customer_sessions WHERE customer_id = ? AND revoked_at IS NULL",
                                        [c.id], as: Int.self) ?? 0
        add(.revokeSessions, "Revoke all sessions", .signsOutEverywhere(open: sessions))
        let recent = try db.fetchValues("SELECT created_at FROM verification_codes WHERE customer_id = ? AND created_at > ? ORDER BY created_at",
                                        [c.id, now - OneTimeCode.window], as: Int64.self)
        if recent.count >= OneTimeCode.perHour {
            let next = Date(epoch: recent[recent.count - OneTimeCode.perHour] + OneTimeCode.window)
            add(.forceCredentialReset, "Force credential reset", .codeLimitReached(nextAt: TimeText.hm(next)), available: false)
        } else {
            add(.forceCredentialReset, "Force credential reset", .codesLeft(OneTimeCode.perHour - recent.count))
        }
        let bound = try db.fetchValue("SELECT COUNT(*) FROM devices WHERE customer_id = ? AND bound = 1", [c.id], as: Int.self) ?? 0
        add(.unbindDevice, "Unbind a device", bound == 0 ? .noDeviceBound : .boundDevices(bound), available: bound > 0)
        if !c.twoFactor { add(.requireTwoFactor, "Require two-factor", .twoFactorOff) }
        add(.flagTransaction, "Flag a transaction", .pickInTransactions)
        add(.openDispute, "Open a dispute", .disputeDeadline(days: SupportStore.disputeDeadlineDays))
        if let appeal = try db.fetchValue("SELECT id FROM disputes WHERE customer_id = ? AND kind = 'appeal' AND state = 'open'",
                                           [c.id], as: Int64.self) {
            add(.openAppeal, "Open a stolen-account appeal", .appealAlreadyOpen(appeal), available: false)
        } else {
            add(.openAppeal, "Open a stolen-account appeal", .appealNeeds)
        }
        let openDisputes = try db.fetchValue("SELECT COUNT(*) FROM disputes WHERE customer_id = ? AND kind = 'dispute' AND state = 'open'",
                                            [c.id], as: Int.self) ?? 0
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

    static func loadCustomer(_ db: any SQLSession, id: Int64) throws -> Customer {
        guard let row = try db.fetchRow("SELECT * FROM customers WHERE id = ?", [id]) else {
            throw StoreError.notFound("Customer \(id)")
        }
        return Customer(row: row)
    }
}
