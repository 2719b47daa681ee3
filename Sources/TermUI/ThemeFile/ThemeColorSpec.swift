/// A colour as a theme file writes it, before the terminal's depth is known.
public enum ColorSpec: Sendable, Hashable {
    case color(Color)
    /// A name from `[palette]`, looked up after inheritance has merged the palettes (a child
    /// theme may redefine a colour its parent's styles use).
    case palette(String)
}

/// A `[palette]` entry: one colour, lowered to whatever the terminal has, or a value chosen
/// by hand for each depth (`truecolor`, `c256`, `c16`, `c8`), because the nearest xterm colour
/// to a brand green is not always the one a designer would pick.
public enum PaletteColor: Sendable, Hashable {
    case single(Color)
    case perDepth([ColorDepth: Color])

    /// Field names of a per-depth entry, best first.
    public static let depthFields: [(name: String, depth: ColorDepth)] = [
        ("truecolor", .truecolor), ("c256", .indexed256), ("c16", .ansi16), ("c8", .ansi8),
    ]

    /// The colour for a terminal of `depth`: the value written for that depth, else the nearest
    /// richer one lowered (a designer's 256-colour pick beats an automatic one from truecolor),
    /// else the nearest poorer one.
    public func resolved(for depth: ColorDepth) -> Color {
        switch self {
        case .single(let c):
            return c.approximated(for: depth)
        case .perDepth(let values):
            guard depth != .none else { return .default }
            let richer = ColorDepth.allCases.filter { $0 > depth }
            let poorer = ColorDepth.allCases.filter { $0 < depth && $0 != .none }.reversed()
            for candidate in [depth] + richer + poorer {
                if let c = values[candidate] { return c.approximated(for: depth) }
            }
            return .default
        }
    }
}

/// A message for a value that cannot be used; the caller knows the line.
struct Problem: Error {
    var message: String
    init(_ message: String) { self.message = message }
}

struct Problems: Error {
    var list: [(SourceLocation, String)]
}

/// Reading colour values: ANSI names, `"#rrggbb"`, 0–255, `"default"`, or palette names.
enum ColorSyntax {
    static let ansiNames = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]
    static let allNames: [String] = ["default"] + ansiNames + ansiNames.map { "bright-" + $0 }
    static let forms = "an ANSI name (red, bright-red, …), \"#rrggbb\" or 0–255"
    static let hint = "write a palette name, " + forms

    /// The colour a name stands for, without the palette.
    static func named(_ name: String) -> Color? {
        if name == "default" { return .default }
        if let i = ansiNames.firstIndex(of: name) { return .ansi(UInt8(i)) }
        if name.hasPrefix("bright-"), let i = ansiNames.firstIndex(of: String(name.dropFirst(7))) { return .ansi(UInt8(i + 8)) }
        return nil
    }

    /// `node` as a colour or a name. Names (ANSI ones included) stay names until the merged
    /// palette is known, so a palette may redefine `red` as solarized's red.
    static func spec(_ node: TOMLNode, field: String) -> Result<ColorSpec, Problem> {
        switch node.value {
        case .integer(let n):
            guard (0...255).contains(n) else { return .failure(Problem("\(field) = \(n) is not in the 256-colour palette; write 0–255")) }
            return .success(.color(.indexed(UInt8(n))))
        case .string(let text):
            if text.hasPrefix("#") { return hex(text).map { .success(.color($0)) } ?? .failure(Problem(badHex(text, field: field))) }
            guard !text.isEmpty, text.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
                return .failure(Problem("\(field) = \"\(text)\" is not a colour; \(hint)"))
            }
            return .success(.palette(text))
        default:
            return .failure(Problem("\(field) takes a colour, not \(node.value.kindName); \(hint)"))
        }
    }

    /// A colour written inside `[palette]`, where other palette names are not allowed.
    private static func plainColor(_ node: TOMLNode, field: String) -> Result<Color, Problem> {
        switch spec(node, field: field) {
        case .failure(let problem): return .failure(problem)
        case .success(.color(let c)): return .success(c)
        case .success(.palette(let name)):
            if let c = named(name.lowercased()) { return .success(c) }
            return .failure(Problem("\(field) = \"\(name)\" is not a colour" + ThemeKeys.suggestion(for: name.lowercased(), in: allNames)
                + "; in [palette] write \(forms), not other palette names"))
        }
    }

    /// A palette entry: a single colour or `{ truecolor = …, c256 = …, c16 = …, c8 = … }`.
    static func paletteColor(_ node: TOMLNode, name: String) -> Result<PaletteColor, Problems> {
        if let table = node.table {
            var values: [ColorDepth: Color] = [:]
            var problems: [(SourceLocation, String)] = []
            for entry in table.entries {
                guard let depth = PaletteColor.depthFields.first(where: { $0.name == entry.key })?.depth else {
                    let fields = PaletteColor.depthFields.map(\.name)
                    problems.append((entry.keyLocation, "unknown depth '\(entry.key)' in palette colour '\(name)'"
                        + ThemeKeys.suggestion(for: entry.key, in: fields) + " (use \(fields.joined(separator: ", ")))"))
                    continue
                }
                switch depthColor(entry.node, depth: depth, field: "\(name).\(entry.key)") {
                case .success(let c): values[depth] = c
                case .failure(let problem): problems.append((entry.node.location, problem.message))
                }
            }
            if values.isEmpty && problems.isEmpty {
                problems.append((node.location, "palette colour '\(name)' is empty; give it a colour such as \"#2e7d32\""))
            }
            return problems.isEmpty ? .success(.perDepth(values)) : .failure(Problems(list: problems))
        }
        switch plainColor(node, field: name) {
        case .success(let c): return .success(.single(c))
        case .failure(let problem): return .failure(Problems(list: [(node.location, problem.message)]))
        }
    }

    /// A value for one depth must be one that depth can show, so the file says what it means.
    private static func depthColor(_ node: TOMLNode, depth: ColorDepth, field: String) -> Result<Color, Problem> {
        let basic = ansiNames.joined(separator: ", ")
        let c: Color
        switch plainColor(node, field: field) {
        case .failure(let problem): return .failure(problem)
        case .success(let color): c = color
        }
        switch (c, depth) {
        case (_, .truecolor), (.default, _):
            return .success(c)
        case (.rgb, .indexed256):
            return .failure(Problem("\(field): c256 takes 0–255 or an ANSI name; put \"#rrggbb\" in truecolor"))
        case (_, .indexed256):
            return .success(c)
        case (.ansi, .ansi16):
            return .success(c)
        case (.indexed(let n), .ansi16) where n < 16:
            return .success(.ansi(n))
        case (_, .ansi16):
            return .failure(Problem("\(field): c16 takes an ANSI name (red, bright-red, …) or 0–15"))
        case (.ansi(let n), _) where n < 8, (.indexed(let n), _) where n < 8:
            return .success(.ansi(n))
        case (.ansi(let n), _):
            return .failure(Problem("\(field): '\(allNames[Int(n) + 1])' needs 16 colours; c8 takes one of \(basic) (or 0–7)"))
        default:
            return .failure(Problem("\(field): c8 takes one of \(basic) (or 0–7)"))
        }
    }

    static func hex(_ text: String) -> Color? {
        var digits = Array(text.dropFirst())
        if digits.count == 3 { digits = digits.flatMap { [$0, $0] } }
        guard digits.count == 6, digits.allSatisfy(\.isHexDigit) else { return nil }
        let v = Int(String(digits), radix: 16)!
        return .rgb(UInt8(v >> 16), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF))
    }

    private static func badHex(_ text: String, field: String) -> String {
        "\(field) = \"\(text)\" is not a colour: write \"#\" and six hex digits, as in \"#1e90ff\""
    }
}
