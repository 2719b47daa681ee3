import Foundation

/// Tab completion for the filter line: field names before a colon, values after it.
/// The console replaces `replacing` with a chosen candidate (or with `commonPrefix`
/// when several remain, like a shell).
public struct QueryCompletion: Sendable, Hashable {
    /// Character offsets in the input that a candidate replaces (the word being typed).
    public var replacing: Range<Int>
    /// Full replacement texts, in the schema's order (status values follow the lifecycle).
    public var candidates: [String]

    public init(replacing: Range<Int>, candidates: [String]) {
        self.replacing = replacing; self.candidates = candidates
    }

    /// Offers completions for the word that ends at `cursor`. `logins` feeds assignee
    /// values, which only the store knows.
    public static func suggest(input: String, cursor: Int, schema: QuerySchema,
                               logins: [String] = []) -> QueryCompletion {
        let characters = Array(input)
        let cursor = min(max(0, cursor), characters.count)
        var start = cursor
        while start > 0, !characters[start - 1].isWhitespace { start -= 1 }
        if start < cursor, characters[start] == "-" { start += 1 }
        let word = Array(characters[start..<cursor])
        guard !word.contains("\"") else { return QueryCompletion(replacing: cursor..<cursor, candidates: []) }

        guard let colon = word.firstIndex(of: ":") else {
            let typed = String(word).lowercased()
            let names = schema.allNames.filter { $0.first?.isLetter == true && $0.hasPrefix(typed) }
            return QueryCompletion(replacing: start..<cursor, candidates: names.map { $0 + ":" })
        }
        guard let field = schema.field(named: String(word[..<colon])) else {
            return QueryCompletion(replacing: cursor..<cursor, candidates: [])
        }
        // The value being typed: after the last comma, then after any operator or `..`.
        let valueStart = start + colon + 1
        let listed = String(characters[valueStart..<cursor]).split(separator: ",", omittingEmptySubsequences: false)
        var pieceStart = cursor - listed.last!.count
        var piece = String(listed.last!)
        var sawOperator = false
        for symbol in [">=", "<=", ">", "<"] where piece.hasPrefix(symbol) {
            piece.removeFirst(symbol.count); pieceStart += symbol.count; sawOperator = true
            break
        }
        if let dots = piece.range(of: "..") {
            let skipped = piece.distance(from: piece.startIndex, to: dots.upperBound)
            piece = String(piece[dots.upperBound...]); pieceStart += skipped; sawOperator = true
        }
        let earlier = Set(listed.dropLast().map { $0.lowercased() })
        var values = field.completionValues
        if case .assignee = field.kind { values += logins.map { $0.lowercased() } }
        if case .duration = field.kind, sawOperator {
            values = values.map { String($0.drop { $0 == ">" }) }
        }
        let typed = piece.lowercased()
        let candidates = values.uniqued().filter { $0.hasPrefix(typed) && !earlier.contains($0) }
        return QueryCompletion(replacing: pieceStart..<cursor, candidates: candidates)
    }

    /// Longest text every candidate starts with; what a single Tab inserts.
    public var commonPrefix: String {
        guard var prefix = candidates.first else { return "" }
        for candidate in candidates.dropFirst() {
            while !candidate.hasPrefix(prefix) { prefix.removeLast() }
        }
        return prefix
    }

    /// `input` with `candidate` in place of the word being typed, and the cursor after it.
    public func applying(_ candidate: String, to input: String) -> (text: String, cursor: Int) {
        let characters = Array(input)
        let lower = min(replacing.lowerBound, characters.count)
        let upper = min(replacing.upperBound, characters.count)
        let text = String(characters[..<lower]) + candidate + String(characters[upper...])
        return (text, lower + candidate.count)
    }
}
