/// Colours of an input line.
public struct TextFieldStyle: Sendable, Hashable {
    public var text: Style
    public var placeholder: Style

    public init(text: Style = .plain, placeholder: Style = Style(dim: true)) {
        self.text = text
        self.placeholder = placeholder
    }

    /// `input` and `input.placeholder` from a theme.
    public init(theme: Theme) {
        self.init(text: theme.style("input"), placeholder: theme.style("input.placeholder"))
    }
}

/// A single-line text input (filter, command palette, dialog field), kept by the app.
///
/// Keys (readline style): characters insert; ←/→ or C-b/C-f move; Home/End or C-a/C-e jump;
/// Bksp and Del or C-d delete; C-k / C-u delete to the end / start; C-w deletes the word
/// before the cursor; M-b / M-f move by word and M-d deletes the next word. Pasted or typed
/// text is sanitised and line breaks become spaces. The field scrolls sideways to keep the
/// cursor in view, never showing half a wide character.
public struct TextField: Sendable, Hashable {
    private var editor: LineEditor
    /// Shown (dimmed) while the field is empty.
    public var placeholder: String
    /// Longest text accepted, in grapheme clusters; nil for no limit.
    public var maxLength: Int?
    /// First visible column. Drawing adjusts it so the cursor is visible; store the result of
    /// `scrolledToCursor(width:)` to keep the view from jumping while moving inside it.
    public var scroll: Int = 0

    public init(text: String = "", placeholder: String = "", maxLength: Int? = nil) {
        self.editor = LineEditor(TextSanitizer.clean(text))
        self.placeholder = placeholder
        self.maxLength = maxLength
        if let maxLength, editor.characters.count > maxLength {
            editor = LineEditor(String(editor.characters.prefix(maxLength)))
        }
    }

    /// The text; setting it sanitises it and puts the cursor at the end.
    public var text: String {
        get { editor.text }
        set { self = TextField(text: newValue, placeholder: placeholder, maxLength: maxLength) }
    }

    /// Cursor position in grapheme clusters from the start (0 = before the first).
    public var cursor: Int {
        get { editor.cursor }
        set { editor.cursor = newValue }
    }

    public var isEmpty: Bool { editor.characters.isEmpty }

    /// Applies an editing key. Returns false when the key means nothing here (Tab, Enter,
    /// Esc, ↑/↓ …) so the app can use it, and also for editing keys that changed nothing.
    @discardableResult
    public mutating func handle(_ key: Key) -> Bool {
        switch key {
        case .char(let c): return insert(String(c))
        case .backspace: return editor.backspace()
        case .delete, .ctrl("d"): return editor.deleteForward()
        case .left, .ctrl("b"): return move(to: editor.cursor - 1)
        case .right, .ctrl("f"): return move(to: editor.cursor + 1)
        case .home, .ctrl("a"): return move(to: 0)
        case .end, .ctrl("e"): return move(to: editor.characters.count)
        case .ctrl("k"): return editor.killToEnd()
        case .ctrl("u"): return editor.killToStart()
        case .ctrl("w"): return editor.deleteWordBackward()
        case .alt("b"): return editor.moveWordLeft()
        case .alt("f"): return editor.moveWordRight()
        case .alt("d"): return editor.deleteWordForward()
        default: return false
        }
    }

    /// Inserts text at the cursor (typing or a paste), sanitised to one line and cut to
    /// `maxLength`. Returns false when nothing could be inserted.
    @discardableResult
    public mutating func insert(_ text: String) -> Bool {
        var clean = TextSanitizer.clean(text)
        if let maxLength {
            let room = maxLength - editor.characters.count
            guard room > 0 else { return false }
            clean = String(clean.prefix(room))
        }
        guard !clean.isEmpty else { return false }
        editor.insert(clean)
        return true
    }

    private mutating func move(to index: Int) -> Bool {
        let clamped = min(max(0, index), editor.characters.count)
        guard clamped != editor.cursor else { return false }
        editor.cursor = clamped
        return true
    }

    /// The first visible column for a field `width` columns wide: `scroll`, moved just enough
    /// to show the cursor, and pulled back when the text's end leaves room on the right.
    public func visibleScroll(width: Int) -> Int {
        guard width > 0 else { return 0 }
        let cursorColumn = editor.cursorColumn
        let totalWidth = DisplayWidth.of(editor.text)
        var first = min(scroll, max(0, totalWidth + 1 - width))
        if cursorColumn < first { first = cursorColumn }
        if cursorColumn >= first + width { first = cursorColumn - width + 1 }
        return max(0, first)
    }

    /// This field with `scroll` set to what drawing at `width` would use.
    public func scrolledToCursor(width: Int) -> TextField {
        var copy = self
        copy.scroll = visibleScroll(width: width)
        return copy
    }

    /// Where the cursor appears when the field is drawn in `rect`.
    public func cursorPosition(in rect: Rect) -> Point {
        Point(x: rect.x + editor.cursorColumn - visibleScroll(width: rect.width), y: rect.y)
    }

    /// Draws the field on the first row of `rect`; when `focused`, also places the screen's
    /// cursor. The rest of the row is cleared in the text style.
    public func draw(into screen: inout Screen, in rect: Rect, style: TextFieldStyle = TextFieldStyle(), focused: Bool) {
        guard rect.width > 0, rect.height > 0 else { return }
        let row = Rect(x: rect.x, y: rect.y, width: rect.width, height: 1)
        screen.fill(row, style: style.text)
        if editor.characters.isEmpty {
            screen.put(placeholder, at: rect.x, rect.y, style: style.placeholder, maxWidth: rect.width)
        } else {
            let first = visibleScroll(width: rect.width)
            screen.put(TextField.dropColumns(editor.characters, first), at: rect.x, rect.y, style: style.text, maxWidth: rect.width)
        }
        if focused { screen.cursor = cursorPosition(in: row) }
    }

    /// The text from column `columns` on; a wide character cut by the scroll shows as a space.
    static func dropColumns(_ characters: [Character], _ columns: Int) -> String {
        var used = 0
        var index = 0
        while index < characters.count && used < columns {
            used += DisplayWidth.of(characters[index])
            index += 1
        }
        return String(repeating: " ", count: used - columns) + String(characters[index...])
    }
}
