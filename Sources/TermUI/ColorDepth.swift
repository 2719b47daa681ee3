/// How many colours the terminal can show. Themes are resolved against it and the driver lowers
/// every colour to it, falling back truecolor → 256 → 16 → 8 → none.
public enum ColorDepth: Int, Sendable, Hashable, Comparable, CaseIterable {
    case none = 0
    case ansi8
    case ansi16
    case indexed256
    case truecolor

    public static func < (a: ColorDepth, b: ColorDepth) -> Bool { a.rawValue < b.rawValue }

    /// The depth to use for a terminal reporting `colors` colours (terminfo `colors`, 0 when it
    /// has none). `NO_COLOR` (any non-empty value, see no-color.org) wins over everything;
    /// `COLORTERM=truecolor` or `24bit` announces 24-bit colour even when terminfo says 256.
    public static func detect(colors: Int, environment: [String: String]) -> ColorDepth {
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return .none }
        guard colors >= 8 else { return .none }
        let colorterm = environment["COLORTERM"]?.lowercased() ?? ""
        if colorterm == "truecolor" || colorterm == "24bit" || colors >= 0x100_0000 { return .truecolor }
        if colors >= 256 { return .indexed256 }
        if colors >= 16 { return .ansi16 }
        return .ansi8
    }
}

extension Color {
    /// This colour as the nearest one a terminal of `depth` can show; `.default` at `.none`.
    public func approximated(for depth: ColorDepth) -> Color {
        switch (self, depth) {
        case (.default, _), (_, .truecolor):
            return self
        case (_, .none):
            return .default
        case (.ansi(let n), .ansi8):
            return .ansi(n % 8)
        case (.ansi(let n), _):
            return .ansi(n % 16)
        case (.indexed(let n), .indexed256):
            return .indexed(n)
        case (.indexed(let n), _):
            if n < 16 { return Color.ansi(n).approximated(for: depth) }
            return .ansi(ColorPalette.nearestANSI(ColorPalette.rgb(ofIndexed: n), limit: depth == .ansi8 ? 8 : 16))
        case (.rgb(let r, let g, let b), .indexed256):
            return .indexed(ColorPalette.nearestIndexed((r, g, b)))
        case (.rgb(let r, let g, let b), _):
            return .ansi(ColorPalette.nearestANSI((r, g, b), limit: depth == .ansi8 ? 8 : 16))
        }
    }
}

/// The xterm palette, used to find the nearest colour when a terminal has fewer.
enum ColorPalette {
    typealias RGB = (UInt8, UInt8, UInt8)

    /// xterm's default ANSI colours.
    static let ansi: [RGB] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0),
        (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
        (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0),
        (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
    ]
    static let cubeLevels: [UInt8] = [0, 95, 135, 175, 215, 255]

    static func rgb(ofIndexed n: UInt8) -> RGB {
        switch n {
        case 0..<16:
            return ansi[Int(n)]
        case 16..<232:
            let i = Int(n) - 16
            return (cubeLevels[i / 36], cubeLevels[(i / 6) % 6], cubeLevels[i % 6])
        default:
            let gray = UInt8(8 + 10 * (Int(n) - 232))
            return (gray, gray, gray)
        }
    }

    /// Nearest entry of the 6×6×6 cube or the gray ramp (16–255); the ANSI entries 0–15 are
    /// skipped because terminals let users redefine them.
    static func nearestIndexed(_ c: RGB) -> UInt8 {
        func level(_ v: UInt8) -> Int {
            var best = 0
            for (i, l) in cubeLevels.enumerated() where abs(Int(l) - Int(v)) < abs(Int(cubeLevels[best]) - Int(v)) {
                best = i
            }
            return best
        }
        let cube = UInt8(16 + 36 * level(c.0) + 6 * level(c.1) + level(c.2))
        let average = (Int(c.0) + Int(c.1) + Int(c.2)) / 3
        let grayStep = min(23, max(0, (average - 3) / 10))
        let gray = UInt8(232 + grayStep)
        return distance(rgb(ofIndexed: gray), c) < distance(rgb(ofIndexed: cube), c) ? gray : cube
    }

    static func nearestANSI(_ c: RGB, limit: Int) -> UInt8 {
        var best = 0
        for i in 0..<limit where distance(ansi[i], c) < distance(ansi[best], c) { best = i }
        return UInt8(best)
    }

    static func distance(_ a: RGB, _ b: RGB) -> Int {
        let dr = Int(a.0) - Int(b.0), dg = Int(a.1) - Int(b.1), db = Int(a.2) - Int(b.2)
        return dr * dr + dg * dg + db * db
    }
}
