/// Styles by meaning rather than by colour: the app asks for `sla.breached` or
/// `list.row.selected.unfocused`, a theme decides what that looks like.
///
/// Keys are dotted paths resolved by longest match, as in helix themes: `sla.breached.row`
/// falls back to `sla.breached`, then `sla`, then the theme's `base`. So a theme only has to
/// define the keys it wants to distinguish. (Parsing theme files is not part of this type.)
public struct Theme: Sendable, Hashable {
    public var name: String
    /// The style of anything no key matches.
    public var base: Style
    public var styles: [String: Style]

    public init(name: String, base: Style = .plain, styles: [String: Style]) {
        self.name = name
        self.base = base
        self.styles = styles
    }

    /// The style for `key`: its own, else its longest defined prefix (at dot boundaries),
    /// else `base`.
    public func style(_ key: String) -> Style {
        // A key the theme defines (most asks) is one look-up; frames ask thousands of times.
        if let own = styles[key] { return own }
        return matchedKey(for: key).flatMap { styles[$0] } ?? base
    }

    public subscript(key: String) -> Style { style(key) }

    /// The defined key that `key` resolves to, or nil when it falls through to `base`
    /// (lets a `theme check` command show where a style comes from).
    public func matchedKey(for key: String) -> String? {
        var candidate = Substring(key)
        while !candidate.isEmpty {
            if styles[String(candidate)] != nil { return String(candidate) }
            guard let dot = candidate.lastIndex(of: ".") else { return nil }
            candidate = candidate[..<dot]
        }
        return nil
    }

    /// This theme with every colour lowered to what a terminal of `depth` shows. At `.none`
    /// only attributes remain; prefer `Theme.builtIn(for:)`, whose monochrome theme is designed
    /// for that.
    public func adapted(to depth: ColorDepth) -> Theme {
        func lower(_ style: Style) -> Style {
            var s = style
            s.fg = style.fg.approximated(for: depth)
            s.bg = style.bg.approximated(for: depth)
            return s
        }
        return Theme(name: name, base: lower(base), styles: styles.mapValues(lower))
    }

    /// The built-in theme for a terminal of `depth`: monochrome without colour, else the
    /// default dark theme lowered to `depth`.
    public static func builtIn(for depth: ColorDepth) -> Theme {
        depth == .none ? monochrome : defaultDark.adapted(to: depth)
    }

    public static let builtIns: [Theme] = [defaultDark, monochrome]

    /// Keys TermUI's widgets and the console use; every built-in theme defines all of them.
    public static let standardKeys: [String] = [
        "pane.border", "pane.border.focus", "pane.title", "pane.title.focus",
        "list.header", "list.row", "list.row.selected", "list.row.selected.unfocused",
        "priority.p1", "priority.p2", "priority.p3", "priority.p4",
        "sla.ok", "sla.warning", "sla.breached",
        "status.active", "status.frozen", "status.closed",
        "ticket.customer", "ticket.reply", "ticket.note", "ticket.system", "ticket.security",
        "dialog", "dialog.border", "dialog.title", "dialog.button", "dialog.button.focus",
        "dialog.danger", "dialog.danger.border", "dialog.danger.title", "dialog.danger.button",
        "dialog.danger.button.focus", "dialog.input", "dialog.input.placeholder",
        "input", "input.placeholder",
        "statusbar", "statusbar.key", "statusbar.error",
        "tabs.active", "tabs.inactive",
        "chart.bar", "chart.label", "chart.value", "sparkline",
        "help.key", "muted", "error", "warning", "success", "toast", "toast.error",
        // The console's own surfaces.
        "header", "header.brand", "header.active", "prompt", "section", "list.footer",
        "sla.paused", "money.in", "money.out", "tx.failed", "tx.pending", "tx.flagged",
        "presence", "composer.reply", "composer.note",
    ]

    /// Dark background, 16 ANSI colours only so it reads the same on every terminal that has
    /// colour; meaning never rests on colour alone (bold, reverse and borders carry it too).
    public static let defaultDark = Theme(name: "default-dark", styles: [
        "pane.border": Style(fg: .brightBlack),
        "pane.border.focus": Style(fg: .cyan, bold: true),
        "pane.title": Style(fg: .white, bold: true),
        "pane.title.focus": Style(fg: .brightCyan, bold: true),
        "list.header": Style(fg: .brightWhite, bold: true, underline: true),
        "list.row": Style(),
        "list.row.selected": Style(fg: .black, bg: .cyan, bold: true),
        "list.row.selected.unfocused": Style(fg: .brightWhite, bg: .brightBlack),
        "priority.p1": Style(fg: .brightRed, bold: true),
        "priority.p2": Style(fg: .yellow),
        "priority.p3": Style(),
        "priority.p4": Style(fg: .brightBlack),
        "sla.ok": Style(fg: .green),
        "sla.warning": Style(fg: .brightYellow, bold: true),
        "sla.breached": Style(fg: .brightWhite, bg: .red, bold: true),
        "status.active": Style(fg: .green),
        "status.frozen": Style(fg: .brightCyan, bold: true, reverse: true),
        "status.closed": Style(fg: .brightBlack),
        "ticket.customer": Style(fg: .brightWhite),
        "ticket.reply": Style(fg: .green),
        "ticket.note": Style(fg: .yellow),
        "ticket.system": Style(fg: .brightBlack),
        "ticket.security": Style(fg: .brightMagenta, bold: true),
        "dialog": Style(fg: .brightWhite, bg: .blue),
        "dialog.border": Style(fg: .brightCyan, bg: .blue, bold: true),
        "dialog.title": Style(fg: .brightWhite, bg: .blue, bold: true),
        "dialog.button": Style(fg: .black, bg: .white),
        "dialog.button.focus": Style(fg: .black, bg: .brightCyan, bold: true),
        "dialog.danger": Style(fg: .brightWhite, bg: .red),
        "dialog.danger.border": Style(fg: .brightYellow, bg: .red, bold: true),
        "dialog.danger.title": Style(fg: .brightYellow, bg: .red, bold: true),
        "dialog.danger.button": Style(fg: .black, bg: .white),
        "dialog.danger.button.focus": Style(fg: .brightWhite, bg: .black, bold: true),
        "dialog.input": Style(fg: .brightWhite, bg: .black),
        "dialog.input.placeholder": Style(fg: .brightBlack, bg: .black),
        "input": Style(fg: .brightWhite),
        "input.placeholder": Style(fg: .brightBlack),
        "statusbar": Style(fg: .black, bg: .white),
        "statusbar.key": Style(fg: .blue, bg: .white, bold: true),
        "statusbar.error": Style(fg: .brightWhite, bg: .red, bold: true),
        "tabs.active": Style(fg: .black, bg: .cyan, bold: true),
        "tabs.inactive": Style(fg: .white),
        "chart.bar": Style(fg: .cyan),
        "chart.label": Style(fg: .white),
        "chart.value": Style(fg: .brightWhite, bold: true),
        "sparkline": Style(fg: .green),
        "help.key": Style(fg: .brightCyan, bold: true),
        "muted": Style(fg: .brightBlack),
        "error": Style(fg: .brightRed, bold: true),
        "warning": Style(fg: .yellow, bold: true),
        "success": Style(fg: .green),
        "toast": Style(fg: .black, bg: .green),
        "toast.error": Style(fg: .brightWhite, bg: .red, bold: true),
        "header": Style(fg: .white, bg: .blue),
        "header.brand": Style(fg: .black, bg: .cyan, bold: true),
        "header.active": Style(fg: .brightWhite, bg: .blue, bold: true, underline: true),
        "prompt": Style(fg: .brightCyan, bold: true),
        "section": Style(fg: .cyan, bold: true),
        "list.footer": Style(fg: .white, bold: true),
        "sla.paused": Style(fg: .blue),
        "money.in": Style(fg: .green),
        "money.out": Style(),
        "tx.failed": Style(fg: .brightRed, bold: true),
        "tx.pending": Style(fg: .yellow),
        "tx.flagged": Style(fg: .brightMagenta, bold: true),
        "presence": Style(fg: .brightMagenta, bold: true),
        "composer.reply": Style(fg: .green, bold: true),
        "composer.note": Style(fg: .yellow, bold: true),
    ])

    /// Attributes only, for terminals without colour and `NO_COLOR` (as htop ships one).
    /// Selection is reverse video when focused and underlined when not.
    public static let monochrome = Theme(name: "monochrome", styles: [
        "pane.border": Style(),
        "pane.border.focus": Style(bold: true),
        "pane.title": Style(bold: true),
        "pane.title.focus": Style(bold: true, reverse: true),
        "list.header": Style(bold: true, underline: true),
        "list.row": Style(),
        "list.row.selected": Style(bold: true, reverse: true),
        "list.row.selected.unfocused": Style(underline: true),
        "priority.p1": Style(bold: true),
        "priority.p2": Style(bold: true),
        "priority.p3": Style(),
        "priority.p4": Style(dim: true),
        "sla.ok": Style(),
        "sla.warning": Style(bold: true),
        "sla.breached": Style(bold: true, reverse: true),
        "status.active": Style(),
        "status.frozen": Style(bold: true, reverse: true),
        "status.closed": Style(dim: true),
        "ticket.customer": Style(bold: true),
        "ticket.reply": Style(),
        "ticket.note": Style(dim: true),
        "ticket.system": Style(dim: true),
        "ticket.security": Style(bold: true, underline: true),
        "dialog": Style(),
        "dialog.border": Style(bold: true),
        "dialog.title": Style(bold: true),
        "dialog.button": Style(),
        "dialog.button.focus": Style(bold: true, reverse: true),
        "dialog.danger": Style(),
        "dialog.danger.border": Style(bold: true),
        "dialog.danger.title": Style(bold: true, underline: true),
        "dialog.danger.button": Style(),
        "dialog.danger.button.focus": Style(bold: true, reverse: true),
        "dialog.input": Style(underline: true),
        "dialog.input.placeholder": Style(underline: true, dim: true),
        "input": Style(underline: true),
        "input.placeholder": Style(underline: true, dim: true),
        "statusbar": Style(reverse: true),
        "statusbar.key": Style(bold: true, reverse: true),
        "statusbar.error": Style(bold: true, reverse: true),
        "tabs.active": Style(bold: true, reverse: true),
        "tabs.inactive": Style(),
        "chart.bar": Style(),
        "chart.label": Style(),
        "chart.value": Style(bold: true),
        "sparkline": Style(),
        "help.key": Style(bold: true),
        "muted": Style(dim: true),
        "error": Style(bold: true),
        "warning": Style(bold: true),
        "success": Style(),
        "toast": Style(reverse: true),
        "toast.error": Style(bold: true, reverse: true),
        "header": Style(reverse: true),
        "header.brand": Style(bold: true, reverse: true),
        "header.active": Style(bold: true, underline: true, reverse: true),
        "prompt": Style(bold: true),
        "section": Style(bold: true, underline: true),
        "list.footer": Style(bold: true),
        "sla.paused": Style(dim: true),
        "money.in": Style(bold: true),
        "money.out": Style(),
        "tx.failed": Style(bold: true, underline: true),
        "tx.pending": Style(underline: true),
        "tx.flagged": Style(bold: true),
        "presence": Style(bold: true),
        "composer.reply": Style(bold: true),
        "composer.note": Style(dim: true),
    ])
}
