/// Why a filter did not parse, and where. Positions are character offsets into the
/// filter text so the console can underline the culprit.
public struct QueryError: Error, Sendable, Hashable, CustomStringConvertible {
    public var position: Int
    public var length: Int
    /// One sentence, no trailing period.
    public var message: String

    public init(position: Int, length: Int, message: String) {
        self.position = position; self.length = max(1, length); self.message = message
    }

    public var description: String { "\(message) (at column \(position + 1))" }

    /// A line to print under `input`: spaces up to the error, then `^~~~` under it.
    /// Wide characters (CJK) take two terminal columns, so the caret follows them.
    public func caretLine(for input: String) -> String {
        let characters = Array(input)
        let lead = characters.prefix(position).reduce(0) { $0 + $1.terminalColumns }
        let under = characters.dropFirst(position).prefix(length).reduce(0) { $0 + $1.terminalColumns }
        return String(repeating: " ", count: lead) + "^" + String(repeating: "~", count: max(0, under - 1))
    }

    /// The input, a caret line under it and the message: ready for stderr.
    public func rendered(for input: String) -> String {
        "\(input)\n\(caretLine(for: input))\n\(message)"
    }
}

extension Character {
    /// Terminal columns this character occupies: 2 for East Asian wide and fullwidth
    /// ranges, otherwise 1. Enough for caret placement; TermUI owns the full table.
    var terminalColumns: Int {
        guard let scalar = unicodeScalars.first else { return 0 }
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF,
             0x4E00...0x9FFF, 0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF,
             0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F,
             0x1F900...0x1F9FF, 0x20000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }
}

/// Picks the closest known name for a misspelt one, for "did you mean" hints.
enum SpellingSuggestion {
    static func closest(to word: String, among candidates: [String]) -> String? {
        let word = word.lowercased()
        let scored = candidates.map { ($0, distance(word, $0)) }
        guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
        // Allow roughly one slip per three letters, at most two, so "stauts" finds
        // "status" but "foo" does not become "tag".
        let limit = min(2, max(1, word.count / 3))
        if best.1 <= limit { return best.0 }
        return candidates.first { $0.hasPrefix(word) && word.count >= 2 }
    }

    /// Optimal string alignment distance: Levenshtein plus swapping two neighbours,
    /// the commonest typing slip.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var d = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[a.count][b.count]
    }
}

/// "a, b, c or d" for lists of options in messages.
func humanList(_ items: [String], conjunction: String = "or") -> String {
    switch items.count {
    case 0: return ""
    case 1: return items[0]
    default: return items.dropLast().joined(separator: ", ") + " \(conjunction) " + items.last!
    }
}
