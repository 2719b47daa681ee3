/// Editing operations on one line of grapheme clusters with a cursor between them, shared by
/// `TextField` and `TextArea` so both behave like readline/Emacs.
///
/// The cursor is an index into `characters` (0 = before the first). Words for Alt-B/Alt-F
/// are runs of letters and digits; Ctrl-W deletes back to the previous space, as in a shell.
struct LineEditor: Sendable, Hashable {
    var characters: [Character]
    var cursor: Int {
        didSet { cursor = min(max(0, cursor), characters.count) }
    }

    init(_ text: String = "", cursor: Int? = nil) {
        characters = Array(text)
        self.cursor = 0
        self.cursor = min(max(0, cursor ?? characters.count), characters.count)
    }

    var text: String { String(characters) }

    /// Display columns before the cursor.
    var cursorColumn: Int { characters[..<cursor].reduce(0) { $0 + DisplayWidth.of($1) } }

    /// Inserts already-sanitised `text` at the cursor. Text is re-segmented as a whole so a
    /// combining mark typed after a letter joins that letter's cluster.
    mutating func insert(_ text: String) {
        guard !text.isEmpty else { return }
        let before = String(characters[..<cursor]) + text
        let combined = before + String(characters[cursor...])
        characters = Array(combined)
        cursor = min(before.count, characters.count)
    }

    /// Deletes the character before the cursor; false at the start of the line.
    mutating func backspace() -> Bool {
        guard cursor > 0 else { return false }
        characters.remove(at: cursor - 1)
        cursor -= 1
        return true
    }

    /// Deletes the character under the cursor; false at the end of the line.
    mutating func deleteForward() -> Bool {
        guard cursor < characters.count else { return false }
        characters.remove(at: cursor)
        return true
    }

    /// Ctrl-K: deletes from the cursor to the end; false when there is nothing to delete.
    mutating func killToEnd() -> Bool {
        guard cursor < characters.count else { return false }
        characters.removeSubrange(cursor...)
        return true
    }

    /// Ctrl-U: deletes from the start to the cursor.
    mutating func killToStart() -> Bool {
        guard cursor > 0 else { return false }
        characters.removeSubrange(..<cursor)
        cursor = 0
        return true
    }

    /// Ctrl-W: deletes spaces before the cursor, then the non-space run before them.
    mutating func deleteWordBackward() -> Bool {
        guard cursor > 0 else { return false }
        var start = cursor
        while start > 0 && characters[start - 1].isWhitespace { start -= 1 }
        while start > 0 && !characters[start - 1].isWhitespace { start -= 1 }
        characters.removeSubrange(start..<cursor)
        cursor = start
        return true
    }

    /// Alt-D: deletes to the end of the next word.
    mutating func deleteWordForward() -> Bool {
        let end = wordEnd(from: cursor)
        guard end > cursor else { return false }
        characters.removeSubrange(cursor..<end)
        return true
    }

    /// Alt-B: to the start of the previous word.
    mutating func moveWordLeft() -> Bool {
        guard cursor > 0 else { return false }
        var index = cursor
        while index > 0 && !isWordCharacter(characters[index - 1]) { index -= 1 }
        while index > 0 && isWordCharacter(characters[index - 1]) { index -= 1 }
        cursor = index
        return true
    }

    /// Alt-F: to the end of the next word.
    mutating func moveWordRight() -> Bool {
        guard cursor < characters.count else { return false }
        cursor = wordEnd(from: cursor)
        return true
    }

    private func wordEnd(from start: Int) -> Int {
        var index = start
        while index < characters.count && !isWordCharacter(characters[index]) { index += 1 }
        while index < characters.count && isWordCharacter(characters[index]) { index += 1 }
        return index
    }

    private func isWordCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber
    }

    /// The index whose column is closest to `column` without passing it (never inside a
    /// wide character), within `range` of the line.
    func index(atColumn column: Int, in range: Range<Int>) -> Int {
        var used = 0
        var index = range.lowerBound
        while index < range.upperBound {
            let w = DisplayWidth.of(characters[index])
            if used + w > column { break }
            used += w
            index += 1
        }
        return index
    }

    /// Columns of `range` up to `index`.
    func column(of index: Int, in range: Range<Int>) -> Int {
        characters[range.lowerBound..<index].reduce(0) { $0 + DisplayWidth.of($1) }
    }
}
