/// One terminal cell: a grapheme cluster and its style. The right half of a 2-column character
/// is a separate cell marked `isContinuation` (its grapheme is empty) so every column of the
/// grid has exactly one cell and a wide character can never be half overwritten unnoticed.
public struct Cell: Sendable, Hashable {
    public var grapheme: String
    public var style: Style
    public var isContinuation: Bool

    /// A cell showing `grapheme`, which should be one sanitised grapheme cluster of width 1 or 2
    /// (use `Screen.put` to write arbitrary text).
    public init(_ grapheme: String, style: Style = .plain) {
        self.grapheme = grapheme
        self.style = style
        self.isContinuation = false
    }

    /// The right half of the wide character in the cell to the left.
    public static func continuation(style: Style) -> Cell {
        var cell = Cell("", style: style)
        cell.isContinuation = true
        return cell
    }

    public static let blank = Cell(" ")

    /// Columns this cell's grapheme covers: 0 for a continuation, otherwise its display
    /// width (1 or 2, more for a long Indic cluster).
    public var width: Int { isContinuation ? 0 : max(1, DisplayWidth.of(grapheme)) }
}

/// A grid of cells: what one frame of the terminal shows. Rendering builds a `Screen`; a
/// driver presents it. All drawing clips to the grid and keeps wide characters whole.
public struct Screen: Sendable, Hashable {
    public let width: Int
    public let height: Int
    /// Row-major, `width * height` cells.
    public private(set) var cells: [Cell]
    /// Where the terminal cursor should be shown (a focused text field); `nil` hides it.
    public var cursor: Point?

    public init(width: Int, height: Int, style: Style = .plain) {
        self.width = max(0, width)
        self.height = max(0, height)
        self.cells = Array(repeating: Cell(" ", style: style), count: self.width * self.height)
        self.cursor = nil
    }

    /// The whole grid.
    public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    /// The cell at column `x`, row `y` (must be inside the grid).
    public subscript(x: Int, y: Int) -> Cell {
        precondition(x >= 0 && x < width && y >= 0 && y < height, "cell (\(x), \(y)) outside \(width)x\(height)")
        return cells[y * width + x]
    }

    // MARK: - Writing

    /// Writes `text` from column `x` on row `y` and returns how many columns it covered on
    /// the grid. The text is sanitised first (`TextSanitizer.clean`), so untrusted text can
    /// be passed as is. Drawing stops at the grid's right edge or after `maxWidth` columns; a
    /// wide character that does not fit leaves a space instead. Writing over half of an
    /// existing wide character blanks its other half. Text starting left of the grid (`x < 0`)
    /// is clipped the same way.
    @discardableResult
    public mutating func put(
        _ text: String, at x: Int, _ y: Int, style: Style = .plain, maxWidth: Int? = nil
    ) -> Int {
        guard y >= 0, y < height, x < width else { return 0 }
        let limit = min(width, maxWidth.map { x + max(0, $0) } ?? width)
        // Simple text (`DisplayWidth.isSimple`: printable ASCII, box drawing, …) needs no
        // cleaning and is one column a scalar. Text that turns to something else later is
        // written that way up to the scalar before the first other one (which could be a
        // combining mark on it); the rest is cleaned and split into graphemes.
        if DisplayWidth.isPrintableASCII(text) { return putASCII(text.utf8[...], at: x, y, style: style, limit: limit) }
        let scalars = text.unicodeScalars
        var simple = 0
        var index = scalars.startIndex
        while index < scalars.endIndex, DisplayWidth.isSimple(scalars[index].value) {
            simple += 1
            index = scalars.index(after: index)
        }
        if index == scalars.endIndex { return putSimple(scalars[...], at: x, y, style: style, limit: limit) }
        let head = max(0, simple - 1)
        let split = scalars.index(scalars.startIndex, offsetBy: head)
        let written = putSimple(scalars[..<split], at: x, y, style: style, limit: limit)
        guard x + head < limit else { return written }
        return written + putClusters(String(scalars[split...]), at: x + head, y, style: style, limit: limit)
    }

    /// `put` for text that is not all simple: cleaned, then one grapheme at a time.
    private mutating func putClusters(_ text: String, at x: Int, _ y: Int, style: Style, limit: Int) -> Int {
        var column = x
        var written = 0
        for character in TextSanitizer.clean(text) {
            let w = DisplayWidth.of(character)
            if w == 0 { continue }          // a lone combining mark has nothing to sit on
            if column + w > limit {
                if column >= 0 && column < limit {
                    setCell(Cell(" ", style: style), width: 1, x: column, y: y)
                    written += 1
                }
                break
            }
            if column < 0 {
                if column + w > 0 {         // right half of a wide char straddling column 0
                    setCell(Cell(" ", style: style), width: 1, x: 0, y: y)
                    written += 1
                }
            } else {
                setCell(Cell(String(character), style: style), width: w, x: column, y: y)
                written += w
            }
            column += w
        }
        return written
    }

    /// `put` for printable ASCII, nearly all of a frame's text: one column per byte, nothing
    /// to clean or to split into graphemes.
    private mutating func putASCII(_ bytes: Substring.UTF8View, at x: Int, _ y: Int, style: Style, limit: Int) -> Int {
        putSpan(bytes, at: x, y, style: style, limit: limit) { Screen.asciiGraphemes[Int($0)] }
    }

    /// `putASCII` for simple scalars that are not all ASCII.
    private mutating func putSimple(_ scalars: Substring.UnicodeScalarView, at x: Int, _ y: Int, style: Style, limit: Int) -> Int {
        putSpan(scalars, at: x, y, style: style, limit: limit) {
            $0.value < 0x80 ? Screen.asciiGraphemes[Int($0.value)] : String($0)
        }
    }

    /// Writes one column per unit of `units` (each its own grapheme, already clean). The
    /// cells written are one span, so wide characters around it are detached once.
    private mutating func putSpan<Units: Collection>(_ units: Units, at x: Int, _ y: Int, style: Style, limit: Int,
                                                    text: (Units.Element) -> String) -> Int {
        let skipped = max(0, -x)
        let start = max(0, x)
        let count = min(units.count - skipped, limit - start)
        guard count > 0 else { return 0 }
        detachWideNeighbours(x: start, y: y, width: count)
        var index = y * width + start
        for unit in units.dropFirst(skipped).prefix(count) {
            cells[index] = Cell(text(unit), style: style)
            index += 1
        }
        return count
    }

    /// One-character strings for the ASCII bytes, made once.
    private static let asciiGraphemes: [String] = (0..<128).map { String(UnicodeScalar(UInt8($0))) }

    /// Fills `rect` (clipped to the grid) with `char` in `style`. A wide `char` is repeated in
    /// pairs of columns, with a space where an odd column is left.
    public mutating func fill(_ rect: Rect, char: Character = " ", style: Style = .plain) {
        let area = rect.intersection(bounds)
        guard !area.isEmpty else { return }
        let first = TextSanitizer.clean(String(char)).first ?? " "
        let w = DisplayWidth.of(first)
        if w == 2 {
            let text = String(repeating: String(first), count: (area.width + 1) / 2)
            for row in area.y..<area.maxY { put(text, at: area.x, row, style: style, maxWidth: area.width) }
            return
        }
        let glyph = w == 1 ? String(first) : " "
        for row in area.y..<area.maxY {
            detachWideNeighbours(x: area.x, y: row, width: area.width)
            let start = row * width
            for column in area.x..<area.maxX { cells[start + column] = Cell(glyph, style: style) }
        }
    }

    /// Changes the style of every cell in `rect`, keeping the text (e.g. to highlight a row).
    public mutating func restyle(_ rect: Rect, _ transform: (Style) -> Style) {
        let area = rect.intersection(bounds)
        guard !area.isEmpty else { return }
        for row in area.y..<area.maxY {
            for column in area.x..<area.maxX {
                cells[row * width + column].style = transform(cells[row * width + column].style)
            }
        }
    }

    /// Writes one cell of width `w` (1 or 2) at (x, y), keeping neighbouring wide chars whole.
    private mutating func setCell(_ cell: Cell, width w: Int, x: Int, y: Int) {
        detachWideNeighbours(x: x, y: y, width: w)
        let index = y * width + x
        cells[index] = cell
        // A cluster wider than two (an Indic conjunct of three letters) continues likewise.
        for column in 1..<max(1, w) where x + column < width { cells[index + column] = .continuation(style: cell.style) }
    }

    /// Before columns x..<x+span are overwritten: a wide char sticking into the span from the
    /// left, or out of it to the right, would be cut in half, so its outside half becomes a space.
    private mutating func detachWideNeighbours(x: Int, y: Int, width span: Int) {
        let row = y * width
        if x > 0 && cells[row + x].isContinuation {
            var head = x - 1
            while head > 0 && cells[row + head].isContinuation { head -= 1 }
            for column in head..<x { cells[row + column] = Cell(" ", style: cells[row + column].style) }
        }
        var after = x + span
        while after < width && cells[row + after].isContinuation {
            cells[row + after] = Cell(" ", style: cells[row + after].style)
            after += 1
        }
    }

    // MARK: - Reading

    /// The text of each row, each wide character once (continuation cells add nothing), with
    /// trailing spaces removed unless `trimmingTrailingSpaces` is false. Meant for tests and
    /// snapshots: compare a rendered screen line by line.
    public func lines(trimmingTrailingSpaces: Bool = true) -> [String] {
        (0..<height).map { row in
            var line = ""
            for cell in cells[(row * width)..<((row + 1) * width)] where !cell.isContinuation {
                line += cell.grapheme
            }
            guard trimmingTrailingSpaces else { return line }
            while line.last == " " { line.removeLast() }
            return line
        }
    }

    /// All rows joined with newlines, trailing spaces trimmed; handy when a test fails.
    public var text: String { lines().joined(separator: "\n") }
}
