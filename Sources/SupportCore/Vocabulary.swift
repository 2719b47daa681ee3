// The closed vocabularies of the support domain. Raw values are what the database
// stores and what the filter language and the command line accept.

public enum Role: String, Sendable, Codable, CaseIterable, Comparable {
    case agent, supervisor, admin

    /// Supervisors can do everything agents can; admins everything supervisors can.
    public var rank: Int {
        switch self {
        case .agent: 0
        case .supervisor: 1
        case .admin: 2
        }
    }

    public static func < (a: Role, b: Role) -> Bool { a.rank < b.rank }
}

public enum TicketStatus: String, Sendable, Codable, CaseIterable {
    case new
    case open
    case pending          // waiting on the customer: SLA clocks pause
    case onHold = "on_hold"
    case solved
    case closed

    /// Still needs work from the team.
    public var isActive: Bool { self == .new || self == .open || self == .onHold || self == .pending }

    /// "Open" wherever a count says so (the header's My open, Workload's OPEN): unsolved
    /// and not waiting on the customer. Pending tickets are counted apart, as PEND.
    public static let openForWork: [TicketStatus] = [.new, .open, .onHold]

    /// `openForWork` as an SQL list, for the store's queries.
    public static var openSQL: String { "(" + openForWork.map { "'\($0.rawValue)'" }.joined(separator: ",") + ")" }
}

public enum Priority: String, Sendable, Codable, CaseIterable, Comparable {
    case p1, p2, p3, p4

    public var rank: Int { Int(rawValue.dropFirst())! }
    public static func < (a: Priority, b: Priority) -> Bool { a.rank < b.rank }
}

/// Service categories from the wallet support guide.
public enum Category: String, Sendable, Codable, CaseIterable {
    case account, payment, security, technical, complaint

    public var subcategories: [String] {
        switch self {
        case .account: ["registration", "closure", "password_reset"]
        case .payment: ["failed_payment", "transaction_query"]
        case .security: ["stolen_account", "abnormal_transaction"]
        case .technical: ["app_crash", "update_failure"]
        case .complaint: ["complaint", "suggestion"]
        }
    }
}

/// The contact channels customers reach support through.
public enum Channel: String, Sendable, Codable, CaseIterable {
    case web            // help-centre web form
    case appChat = "app_chat"
    case phone
    case social
    case email
}

public enum CustomerStatus: String, Sendable, Codable, CaseIterable {
    case active, frozen, closed
}

public enum TransactionType: String, Sendable, Codable, CaseIterable {
    case topup
    case payment        // merchant payment
    case qrPayment = "qr_payment"
    case p2pIn = "p2p_in"
    case p2pOut = "p2p_out"
    case withdrawal     // to a bank account
    case refund
    case cashback
    case billPayment = "bill_payment"

    /// Money flowing into the wallet.
    public var isCredit: Bool {
        switch self {
        case .topup, .p2pIn, .refund, .cashback: true
        default: false
        }
    }
}

public enum TransactionStatus: String, Sendable, Codable, CaseIterable {
    case success, failed, pending, reversed
}

/// Kinds of entries on a ticket's append-only timeline.
public enum TicketEventKind: String, Sendable, Codable, CaseIterable {
    case customerMessage = "customer_message"
    case reply                // public reply to the customer
    case note                 // internal note, never shown to the customer
    case statusChange = "status_change"
    case priorityChange = "priority_change"
    case categoryChange = "category_change"   // by an agent, or by a keyword rule at intake
    case assignment
    case tag
    case link
    case merge
    case macro
    case playbookStep = "playbook_step"
    case securityAction = "security_action"
    case transactionAttached = "transaction_attached"
    case approval
    case complaint            // complaint record: statement, evidence, decision, escalation
    case csat
}
