import Foundation
import GRDB
import SupportCore

/// A piece of WHERE clause with its arguments. All SQL built from the filter language
/// is assembled here, from validated terms only: values always travel as arguments.
struct SQLCondition {
    var sql: String
    var arguments: [DatabaseValueConvertible?]

    // Truth written as comparisons, not SQLite's bare 1 and 0, which PostgreSQL reads as
    // integers where it wants a boolean.
    static var always: SQLCondition { SQLCondition(sql: "1 = 1", arguments: []) }

    /// True for the condition that holds for every row (no view term, no filter).
    var isAlways: Bool { sql == SQLCondition.always.sql && arguments.isEmpty }

    static func all(_ parts: [SQLCondition]) -> SQLCondition {
        let parts = parts.filter { !$0.isAlways }
        guard !parts.isEmpty else { return .always }
        return SQLCondition(sql: parts.map { "(\($0.sql))" }.joined(separator: " AND "), arguments: parts.flatMap(\.arguments))
    }

    static func any(_ parts: [SQLCondition]) -> SQLCondition {
        guard !parts.isEmpty else { return SQLCondition(sql: "1 = 0", arguments: []) }
        return SQLCondition(sql: parts.map { "(\($0.sql))" }.joined(separator: " OR "), arguments: parts.flatMap(\.arguments))
    }

    /// A NULL column (no failure code, no assignee) makes a condition unknown, and
    /// `NOT unknown` is still unknown, which would drop the row; a negated term means
    /// "does not match", so unknown counts as a non-match here.
    var negated: SQLCondition { SQLCondition(sql: "NOT COALESCE((\(sql)), 1 = 0)", arguments: arguments) }

    var statementArguments: StatementArguments { StatementArguments(arguments) }

    static func inList(_ column: String, _ values: [String]) -> SQLCondition {
        SQLCondition(sql: "\(column) IN (\(Array(repeating: "?", count: values.count).joined(separator: ", ")))",
                     arguments: values)
    }

    static func bound(_ column: String, _ b: NumberBound) -> SQLCondition {
        var parts: [SQLCondition] = []
        if let lower = b.lower { parts.append(SQLCondition(sql: "\(column) \(b.lowerInclusive ? ">=" : ">") ?", arguments: [lower])) }
        if let upper = b.upper { parts.append(SQLCondition(sql: "\(column) \(b.upperInclusive ? "<=" : "<") ?", arguments: [upper])) }
        return all(parts)
    }

    static func dateRange(_ column: String, _ r: DateRange) -> SQLCondition {
        var parts: [SQLCondition] = []
        if let from = r.from { parts.append(SQLCondition(sql: "\(column) >= ?", arguments: [from.epoch])) }
        if let to = r.to { parts.append(SQLCondition(sql: "\(column) < ?", arguments: [to.epoch])) }
        return all(parts)
    }

    /// A substring match, whatever the letters' case, with the pattern's own wildcards
    /// escaped. SQLite's LIKE ignores case (of ASCII letters); PostgreSQL's does not, so
    /// there it is ILIKE (which folds every letter, not ASCII alone): `customer:budi` finds
    /// "Budi" on both stores.
    static func like(_ column: String, contains text: String, dialect: SQLDialect = .sqlite) -> SQLCondition {
        SQLCondition(sql: "\(column) \(likeOperator(dialect)) ? ESCAPE '\\'", arguments: ["%" + escapeLike(text) + "%"])
    }

    static func like(_ column: String, prefix text: String, dialect: SQLDialect = .sqlite) -> SQLCondition {
        SQLCondition(sql: "\(column) \(likeOperator(dialect)) ? ESCAPE '\\'", arguments: [escapeLike(text) + "%"])
    }

    private static func likeOperator(_ dialect: SQLDialect) -> String { dialect == .postgresql ? "ILIKE" : "LIKE" }

    static func escapeLike(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
    }
}

enum QueryCompiler {
    /// Tickets (alias `t`, customers `c`). `actorId` resolves `assignee:me`.
    static func tickets(_ query: Query, actorId: Int64, now: Int64, dialect: SQLDialect = .sqlite) -> SQLCondition {
        // Every excluded tag goes into one NOT EXISTS, so the cost per row stays one
        // index probe however many `-tag:` terms there are (900 of them ran for minutes).
        let excludedTags = query.terms.filter { $0.negated && $0.field == "tag" }
        var parts = query.terms.filter { !($0.negated && $0.field == "tag") }.map { term in
            let c = ticketTerm(term, actorId: actorId, now: now, dialect: dialect)
            return term.negated ? c.negated : c
        }
        let tags = excludedTags.flatMap { term -> [String] in
            switch term.condition {
            case .oneOf(let v), .text(let v), .prefix(let v): v.map { $0.lowercased() }
            default: []
            }
        }
        if !tags.isEmpty {
            let inner = SQLCondition.inList("g.tag", Array(Set(tags)).sorted())
            parts.append(SQLCondition(sql: "NOT EXISTS (SELECT 1 FROM ticket_tags g WHERE g.ticket_id = t.id AND \(inner.sql))",
                                      arguments: inner.arguments))
        }
        return .all(parts)
    }

    private static func ticketTerm(_ term: QueryTerm, actorId: Int64, now: Int64, dialect: SQLDialect) -> SQLCondition {
        let column: [String: String] = ["status": "t.status", "prio": "t.priority", "cat": "t.category",
                                        "sub": "t.subcategory", "channel": "t.channel", "number": "t.number"]
        switch (term.field, term.condition) {
        case ("sla", .oneOf(let states)):
            return .any(states.map { state in
                switch state {
                case "breached": SQLCondition(sql: "t.sla_due_at <= ?", arguments: [now])
                case "warning": SQLCondition(sql: "t.sla_warn_at <= ? AND t.sla_due_at > ?", arguments: [now, now])
                default: SQLCondition(sql: "t.sla_warn_at > ? AND t.sla_due_at < ?", arguments: [now, Schema.noDeadline])
                }
            })
        case ("tag", .oneOf(let tags)), ("tag", .text(let tags)), ("tag", .prefix(let tags)):
            let inner = SQLCondition.inList("g.tag", tags.map { $0.lowercased() })
            return SQLCondition(sql: "EXISTS (SELECT 1 FROM ticket_tags g WHERE g.ticket_id = t.id AND \(inner.sql))",
                                arguments: inner.arguments)
        case ("is", .oneOf(let states)):
            // `is:untriaged` (the only state so far): mail no keyword rule categorised.
            return .any(states.map { _ in SQLCondition(sql: "t.untriaged = 1", arguments: []) })
        case ("cat", .oneOf(let values)), ("sub", .oneOf(let values)):
            // An untriaged ticket's category is a placeholder, not an answer: `cat:account`
            // must not list mail nobody has read yet.
            return .all([.inList(column[term.field]!, values), SQLCondition(sql: "t.untriaged = 0", arguments: [])])
        case (let field, .oneOf(let values)):
            return .inList(column[field] ?? "t.\(field)", values)
        case ("assignee", .assignee(let matches)):
            return .any(matches.map { m in
                switch m {
                case .me: SQLCondition(sql: "t.assignee_id = ?", arguments: [actorId])
                case .none: SQLCondition(sql: "t.assignee_id IS NULL", arguments: [])
                case .login(let login): SQLCondition(sql: "t.assignee_id = (SELECT id FROM agents WHERE login = ?)", arguments: [login])
                }
            })
        case ("age", .numbers(let bounds)):
            // age > X  ⟺  created before now − X: flip the bound onto created_at.
            return .any(bounds.map { b in
                SQLCondition.bound("t.created_at", NumberBound(lower: b.upper.map { now - $0 }, lowerInclusive: b.upperInclusive,
                                                               upper: b.lower.map { now - $0 }, upperInclusive: b.lowerInclusive))
            })
        case (let field, .numbers(let bounds)):
            // Exact numbers as one IN list: an OR of hundreds of ranges overflows SQLite's
            // expression tree, and IN walks the unique index.
            let exact = bounds.compactMap(\.exactValue)
            if exact.count == bounds.count, exact.count > 1 {
                return SQLCondition(sql: "\(column[field] ?? "t.\(field)") IN (\(Array(repeating: "?", count: exact.count).joined(separator: ", ")))",
                                    arguments: exact)
            }
            return .any(bounds.map { SQLCondition.bound(column[field] ?? "t.\(field)", $0) })
        case ("updated", .dates(let ranges)):
            return .any(ranges.map { SQLCondition.dateRange("t.updated_at", $0) })
        case ("created", .dates(let ranges)):
            return .any(ranges.map { SQLCondition.dateRange("t.created_at", $0) })
        case ("customer", .text(let texts)):
            // Name and wallet id only. Phone and email are masked on screen, and a substring
            // match on them is an oracle: a digit walk recovers the whole number without a
            // reveal. Finding by contact data is `findCustomer(contact:reason:by:)`, audited.
            return .any(texts.flatMap { text in
                ["c.name", "c.wallet_id"].map { SQLCondition.like($0, contains: text, dialect: dialect) }
            })
        case (_, .words(let phrases)):
            return .all(phrases.map { ticketText($0, dialect: dialect) })
        case (_, .text(let texts)):
            return .any(texts.map { ticketText($0, dialect: dialect) })
        default:
            return .always
        }
    }

    /// Full-text through the trigram index; phrases shorter than three characters cannot
    /// use trigrams and fall back to a LIKE scan of the (small) search table.
    /// On PostgreSQL the same table has a pg_trgm GIN index, which answers ILIKE
    /// substrings (of any length it can) from the index.
    static func ticketText(_ phrase: String, dialect: SQLDialect = .sqlite) -> SQLCondition {
        if dialect == .postgresql {
            return SQLCondition(sql: "t.id IN (SELECT ticket_id FROM ticket_search WHERE body ILIKE ? ESCAPE '\\')",
                                arguments: ["%" + SQLCondition.escapeLike(phrase) + "%"])
        }
        if phrase.count >= 3 {
            let quoted = "\"" + phrase.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            return SQLCondition(sql: "t.id IN (SELECT ticket_id FROM ticket_search WHERE ticket_search MATCH ?)", arguments: [quoted])
        }
        let like = SQLCondition.like("body", contains: phrase)
        return SQLCondition(sql: "t.id IN (SELECT ticket_id FROM ticket_search WHERE \(like.sql))", arguments: like.arguments)
    }

    /// Transactions (alias `x`); the caller adds `x.customer_id = ?` so the index applies.
    static func transactions(_ query: Query, dialect: SQLDialect = .sqlite) -> SQLCondition {
        .all(query.terms.map { term in
            let c = transactionTerm(term, dialect: dialect)
            return term.negated ? c.negated : c
        })
    }

    /// The filter keeps flagged rows only (a `flagged:yes` term, not negated): its rows are
    /// all in `transactions_flagged`, which the pages and totals then read.
    static func keepsFlaggedOnly(_ query: Query) -> Bool {
        query.terms.contains { $0.field == "flagged" && !$0.negated && $0.condition == .bool(true) }
    }

    private static func transactionTerm(_ term: QueryTerm, dialect: SQLDialect) -> SQLCondition {
        switch (term.field, term.condition) {
        case ("date", .dates(let ranges)):
            return .any(ranges.map { SQLCondition.dateRange("x.at", $0) })
        case ("type", .oneOf(let v)): return .inList("x.type", v)
        case ("status", .oneOf(let v)): return .inList("x.status", v)
        case ("channel", .oneOf(let v)): return .inList("x.channel", v)
        case ("channel", .text(let v)): return .any(v.map { SQLCondition.like("x.channel", contains: $0, dialect: dialect) })
        case ("amount", .numbers(let bounds)): return .any(bounds.map { SQLCondition.bound("x.amount", $0) })
        case ("cp", .text(let v)): return .any(v.map { SQLCondition.like("x.counterparty", contains: $0, dialect: dialect) })
        case ("ref", .prefix(let v)), ("ref", .text(let v)): return .any(v.map { SQLCondition.like("x.reference", prefix: $0, dialect: dialect) })
        // A literal, not a bound value: SQLite uses the partial index over the flagged rows
        // (`FlaggedTransactionsSchema`) only for a query that repeats its condition as written.
        case ("flagged", .bool(let b)): return SQLCondition(sql: b ? "x.flagged = 1" : "x.flagged = 0", arguments: [])
        case (_, .words(let phrases)):
            return .all(phrases.map { p in
                .any(["x.counterparty", "x.reference", "x.failure_code", "x.type"].map { SQLCondition.like($0, contains: p, dialect: dialect) })
            })
        default:
            return .always
        }
    }
}
