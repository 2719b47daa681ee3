/// A column of a `Table` as drawn: its title, its width in cells (0: a share of what the
/// fixed columns leave) and which way its text leans. Lists keep their columns as a type of
/// their own (an enum per list) and resolve them to these at the width they are drawn at.
public struct TableColumn: Sendable, Hashable {
    public var title: String
    public var width: Int
    public var alignment: Alignment

    public init(_ title: String, width: Int, alignment: Alignment = .left) {
        self.title = title
        self.width = width
        self.alignment = alignment
    }
}

/// Rows of cells in columns across `width` cells from `x`, one space between columns:
/// each cell is sanitised and padded or cut to its column, so columns line up whatever the
/// script (CJK takes two cells, and the pad counts that). What a row is and how the list
/// scrolls are the caller's: a keyset window or a small array alike.
public struct Table: Sendable {
    public var columns: [TableColumn]
    public var x: Int
    public var width: Int

    public init(columns: [TableColumn], x: Int, width: Int) {
        self.columns = columns
        self.x = x
        self.width = width
    }

    /// Each column's width, the zero-width ones sharing what is left.
    public var widths: [Int] {
        let fixed = columns.reduce(0) { $0 + $1.width } + max(0, columns.count - 1)
        let flexible = columns.filter { $0.width == 0 }.count
        let rest = max(0, width - fixed)
        return columns.map { $0.width == 0 ? (flexible > 0 ? rest / flexible : 0) : $0.width }
    }

    public func drawHeader(into screen: inout Screen, y: Int, style: Style) {
        drawRow(into: &screen, columns.map(\.title), y: y, style: style)
    }

    /// One row: `style` across the whole width, then each cell, with `cellStyles` (by
    /// column index) over the row's style where a cell has a colour of its own.
    public func drawRow(into screen: inout Screen, _ cells: [String], y: Int, style: Style, cellStyles: [Int: Style] = [:]) {
        let w = widths
        let maxX = x + width
        screen.fill(Rect(x: x, y: y, width: width, height: 1), style: style)
        var cx = x
        for (i, column) in columns.enumerated() where w[i] > 0 {
            let text = i < cells.count ? cells[i] : ""
            let cellStyle = cellStyles[i].map { Self.merge(style, $0) } ?? style
            let shown = min(w[i], maxX - cx)
            if DisplayWidth.isPrintableASCII(text) {
                // Most cells: nothing to clean, a column per byte, so the cell is drawn in
                // place without building the padded or cut string. One that fits is the
                // column's spaces with the text over them; a longer one is its first bytes
                // and "…" in the column's last cell.
                let count = text.utf8.count
                if count <= w[i] {
                    let gap = w[i] - count
                    let lead = column.alignment == .left ? 0 : column.alignment == .right ? gap : gap / 2
                    screen.fill(Rect(x: cx, y: y, width: max(0, shown), height: 1), style: cellStyle)
                    screen.put(text, at: cx + lead, y, style: cellStyle, maxWidth: shown - lead)
                } else {
                    screen.put(text, at: cx, y, style: cellStyle, maxWidth: min(shown, w[i] - 1))
                    screen.put("…", at: cx + w[i] - 1, y, style: cellStyle, maxWidth: shown - (w[i] - 1))
                }
            } else {
                let padded = DisplayWidth.pad(TextSanitizer.clean(text), toWidth: w[i], alignment: column.alignment)
                screen.put(padded, at: cx, y, style: cellStyle, maxWidth: shown)
            }
            cx += w[i] + 1
            if cx >= maxX { break }
        }
    }

    /// A cell's colour over the row's: the selected row keeps its cells' foreground only
    /// when the selection bar does not set one, so a red "breached" stays readable on the bar.
    static func merge(_ base: Style, _ over: Style) -> Style {
        var s = base
        if over.fg != .default { s.fg = over.fg }
        if over.bg != .default && base.bg == .default { s.bg = over.bg }
        s.bold = base.bold || over.bold
        s.underline = base.underline || over.underline
        s.dim = over.dim && !base.reverse
        return s
    }
}
