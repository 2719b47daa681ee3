/// A recursive-descent reader for the TOML subset described in `TOMLDocument.swift`.
/// It stops at the first syntax error: later errors would mostly be echoes of the first.
struct TOMLParser {
    private let scalars: [Unicode.Scalar]
    private var index = 0
    private var line = 1
    private var lineStart = 0

    init(_ text: String) {
        var scalars = Array(text.unicodeScalars)
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }   // editors on Windows add a BOM
        self.scalars = scalars
    }

    /// Tables while the file is read: dotted keys and headers add to tables made earlier,
    /// so they are reference types until `build()` freezes them into values.
    private final class TableBuilder {
        enum Origin { case implicit, header, dotted, inline }
        enum Slot { case value(TOMLNode), table(TableBuilder) }
        var origin: Origin
        let location: SourceLocation
        var order: [String] = []
        var slots: [String: Slot] = [:]
        var keyLocations: [String: SourceLocation] = [:]

        init(_ origin: Origin, at location: SourceLocation) {
            self.origin = origin
            self.location = location
        }

        func insert(_ key: String, _ slot: Slot, at location: SourceLocation) {
            order.append(key)
            slots[key] = slot
            keyLocations[key] = location
        }

        func build() -> TOMLTable {
            TOMLTable(entries: order.map { key in
                let node: TOMLNode
                switch slots[key]! {
                case .value(let value): node = value
                case .table(let table): node = TOMLNode(.table(table.build()), at: table.location)
                }
                return TOMLTable.Entry(key: key, keyLocation: keyLocations[key]!, node: node)
            }, isInline: origin == .inline)
        }
    }

    private typealias KeyPart = (name: String, location: SourceLocation)

    // MARK: - Document

    mutating func parseDocument() throws(TOMLError) -> TOMLTable {
        let root = TableBuilder(.header, at: SourceLocation(line: 1, column: 1))
        var current = root
        while true {
            skipSpaces()
            guard let c = peek else { break }
            switch c {
            case "#", "\n", "\r":
                break
            case "[":
                current = try parseHeader(root: root)
            default:
                try parseKeyValue(into: current)
            }
            try expectLineEnd()
        }
        return root.build()
    }

    private mutating func parseHeader(root: TableBuilder) throws(TOMLError) -> TableBuilder {
        let start = location
        advance()
        if peek == "[" { throw TOMLError("arrays of tables ([[…]]) are not supported in this file", at: start) }
        let keys = try parseKey()
        skipSpaces()
        guard peek == "]" else { throw TOMLError("expected ']' to close the table header \(describe(peek))", at: location) }
        advance()
        var table = root
        for (i, part) in keys.enumerated() {
            let path = keys[...i].map(\.name).joined(separator: ".")
            let isLast = i == keys.count - 1
            switch table.slots[part.name] {
            case .value(let node)?:
                throw TOMLError("'\(path)' is already a value (line \(node.location.line)), not a table", at: part.location)
            case .table(let existing)?:
                if isLast && existing.origin == .header {
                    throw TOMLError("table [\(path)] is defined twice (first on line \(existing.location.line))", at: start)
                }
                if isLast && existing.origin == .dotted {
                    throw TOMLError("table [\(path)] was already made by dotted keys on line \(existing.location.line)", at: start)
                }
                if isLast { existing.origin = .header }
                table = existing
            case nil:
                let made = TableBuilder(isLast ? .header : .implicit, at: start)
                table.insert(part.name, .table(made), at: part.location)
                table = made
            }
        }
        return table
    }

    private mutating func parseKeyValue(into table: TableBuilder) throws(TOMLError) {
        let keys = try parseKey()
        let path = keys.map(\.name).joined(separator: ".")
        skipSpaces()
        guard peek == "=" else {
            if peek == nil || peek == "\n" || peek == "#" {
                throw TOMLError("the key '\(path)' has no value; write \(path) = value", at: keys[0].location)
            }
            throw TOMLError("expected '=' after the key '\(path)' \(describe(peek))", at: location)
        }
        advance()
        skipSpaces()
        let value = try parseValue()
        var target = table
        for (i, part) in keys.dropLast().enumerated() {
            let prefix = keys[...i].map(\.name).joined(separator: ".")
            switch target.slots[part.name] {
            case .value(let node)?:
                if node.table?.isInline == true {
                    throw TOMLError("'\(prefix)' is an inline table (line \(node.location.line)) that '\(path)' cannot add to; "
                        + "put dotted style keys in quotes: \"\(path)\" = …", at: part.location)
                }
                throw TOMLError("'\(prefix)' already has a value (line \(node.location.line)), so '\(path)' cannot be set", at: part.location)
            case .table(let existing)?:
                guard existing.origin == .dotted else {
                    throw TOMLError("the table '\(prefix)' has its own [header] (line \(existing.location.line)); set '\(path)' under it",
                                    at: part.location)
                }
                target = existing
            case nil:
                let made = TableBuilder(.dotted, at: part.location)
                target.insert(part.name, .table(made), at: part.location)
                target = made
            }
        }
        let last = keys[keys.count - 1]
        if let first = target.keyLocations[last.name] {
            throw TOMLError("duplicate key '\(path)' (first set on line \(first.line))", at: last.location)
        }
        target.insert(last.name, .value(value), at: last.location)
    }

    private mutating func parseKey() throws(TOMLError) -> [KeyPart] {
        var parts: [KeyPart] = []
        while true {
            skipSpaces()
            let start = location
            guard let c = peek else { throw TOMLError("expected a key at the end of the file", at: start) }
            let name: String
            if c == "\"" {
                name = try parseBasicString()
            } else if c == "'" {
                name = try parseLiteralString()
            } else if Self.isBare(c) {
                var s = ""
                while let b = peek, Self.isBare(b) { s.unicodeScalars.append(b); advance() }
                name = s
            } else {
                throw TOMLError("expected a key \(describe(c)); keys are letters, digits, '-' and '_', or quoted", at: start)
            }
            parts.append((name, start))
            skipSpaces()
            guard peek == "." else { return parts }
            advance()
        }
    }

    // MARK: - Values

    private mutating func parseValue() throws(TOMLError) -> TOMLNode {
        let start = location
        guard let c = peek, c != "\n", c != "\r", c != "#" else { throw TOMLError("a value is missing after '='", at: start) }
        switch c {
        case "\"":
            if lookahead(1) == "\"" && lookahead(2) == "\"" { throw TOMLError("multi-line strings are not supported in this file", at: start) }
            return TOMLNode(.string(try parseBasicString()), at: start)
        case "'":
            if lookahead(1) == "'" && lookahead(2) == "'" { throw TOMLError("multi-line strings are not supported in this file", at: start) }
            return TOMLNode(.string(try parseLiteralString()), at: start)
        case "[":
            return TOMLNode(.array(try parseArray()), at: start)
        case "{":
            return TOMLNode(.table(try parseInlineTable()), at: start)
        default:
            let word = readWord()
            if word == "true" || word == "false" { return TOMLNode(.boolean(word == "true"), at: start) }
            if let first = word.unicodeScalars.first, "0123456789+-".unicodeScalars.contains(first) {
                return TOMLNode(.integer(try Self.integer(word, at: start)), at: start)
            }
            let shown = word.isEmpty ? String(c) : word
            throw TOMLError("'\(shown)' is not a value; text needs quotes: \"\(shown)\"", at: start)
        }
    }

    private static func integer(_ word: String, at start: SourceLocation) throws(TOMLError) -> Int {
        let looksLikeFloat = word.contains(where: { ".eE".contains($0) }) && !word.hasPrefix("0x")
        let looksLikeDate = word.dropFirst().contains(where: { "-:".contains($0) })
        if looksLikeFloat || looksLikeDate || word.hasSuffix("inf") || word.hasSuffix("nan") {
            throw TOMLError("'\(word)': floats, dates and times are not supported in this file", at: start)
        }
        var digits = Substring(word)
        var sign = 1
        if digits.first == "+" || digits.first == "-" {
            sign = digits.first == "-" ? -1 : 1
            digits = digits.dropFirst()
        }
        var radix = 10
        for (prefix, r) in [("0x", 16), ("0o", 8), ("0b", 2)] where digits.hasPrefix(prefix) {
            guard sign == 1, word.first != "+" else { throw TOMLError("'\(word)': a sign is not allowed before \(prefix)", at: start) }
            radix = r
            digits = digits.dropFirst(2)
        }
        if digits.hasPrefix("_") || digits.hasSuffix("_") || digits.contains("__") {
            throw TOMLError("'\(word)': underscores must stand between digits", at: start)
        }
        let clean = String(digits.filter { $0 != "_" })
        if radix == 10 && clean.count > 1 && clean.hasPrefix("0") {
            throw TOMLError("'\(word)': leading zeros are not allowed", at: start)
        }
        guard !clean.isEmpty, let magnitude = Int(clean, radix: radix) else {
            throw TOMLError("'\(word)' is not a number", at: start)
        }
        return sign * magnitude
    }

    private mutating func parseArray() throws(TOMLError) -> [TOMLNode] {
        let open = location
        advance()
        var items: [TOMLNode] = []
        while true {
            skipBlank()
            if peek == "]" { advance(); return items }
            if peek == nil { throw TOMLError("the array opened on line \(open.line) is never closed with ']'", at: open) }
            items.append(try parseValue())
            skipBlank()
            if peek == "," { advance(); continue }
            if peek == "]" { advance(); return items }
            if peek == nil { throw TOMLError("the array opened on line \(open.line) is never closed with ']'", at: open) }
            throw TOMLError("expected ',' or ']' in the array \(describe(peek))", at: location)
        }
    }

    /// Inline tables as TOML 1.1 has them: newlines, comments and a trailing comma allowed.
    private mutating func parseInlineTable() throws(TOMLError) -> TOMLTable {
        let open = location
        advance()
        let table = TableBuilder(.inline, at: open)
        while true {
            skipBlank()
            if peek == "}" { advance(); return table.build() }
            if peek == nil { throw TOMLError("the inline table opened on line \(open.line) is never closed with '}'", at: open) }
            try parseKeyValue(into: table)
            skipBlank()
            if peek == "," { advance(); continue }
            if peek == "}" { advance(); return table.build() }
            if peek == nil { throw TOMLError("the inline table opened on line \(open.line) is never closed with '}'", at: open) }
            throw TOMLError("expected ',' or '}' in the inline table \(describe(peek))", at: location)
        }
    }

    private mutating func parseBasicString() throws(TOMLError) -> String {
        let open = location
        advance()
        var s = ""
        while true {
            guard let c = peek, c != "\n", c != "\r" else { throw TOMLError("the string is not closed with '\"' on this line", at: open) }
            advance()
            if c == "\"" { return s }
            if c == "\\" {
                let escape = location
                guard let e = peek else { continue }
                advance()
                switch e {
                case "b": s += "\u{08}"
                case "t": s += "\t"
                case "n": s += "\n"
                case "f": s += "\u{0C}"
                case "r": s += "\r"
                case "e": s += "\u{1B}"
                case "\"": s += "\""
                case "\\": s += "\\"
                case "u", "U":
                    let count = e == "u" ? 4 : 8
                    var hex = ""
                    for _ in 0..<count { if let h = peek, h.properties.isASCIIHexDigit { hex.unicodeScalars.append(h); advance() } }
                    guard hex.count == count, let v = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(v) else {
                        throw TOMLError("'\\\(e)' needs \(count) hex digits naming a Unicode character", at: escape)
                    }
                    s.unicodeScalars.append(scalar)
                default:
                    throw TOMLError("unknown escape '\\\(e)' in a string; write '\\\\' for a backslash", at: escape)
                }
            } else if Self.isControl(c) {
                throw TOMLError("a control character inside a string; write it as an escape such as \\t", at: location)
            } else {
                s.unicodeScalars.append(c)
            }
        }
    }

    private mutating func parseLiteralString() throws(TOMLError) -> String {
        let open = location
        advance()
        var s = ""
        while true {
            guard let c = peek, c != "\n", c != "\r" else { throw TOMLError("the string is not closed with \"'\" on this line", at: open) }
            advance()
            if c == "'" { return s }
            if Self.isControl(c) { throw TOMLError("a control character inside a string", at: location) }
            s.unicodeScalars.append(c)
        }
    }

    // MARK: - Scanning

    private var location: SourceLocation { SourceLocation(line: line, column: index - lineStart + 1) }
    private var peek: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }
    private func lookahead(_ n: Int) -> Unicode.Scalar? { index + n < scalars.count ? scalars[index + n] : nil }

    private mutating func advance() {
        guard index < scalars.count else { return }
        if scalars[index] == "\n" {
            line += 1
            lineStart = index + 1
        }
        index += 1
    }

    private mutating func skipSpaces() {
        while peek == " " || peek == "\t" { advance() }
    }

    /// Spaces, newlines and comments, as allowed between the items of an array.
    private mutating func skipBlank() {
        while let c = peek {
            if c == " " || c == "\t" || c == "\n" || (c == "\r" && lookahead(1) == "\n") {
                advance()
            } else if c == "#" {
                while let d = peek, d != "\n" { advance() }
            } else {
                return
            }
        }
    }

    private mutating func expectLineEnd() throws(TOMLError) {
        skipSpaces()
        if peek == "#" { while let d = peek, d != "\n" { advance() } }
        if peek == "\r" && lookahead(1) == "\n" { advance() }
        guard let c = peek else { return }
        guard c == "\n" else { throw TOMLError("expected the end of the line \(describe(c)); one key = value per line", at: location) }
        advance()
    }

    /// The rest of a bare word, up to a space or punctuation that ends a value.
    private mutating func readWord() -> String {
        var s = ""
        while let c = peek, !" \t\r\n,]}#".unicodeScalars.contains(c) { s.unicodeScalars.append(c); advance() }
        return s
    }

    private func describe(_ c: Unicode.Scalar?) -> String {
        guard let c else { return "but the file ends" }
        if c == "\n" || c == "\r" { return "but the line ends" }
        return "but found '\(Self.isControl(c) ? "U+" + String(c.value, radix: 16, uppercase: true) : String(c))'"
    }

    private static func isBare(_ c: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c) || c == "-" || c == "_"
    }

    private static func isControl(_ c: Unicode.Scalar) -> Bool {
        (c.value < 0x20 && c != "\t") || c.value == 0x7F
    }
}
