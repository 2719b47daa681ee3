/// What a role may do. Roles are ranked (agent < supervisor < admin) and each permission
/// names the lowest role that holds it, so a higher role always inherits a lower one's.
public enum Permission: String, Sendable, Codable, CaseIterable {
    case workOwnTickets = "work_own_tickets"
    case claimUnassigned = "claim_unassigned"
    /// Open a customer's personal data unmasked, with a reason that is audited.
    case revealPersonalData = "reveal_personal_data"
    /// Freeze, revoke sessions, force a credential reset: stopping harm never waits.
    case protectiveSecurityAction = "protective_security_action"
    /// Ask for unfreeze, account closure or a dispute refund; someone else approves.
    case requestPrivilegedAction = "request_privileged_action"
    /// Export a customer's transaction records (Excel, PDF, CSV) on their request.
    case exportTransactions = "export_transactions"
    case viewAllQueues = "view_all_queues"
    case reassign
    /// Take a ticket another agent holds.
    case steal
    case bulkActions = "bulk_actions"
    case approveRequests = "approve_requests"
    /// Enter a one-time code the customer reads out (phone support). The code proves the
    /// customer holds the registered phone or email, so the agent who types it is the
    /// recorded actor, with the channel and a reason; the customer's own path is the wallet.
    case enterCustomerCode = "enter_customer_code"
    case viewReports = "view_reports"
    case verifyAuditLog = "verify_audit_log"
    case manageAgents = "manage_agents"
    /// Import contacts from a channel (`paydesk intake`): the channel's service account,
    /// which speaks for customers, so not any agent.
    case importContacts = "import_contacts"
    case manageSLA = "manage_sla"
    case manageMacros = "manage_macros"
    /// Change the takeover detector's signal weights and thresholds.
    case manageDetectionRules = "manage_detection_rules"
    /// Add and remove the keyword rules that categorise mail at intake.
    case manageCategoryRules = "manage_category_rules"

    /// The lowest role that holds this permission.
    public var minimumRole: Role {
        switch self {
        case .workOwnTickets, .claimUnassigned, .revealPersonalData,
             .protectiveSecurityAction, .requestPrivilegedAction, .exportTransactions:
            .agent
        case .viewAllQueues, .reassign, .steal, .bulkActions, .approveRequests,
             .enterCustomerCode, .viewReports, .verifyAuditLog, .manageCategoryRules:
            .supervisor
        case .manageAgents, .manageSLA, .manageMacros, .manageDetectionRules, .importContacts:
            .admin
        }
    }

    /// Verb phrase that completes "may not …".
    public var phrase: String {
        switch self {
        case .workOwnTickets: "work tickets"
        case .claimUnassigned: "claim unassigned tickets"
        case .revealPersonalData: "reveal personal data"
        case .protectiveSecurityAction: "take protective security actions"
        case .requestPrivilegedAction: "request privileged actions"
        case .exportTransactions: "export transactions"
        case .viewAllQueues: "view all queues"
        case .reassign: "reassign tickets"
        case .steal: "take tickets from other agents"
        case .bulkActions: "run bulk actions"
        case .approveRequests: "approve requests"
        case .enterCustomerCode: "enter a verification code for a customer"
        case .viewReports: "view reports"
        case .verifyAuditLog: "verify the audit log"
        case .manageAgents: "manage agents"
        case .importContacts: "import contacts from a channel"
        case .manageSLA: "manage SLA policies"
        case .manageMacros: "manage macros"
        case .manageDetectionRules: "change the takeover detection rules"
        case .manageCategoryRules: "change the mail category rules"
        }
    }
}

extension Role {
    public func can(_ permission: Permission) -> Bool {
        self >= permission.minimumRole
    }

    /// Every permission this role holds, in declaration order (for help screens).
    public var permissions: [Permission] {
        Permission.allCases.filter { can($0) }
    }
}

extension Agent {
    /// Throws unless this agent's role holds `permission`; an inactive agent holds nothing.
    public func require(_ permission: Permission) throws(PermissionDenied) {
        guard active, role.can(permission) else {
            throw PermissionDenied(login: login, role: role, permission: permission)
        }
    }
}

public struct PermissionDenied: Error, Sendable, Hashable, CustomStringConvertible {
    public let login: String
    public let role: Role
    public let permission: Permission

    public init(login: String, role: Role, permission: Permission) {
        self.login = login; self.role = role; self.permission = permission
    }

    public var description: String {
        "agent \(login) (role \(role.rawValue)) may not \(permission.phrase)"
    }
}

/// Four-eyes rule for privileged actions: the approver is a supervisor or admin and is
/// not the person who asked. Enforced by the store's services as well as the console.
public enum MakerChecker {
    public static func check(requester: String, approver: String,
                             approverRole: Role) throws(MakerCheckerViolation) {
        if requester.lowercased() == approver.lowercased() {
            throw .selfApproval(login: approver)
        }
        if !approverRole.can(.approveRequests) {
            throw .approverRoleTooLow(login: approver, role: approverRole)
        }
    }
}

public enum MakerCheckerViolation: Error, Sendable, Hashable, CustomStringConvertible {
    case selfApproval(login: String)
    case approverRoleTooLow(login: String, role: Role)

    public var description: String {
        switch self {
        case .selfApproval(let login):
            "\(login) cannot approve their own request; another supervisor must approve it"
        case .approverRoleTooLow(let login, let role):
            "agent \(login) (role \(role.rawValue)) may not approve requests; a supervisor or admin must approve"
        }
    }
}
