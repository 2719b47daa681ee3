import Foundation
import GRDB
import SupportCore

/// Every action the security services record. `SecurityActionKind` (SupportCore) names the
/// six that the playbooks and the four-eyes rule talk about; the raw values here match
/// its raw values, and the rest are the protective and investigative extras the
/// stolen-account flow needs (unbinding a device, requiring 2FA, flags, disputes, appeals).
public enum AccountSecurityAction: String, Sendable, Codable, CaseIterable {
    case freeze
    case unfreeze
    case closeAccount = "close_account"
    case forceCredentialReset = "force_credential_reset"
    case revokeSessions = "revoke_sessions"
    case unbindDevice = "unbind_device"
    case requireTwoFactor = "require_two_factor"
    case flagTransaction = "flag_transaction"
    case openDispute = "open_dispute"
    case openAppeal = "open_appeal"
    case refundDispute = "refund_dispute"

    public init(_ kind: SecurityActionKind) { self = AccountSecurityAction(rawValue: kind.rawValue)! }

    /// The SupportCore kind, where there is one.
    public var coreKind: SecurityActionKind? { SecurityActionKind(rawValue: rawValue) }

    /// Giving access or money back waits for a second person; everything else is immediate.
    public var requiresApproval: Bool { coreKind?.requiresApproval ?? false }

    public var permission: Permission { coreKind?.permission ?? .protectiveSecurityAction }

    /// Completes "… to X" and "cannot X": "unfreeze the account".
    public var phrase: String {
        if let core = coreKind { return core.phrase }
        switch self {
        case .unbindDevice: return "unbind a device"
        case .requireTwoFactor: return "require two-factor verification"
        case .flagTransaction: return "flag a transaction"
        case .openDispute: return "open a dispute"
        case .openAppeal: return "open a stolen-account appeal"
        default: return rawValue
        }
    }
}

public enum SecurityActionState: String, Sendable, Codable, CaseIterable {
    case done
    case pendingApproval = "pending_approval"
    case approved
    case rejected
}

/// One row of `security_actions`: an action taken, or a request waiting for (or past) its
/// approver. `details` is a small JSON object, shown as is in history views.
public struct SecurityActionRecord: Sendable, Codable, Hashable, Identifiable {
    public var id: Int64
    public var customerId: Int64
    public var walletId: String
    public var kind: AccountSecurityAction
    public var reason: String
    public var ticketNumber: Int64?
    public var disputeId: Int64?
    public var requestedBy: String
    public var requestedAt: Date
    public var state: SecurityActionState
    public var decidedBy: String?
    public var decidedAt: Date?
    public var decisionReason: String?
    public var details: String?
}

extension SecurityActionRecord {
    static let select = """
        SELECT s.*, c.wallet_id, t.number AS ticket_number FROM security_actions s
        JOIN customers c ON c.id = s.customer_id LEFT JOIN tickets t ON t.id = s.ticket_id
        """

    init(row: Row) {
        self.init(id: row["id"], customerId: row["customer_id"], walletId: row["wallet_id"],
                  kind: AccountSecurityAction(rawValue: row["kind"]) ?? .freeze, reason: row["reason"],
                  ticketNumber: row["ticket_number"], disputeId: row["dispute_id"],
                  requestedBy: row["requested_by"], requestedAt: Date(epoch: row["requested_at"]),
                  state: SecurityActionState(rawValue: row["state"]) ?? .done, decidedBy: row["decided_by"],
                  decidedAt: (row["decided_at"] as Int64?).map(Date.init(epoch:)),
                  decisionReason: row["decision_reason"], details: row["details"])
    }

    static func load(_ db: any SQLSession, id: Int64) throws -> SecurityActionRecord {
        guard let row = try db.fetchRow(select + " WHERE s.id = ?", [id]) else {
            throw StoreError.notFound("Request #\(id)")
        }
        return SecurityActionRecord(row: row)
    }
}

public enum DisputeKind: String, Sendable, Codable, CaseIterable {
    case dispute, appeal
}

public enum DisputeState: String, Sendable, Codable, CaseIterable {
    case open, refunded, closed
}

/// A disputed transaction, or a stolen-account appeal with the time of compromise and the
/// transactions the customer does not recognise.
public struct Dispute: Sendable, Codable, Hashable, Identifiable {
    public var id: Int64
    public var customerId: Int64
    public var kind: DisputeKind
    public var reference: String?          // the disputed transaction
    public var ticketNumber: Int64?
    public var reason: String
    public var openedBy: String
    public var openedAt: Date
    public var deadlineAt: Date
    public var state: DisputeState
    public var compromisedAt: Date?
    public var suspiciousReferences: [String]
}

extension Dispute {
    static let select = """
        SELECT d.*, x.reference, t.number AS ticket_number FROM disputes d
        LEFT JOIN transactions x ON x.id = d.transaction_id LEFT JOIN tickets t ON t.id = d.ticket_id
        """

    init(row: Row) {
        var refs: [String] = []
        if let json: String = row["details"],
           let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] {
            refs = object["suspicious_references"] as? [String] ?? []
        }
        self.init(id: row["id"], customerId: row["customer_id"],
                  kind: DisputeKind(rawValue: row["kind"]) ?? .dispute, reference: row["reference"],
                  ticketNumber: row["ticket_number"], reason: row["reason"], openedBy: row["opened_by"],
                  openedAt: Date(epoch: row["opened_at"]), deadlineAt: Date(epoch: row["deadline_at"]),
                  state: DisputeState(rawValue: row["state"]) ?? .open,
                  compromisedAt: (row["compromised_at"] as Int64?).map(Date.init(epoch:)),
                  suspiciousReferences: refs)
    }
}

/// Where a one-time code went. Carries no code: nothing an agent receives ever does.
public struct CodeDispatch: Sendable, Codable, Hashable {
    public var action: SecurityActionRecord
    public var channel: OutboxChannel
    public var destination: String        // masked
    public var expiresAt: Date
    public var outboxId: Int64
}

/// The customer entered a valid code.
public struct CodeVerification: Sendable, Codable, Hashable {
    public var customerId: Int64
    public var verifiedAt: Date
    public var channel: OutboxChannel
}

public struct CustomerSession: Sendable, Codable, Hashable, Identifiable {
    public var id: Int64
    public var customerId: Int64
    public var deviceId: Int64?
    public var startedAt: Date
    public var revokedAt: Date?
    public var revokedBy: String?
}

extension CustomerSession {
    init(row: Row) {
        self.init(id: row["id"], customerId: row["customer_id"], deviceId: row["device_id"],
                  startedAt: Date(epoch: row["started_at"]),
                  revokedAt: (row["revoked_at"] as Int64?).map(Date.init(epoch:)), revokedBy: row["revoked_by"])
    }
}

/// Tiny JSON objects for `details` columns, with keys in a stable order so that the
/// same details always read (and hash into the audit log) the same way.
enum DetailsJSON {
    static func encode(_ fields: [String: Any]) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    static func decode(_ text: String?) -> [String: Any] {
        guard let text, let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) else { return [:] }
        return object as? [String: Any] ?? [:]
    }
}
