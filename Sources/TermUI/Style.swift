/// A terminal colour as a theme asks for it; the driver lowers it to what the terminal has.
public enum Color: Sendable, Hashable {
    /// The terminal's own foreground or background (keeps transparent terminals transparent).
    case `default`
    /// One of the 16 ANSI colours: 0–7 normal, 8–15 bright. Values above 15 are reduced mod 16.
    case ansi(UInt8)
    /// A colour of the 256-colour palette.
    case indexed(UInt8)
    /// A 24-bit colour.
    case rgb(UInt8, UInt8, UInt8)

    public static let black = Color.ansi(0)
    public static let red = Color.ansi(1)
    public static let green = Color.ansi(2)
    public static let yellow = Color.ansi(3)
    public static let blue = Color.ansi(4)
    public static let magenta = Color.ansi(5)
    public static let cyan = Color.ansi(6)
    public static let white = Color.ansi(7)
    public static let brightBlack = Color.ansi(8)
    public static let brightRed = Color.ansi(9)
    public static let brightGreen = Color.ansi(10)
    public static let brightYellow = Color.ansi(11)
    public static let brightBlue = Color.ansi(12)
    public static let brightMagenta = Color.ansi(13)
    public static let brightCyan = Color.ansi(14)
    public static let brightWhite = Color.ansi(15)
}

/// How one cell looks: colours plus attributes. Attributes survive when colours cannot be shown
/// (monochrome terminals, `NO_COLOR`), so a theme can rely on them for meaning.
public struct Style: Sendable, Hashable {
    public var fg: Color
    public var bg: Color
    public var bold: Bool
    public var underline: Bool
    public var reverse: Bool
    public var dim: Bool

    public init(
        fg: Color = .default, bg: Color = .default,
        bold: Bool = false, underline: Bool = false, reverse: Bool = false, dim: Bool = false
    ) {
        self.fg = fg
        self.bg = bg
        self.bold = bold
        self.underline = underline
        self.reverse = reverse
        self.dim = dim
    }

    /// The terminal's default look.
    public static let plain = Style()

    public func with(fg: Color) -> Style { var s = self; s.fg = fg; return s }
    public func with(bg: Color) -> Style { var s = self; s.bg = bg; return s }
    public func bolded(_ on: Bool = true) -> Style { var s = self; s.bold = on; return s }
    public func underlined(_ on: Bool = true) -> Style { var s = self; s.underline = on; return s }
    public func reversed(_ on: Bool = true) -> Style { var s = self; s.reverse = on; return s }
    public func dimmed(_ on: Bool = true) -> Style { var s = self; s.dim = on; return s }

    /// The same attributes with both colours reset; what a monochrome terminal can show.
    public var withoutColors: Style { Style(bold: bold, underline: underline, reverse: reverse, dim: dim) }
}
