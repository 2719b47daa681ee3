/// Turns a theme file's text into a `ThemeSource`, checking everything that can be checked
/// without other files (palette names used by styles are checked after inheritance).
///
/// The format:
///
///     inherits = "default"            # optional, before the first [table]
///     [meta]
///     name = "wallet-green"           # the file name without .toml
///     variant = "dark"                # or "light"
///     [palette]
///     leaf = "#2e7d32"                # one value, lowered to what the terminal shows
///     mint = { truecolor = "#a5d6a7", c256 = 151, c16 = "bright-green", c8 = "green" }
///     [styles]
///     "pane.border" = { fg = "leaf" }
///     "pane.border.focus" = { fg = "mint", bold = true }
///     "sla.ok" = "leaf"               # a colour alone sets fg
///
/// Style keys are quoted because TOML reads an unquoted `pane.border` as nested tables, and
/// `pane.border` and `pane.border.focus` could then not both hold a style. Unquoted dotted keys
/// still work where no key is the prefix of another.
public enum ThemeFileReader {
    static let topLevelKeys = ["inherits", "meta", "palette", "styles"]
    static let metaKeys = ["name", "variant", "description"]

    public static func read(_ text: String, path: String, name: String) -> ThemeSource {
        var reader = Reader(source: ThemeSource(name: name, path: path), path: path)
        reader.read(text)
        return reader.source
    }

    private struct Reader {
        var source: ThemeSource
        let path: String

        init(source: ThemeSource, path: String) {
            self.source = source
            self.path = path
        }

        mutating func problem(_ line: Int, _ message: String, _ severity: ThemeDiagnostic.Severity = .error) {
            source.diagnostics.append(ThemeDiagnostic(file: path, line: line, message, severity: severity))
        }

        mutating func read(_ text: String) {
            let root: TOMLTable
            do {
                root = try TOMLTable.parse(text)
            } catch {
                problem(error.location.line, error.message)
                return
            }
            var sawMeta = false
            for entry in root.entries {
                let line = entry.keyLocation.line
                switch (entry.key, entry.node.value) {
                case ("inherits", .string(let parent)) where !parent.isEmpty:
                    source.inherits = parent
                    source.inheritsLine = line
                case ("inherits", _):
                    problem(line, "inherits takes a theme name in quotes, as in inherits = \"default\"")
                case ("meta", .table(let meta)):
                    sawMeta = true
                    readMeta(meta, line: line)
                case ("palette", .table(let palette)):
                    readPalette(palette)
                case ("styles", .table(let styles)):
                    readStyles(styles, prefix: "")
                case ("meta", _), ("palette", _), ("styles", _):
                    problem(line, "'\(entry.key)' must be a table: write [\(entry.key)] on a line of its own")
                default:
                    if ThemeKeys.known.contains(entry.key) {
                        problem(line, "style keys belong under [styles]: move '\(entry.key)' below a [styles] line")
                    } else {
                        problem(line, "unknown key '\(entry.key)'" + ThemeKeys.suggestion(for: entry.key, in: topLevelKeys)
                            + " (a theme file has inherits, [meta], [palette] and [styles])")
                    }
                }
            }
            if !sawMeta { problem(1, "missing [meta] table; add [meta] with name = \"\(source.name)\" and variant = \"dark\" or \"light\"") }
        }

        mutating func readMeta(_ meta: TOMLTable, line: Int) {
            for entry in meta.entries {
                let at = entry.keyLocation.line
                switch entry.key {
                case "name":
                    guard let title = entry.node.string else { problem(at, "name takes the theme's name in quotes"); continue }
                    source.title = title
                    if title != source.name {
                        problem(at, "name is '\(title)' but the file is \(source.name).toml; --theme and inherits use the file name, so make them the same")
                    }
                case "variant":
                    let value = entry.node.string ?? ""
                    guard let variant = ThemeVariant(rawValue: value) else {
                        problem(at, "variant must be \"dark\" or \"light\"" + ThemeKeys.suggestion(for: value, in: ["dark", "light"]))
                        continue
                    }
                    source.variant = variant
                case "description":
                    guard let text = entry.node.string else { problem(at, "description takes text in quotes"); continue }
                    source.summary = text
                case "inherits":
                    problem(at, "inherits goes at the top of the file, before [meta]")
                default:
                    problem(at, "unknown key '\(entry.key)' in [meta]" + ThemeKeys.suggestion(for: entry.key, in: metaKeys)
                        + " ([meta] has name, variant and description)")
                }
            }
            if source.title == nil && meta["name"] == nil { problem(line, "[meta] needs name = \"\(source.name)\"") }
            if source.variant == nil && meta["variant"] == nil { problem(line, "[meta] needs variant = \"dark\" or \"light\"") }
        }

        mutating func readPalette(_ palette: TOMLTable) {
            for entry in palette.entries {
                if entry.key == "inherits" {
                    problem(entry.keyLocation.line, "inherits goes at the top of the file, before [meta]")
                    continue
                }
                switch ColorSyntax.paletteColor(entry.node, name: entry.key) {
                case .success(let color): source.palette[entry.key] = color
                case .failure(let problems):
                    for (location, message) in problems.list { problem(location.line, message) }
                    // Keep the name, so styles using it are not reported a second time.
                    source.palette[entry.key] = .single(.default)
                }
            }
        }

        /// Flattens `[styles]`: quoted keys, dotted keys and `[styles.x]` sub-tables all end up
        /// as one dotted key per style.
        mutating func readStyles(_ table: TOMLTable, prefix: String) {
            for entry in table.entries {
                let key = prefix.isEmpty ? entry.key : prefix + "." + entry.key
                let line = entry.keyLocation.line
                switch entry.node.value {
                case .string, .integer:
                    addStyle(key, fields: TOMLTable(entries: [.init(key: "fg", keyLocation: entry.node.location, node: entry.node)]), line: line)
                case .table(let t) where t.isInline:
                    addStyle(key, fields: t, line: line)
                case .table(let t):
                    let fields = t.entries.filter { StyleSpec.fields.contains($0.key) }
                    if !fields.isEmpty { addStyle(key, fields: TOMLTable(entries: fields), line: line) }
                    readStyles(TOMLTable(entries: t.entries.filter { !StyleSpec.fields.contains($0.key) }), prefix: key)
                default:
                    if key == "inherits" { problem(line, "inherits goes at the top of the file, before [meta]"); continue }
                    problem(line, "'\(key)' takes a style such as { fg = \"cyan\", bold = true } or a colour, not \(entry.node.value.kindName)")
                }
            }
        }

        mutating func addStyle(_ key: String, fields: TOMLTable, line: Int) {
            if let first = source.styles[key] {
                problem(line, "'\(key)' is styled twice (first on line \(first.line))")
                return
            }
            if !ThemeKeys.known.contains(key) {
                problem(line, "unknown key '\(key)'" + ThemeKeys.suggestion(for: key, in: ThemeKeys.known), .warning)
            }
            var spec = StyleSpec(line: line)
            for field in fields.entries {
                let at = field.node.location.line
                switch field.key {
                case "fg", "bg":
                    switch ColorSyntax.spec(field.node, field: field.key) {
                    case .success(let color): if field.key == "fg" { spec.fg = color } else { spec.bg = color }
                    case .failure(let p): problem(at, p.message)
                    }
                case "bold", "underline", "reverse", "dim":
                    guard let on = field.node.boolean else {
                        let quoted = field.node.string.map { ["true", "false"].contains($0) } ?? false
                        problem(at, "\(field.key) takes true or false" + (quoted ? ", without quotes" : ""))
                        continue
                    }
                    switch field.key {
                    case "bold": spec.bold = on
                    case "underline": spec.underline = on
                    case "reverse": spec.reverse = on
                    default: spec.dim = on
                    }
                case "italic", "blink", "strikethrough", "hidden":
                    problem(field.keyLocation.line, "terminal styles here have no \(field.key); use bold, underline, reverse or dim")
                default:
                    problem(field.keyLocation.line, "unknown field '\(field.key)' in the style of '\(key)'"
                        + ThemeKeys.suggestion(for: field.key, in: StyleSpec.fields) + " (a style has fg, bg, bold, underline, reverse and dim)")
                }
            }
            source.styles[key] = spec
        }
    }
}
