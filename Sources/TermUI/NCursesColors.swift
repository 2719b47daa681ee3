/// Turns `Style`s into ncurses attributes and colour pairs, allocating pairs on first use.
///
/// The pair table is finite (64 on an 8-colour terminal); when it is full, further colour
/// combinations are drawn with the terminal's default colours rather than recycling a pair,
/// which would silently recolour cells already on screen. Attributes always apply.
struct ColorPairTable {
    struct Attributes: Equatable {
        var bold = false, underline = false, reverse = false, dim = false
        var pair: Int32 = 0
    }

    /// What the terminal can really show (terminfo `colors`); `COLORTERM` does not change it,
    /// because ncurses can only emit 24-bit colours for terminal types that describe them.
    let capability: ColorDepth
    /// False when the app must not use colour at all (`NO_COLOR`, or no colour support).
    let enabled: Bool
    /// `use_default_colors` worked, so -1 means "the terminal's own colour".
    let hasDefaultColors: Bool
    let pairLimit: Int32
    private var pairs: [PairKey: Int32] = [:]
    private var nextPair: Int32 = 1

    private struct PairKey: Hashable { var fg: Int32; var bg: Int32 }

    init(colors: Int, pairLimit: Int, enabled: Bool, hasDefaultColors: Bool) {
        self.capability = ColorPairTable.capability(colors: colors)
        self.enabled = enabled && capability != .none
        self.hasDefaultColors = hasDefaultColors
        // setcchar takes the pair as a C short.
        self.pairLimit = Int32(min(max(0, pairLimit), Int(Int16.max)))
    }

    static func capability(colors: Int) -> ColorDepth {
        switch colors {
        case 0x100_0000...: return .truecolor
        case 256...: return .indexed256
        case 16...: return .ansi16
        case 8...: return .ansi8
        default: return .none
        }
    }

    /// The ncurses colour number for `color` on this terminal (-1: default colour).
    func number(for color: Color, isForeground: Bool) -> Int32 {
        switch color.approximated(for: capability) {
        case .default:
            return hasDefaultColors ? -1 : (isForeground ? 7 : 0)
        case .ansi(let n), .indexed(let n):
            return Int32(n)
        case .rgb(let r, let g, let b):
            return Int32(r) << 16 | Int32(g) << 8 | Int32(b)
        }
    }

    /// The SGR sequence that draws in `style` (attributes, then colours), for the few cells
    /// written past ncurses (`NCursesGlyphs.isJoinedEmoji`).
    func sgr(for style: Style) -> String {
        var codes = ["0"]
        if style.bold { codes.append("1") }
        if style.dim { codes.append("2") }
        if style.underline { codes.append("4") }
        if style.reverse { codes.append("7") }
        if enabled {
            for (color, foreground) in [(style.fg, true), (style.bg, false)] {
                let base = foreground ? 30 : 40
                switch color.approximated(for: capability) {
                case .default: codes.append(String(base + 9))
                case .ansi(let n) where n < 8: codes.append(String(base + Int(n)))
                case .ansi(let n): codes.append(String(base + 60 + Int(n % 8)))
                case .indexed(let n): codes.append("\(base + 8);5;\(n)")
                case .rgb(let r, let g, let b): codes.append("\(base + 8);2;\(r);\(g);\(b)")
                }
            }
        }
        return "\u{1B}[" + codes.joined(separator: ";") + "m"
    }

    /// Attributes and pair for `style`; `initPair(pair, fg, bg)` defines a new pair in ncurses.
    mutating func attributes(for style: Style, initPair: (Int32, Int32, Int32) -> Bool) -> Attributes {
        var result = Attributes(bold: style.bold, underline: style.underline, reverse: style.reverse, dim: style.dim)
        guard enabled else { return result }
        // On 8-colour terminals bright foregrounds are approximated by bold, as terminals of
        // that kind usually render bold text in the bright colour.
        if capability == .ansi8, case .ansi(let n) = style.fg, n % 16 >= 8 { result.bold = true }
        let key = PairKey(fg: number(for: style.fg, isForeground: true), bg: number(for: style.bg, isForeground: false))
        if key.fg == -1 && key.bg == -1 { return result }
        if let pair = pairs[key] {
            result.pair = pair
        } else if nextPair < pairLimit, initPair(nextPair, key.fg, key.bg) {
            pairs[key] = nextPair
            result.pair = nextPair
            nextPair += 1
        }
        return result
    }
}
