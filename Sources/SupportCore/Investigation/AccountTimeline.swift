import Foundation

/// What happened on a customer's account, as the stolen-account investigation reads it.
/// Raw values are what `paydesk account timeline --json` prints and what the
/// `account_events` table stores for the kinds it holds.
public enum AccountEventKind: String, Sendable, Codable, CaseIterable {
    case loginOk = "login_ok"
    case loginFailed = "login_failed"
    case deviceBound = "device_bound"
    case deviceUnbound = "device_unbound"
    case sessionStarted = "session_started"
    case sessionRevoked = "session_revoked"
    /// The customer asked for a password reset (in the app or on the web).
    case resetRequested = "reset_requested"
    case passwordChanged = "password_changed"
    case codeIssued = "code_issued"
    case codeVerified = "code_verified"
    case twoFactorOn = "two_factor_on"
    case twoFactorOff = "two_factor_off"
    case contactChanged = "contact_changed"
    /// Something support did: freeze, forced reset, flag, appeal… (from `security_actions`).
    case supportAction = "support_action"
    case transaction

    /// A short noun for timelines and explanations: "login", "password change".
    public var noun: String {
        switch self {
        case .loginOk: "login"
        case .loginFailed: "failed login"
        case .deviceBound: "device bind"
        case .deviceUnbound: "device unbind"
        case .sessionStarted: "session start"
        case .sessionRevoked: "session revoked"
        case .resetRequested: "password reset request"
        case .passwordChanged: "password change"
        case .codeIssued: "code issued"
        case .codeVerified: "code verified"
        case .twoFactorOn: "two-factor on"
        case .twoFactorOff: "two-factor off"
        case .contactChanged: "contact change"
        case .supportAction: "support action"
        case .transaction: "transaction"
        }
    }
}

/// The keyset position of a timeline entry. Entries from different tables can share a
/// second, so the source's rank and the row id break ties and every entry has exactly
/// one place in the order.
public struct TimelineKey: Sendable, Codable, Hashable, Comparable {
    public var at: Int64
    public var rank: Int
    public var rowId: Int64

    public init(at: Int64, rank: Int, rowId: Int64) {
        self.at = at
        self.rank = rank
        self.rowId = rowId
    }

    public static func < (a: TimelineKey, b: TimelineKey) -> Bool {
        (a.at, a.rank, a.rowId) < (b.at, b.rank, b.rowId)
    }

    /// "1795575600.1.42": the `--after` / `--before` form of the command line.
    public var token: String { "\(at).\(rank).\(rowId)" }

    public init?(token: String) {
        let parts = token.split(separator: ".")
        guard parts.count == 3, let at = Int64(parts[0]), let rank = Int(parts[1]), let id = Int64(parts[2]) else { return nil }
        self.init(at: at, rank: rank, rowId: id)
    }
}

/// One line of the investigation timeline. Login, device and place fields are filled
/// where the source has them; `transaction` only for money.
public struct TimelineEntry: Sendable, Codable, Hashable, Identifiable {
    public var key: TimelineKey
    public var kind: AccountEventKind
    public var deviceId: Int64?
    /// The device's model, "Samsung Galaxy A54".
    public var device: String?
    public var place: String?
    public var ip: String?
    /// "customer", an agent's login, or "system".
    public var actor: String
    /// What changed, in words: "phone +62812…→+62813…", "sms to +62 812-****-7890", "freeze".
    public var detail: String
    public var transaction: Transaction?

    public var id: TimelineKey { key }
    public var at: Date { Date(timeIntervalSince1970: TimeInterval(key.at)) }

    public init(key: TimelineKey, kind: AccountEventKind, deviceId: Int64? = nil, device: String? = nil,
                place: String? = nil, ip: String? = nil, actor: String = "customer", detail: String = "",
                transaction: Transaction? = nil) {
        self.key = key
        self.kind = kind
        self.deviceId = deviceId
        self.device = device
        self.place = place
        self.ip = ip
        self.actor = actor
        self.detail = detail
        self.transaction = transaction
    }

    /// The network an address belongs to, coarsely: the first two octets of IPv4 (a
    /// carrier's or ISP's block), the first two groups of IPv6.
    public static func network(of ip: String) -> String {
        if ip.contains(":") {
            return ip.split(separator: ":", omittingEmptySubsequences: false).prefix(2).joined(separator: ":") + "::"
        }
        return ip.split(separator: ".").prefix(2).joined(separator: ".") + ".x.x"
    }
}
