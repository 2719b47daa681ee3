/// Styles of a dialog.
public struct DialogStyle: Sendable, Hashable {
    public var body: Style
    public var border: Style
    public var title: Style
    public var button: Style
    public var focusedButton: Style
    public var field: TextFieldStyle

    public init(
        body: Style = .plain, border: Style = Style(bold: true), title: Style = Style(bold: true),
        button: Style = .plain, focusedButton: Style = Style(bold: true, reverse: true),
        field: TextFieldStyle = TextFieldStyle(text: Style(underline: true))
    ) {
        self.body = body
        self.border = border
        self.title = title
        self.button = button
        self.focusedButton = focusedButton
        self.field = field
    }

    /// `dialog.*` keys from a theme, or `dialog.danger.*` for a dangerous action.
    public init(theme: Theme, danger: Bool = false) {
        let prefix = danger ? "dialog.danger" : "dialog"
        self.init(
            body: theme.style(prefix), border: theme.style(prefix + ".border"), title: theme.style(prefix + ".title"),
            button: theme.style(prefix + ".button"), focusedButton: theme.style(prefix + ".button.focus"),
            field: TextFieldStyle(text: theme.style("dialog.input"), placeholder: theme.style("dialog.input.placeholder")))
    }
}

/// What the user did in a dialog.
public enum DialogOutcome: Sendable, Hashable {
    /// A button was pressed (Enter on it, or Enter in the field for `defaultButton`).
    case button(Int)
    case cancelled
}

/// Which part of a dialog has the keyboard.
public enum DialogFocus: Sendable, Hashable {
    case field
    case button(Int)
}

/// A centred box with a title, a wrapped message, an optional text field (a reason, a
/// filter name) and a row of buttons. State is kept by the app; `handle` moves focus and
/// reports the outcome. A danger dialog (freeze, close account) is drawn in the danger style
/// and starts with focus on its last button, conventionally Cancel, so a stray Enter is safe.
public struct Dialog: Sendable, Hashable {
    public var title: String
    public var message: String
    public var field: TextField?
    public var buttons: [String]
    public var focus: DialogFocus
    public var isDanger: Bool
    /// The button Enter in the field presses.
    public var defaultButton: Int
    /// Width wanted, including the border; narrower screens get less.
    public var preferredWidth: Int
    /// While the field is blank, Enter presses nothing but the last button (Cancel by
    /// convention). On by default for danger dialogs, whose field holds the required reason.
    public var requiresFieldText: Bool

    public init(
        title: String, message: String, buttons: [String] = ["OK"], field: TextField? = nil,
        isDanger: Bool = false, preferredWidth: Int = 60
    ) {
        self.title = title
        self.message = message
        self.buttons = buttons
        self.field = field
        self.isDanger = isDanger
        self.defaultButton = 0
        self.preferredWidth = preferredWidth
        self.requiresFieldText = isDanger && field != nil
        if field != nil {
            focus = .field
        } else {
            focus = .button(isDanger ? max(0, buttons.count - 1) : 0)
        }
    }

    /// Handles a key: Esc cancels; Tab / S-Tab cycle field and buttons; ←/→ move between
    /// buttons; Enter presses the focused button (or `defaultButton` from the field, subject to
    /// `requiresFieldText`); other keys edit the field when it has focus. Returns nil while
    /// the dialog stays open.
    public mutating func handle(_ key: Key) -> DialogOutcome? {
        let stops: [DialogFocus] = (field == nil ? [] : [.field]) + buttons.indices.map { .button($0) }
        let current = stops.firstIndex(of: focus) ?? 0
        switch key {
        case .escape:
            return .cancelled
        case .enter:
            guard !buttons.isEmpty else { return nil }
            let pressed: Int
            if case .button(let index) = focus { pressed = index } else { pressed = min(defaultButton, buttons.count - 1) }
            let blank = field.map { $0.text.allSatisfy(\.isWhitespace) } ?? false
            if requiresFieldText && blank && pressed != buttons.count - 1 { return nil }
            return .button(pressed)
        case .tab where !stops.isEmpty:
            focus = stops[(current + 1) % stops.count]
        case .backTab where !stops.isEmpty:
            focus = stops[(current + stops.count - 1) % stops.count]
        case .left, .right:
            if case .button(let index) = focus, !buttons.isEmpty {
                let step = key == .left ? -1 : 1
                focus = .button(min(max(0, index + step), buttons.count - 1))
            } else {
                field?.handle(key)
            }
        default:
            if focus == .field { field?.handle(key) }
        }
        return nil
    }

    /// Pasted text goes into the field, if the dialog has one.
    public mutating func paste(_ text: String) {
        field?.insert(text)
    }

    /// Where the parts of the dialog go when it is centred in `bounds`.
    public struct Layout: Sendable, Hashable {
        public var frame: Rect
        public var messageLines: [String]
        public var messageRect: Rect
        public var fieldRect: Rect?
        public var buttonRects: [Rect]
    }

    public func layout(in bounds: Rect) -> Layout {
        let width = min(max(preferredWidth, 20), bounds.width)
        let inner = max(1, width - 4)                      // border and one space each side
        var lines = Wrap.lines(message, width: inner)
        let fixedRows = 2 + 1 + (field == nil ? 0 : 2) + (buttons.isEmpty ? 0 : 2)
        let room = max(0, bounds.height - fixedRows)
        if lines.count > room {
            lines = Array(lines.prefix(room))
            if let last = lines.indices.last { lines[last] = DisplayWidth.truncate(lines[last] + " …", toWidth: inner) }
        }
        let frame = bounds.centered(width: width, height: fixedRows + lines.count)
        var y = frame.y + 2
        let messageRect = Rect(x: frame.x + 2, y: y, width: inner, height: lines.count)
        y += lines.count
        var fieldRect: Rect? = nil
        if field != nil {
            y += 1
            fieldRect = Rect(x: frame.x + 2, y: y, width: inner, height: 1)
            y += 1
        }
        var buttonRects: [Rect] = []
        if !buttons.isEmpty {
            y += 1
            let labels = buttons.map { "[ " + $0 + " ]" }
            let total = labels.reduce(0) { $0 + DisplayWidth.of($1) } + 2 * (labels.count - 1)
            var x = frame.x + 2 + max(0, inner - total)     // right-aligned, like most toolkits
            for label in labels {
                let w = DisplayWidth.of(label)
                buttonRects.append(Rect(x: x, y: y, width: w, height: 1).intersection(frame.inset(by: 1)))
                x += w + 2
            }
        }
        return Layout(frame: frame, messageLines: lines, messageRect: messageRect, fieldRect: fieldRect, buttonRects: buttonRects)
    }

    /// The button at a screen position (mouse clicks), for a dialog centred in `bounds`.
    public func buttonIndex(at point: Point, in bounds: Rect) -> Int? {
        layout(in: bounds).buttonRects.firstIndex { $0.contains(point) }
    }

    /// Draws the dialog centred in `bounds` over whatever is there.
    public func draw(into screen: inout Screen, in bounds: Rect, style: DialogStyle = DialogStyle()) {
        let parts = layout(in: bounds)
        guard parts.frame.width >= 2, parts.frame.height >= 2 else { return }
        screen.fill(parts.frame, style: style.body)
        screen.box(parts.frame, style: style.border, title: title, titleStyle: style.title, border: isDanger ? .heavy : .double)
        for (k, line) in parts.messageLines.enumerated() {
            screen.put(line, at: parts.messageRect.x, parts.messageRect.y + k, style: style.body, maxWidth: parts.messageRect.width)
        }
        if let field, let rect = parts.fieldRect {
            field.draw(into: &screen, in: rect, style: style.field, focused: focus == .field)
        }
        for (index, rect) in parts.buttonRects.enumerated() {
            let focused = focus == .button(index)
            screen.put("[ " + buttons[index] + " ]", at: rect.x, rect.y, style: focused ? style.focusedButton : style.button, maxWidth: rect.width)
        }
    }
}
