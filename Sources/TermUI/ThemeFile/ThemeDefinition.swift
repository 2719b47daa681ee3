/// A theme with its inheritance applied: the merged palette and styles, still independent of
/// the terminal. `theme(for:)` turns it into the `Theme` the app draws with.
public struct ThemeDefinition: Sendable, Hashable {
    public struct Origin: Sendable, Hashable {
        public var file: String
        public var line: Int
    }

    public var name: String
    public var variant: ThemeVariant?
    /// The theme and its ancestors, nearest first.
    public var chain: [ThemeSource]
    public var palette: [String: PaletteColor]
    public var styles: [String: StyleSpec]
    /// Which file and line each style came from.
    public var origins: [String: Origin]
    /// Every problem found in the theme, its ancestors and the inheritance between them.
    public var diagnostics: [ThemeDiagnostic]

    public var errors: [ThemeDiagnostic] { diagnostics.filter { $0.severity == .error } }

    /// Standard keys the theme leaves to fallback (a parent key or `base`).
    public var missingStandardKeys: [String] { Theme.standardKeys.filter { styles[$0] == nil } }

    /// Merges `chain` (nearest first): a child's style replaces its parent's style for the same
    /// key as a whole, and a child's palette colour replaces the parent's colour of that name
    /// everywhere, including in styles the child inherits (as in helix).
    public init(chain: [ThemeSource], extraDiagnostics: [ThemeDiagnostic] = []) {
        let own = chain.first ?? ThemeSource(name: "", path: nil)
        name = own.name
        variant = chain.lazy.compactMap(\.variant).first
        self.chain = chain
        var palette: [String: PaletteColor] = [:]
        var styles: [String: StyleSpec] = [:]
        var origins: [String: Origin] = [:]
        for source in chain.reversed() {
            palette.merge(source.palette) { _, child in child }
            for (key, spec) in source.styles {
                styles[key] = spec
                origins[key] = Origin(file: source.displayPath, line: spec.line)
            }
        }
        self.palette = palette
        self.styles = styles
        self.origins = origins
        var diagnostics = chain.flatMap(\.diagnostics) + extraDiagnostics
        // Palette names are checked once the palettes are merged.
        let names = Set(palette.keys).union(ColorSyntax.allNames)
        for key in styles.keys.sorted() {
            let spec = styles[key]!, origin = origins[key]!
            for (field, color) in [("fg", spec.fg), ("bg", spec.bg)] {
                guard case .palette(let name)? = color, palette[name] == nil, ColorSyntax.named(name.lowercased()) == nil else { continue }
                let suggestion = ThemeKeys.suggestion(for: name, in: names)
                diagnostics.append(ThemeDiagnostic(file: origin.file, line: origin.line,
                    "unknown colour '\(name)' in \(field) of '\(key)'"
                    + (suggestion.isEmpty ? "; \(ColorSyntax.hint), or add '\(name)' to [palette]" : suggestion)))
            }
        }
        // The theme's own file first, then its ancestors', each in line order.
        let files = chain.map(\.displayPath)
        self.diagnostics = diagnostics.enumerated().sorted { a, b in
            let fa = files.firstIndex(of: a.element.file) ?? files.count, fb = files.firstIndex(of: b.element.file) ?? files.count
            return (fa, a.element.line, a.offset) < (fb, b.element.line, b.offset)
        }.map(\.element)
    }

    /// The theme for a terminal of `depth`, every colour chosen once here: palette entries
    /// pick their per-depth value, other colours are lowered to the nearest one shown.
    /// At `.none` only attributes are kept. Colours a style leaves out are `base`'s.
    public func theme(for depth: ColorDepth) -> Theme {
        func color(_ spec: ColorSpec?, otherwise: Color) -> Color {
            switch spec {
            case nil: return otherwise
            case .color(let c)?: return c.approximated(for: depth)
            case .palette(let name)?:
                // A palette entry wins over the ANSI colour of the same name.
                return palette[name]?.resolved(for: depth) ?? ColorSyntax.named(name.lowercased())?.approximated(for: depth) ?? .default
            }
        }
        let baseSpec = styles["base"]
        let baseFG = color(baseSpec?.fg, otherwise: .default), baseBG = color(baseSpec?.bg, otherwise: .default)
        let resolved = styles.mapValues { spec in
            Style(fg: color(spec.fg, otherwise: baseFG), bg: color(spec.bg, otherwise: baseBG), bold: spec.bold,
                  underline: spec.underline, reverse: spec.reverse, dim: spec.dim)
        }
        return Theme(name: name, base: resolved["base"] ?? .plain, styles: resolved)
    }
}
