/// A place in a `TextArea`: logical line, and grapheme index within it.
public struct TextPosition: Sendable, Hashable, Comparable {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (a: TextPosition, b: TextPosition) -> Bool {
        (a.line, a.column) < (b.line, b.column)
    }
}

/// A multi-line editor (reply and note composer), kept by the app.
///
/// Long lines are soft-wrapped at word boundaries to the view's width (one column is kept
/// free for the cursor). ↑/↓ and PgUp/PgDn move by screen row, keeping the display column the
/// cursor had when vertical movement started. Enter inserts a line break; Tab is left to the
/// app (focus). Everything else edits like `TextField`; at a line's edge Bksp, Del, C-k, C-w,
/// ←/→ and M-b/M-f cross into the neighbouring line.
///
/// `viewportWidth`/`viewportHeight` should be set from the layout: vertical movement needs
/// to know where lines wrap before anything is drawn.
public struct TextArea: Sendable, Hashable {
    private var lines: [[Character]] = [[]]
    private var position = TextPosition(line: 0, column: 0)
    /// Display column kept while moving up and down.
    private var preferredColumn: Int?
    public var placeholder: String
    public var viewportWidth: Int
    public var viewportHeight: Int
    /// First visible screen row; drawing moves it just enough to show the cursor.
    public var scrollRow = 0

    public init(text: String = "", placeholder: String = "", viewportWidth: Int = 40, viewportHeight: Int = 5) {
        self.placeholder = placeholder
        self.viewportWidth = viewportWidth
        self.viewportHeight = viewportHeight
        self.text = text
    }

    /// The whole text, lines joined with `\n`. Setting it sanitises it and moves the cursor to
    /// the end.
    public var text: String {
        get { lines.map { String($0) }.joined(separator: "\n") }
        set {
            lines = TextSanitizer.cleanMultiline(newValue)
                .split(separator: "\n", omittingEmptySubsequences: false).map { Array($0) }
            position = TextPosition(line: lines.count - 1, column: lines[lines.count - 1].count)
            preferredColumn = nil
        }
    }

    public var lineCount: Int { lines.count }
    public var isEmpty: Bool { lines.count == 1 && lines[0].isEmpty }

    /// The cursor; setting it clamps to the text.
    public var cursor: TextPosition {
        get { position }
        set {
            let line = min(max(0, newValue.line), lines.count - 1)
            position = TextPosition(line: line, column: min(max(0, newValue.column), lines[line].count))
            preferredColumn = nil
        }
    }

    // MARK: - Editing

    /// Applies an editing key; false when the key means nothing here or changed nothing.
    @discardableResult
    public mutating func handle(_ key: Key) -> Bool {
        let vertical: Bool
        switch key {
        case .up, .down, .pageUp, .pageDown, .ctrl("p"), .ctrl("n"): vertical = true
        default: vertical = false
        }
        if !vertical { preferredColumn = nil }
        switch key {
        case .char(let c): return insert(String(c))
        case .enter: return insert("\n")
        case .backspace: return backspace()
        case .delete, .ctrl("d"): return deleteForward()
        case .left, .ctrl("b"): return moveLeft()
        case .right, .ctrl("f"): return moveRight()
        case .home, .ctrl("a"): return setColumn(0)
        case .end, .ctrl("e"): return setColumn(lines[position.line].count)
        case .up, .ctrl("p"): return moveRows(by: -1)
        case .down, .ctrl("n"): return moveRows(by: 1)
        case .pageUp: return moveRows(by: -max(1, viewportHeight))
        case .pageDown: return moveRows(by: max(1, viewportHeight))
        case .ctrl("k"):
            return position.column == lines[position.line].count ? joinNextLine() : editLine { $0.killToEnd() }
        case .ctrl("u"): return editLine { $0.killToStart() }
        case .ctrl("w"): return position.column == 0 ? backspace() : editLine { $0.deleteWordBackward() }
        case .alt("b"): return position.column == 0 ? moveLeft() : editLine { $0.moveWordLeft() }
        case .alt("f"):
            return position.column == lines[position.line].count ? moveRight() : editLine { $0.moveWordRight() }
        case .alt("d"): return editLine { $0.deleteWordForward() }
        default: return false
        }
    }

    /// Inserts text at the cursor (typing or a paste); line breaks are kept.
    @discardableResult
    public mutating func insert(_ text: String) -> Bool {
        let clean = TextSanitizer.cleanMultiline(text)
        guard !clean.isEmpty else { return false }
        let current = lines[position.line]
        let before = String(current[..<position.column]) + clean
        let after = String(current[position.column...])
        let newLines = (before + after).split(separator: "\n", omittingEmptySubsequences: false).map { Array($0) }
        let cursorLines = before.split(separator: "\n", omittingEmptySubsequences: false)
        lines.replaceSubrange(position.line...position.line, with: newLines)
        let line = position.line + cursorLines.count - 1
        position = TextPosition(line: line, column: min(cursorLines[cursorLines.count - 1].count, lines[line].count))
        preferredColumn = nil
        return true
    }

    private mutating func backspace() -> Bool {
        if position.column > 0 { return editLine { $0.backspace() } }
        guard position.line > 0 else { return false }
        position = TextPosition(line: position.line - 1, column: lines[position.line - 1].count)
        return joinNextLine()
    }

    private mutating func deleteForward() -> Bool {
        if position.column < lines[position.line].count { return editLine { $0.deleteForward() } }
        return joinNextLine()
    }

    /// Appends the next line to the cursor's line (the line break after the cursor goes).
    private mutating func joinNextLine() -> Bool {
        let line = position.line
        guard line + 1 < lines.count else { return false }
        let head = String(lines[line])
        lines[line] = Array(head + String(lines[line + 1]))
        lines.remove(at: line + 1)
        position.column = min(head.count, lines[line].count)
        return true
    }

    private mutating func moveLeft() -> Bool {
        if position.column > 0 { position.column -= 1; return true }
        guard position.line > 0 else { return false }
        position = TextPosition(line: position.line - 1, column: lines[position.line - 1].count)
        return true
    }

    private mutating func moveRight() -> Bool {
        if position.column < lines[position.line].count { position.column += 1; return true }
        guard position.line + 1 < lines.count else { return false }
        position = TextPosition(line: position.line + 1, column: 0)
        return true
    }

    private mutating func setColumn(_ column: Int) -> Bool {
        guard column != position.column else { return false }
        position.column = column
        return true
    }

    /// Runs a single-line edit on the cursor's line.
    private mutating func editLine(_ edit: (inout LineEditor) -> Bool) -> Bool {
        var editor = LineEditor(String(lines[position.line]), cursor: position.column)
        guard edit(&editor) else { return false }
        lines[position.line] = editor.characters
        position.column = editor.cursor
        return true
    }

    // MARK: - Layout

    /// One screen row: part of a logical line.
    struct Row: Hashable {
        var line: Int
        var range: Range<Int>
        var isLastOfLine: Bool
    }

    /// Every screen row of the text at `width` columns.
    func rows(width: Int) -> [Row] {
        let limit = max(1, width - 1)
        var result: [Row] = []
        for (index, line) in lines.enumerated() {
            let segments = Wrap.segments(line, limit: limit, forEditing: true)
            for (k, range) in segments.enumerated() {
                result.append(Row(line: index, range: range, isLastOfLine: k == segments.count - 1))
            }
        }
        return result
    }

    /// The screen row and column of the cursor among `rows`.
    func cursorLocation(in rows: [Row]) -> (row: Int, column: Int) {
        let editor = LineEditor(String(lines[position.line]), cursor: position.column)
        for (index, row) in rows.enumerated() where row.line == position.line {
            if row.range.contains(position.column) || row.isLastOfLine {
                return (index, editor.column(of: position.column, in: row.range))
            }
        }
        return (0, 0)
    }

    private mutating func moveRows(by delta: Int) -> Bool {
        let rows = rows(width: viewportWidth)
        let (current, column) = cursorLocation(in: rows)
        let target = min(max(0, current + delta), rows.count - 1)
        guard target != current else { return false }
        let wanted = preferredColumn ?? column
        let row = rows[target]
        let editor = LineEditor(String(lines[row.line]), cursor: 0)
        var index = editor.index(atColumn: wanted, in: row.range)
        // The end of a wrapped row is shown at the start of the next one; stay on this row.
        if !row.isLastOfLine && index == row.range.upperBound && index > row.range.lowerBound { index -= 1 }
        position = TextPosition(line: row.line, column: index)
        preferredColumn = wanted
        return true
    }

    /// The first visible row for a view of `height` rows: `scrollRow` moved just enough to
    /// show the cursor's row, and never past the last page.
    func visibleScroll(rowCount: Int, cursorRow: Int, height: Int) -> Int {
        let height = max(1, height)
        var first = min(scrollRow, max(0, rowCount - height))
        if cursorRow < first { first = cursorRow }
        if cursorRow >= first + height { first = cursorRow - height + 1 }
        return max(0, first)
    }

    /// This editor with `scrollRow` set to what drawing in the viewport would use; store it
    /// after each key so the view does not jump.
    public func scrolledToCursor() -> TextArea {
        var copy = self
        let rows = rows(width: viewportWidth)
        copy.scrollRow = visibleScroll(rowCount: rows.count, cursorRow: cursorLocation(in: rows).row, height: viewportHeight)
        return copy
    }

    /// Draws the text into `rect` (cleared in the text style) and, when `focused`, places
    /// the screen's cursor. An empty editor shows the placeholder, wrapped.
    public func draw(into screen: inout Screen, in rect: Rect, style: TextFieldStyle = TextFieldStyle(), focused: Bool) {
        guard !rect.isEmpty else { return }
        screen.fill(rect, style: style.text)
        if isEmpty {
            for (k, line) in Wrap.lines(placeholder, width: rect.width).prefix(rect.height).enumerated() {
                screen.put(line, at: rect.x, rect.y + k, style: style.placeholder, maxWidth: rect.width)
            }
        }
        let rows = rows(width: rect.width)
        let cursorAt = cursorLocation(in: rows)
        let first = visibleScroll(rowCount: rows.count, cursorRow: cursorAt.row, height: rect.height)
        for k in 0..<rect.height where first + k < rows.count {
            let row = rows[first + k]
            screen.put(String(lines[row.line][row.range]), at: rect.x, rect.y + k, style: style.text, maxWidth: rect.width)
        }
        if focused {
            screen.cursor = Point(x: rect.x + min(cursorAt.column, rect.width - 1), y: rect.y + cursorAt.row - first)
        }
    }
}
