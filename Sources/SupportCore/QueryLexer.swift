/// A run of characters with its offset in the filter text, so every later error can
/// point at the exact spot.
struct QuerySpan: Sendable, Hashable {
    var characters: [Character]
    var start: Int

    var end: Int { start + characters.count }
    var range: Range<Int> { start..<end }
    var text: String { String(characters) }
    var isEmpty: Bool { characters.isEmpty }

    func dropFirst(_ n: Int) -> QuerySpan {
        QuerySpan(characters: Array(characters.dropFirst(n)), start: start + n)
    }

    func prefix(_ n: Int) -> QuerySpan {
        QuerySpan(characters: Array(characters.prefix(n)), start: start)
    }

    /// Text with double quotes removed, the way a shell joins `"toko abadi"` into one word.
    var unquoted: String { String(characters.filter { $0 != "\"" }) }
    var isQuoted: Bool { characters.contains("\"") }

    /// Index of the first `separator` outside double quotes.
    func firstIndex(of separator: Character) -> Int? {
        var quoted = false
        for (index, character) in characters.enumerated() {
            if character == "\"" { quoted.toggle() } else if character == separator, !quoted { return index }
        }
        return nil
    }

    /// Pieces between `separator`s outside double quotes (used for the comma OR).
    func split(on separator: Character) -> [QuerySpan] {
        var pieces: [QuerySpan] = []
        var current: [Character] = []
        var pieceStart = start
        var quoted = false
        for (index, character) in characters.enumerated() {
            if character == "\"" { quoted.toggle() }
            if character == separator, !quoted {
                pieces.append(QuerySpan(characters: current, start: pieceStart))
                current = []
                pieceStart = start + index + 1
            } else {
                current.append(character)
            }
        }
        pieces.append(QuerySpan(characters: current, start: pieceStart))
        return pieces
    }
}

/// Splits a filter into whitespace-separated tokens; whitespace inside double quotes
/// belongs to the token.
enum QueryLexer {
    static func tokens(in input: String) throws(QueryError) -> [QuerySpan] {
        let characters = Array(input)
        var tokens: [QuerySpan] = []
        var current: [Character] = []
        var tokenStart = 0
        var openQuote: Int?
        for (index, character) in characters.enumerated() {
            if character == "\"" {
                openQuote = openQuote == nil ? index : nil
            }
            if character.isWhitespace, openQuote == nil {
                if !current.isEmpty { tokens.append(QuerySpan(characters: current, start: tokenStart)) }
                current = []
                tokenStart = index + 1
            } else {
                current.append(character)
            }
        }
        if let openQuote {
            throw QueryError(position: openQuote, length: characters.count - openQuote,
                             message: "missing closing quote")
        }
        if !current.isEmpty { tokens.append(QuerySpan(characters: current, start: tokenStart)) }
        return tokens
    }
}
