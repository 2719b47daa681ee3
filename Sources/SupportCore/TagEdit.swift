/// A tag change as agents type it, on the command line, in the palette and for a bulk
/// change alike: `name` or `+name` adds, `-name` removes.
public struct TagEdit: Sendable, Equatable {
    public var add: [String]
    public var remove: [String]

    public init(words: [String]) {
        add = words.filter { !$0.hasPrefix("-") }.map { $0.hasPrefix("+") ? String($0.dropFirst()) : $0 }
        remove = words.filter { $0.hasPrefix("-") }.map { String($0.dropFirst()) }
    }

    /// Space-separated words, as typed after `:tag`.
    public init(parsing text: String) { self.init(words: text.split(separator: " ").map(String.init)) }
}
