/// One problem in a theme file, printed as `FILE:LINE: message` like a compiler's.
public struct ThemeDiagnostic: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Severity: Sendable, Hashable {
        /// The theme cannot be used as written (syntax, bad colour, missing parent, loop).
        case error
        /// The theme still works, but something in it is ignored (an unknown key). The console
        /// loads such a theme, so a theme written for a newer paydesk keeps working;
        /// `paydesk theme check` fails on warnings too.
        case warning
    }

    public var file: String
    public var line: Int
    public var message: String
    public var severity: Severity

    public init(file: String, line: Int, _ message: String, severity: Severity = .error) {
        self.file = file
        self.line = line
        self.message = message
        self.severity = severity
    }

    public var description: String { "\(file):\(line): \(message)" }
}

/// Names of style keys and suggestions for misspelt ones.
public enum ThemeKeys {
    /// Style keys a theme may set: the standard keys, every prefix of one (a theme may style
    /// `dialog` for all dialogs, or `sla` for every SLA state), `base` for everything else,
    /// and the keys the ticket timeline asks for on top of the standard ones.
    public static let known: Set<String> = {
        var keys: Set<String> = ["base"]
        for key in Theme.standardKeys {
            var prefix = Substring(key)
            keys.insert(key)
            while let dot = prefix.lastIndex(of: ".") {
                prefix = prefix[..<dot]
                keys.insert(String(prefix))
            }
        }
        for kind in ["customer", "reply", "note", "system", "security"] { keys.insert("ticket.\(kind).heading") }
        return keys
    }()

    /// The candidate nearest to `word` by edit distance, if it is close enough to be a typo.
    public static func nearest(to word: String, in candidates: some Sequence<String>) -> String? {
        let limit = max(2, word.count / 3)
        var best: (String, Int)?
        for candidate in candidates.sorted() {
            let d = editDistance(word, candidate)
            if d <= limit, d < (best?.1 ?? Int.max) { best = (candidate, d) }
        }
        return best?.0
    }

    /// " — did you mean 'x'?" or nothing.
    static func suggestion(for word: String, in candidates: some Sequence<String>) -> String {
        nearest(to: word, in: candidates).map { " — did you mean '\($0)'?" } ?? ""
    }

    /// Levenshtein distance with adjacent transpositions counted as one edit ("pnae" → "pane").
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], previous2[j - 2] + 1)
                }
            }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[b.count]
    }
}
