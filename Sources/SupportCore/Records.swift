import Foundation

// Plain values the store hands to the console and the command line. They carry no
// database types so that another store (for example PostgreSQL) can serve the same API.

public struct Agent: Sendable, Codable, Hashable, Identifiable {
    public var id: Int64
    public var login: String
    public var name: String
    public var role: Role
    public var active: Bool
    /// The language the agent's console speaks; nil until they choose one (the console then
    /// follows the locale).
    public var uiLanguage: ContentLanguage?

    public init(id: Int64, login: String, name: String, role: Role, active: Bool = true, uiLanguage: ContentLanguage? = nil) {
        self.id = id; self.login = login; self.name = name; self.role = role; self.active = active
        self.uiLanguage = uiLanguage
    }
}

public struct Customer: Sendable, Codable, Hashable, Identifiable {
    public var id: Int64
    public var walletId: String
    public var name: String
    public var phone: String          // E.164, e.g. +6281234567890
    public var email: String
    public var kycLevel: Int          // 0 unverified … 3 full
    public var status: CustomerStatus
    public var statusReason: String?
    public var statusChangedBy: String?
    public var statusChangedAt: Date?
    public var twoFactor: Bool
    public var balance: Int64         // minor units
    public var currency: String
    public var dailyLimit: Int64      // minor units
    public var createdAt: Date
    /// The language replies to the customer are written in; nil until known.
    public var language: ContentLanguage?

    public init(id: Int64, walletId: String, name: String, phone: String, email: String,
                kycLevel: Int, status: CustomerStatus, statusReason: String? = nil,
                statusChangedBy: String? = nil, statusChangedAt: Date? = nil,
                twoFactor: Bool, balance: Int64, currency: String = "IDR",
                dailyLimit: Int64, createdAt: Date, language: ContentLanguage? = nil) {
        self.id = id; self.walletId = walletId; self.name = name; self.phone = phone
        self.email = email; self.kycLevel = kycLevel; self.status = status
        self.statusReason = statusReason; self.statusChangedBy = statusChangedBy
        self.statusChangedAt = statusChangedAt; self.twoFactor = twoFactor
        self.balance = balance; self.currency = currency; self.dailyLimit = dailyLimit
        self.createdAt = createdAt; self.language = language
    }
}

public struct Device: Sendable, Codable, Hashable, Identifiable {
    public var id: Int64
    public var customerId: Int64
    public var model: String
    public var platform: String       // android / ios
    public var appVersion: String
    public var bound: Bool
    public var lastSeenAt: Date

    public init(id: Int64, customerId: Int64, model: String, platform: String,
                appVersion: String, bound: Bool, lastSeenAt: Date) {
        self.id = id; self.customerId = customerId; self.model = model; self.platform = platform
        self.appVersion = appVersion; self.bound = bound; self.lastSeenAt = lastSeenAt
    }
}

public struct LoginEvent: Sendable, Codable, Hashable, Identifiable {
    public var id: Int64
    public var customerId: Int64
    public var deviceId: Int64?
    public var at: Date
    public var place: String
    public var ip: String
    public var success: Bool

    public init(id: Int64, customerId: Int64, deviceId: Int64?, at: Date, place: String,
                ip: String, success: Bool) {
        self.id = id; self.customerId = customerId; self.deviceId = deviceId; self.at = at
        self.place = place; self.ip = ip; self.success = success
    }
}

public struct Transaction: Sendable, Codable, Hashable, Identifiable {
    public var id: Int64
    public var reference: String
    public var customerId: Int64
    public var type: TransactionType
    public var status: TransactionStatus
    public var amount: Int64          // minor units, always positive; direction from type
    public var currency: String
    public var counterparty: String
    public var channel: String        // app, qr, bank, merchant_api …
    public var failureCode: String?
    public var at: Date
    public var flagged: Bool

    public init(id: Int64, reference: String, customerId: Int64, type: TransactionType,
                status: TransactionStatus, amount: Int64, currency: String = "IDR",
                counterparty: String, channel: String, failureCode: String? = nil,
                at: Date, flagged: Bool = false) {
        self.id = id; self.reference = reference; self.customerId = customerId; self.type = type
        self.status = status; self.amount = amount; self.currency = currency
        self.counterparty = counterparty; self.channel = channel; self.failureCode = failureCode
        self.at = at; self.flagged = flagged
    }

    /// Amount with the sign of its effect on the balance.
    public var signedAmount: Int64 { type.isCredit ? amount : -amount }
}

public struct Ticket: Sendable, Codable, Hashable, Identifiable {
    public var id: Int64
    public var number: Int64
    public var customerId: Int64
    public var subject: String
    public var category: Category
    public var subcategory: String
    public var channel: Channel
    public var priority: Priority
    public var status: TicketStatus
    public var assigneeId: Int64?
    public var tags: [String]
    public var createdAt: Date
    public var updatedAt: Date
    public var updatedBy: String?     // login of whoever made the last change
    public var firstResponseAt: Date?
    public var solvedAt: Date?
    public var mergedInto: Int64?     // ticket number this one was merged into
    public var version: Int64         // compare-and-set guard
    /// Mail no keyword rule categorised: its category is a placeholder until an agent sets one.
    public var untriaged = false

    public init(id: Int64, number: Int64, customerId: Int64, subject: String, category: Category,
                subcategory: String, channel: Channel, priority: Priority, status: TicketStatus,
                assigneeId: Int64?, tags: [String] = [], createdAt: Date, updatedAt: Date,
                updatedBy: String? = nil, firstResponseAt: Date? = nil, solvedAt: Date? = nil,
                mergedInto: Int64? = nil, version: Int64 = 1) {
        self.id = id; self.number = number; self.customerId = customerId; self.subject = subject
        self.category = category; self.subcategory = subcategory; self.channel = channel
        self.priority = priority; self.status = status; self.assigneeId = assigneeId
        self.tags = tags; self.createdAt = createdAt; self.updatedAt = updatedAt
        self.updatedBy = updatedBy; self.firstResponseAt = firstResponseAt
        self.solvedAt = solvedAt; self.mergedInto = mergedInto; self.version = version
    }
}

public struct TicketEvent: Sendable, Codable, Hashable, Identifiable {
    public var id: Int64
    public var ticketId: Int64
    public var kind: TicketEventKind
    public var author: String         // agent login, or "customer"
    public var body: String
    public var at: Date

    public init(id: Int64, ticketId: Int64, kind: TicketEventKind, author: String, body: String, at: Date) {
        self.id = id; self.ticketId = ticketId; self.kind = kind; self.author = author
        self.body = body; self.at = at
    }
}
