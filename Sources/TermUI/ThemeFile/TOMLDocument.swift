/// The small part of TOML that theme and config files use, with every key and value
/// remembering its line, so `theme check` can point at `default.toml:12` for an unknown key
/// or a bad colour and not only for syntax errors. (TOMLKit reports positions for syntax
/// errors only, which is why paydesk reads these files itself.)
///
/// Supported: comments, `[table]` headers, bare / quoted / dotted keys, basic and literal
/// strings, integers (decimal, `0x`, `0o`, `0b`, underscores), booleans, arrays (over several
/// lines too) and inline tables. Not supported, and reported as such with a line number:
/// multi-line strings, floats, dates and times, arrays of tables (`[[x]]`).

/// A position in a file, both numbers starting at 1.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public var description: String { "\(line):\(column)" }
}

/// A syntax error, at the place the reader stopped.
public struct TOMLError: Error, Sendable, Hashable, CustomStringConvertible {
    public var location: SourceLocation
    public var message: String

    public init(_ message: String, at location: SourceLocation) {
        self.message = message
        self.location = location
    }

    public var description: String { "line \(location.line): \(message)" }
}

public indirect enum TOMLValue: Sendable, Hashable {
    case string(String)
    case integer(Int)
    case boolean(Bool)
    case array([TOMLNode])
    case table(TOMLTable)

    /// How the value is called in messages ("expected a string, found an integer").
    public var kindName: String {
        switch self {
        case .string: "a string"
        case .integer: "an integer"
        case .boolean: "a boolean"
        case .array: "an array"
        case .table(let t): t.isInline ? "an inline table" : "a table"
        }
    }
}

/// A value and where it starts.
public struct TOMLNode: Sendable, Hashable {
    public var value: TOMLValue
    public var location: SourceLocation

    public init(_ value: TOMLValue, at location: SourceLocation) {
        self.value = value
        self.location = location
    }

    public var string: String? { if case .string(let s) = value { s } else { nil } }
    public var integer: Int? { if case .integer(let i) = value { i } else { nil } }
    public var boolean: Bool? { if case .boolean(let b) = value { b } else { nil } }
    public var table: TOMLTable? { if case .table(let t) = value { t } else { nil } }
}

/// A table with its entries in file order (messages and `theme list` follow the file).
public struct TOMLTable: Sendable, Hashable {
    public struct Entry: Sendable, Hashable {
        public var key: String
        /// Where the key is written; for `a.b = 1` the entry `b` of table `a` points at `a`.
        public var keyLocation: SourceLocation
        public var node: TOMLNode
    }

    public var entries: [Entry]
    /// Written as `{ … }` on one line, as opposed to a `[header]` or dotted keys.
    public var isInline: Bool

    public init(entries: [Entry] = [], isInline: Bool = false) {
        self.entries = entries
        self.isInline = isInline
    }

    public subscript(key: String) -> TOMLNode? { entries.first { $0.key == key }?.node }

    public func entry(_ key: String) -> Entry? { entries.first { $0.key == key } }

    public var keys: [String] { entries.map(\.key) }

    /// Parses `text`; throws the first syntax error.
    public static func parse(_ text: String) throws(TOMLError) -> TOMLTable {
        var parser = TOMLParser(text)
        return try parser.parseDocument()
    }
}
