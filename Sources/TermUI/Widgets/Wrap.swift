/// Word wrapping by display width.
///
/// Lines break after spaces, and anywhere next to a wide (CJK) character since those scripts
/// do not separate words with spaces. A word longer than the width is broken where it
/// reaches the edge. `\n` always breaks.
public enum Wrap {
    /// `text` (sanitised, line breaks kept) wrapped into lines of at most `width` columns,
    /// with the spaces at each break removed. An empty paragraph gives an empty line.
    /// A wide character in a width of 1 still gets a line of its own (and is clipped there).
    public static func lines(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var result: [String] = []
        for paragraph in TextSanitizer.cleanMultiline(text).split(separator: "\n", omittingEmptySubsequences: false) {
            let characters = Array(paragraph)
            for range in segments(characters, limit: width, forEditing: false) {
                var line = String(characters[range])
                while line.last == " " { line.removeLast() }
                result.append(line)
            }
        }
        return result
    }

    /// How a paragraph splits into rows of at most `limit` columns, as ranges of indices into
    /// `characters`; the ranges cover the paragraph in order.
    ///
    /// With `forEditing`, no character is dropped: the space at which a line breaks stays at
    /// the end of its row (one column past `limit` at most, which editors reserve for the
    /// cursor), and a paragraph ending in such a space gets an empty last row for the cursor.
    /// Without it, spaces at a break are left out of both rows.
    static func segments(_ characters: [Character], limit: Int, forEditing: Bool) -> [Range<Int>] {
        let count = characters.count
        guard count > 0 else { return [0..<0] }
        let limit = max(1, limit)
        let widths = characters.map { DisplayWidth.of($0) }
        var rows: [Range<Int>] = []
        var start = 0
        while start < count {
            var column = 0
            var index = start
            var lastBreak: Int? = nil
            while index < count && column + widths[index] <= limit {
                column += widths[index]
                index += 1
                if index < count && canBreak(characters[index - 1], widths[index - 1], characters[index], widths[index]) {
                    lastBreak = index
                }
            }
            if index == count {
                rows.append(start..<count)
                break
            }
            if characters[index] == " " {
                // The character that does not fit is a space: break right there.
                if forEditing {
                    rows.append(start..<(index + 1))
                    start = index + 1
                    if start == count { rows.append(count..<count) }
                } else {
                    rows.append(start..<index)
                    start = index
                    while start < count && characters[start] == " " { start += 1 }
                }
                continue
            }
            // Break at the last opportunity; with none, where the edge is (at least one character).
            let cut = lastBreak ?? max(index, start + 1)
            rows.append(start..<cut)
            start = cut
            if !forEditing {
                while start < count && characters[start] == " " { start += 1 }
            }
        }
        return rows
    }

    /// A line may break after a space (not before one) and on either side of a wide character.
    private static func canBreak(_ before: Character, _ beforeWidth: Int, _ after: Character, _ afterWidth: Int) -> Bool {
        if after == " " { return false }
        return before == " " || beforeWidth == 2 || afterWidth == 2
    }
}
