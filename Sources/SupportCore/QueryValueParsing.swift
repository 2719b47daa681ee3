import Foundation

/// How one comma-separated item of an ordered field (numbers, amounts, ages, dates,
/// priorities) was written.
enum OrderedItem {
    case exact(QuerySpan)
    case compare(QueryComparison, QuerySpan)
    /// `a..b`, `a..` or `..b`; at least one side is present.
    case range(QuerySpan?, QuerySpan?)

    static func parse(_ item: QuerySpan, field: String) throws(QueryError) -> OrderedItem {
        for comparison in QueryComparison.allCases where item.characters.starts(with: comparison.symbol) {
            let operand = item.dropFirst(comparison.symbol.count)
            guard !operand.isEmpty else {
                throw QueryError(position: item.start, length: item.characters.count,
                                 message: "'\(String(comparison.symbol))' needs a value after it")
            }
            return .compare(comparison, operand)
        }
        let dots = Array("..")
        if let index = (0..<max(0, item.characters.count - 1)).first(where: {
            Array(item.characters[$0...($0 + 1)]) == dots
        }) {
            let lower = item.prefix(index)
            let upper = item.dropFirst(index + 2)
            guard !(lower.isEmpty && upper.isEmpty) else {
                throw QueryError(position: item.start, length: item.characters.count,
                                 message: "a range needs at least one end, like \(field):a..b, a.. or ..b")
            }
            return .range(lower.isEmpty ? nil : lower, upper.isEmpty ? nil : upper)
        }
        return .exact(item)
    }
}

enum QueryComparison: CaseIterable {
    // Two-character symbols first so `>=` is not read as `>` followed by `=…`.
    case greaterOrEqual, lessOrEqual, greater, less

    var symbol: [Character] {
        switch self {
        case .greaterOrEqual: Array(">=")
        case .lessOrEqual: Array("<=")
        case .greater: [">"]
        case .less: ["<"]
        }
    }
}

/// A date as written: a whole local day (`today`, `2026-11-01`) or an instant
/// (`7d` = seven days before now). An instant has `start == end`.
struct DateValue {
    var start: Date
    var end: Date
    var isInstant: Bool { start == end }
}

/// Parsers for single scalar values; each error points at the value it rejects.
enum QueryScalar {
    static func integer(_ span: QuerySpan) throws(QueryError) -> Int64 {
        var text = span.unquoted
        if text.hasPrefix("#") { text.removeFirst() }
        guard !text.isEmpty, text.allSatisfy(\.isASCIIDigit), let value = Int64(text) else {
            throw error(span, "expected a whole number like 1042")
        }
        return value
    }

    /// Seconds in `30s`, `30m`, `24h`, `7d`, `2w` or a sum such as `1d12h`.
    static func duration(_ span: QuerySpan) throws(QueryError) -> Int64 {
        guard let seconds = durationSeconds(span.unquoted) else {
            throw error(span, "expected a duration like 30m, 2h or 7d")
        }
        return seconds
    }

    static func durationSeconds(_ text: String) -> Int64? {
        var total: Int64 = 0
        var digits = ""
        var sawUnit = false
        for character in text.lowercased() {
            if character.isASCIIDigit {
                digits.append(character)
                continue
            }
            let unit: Int64
            switch character {
            case "s": unit = 1
            case "m": unit = 60
            case "h": unit = 3_600
            case "d": unit = 86_400
            case "w": unit = 604_800
            default: return nil
            }
            guard let count = Int64(digits) else { return nil }
            let (part, overflowA) = count.multipliedReportingOverflow(by: unit)
            let (sum, overflowB) = total.addingReportingOverflow(part)
            guard !overflowA, !overflowB else { return nil }
            total = sum
            digits = ""
            sawUnit = true
        }
        return sawUnit && digits.isEmpty ? total : nil
    }

    /// A day or an instant, resolved against `now` in `timeZone`.
    static func date(_ span: QuerySpan, now: Date, timeZone: TimeZone) throws(QueryError) -> DateValue {
        let text = span.unquoted.lowercased()
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let today = calendar.startOfDay(for: now)
        switch text {
        case "today":
            return DateValue(start: today, end: calendar.date(byAdding: .day, value: 1, to: today)!)
        case "yesterday":
            return DateValue(start: calendar.date(byAdding: .day, value: -1, to: today)!, end: today)
        default:
            if let day = LocalDate(text) {
                return DateValue(start: day.start(in: timeZone), end: day.end(in: timeZone))
            }
            if let seconds = durationSeconds(text) {
                let instant = now.addingTimeInterval(-TimeInterval(seconds))
                return DateValue(start: instant, end: instant)
            }
            throw error(span, "expected a date like 2026-11-01, 7d or today")
        }
    }

    /// Minor units for an amount typed in major units: `100000`, `100.000` (Indonesian
    /// thousands dots), `12.50`, `50k`, `50rb`, `1.5jt`, `2m`, optionally after `Rp`.
    /// A decimal comma (`12,50`) works only inside quotes, because the comma means OR.
    static func amount(_ span: QuerySpan, exponent: Int) throws(QueryError) -> Int64 {
        guard let value = amountMinorUnits(span.unquoted, exponent: exponent) else {
            throw error(span, "expected an amount like 100000, 50k or 1.5jt")
        }
        return value
    }

    static func amountMinorUnits(_ raw: String, exponent: Int) -> Int64? {
        var text = raw.lowercased()
        if text.hasPrefix("rp") { text.removeFirst(2) }
        var multiplier: Int64 = 1
        for (suffix, factor) in [("jt", Int64(1_000_000)), ("rb", 1_000), ("k", 1_000), ("m", 1_000_000)]
        where text.hasSuffix(suffix) {
            multiplier = factor
            text.removeLast(suffix.count)
            break
        }
        guard let (whole, fraction) = splitDecimal(text, suffixed: multiplier != 1) else { return nil }
        // value = (whole.fraction) × multiplier × 10^exponent, computed exactly in integers.
        var scaled: Int64 = 0
        for digit in whole + fraction {
            let (times, o1) = scaled.multipliedReportingOverflow(by: 10)
            let (plus, o2) = times.addingReportingOverflow(Int64(digit.wholeNumberValue!))
            guard !o1, !o2 else { return nil }
            scaled = plus
        }
        var numerator = scaled
        for _ in 0..<exponent {
            let (next, overflow) = numerator.multipliedReportingOverflow(by: 10)
            guard !overflow else { return nil }
            numerator = next
        }
        let (product, overflow) = numerator.multipliedReportingOverflow(by: multiplier)
        guard !overflow else { return nil }
        var divisor: Int64 = 1
        for _ in 0..<fraction.count { divisor *= 10 }
        // More decimals than the currency has minor digits: not a real amount.
        guard fraction.count <= 18, product % divisor == 0 else { return nil }
        return product / divisor
    }

    /// Whole and fraction digits. Without a suffix a dot followed by groups of three
    /// digits is a thousands separator (`100.000`); otherwise `.` or `,` marks decimals.
    private static func splitDecimal(_ text: String, suffixed: Bool) -> ([Character], [Character])? {
        guard !text.isEmpty else { return nil }
        var body = text
        if !suffixed {
            let groups = text.split(separator: ",", omittingEmptySubsequences: false)
            let head = groups[0].split(separator: ".", omittingEmptySubsequences: false)
            if groups.count <= 2, head.count > 1, (1...3).contains(head[0].count), head[0].first != "0",
               head.dropFirst().allSatisfy({ $0.count == 3 }) {
                body = head.joined() + (groups.count == 2 ? "," + groups[1] : "")
            }
        }
        let parts = body.split(omittingEmptySubsequences: false) { $0 == "." || $0 == "," }
        guard parts.count <= 2, !parts[0].isEmpty,
              parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }) else { return nil }
        if parts.count == 2, parts[1].isEmpty { return nil }
        return (Array(parts[0]), parts.count == 2 ? Array(parts[1]) : [])
    }

    static func error(_ span: QuerySpan, _ message: String) -> QueryError {
        QueryError(position: span.start, length: span.characters.count, message: message)
    }
}
