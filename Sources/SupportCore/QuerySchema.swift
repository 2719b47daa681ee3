/// The closed set of values an enumerated field accepts, with the shorthands people type.
public struct QueryEnumeration: Sendable, Hashable {
    /// Singular noun used in messages: "'urgent' is not a priority; …".
    public var noun: String
    /// "a" or "an" before `noun` (an SLA state).
    public var article: String
    /// Canonical values in display order.
    public var values: [String]
    /// Extra spellings, each expanding to one or more canonical values.
    public var aliases: [String: [String]]
    /// Values have an order (p1 < p2), so comparisons and ranges make sense.
    public var isOrdered: Bool

    public init(noun: String, article: String = "a", values: [String], aliases: [String: [String]] = [:],
                isOrdered: Bool = false) {
        self.noun = noun; self.article = article; self.values = values; self.aliases = aliases; self.isOrdered = isOrdered
    }

    /// Canonical values for what the user typed, or nil when it is not a value. Case and
    /// `-` versus `_` do not matter (`On-Hold` finds `on_hold`).
    public func resolve(_ input: String) -> [String]? {
        let key = input.lowercased()
        if let expansion = aliases[key] { return expansion }
        let underscored = key.replacingOccurrences(of: "-", with: "_")
        if values.contains(underscored) { return [underscored] }
        return aliases[underscored]
    }
}

/// How a field's values are written and what condition they become.
public enum QueryValueKind: Sendable, Hashable {
    /// Validated values → `.oneOf`.
    case enumeration(QueryEnumeration)
    /// Unvalidated exact values such as tags → `.oneOf` (lowercased).
    case keyword
    /// Substrings → `.text`.
    case text
    /// Prefixes → `.prefix`.
    case prefix
    /// Integers with comparisons and ranges → `.numbers`.
    case integer
    /// Major currency units with `k`/`m`/`jt` suffixes → `.numbers` in minor units.
    case amount(exponent: Int)
    /// `30m`, `2h`, `1d12h` with comparisons and ranges → `.numbers` in seconds.
    case duration
    /// Days, relative spans and ranges → `.dates`.
    case date
    /// yes/no/true/false → `.bool`.
    case bool
    /// `me`, `none` or a login → `.assignee`.
    case assignee
}

public struct QueryField: Sendable, Hashable {
    /// Field name used by `QueryTerm.field` for bare words and quoted phrases.
    public static let freeTextName = "text"

    public var name: String
    public var aliases: [String]
    public var kind: QueryValueKind
    /// One line for the help screen.
    public var summary: String
    /// A value to show in examples and in "needs a value" errors.
    public var example: String

    public init(name: String, aliases: [String] = [], kind: QueryValueKind, summary: String, example: String) {
        self.name = name; self.aliases = aliases; self.kind = kind
        self.summary = summary; self.example = example
    }

    /// Values Tab completion can offer without asking the database.
    public var completionValues: [String] {
        switch kind {
        case .enumeration(let e): e.values + e.aliases.keys.sorted()
        case .bool: ["yes", "no"]
        case .assignee: ["me", "none"]
        case .date: ["today", "yesterday", "24h", "7d", "30d"]
        case .duration: [">1h", ">4h", ">1d", ">7d"]
        default: []
        }
    }
}

/// The fields one list understands. Parsing against a schema turns typos and impossible
/// values into errors before anything reaches the database.
public struct QuerySchema: Sendable, Hashable {
    public var name: String
    public var fields: [QueryField]

    public init(name: String, fields: [QueryField]) {
        self.name = name; self.fields = fields
    }

    /// Finds a field by canonical name or alias, ignoring case.
    public func field(named name: String) -> QueryField? {
        let key = name.lowercased()
        return fields.first { $0.name == key || $0.aliases.contains(key) }
    }

    /// Every spelling a field can be written with, canonical names first.
    public var allNames: [String] { fields.map(\.name) + fields.flatMap(\.aliases) }
}

extension QuerySchema {
    /// The ticket queue.
    public static let tickets = QuerySchema(name: "tickets", fields: [
        QueryField(name: "status", kind: .enumeration(QueryEnumeration(
            noun: "ticket status", values: TicketStatus.allCases.map(\.rawValue),
            aliases: ["onhold": ["on_hold"], "hold": ["on_hold"],
                      "unsolved": [TicketStatus.new, .open, .pending, .onHold].map(\.rawValue)])),
            summary: "ticket status", example: "open,pending"),
        QueryField(name: "prio", aliases: ["priority"], kind: .enumeration(QueryEnumeration(
            noun: "priority", values: Priority.allCases.map(\.rawValue), isOrdered: true)),
            summary: "priority p1 (urgent) … p4", example: "p1,p2"),
        QueryField(name: "cat", aliases: ["category"], kind: .enumeration(QueryEnumeration(
            noun: "category", values: Category.allCases.map(\.rawValue))),
            summary: "service category", example: "security"),
        QueryField(name: "sub", aliases: ["subcategory"], kind: .enumeration(QueryEnumeration(
            noun: "subcategory", values: Category.allCases.flatMap(\.subcategories),
            aliases: ["password": ["password_reset"], "stolen": ["stolen_account"],
                      "failed": ["failed_payment"]])),
            summary: "subcategory such as failed_payment", example: "stolen_account"),
        QueryField(name: "channel", aliases: ["ch"], kind: .enumeration(QueryEnumeration(
            noun: "channel", values: Channel.allCases.map(\.rawValue),
            aliases: ["chat": ["app_chat"], "app": ["app_chat"], "form": ["web"],
                      "hotline": ["phone"], "mail": ["email"]])),
            summary: "contact channel", example: "app_chat"),
        QueryField(name: "assignee", kind: .assignee,
                   summary: "me, none or an agent login", example: "me"),
        QueryField(name: "tag", kind: .keyword, summary: "ticket tag", example: "vip"),
        QueryField(name: "sla", kind: .enumeration(QueryEnumeration(
            noun: "SLA state", article: "an", values: [SLAState.ok, .warning, .breached].map(\.rawValue))),
            summary: "SLA state of the running clock", example: "breached"),
        QueryField(name: "age", kind: .duration,
                   summary: "time since the ticket was created", example: ">2h"),
        QueryField(name: "updated", kind: .date, summary: "last change", example: "today"),
        QueryField(name: "created", kind: .date, summary: "creation time", example: "7d"),
        QueryField(name: "customer", kind: .text,
                   summary: "customer name or wallet id contains", example: "budi"),
        QueryField(name: "number", aliases: ["#"], kind: .integer,
                   summary: "ticket number", example: ">1000"),
        QueryField(name: "is", kind: .enumeration(QueryEnumeration(noun: "ticket state", values: ["untriaged"])),
                   summary: "untriaged: mail no keyword rule categorised", example: "untriaged"),
    ])

    /// A customer's transactions with IDR amounts.
    public static let transactions = transactions(currencyExponent: 2)

    /// Transactions whose amounts are typed in a currency with `currencyExponent` minor
    /// digits (IDR 2, JPY 0).
    public static func transactions(currencyExponent: Int) -> QuerySchema {
        QuerySchema(name: "transactions", fields: [
            QueryField(name: "date", aliases: ["time"], kind: .date,
                       summary: "transaction time", example: "2026-11-01..2026-11-26"),
            QueryField(name: "type", kind: .enumeration(QueryEnumeration(
                noun: "transaction type", values: TransactionType.allCases.map(\.rawValue),
                aliases: ["qr": ["qr_payment"], "bill": ["bill_payment"],
                          "p2p": ["p2p_in", "p2p_out"], "transfer": ["p2p_in", "p2p_out"]])),
                summary: "transaction type", example: "payment,topup"),
            QueryField(name: "status", kind: .enumeration(QueryEnumeration(
                noun: "transaction status", values: TransactionStatus.allCases.map(\.rawValue),
                aliases: ["ok": ["success"], "succeeded": ["success"], "fail": ["failed"]])),
                summary: "transaction status", example: "failed"),
            QueryField(name: "amount", kind: .amount(exponent: currencyExponent),
                       summary: "amount in rupiah; 50k, 1.5jt and ranges work", example: ">=100000"),
            QueryField(name: "cp", aliases: ["counterparty"], kind: .text,
                       summary: "counterparty contains", example: "tokopedia"),
            QueryField(name: "ref", aliases: ["reference"], kind: .prefix,
                       summary: "reference starts with", example: "TX2611"),
            QueryField(name: "flagged", kind: .bool, summary: "flagged as suspicious", example: "yes"),
            QueryField(name: "channel", aliases: ["ch"], kind: .keyword,
                       summary: "channel such as app, qr, bank", example: "qr"),
        ])
    }
}
