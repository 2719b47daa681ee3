/// Actions support takes on a customer's wallet. Protective actions (stopping harm) are
/// immediate; actions that give access or money back need a second person (maker-checker).
public enum SecurityActionKind: String, Sendable, Codable, CaseIterable {
    case freeze
    case revokeSessions = "revoke_sessions"
    case forceCredentialReset = "force_credential_reset"
    case unfreeze
    case closeAccount = "close_account"
    case refundDispute = "refund_dispute"

    /// Undoing protection or moving money is where fraud and insider abuse happen, so
    /// those kinds wait for an approver; freezing early is always safe.
    public var requiresApproval: Bool {
        switch self {
        case .freeze, .revokeSessions, .forceCredentialReset: false
        case .unfreeze, .closeAccount, .refundDispute: true
        }
    }

    /// The permission needed to take (or, for approval kinds, to request) this action.
    public var permission: Permission {
        requiresApproval ? .requestPrivilegedAction : .protectiveSecurityAction
    }

    /// Human wording for sentences such as "freeze the account".
    public var phrase: String {
        switch self {
        case .freeze: "freeze the account"
        case .revokeSessions: "sign out every session"
        case .forceCredentialReset: "force a credential reset"
        case .unfreeze: "unfreeze the account"
        case .closeAccount: "close the account"
        case .refundDispute: "refund a disputed transaction"
        }
    }
}
