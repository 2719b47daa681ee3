import Foundation

/// A parsed filter: every term must hold (AND). Build one with `QueryParser`; the store
/// compiles it to SQL and the console may also test rows in memory with `matches`.
public struct Query: Sendable, Hashable, Codable {
    /// The text the user typed, kept for display and for re-parsing with a fresh `now`.
    public var source: String
    public var terms: [QueryTerm]

    public init(source: String, terms: [QueryTerm]) {
        self.source = source; self.terms = terms
    }

    public var isEmpty: Bool { terms.isEmpty }

    /// Terms on one canonical field (for example every `status` term).
    public func terms(for field: String) -> [QueryTerm] {
        terms.filter { $0.field == field }
    }

    /// Bare words and quoted phrases, the free-text part of the filter.
    public var freeTextTerms: [QueryTerm] { terms(for: QueryField.freeTextName) }
}

public struct QueryTerm: Sendable, Hashable, Codable {
    /// Canonical field name from the schema (`prio` for `priority:`), or
    /// `QueryField.freeTextName` for bare words.
    public var field: String
    /// Written with a leading `-`: the row must NOT satisfy `condition`.
    public var negated: Bool
    /// Character offsets of the whole term in `Query.source`.
    public var range: Range<Int>
    public var condition: QueryCondition

    public init(field: String, negated: Bool, range: Range<Int>, condition: QueryCondition) {
        self.field = field; self.negated = negated; self.range = range; self.condition = condition
    }
}

extension QueryTerm {
    /// How many values the term lists (the query's cost grows with them).
    public var valueCount: Int {
        switch condition {
        case .oneOf(let v), .text(let v), .prefix(let v), .words(let v): v.count
        // A list of exact numbers is one indexed IN lookup (the supervisor's drill-down
        // lists a figure's tickets this way), so it costs one, however long.
        case .numbers(let v): v.allSatisfy { $0.exactValue != nil } ? 1 : v.count
        case .dates(let v): v.count
        case .assignee(let v): v.count
        case .bool: 1
        }
    }
}

/// What a term asks of a field. Every case with a list means "any of these" (the comma),
/// except `words`, whose phrases must all appear.
public enum QueryCondition: Sendable, Hashable, Codable {
    /// Exact canonical values (enum raw values, tags, channels), already validated and
    /// with aliases expanded (`p2p` becomes `p2p_in`, `p2p_out`).
    case oneOf([String])
    /// Case-insensitive substrings.
    case text([String])
    /// Case-insensitive prefixes.
    case prefix([String])
    /// Integer bounds. Amounts are in minor units, ages in seconds, numbers as is.
    case numbers([NumberBound])
    /// Half-open instant ranges `[from, to)`.
    case dates([DateRange])
    case bool(Bool)
    case assignee([AssigneeMatch])
    /// Free-text phrases that must all appear somewhere in the row's text.
    case words([String])
}

/// An integer interval; a nil side is unbounded.
public struct NumberBound: Sendable, Hashable, Codable {
    public var lower: Int64?
    public var lowerInclusive: Bool
    public var upper: Int64?
    public var upperInclusive: Bool

    public init(lower: Int64?, lowerInclusive: Bool = true, upper: Int64?, upperInclusive: Bool = true) {
        self.lower = lower; self.lowerInclusive = lowerInclusive
        self.upper = upper; self.upperInclusive = upperInclusive
    }

    public static func exactly(_ value: Int64) -> NumberBound {
        NumberBound(lower: value, upper: value)
    }

    /// The one value this bound admits, if it is an exact one.
    public var exactValue: Int64? {
        guard let lower, lower == upper, lowerInclusive, upperInclusive else { return nil }
        return lower
    }

    public func contains(_ value: Int64) -> Bool {
        if let lower, lowerInclusive ? value < lower : value <= lower { return false }
        if let upper, upperInclusive ? value > upper : value >= upper { return false }
        return true
    }
}

/// Instants from `from` (inclusive) up to `to` (exclusive); a nil side is unbounded.
public struct DateRange: Sendable, Hashable, Codable {
    public var from: Date?
    public var to: Date?

    public init(from: Date?, to: Date?) { self.from = from; self.to = to }

    public func contains(_ date: Date) -> Bool {
        if let from, date < from { return false }
        if let to, date >= to { return false }
        return true
    }
}

public enum AssigneeMatch: Sendable, Hashable, Codable {
    /// The agent running the console.
    case me
    /// Unassigned.
    case none
    case login(String)
}
