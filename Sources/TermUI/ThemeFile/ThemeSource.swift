/// Whether a theme is meant for a dark or a light terminal background (`theme list` shows it;
/// the console does not change the terminal's background).
public enum ThemeVariant: String, Sendable, Hashable, CaseIterable {
    case dark, light
}

/// One style as a file writes it. Colours stay symbolic until the terminal's depth is known.
/// A colour left out takes `base`'s, so a theme can paint its own background by setting
/// `base = { fg = …, bg = … }` once; write "default" for the terminal's own colour.
public struct StyleSpec: Sendable, Hashable {
    public var fg: ColorSpec?
    public var bg: ColorSpec?
    public var bold = false
    public var underline = false
    public var reverse = false
    public var dim = false
    /// Where it is written (0 for built-in themes), for messages about its palette names.
    public var line: Int

    public init(line: Int) { self.line = line }

    public init(_ style: Style) {
        fg = .color(style.fg)
        bg = .color(style.bg)
        bold = style.bold
        underline = style.underline
        reverse = style.reverse
        dim = style.dim
        line = 0
    }

    public static let fields = ["fg", "bg", "bold", "underline", "reverse", "dim"]
}

/// A theme file as read, before inheritance and before the terminal's depth are applied.
/// Reading never throws: problems are collected in `diagnostics` so `theme check` can list
/// them all at once.
public struct ThemeSource: Sendable, Hashable {
    /// The file name without `.toml`: what `--theme`, `theme = ` and `inherits` use.
    public var name: String
    /// nil for the themes compiled into paydesk.
    public var path: String?
    /// `[meta] name`.
    public var title: String?
    public var variant: ThemeVariant?
    public var summary: String?
    public var inherits: String?
    public var inheritsLine = 0
    public var palette: [String: PaletteColor] = [:]
    public var styles: [String: StyleSpec] = [:]
    public var diagnostics: [ThemeDiagnostic] = []

    public init(name: String, path: String?) {
        self.name = name
        self.path = path
    }

    public var displayPath: String { path ?? "(built-in)" }

    /// A built-in theme in the shape of a file, so files can inherit from it.
    public init(builtIn theme: Theme, name: String, variant: ThemeVariant) {
        self.name = name
        path = nil
        title = name
        self.variant = variant
        styles = theme.styles.mapValues(StyleSpec.init)
        if theme.base != .plain { styles["base"] = StyleSpec(theme.base) }
    }

    /// The themes compiled into paydesk, used when no file of that name is on the search path.
    public static let builtIns: [ThemeSource] = [
        ThemeSource(builtIn: .defaultDark, name: "default", variant: .dark),
        ThemeSource(builtIn: .monochrome, name: "monochrome", variant: .dark),
    ]
}
