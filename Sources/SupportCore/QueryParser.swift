import Foundation

/// Turns filter text into a typed `Query`, checking every field and value against a
/// schema. Nothing runs on a filter that does not parse, so errors are thrown, not skipped.
public struct QueryParser: Sendable {
    public var schema: QuerySchema
    /// Reference instant for `today`, `7d` and friends.
    public var now: Date
    /// Zone in which whole days (`today`, `2026-11-01`) start and end.
    public var timeZone: TimeZone

    public init(schema: QuerySchema, now: Date, timeZone: TimeZone = BusinessCalendar.jakarta) {
        self.schema = schema; self.now = now; self.timeZone = timeZone
    }

    public static func parse(_ input: String, schema: QuerySchema, now: Date,
                             timeZone: TimeZone = BusinessCalendar.jakarta) throws(QueryError) -> Query {
        try QueryParser(schema: schema, now: now, timeZone: timeZone).parse(input)
    }

    /// Bounds on what one filter may ask. Each term becomes a condition evaluated per
    /// candidate row, so a filter of 900 negated tags ran for minutes, and a few hundred
    /// values overflowed SQLite's expression tree; real filters use a handful.
    /// Long enough for a drill-down's list of 2,000 ticket numbers.
    public static let maxLength = 16_000
    public static let maxTerms = 16
    public static let maxValuesPerTerm = 32
    public static let maxValues = 64
    /// Integer fields (ticket numbers) may list more: exact numbers are one IN lookup.
    public static let maxNumbersPerTerm = 2_000

    public func parse(_ input: String) throws(QueryError) -> Query {
        if input.count > Self.maxLength {
            throw QueryError(position: Self.maxLength, length: input.count - Self.maxLength,
                             message: "a filter is at most \(Self.maxLength) characters long; this one is \(input.count)")
        }
        var terms: [QueryTerm] = []
        var values = 0
        for token in try QueryLexer.tokens(in: input) {
            guard terms.count < Self.maxTerms else {
                throw QueryError(position: token.start, length: token.characters.count,
                                 message: "a filter has at most \(Self.maxTerms) terms; combine values with commas or narrow the view")
            }
            let term = try term(token)
            values += term.valueCount
            if values > Self.maxValues {
                throw QueryError(position: token.start, length: token.characters.count,
                                 message: "a filter lists at most \(Self.maxValues) values in all")
            }
            terms.append(term)
        }
        return Query(source: input, terms: terms)
    }

    // MARK: Terms

    func term(_ token: QuerySpan) throws(QueryError) -> QueryTerm {
        let negated = token.characters.first == "-"
        let body = negated ? token.dropFirst(1) : token
        guard !body.isEmpty else {
            throw QueryScalar.error(token, "'-' must be followed by a field or a word to exclude")
        }
        guard let colon = body.firstIndex(of: ":") else {
            return freeText(body, negated: negated, token: token)
        }
        let name = body.prefix(colon)
        guard !name.isEmpty else {
            throw QueryScalar.error(body.prefix(1), "expected a field name before ':'")
        }
        guard let field = schema.field(named: name.text) else {
            throw unknownField(name)
        }
        let value = body.dropFirst(colon + 1)
        guard !value.isEmpty else {
            throw QueryError(position: token.end - 1, length: 1,
                             message: "\(name.text) needs a value, e.g. \(field.name):\(field.example)")
        }
        let items = value.split(on: ",")
        let limit = field.kind == .integer ? Self.maxNumbersPerTerm : Self.maxValuesPerTerm
        if items.count > limit {
            throw QueryError(position: value.start, length: value.characters.count,
                             message: "\(field.name) lists at most \(limit) values; this has \(items.count)")
        }
        if let empty = items.first(where: { $0.unquoted.trimmingCharacters(in: .whitespaces).isEmpty }) {
            // Point at the stray comma (or at the empty quotes).
            let position = empty.start < value.end ? empty.start : empty.start - 1
            throw QueryError(position: position, length: max(1, empty.characters.count),
                             message: "empty value in the \(field.name) list")
        }
        return QueryTerm(field: field.name, negated: negated, range: token.range,
                         condition: try condition(for: field, items: items))
    }

    /// A bare word or quoted phrase; `#1042` is read as a ticket number when the schema
    /// has a number field, because that is how numbers are shown everywhere.
    private func freeText(_ body: QuerySpan, negated: Bool, token: QuerySpan) -> QueryTerm {
        let text = body.unquoted
        if !body.isQuoted, let number = TicketNumber.parse(text), text.hasPrefix("#"),
           let field = schema.fields.first(where: { $0.aliases.contains("#") }) {
            return QueryTerm(field: field.name, negated: negated, range: token.range,
                             condition: .numbers([.exactly(number)]))
        }
        return QueryTerm(field: QueryField.freeTextName, negated: negated, range: token.range,
                         condition: .words([text]))
    }

    private func unknownField(_ name: QuerySpan) -> QueryError {
        let message: String
        if let guess = SpellingSuggestion.closest(to: name.text, among: schema.allNames) {
            message = "unknown field '\(name.text)' — did you mean '\(guess)'?"
        } else {
            message = "unknown field '\(name.text)'; fields are \(humanList(schema.fields.map(\.name), conjunction: "and"))"
        }
        return QueryScalar.error(name, message)
    }

    // MARK: Values

    private func condition(for field: QueryField, items: [QuerySpan]) throws(QueryError) -> QueryCondition {
        switch field.kind {
        case .enumeration(let enumeration):
            var values: [String] = []
            for item in items { values += try enumerationValues(item, enumeration, field: field) }
            return .oneOf(values.uniqued())
        case .keyword:
            return .oneOf(items.map { $0.unquoted.lowercased() }.uniqued())
        case .text:
            return .text(items.map(\.unquoted))
        case .prefix:
            return .prefix(items.map(\.unquoted))
        case .integer:
            return .numbers(try numberBounds(items, field: field, exactAllowed: true) { (span) throws(QueryError) in
                try QueryScalar.integer(span)
            })
        case .amount(let exponent):
            return .numbers(try numberBounds(items, field: field, exactAllowed: true) { (span) throws(QueryError) in
                try QueryScalar.amount(span, exponent: exponent)
            })
        case .duration:
            return .numbers(try numberBounds(items, field: field, exactAllowed: false) { (span) throws(QueryError) in
                try QueryScalar.duration(span)
            })
        case .date:
            var ranges: [DateRange] = []
            for item in items { ranges.append(try dateRange(item, field: field)) }
            return .dates(ranges)
        case .bool:
            guard items.count == 1 else {
                throw QueryScalar.error(items[1], "\(field.name) takes one value: yes or no")
            }
            switch items[0].unquoted.lowercased() {
            case "yes", "true", "y": return .bool(true)
            case "no", "false", "n": return .bool(false)
            default: throw QueryScalar.error(items[0], "\(field.name) is yes or no")
            }
        case .assignee:
            var matches: [AssigneeMatch] = []
            for item in items { matches.append(try assignee(item)) }
            return .assignee(matches.uniqued())
        }
    }

    private func enumerationValues(_ item: QuerySpan, _ enumeration: QueryEnumeration,
                                   field: QueryField) throws(QueryError) -> [String] {
        func resolve(_ span: QuerySpan) throws(QueryError) -> [String] {
            guard let values = enumeration.resolve(span.unquoted) else {
                throw QueryScalar.error(span, "'\(span.unquoted)' is not \(enumeration.article) \(enumeration.noun); use \(humanList(enumeration.values))")
            }
            return values
        }
        guard enumeration.isOrdered else { return try resolve(item) }
        // Ordered values (p1 < p4): comparisons and ranges select a slice of the list.
        func index(_ span: QuerySpan) throws(QueryError) -> Int {
            let values = try resolve(span)
            return enumeration.values.firstIndex(of: values[0])!
        }
        let all = enumeration.values
        switch try OrderedItem.parse(item, field: field.name) {
        case .exact(let span): return try resolve(span)
        case .compare(.greater, let span): return Array(all[(try index(span) + 1)...])
        case .compare(.greaterOrEqual, let span): return Array(all[(try index(span))...])
        case .compare(.less, let span): return Array(all[..<(try index(span))])
        case .compare(.lessOrEqual, let span): return Array(all[...(try index(span))])
        case .range(let lower, let upper):
            let from = try lower.map { (s) throws(QueryError) in try index(s) } ?? 0
            let to = try upper.map { (s) throws(QueryError) in try index(s) } ?? all.count - 1
            guard from <= to else { throw QueryScalar.error(item, "the range ends before it starts") }
            return Array(all[from...to])
        }
    }

    private func numberBounds(_ items: [QuerySpan], field: QueryField, exactAllowed: Bool,
                              _ scalar: (QuerySpan) throws(QueryError) -> Int64) throws(QueryError) -> [NumberBound] {
        var bounds: [NumberBound] = []
        for item in items {
            switch try OrderedItem.parse(item, field: field.name) {
            case .exact(let span):
                guard exactAllowed else {
                    throw QueryScalar.error(span, "use a comparison or a range with \(field.name), e.g. \(field.name):>2h or \(field.name):1h..4h")
                }
                bounds.append(.exactly(try scalar(span)))
            case .compare(let comparison, let span):
                let value = try scalar(span)
                switch comparison {
                case .greater: bounds.append(NumberBound(lower: value, lowerInclusive: false, upper: nil))
                case .greaterOrEqual: bounds.append(NumberBound(lower: value, upper: nil))
                case .less: bounds.append(NumberBound(lower: nil, upper: value, upperInclusive: false))
                case .lessOrEqual: bounds.append(NumberBound(lower: nil, upper: value))
                }
            case .range(let lowerSpan, let upperSpan):
                let lower = try lowerSpan.map { (s) throws(QueryError) in try scalar(s) }
                let upper = try upperSpan.map { (s) throws(QueryError) in try scalar(s) }
                if let lower, let upper, lower > upper {
                    throw QueryScalar.error(item, "the range ends before it starts")
                }
                bounds.append(NumberBound(lower: lower, upper: upper))
            }
        }
        return bounds
    }

    /// Days cover the whole local day; instants (`7d`) are points. A single relative
    /// value means "since then" and stays open-ended, so a filter kept on screen still
    /// shows rows that arrive after it was parsed.
    private func dateRange(_ item: QuerySpan, field: QueryField) throws(QueryError) -> DateRange {
        func value(_ span: QuerySpan) throws(QueryError) -> DateValue {
            try QueryScalar.date(span, now: now, timeZone: timeZone)
        }
        switch try OrderedItem.parse(item, field: field.name) {
        case .exact(let span):
            let date = try value(span)
            return DateRange(from: date.start, to: date.isInstant ? nil : date.end)
        case .compare(.greater, let span): return DateRange(from: try value(span).end, to: nil)
        case .compare(.greaterOrEqual, let span): return DateRange(from: try value(span).start, to: nil)
        case .compare(.less, let span): return DateRange(from: nil, to: try value(span).start)
        case .compare(.lessOrEqual, let span): return DateRange(from: nil, to: try value(span).end)
        case .range(let lower, let upper):
            let from = try lower.map { (s) throws(QueryError) in try value(s).start }
            let to = try upper.map { (s) throws(QueryError) in try value(s).end }
            if let from, let to, from > to {
                throw QueryScalar.error(item, "the range ends before it starts")
            }
            return DateRange(from: from, to: to)
        }
    }

    private func assignee(_ item: QuerySpan) throws(QueryError) -> AssigneeMatch {
        let text = item.unquoted.lowercased()
        switch text {
        case "me": return .me
        case "none", "nobody", "unassigned": return .none
        default:
            let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789._-")
            guard !text.isEmpty, text.allSatisfy({ allowed.contains($0) }) else {
                throw QueryScalar.error(item, "expected me, none or an agent login")
            }
            return .login(text)
        }
    }
}

extension Array where Element: Hashable {
    /// Drops repeats, keeping first occurrences in order (`open,open` is one value).
    func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
