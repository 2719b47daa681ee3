/// One column of a `TableView`.
public struct TableColumn: Sendable, Hashable {
    public var title: String
    /// `.fixed(n)` columns get n cells; `.flex(w)` columns share the rest by weight.
    public var width: Length
    public var alignment: Alignment

    public init(_ title: String, width: Length, alignment: Alignment = .left) {
        self.title = title
        self.width = width
        self.alignment = alignment
    }
}

/// Styles of a table.
public struct TableStyle: Sendable, Hashable {
    public var header: Style
    public var row: Style
    public var selected: Style
    public var selectedUnfocused: Style
    public var separator: Style

    public init(
        header: Style = Style(bold: true), row: Style = .plain, selected: Style = Style(reverse: true),
        selectedUnfocused: Style = Style(underline: true), separator: Style = .plain
    ) {
        self.header = header
        self.row = row
        self.selected = selected
        self.selectedUnfocused = selectedUnfocused
        self.separator = separator
    }

    /// `list.header`, `list.row`, `list.row.selected`, `list.row.selected.unfocused` and
    /// `pane.border` (separators) from a theme.
    public init(theme: Theme) {
        self.init(
            header: theme.style("list.header"), row: theme.style("list.row"),
            selected: theme.style("list.row.selected"),
            selectedUnfocused: theme.style("list.row.selected.unfocused"),
            separator: theme.style("pane.border"))
    }
}

/// A table with a header row, drawn from a window of rows.
///
/// Rows come from `rowProvider`, asked only for the rows in `state.visibleRange`, so a queue
/// of 100 000 tickets costs the same to draw as one of 20. Each cell is truncated or padded
/// to its column's width by display width, so columns line up whatever the script.
/// The selected row uses the selection style (focused or not) across its whole width and
/// wins over per-row and per-cell styles, so it is always readable.
public struct TableView {
    public var columns: [TableColumn]
    public var state: ListState
    public var rowProvider: (Int) -> [String]
    /// A style for a whole row (e.g. a breached SLA), or nil for the table's row style.
    public var rowStyle: ((Int) -> Style?)?
    /// A style for one cell (row, column), or nil; replaces the row style for that cell.
    public var cellStyle: ((Int, Int) -> Style?)?
    public var style: TableStyle
    public var focused: Bool
    /// Text between columns: one space by default; `"│"` draws rules.
    public var separator: String
    /// Shown in the body when there are no rows.
    public var emptyMessage: String

    public init(
        columns: [TableColumn], state: ListState, style: TableStyle = TableStyle(), focused: Bool = true,
        separator: String = " ", emptyMessage: String = "", rowProvider: @escaping (Int) -> [String]
    ) {
        self.columns = columns
        self.state = state
        self.style = style
        self.focused = focused
        self.separator = separator
        self.emptyMessage = emptyMessage
        self.rowProvider = rowProvider
    }

    /// Column widths for a table `width` columns wide (separators excluded).
    public func columnWidths(for width: Int) -> [Int] {
        Layout.distribute(width, columns.map(\.width), spacing: DisplayWidth.of(separator))
    }

    /// Rows the body of a table drawn in `rect` shows (the header takes one row); give it to
    /// `state.viewportHeight` when laying out.
    public static func bodyHeight(for rect: Rect) -> Int { max(0, rect.height - 1) }

    /// The list row under screen row `y` of a table drawn in `rect` (mouse clicks).
    public func rowIndex(atY y: Int, in rect: Rect) -> Int? {
        guard y > rect.y, y < rect.maxY else { return nil }
        return state.index(atVisibleRow: y - rect.y - 1)
    }

    /// Draws header and visible rows into `rect`. The body uses `rect.height - 1` rows; if
    /// `state.viewportHeight` differs, the window starts at `state.offset` regardless.
    public func draw(into screen: inout Screen, in rect: Rect) {
        guard !rect.isEmpty else { return }
        let widths = columnWidths(for: rect.width)
        drawRow(
            columns.map(\.title), y: rect.y, x: rect.x, widths: widths, into: &screen,
            base: style.header, separatorStyle: style.header, cellStyles: nil)
        let bodyHeight = TableView.bodyHeight(for: rect)
        let body = Rect(x: rect.x, y: rect.y + 1, width: rect.width, height: bodyHeight)
        screen.fill(body, style: style.row)
        if state.count == 0 {
            if bodyHeight > 0 && !emptyMessage.isEmpty {
                screen.put(emptyMessage, at: rect.x + 1, body.y, style: style.row.dimmed(), maxWidth: rect.width - 1)
            }
            return
        }
        let first = state.offset
        for line in 0..<bodyHeight {
            let index = first + line
            guard index < state.count else { break }
            let isSelected = index == state.selected
            let base = isSelected
                ? (focused ? style.selected : style.selectedUnfocused)
                : (rowStyle?(index) ?? style.row)
            let cellStyles: [Style?]? = isSelected ? nil : cellStyle.map { provider in
                columns.indices.map { provider(index, $0) }
            }
            // Separators keep the selection's background so the highlight is one bar.
            drawRow(
                rowProvider(index), y: body.y + line, x: rect.x, widths: widths, into: &screen,
                base: base, separatorStyle: isSelected ? base : style.separator, cellStyles: cellStyles)
        }
    }

    private func drawRow(
        _ cells: [String], y: Int, x: Int, widths: [Int], into screen: inout Screen,
        base: Style, separatorStyle: Style, cellStyles: [Style?]?
    ) {
        let separatorWidth = DisplayWidth.of(separator)
        let total = widths.reduce(0, +) + separatorWidth * max(0, widths.count - 1)
        screen.fill(Rect(x: x, y: y, width: total, height: 1), style: base)
        var column = x
        for (index, width) in widths.enumerated() {
            if index > 0 {
                screen.put(separator, at: column, y, style: separatorStyle)
                column += separatorWidth
            }
            guard width > 0 else { continue }
            let text = index < cells.count ? cells[index] : ""
            let cell = DisplayWidth.pad(TextSanitizer.clean(text), toWidth: width, alignment: columns[index].alignment)
            let cellStyle = cellStyles?[index] ?? base
            screen.put(cell, at: column, y, style: cellStyle, maxWidth: width)
            column += width
        }
    }
}
