import SupportCore
import TermUI

/// A column of a pane's list as drawn: a title, a width (fixed, or a share of what is
/// left) and which way the text leans. Panes whose columns change with the width say which
/// column is which with a typed column (`QueueColumn`, `TransactionColumn`), never by title.
struct PaneColumn {
    var title: String
    var width: Int          // columns; 0 means "take the rest"
    var alignment: Alignment = .left

    /// A column titled from the catalogue in `language`.
    init(_ id: MessageID, _ language: ContentLanguage, width: Int, alignment: Alignment = .left) {
        self.init(title: Catalogue.text(id, language), width: width, alignment: alignment)
    }

    init(title: String, width: Int, alignment: Alignment = .left) {
        self.title = title; self.width = width; self.alignment = alignment
    }
}

/// What every pane draws around its content, so all panes look and behave alike:
/// the border (heavier when focused), the title, and list rows with a selection bar.
struct PaneChrome {
    let rect: Rect
    let focused: Bool
    let theme: Theme

    var inner: Rect { rect.inset(by: 1) }

    func drawFrame(into screen: inout Screen, title: String) {
        screen.fill(rect, style: theme.style("pane"))
        screen.box(rect, style: theme.style(focused ? "pane.border.focus" : "pane.border"),
                   title: title, titleStyle: theme.style(focused ? "pane.title.focus" : "pane.title"),
                   border: focused ? .heavy : .light)
    }

    /// Resolves zero-width ("rest") columns against the inner width.
    func widths(_ columns: [PaneColumn]) -> [Int] {
        let fixed = columns.reduce(0) { $0 + $1.width } + max(0, columns.count - 1)
        let flexible = columns.filter { $0.width == 0 }.count
        let rest = max(0, inner.width - fixed)
        return columns.map { $0.width == 0 ? (flexible > 0 ? rest / flexible : 0) : $0.width }
    }

    func drawHeader(into screen: inout Screen, _ columns: [PaneColumn], y: Int) {
        drawCells(into: &screen, columns.map(\.title), columns: columns, y: y, style: theme.style("list.header"))
    }

    /// One row of cells; each is padded or cut to its column so borders line up whatever
    /// the script (CJK takes two columns, and the pad counts that).
    func drawCells(into screen: inout Screen, _ cells: [String], columns: [PaneColumn], y: Int, style: Style,
                   cellStyles: [Int: Style] = [:]) {
        let w = widths(columns)
        screen.fill(Rect(x: inner.x, y: y, width: inner.width, height: 1), style: style)
        var x = inner.x
        for (i, column) in columns.enumerated() where w[i] > 0 {
            let text = DisplayWidth.pad(TextSanitizer.clean(i < cells.count ? cells[i] : ""), toWidth: w[i], alignment: column.alignment)
            let cellStyle = cellStyles[i].map { merge(style, $0) } ?? style
            screen.put(text, at: x, y, style: cellStyle, maxWidth: min(w[i], inner.maxX - x))
            x += w[i] + 1
            if x >= inner.maxX { break }
        }
    }

    /// The selected row keeps its cell colours' foreground only when the selection bar
    /// does not set one, so a red "breached" stays readable on the bar.
    func rowStyle(selected: Bool) -> Style {
        guard selected else { return theme.style("list.row") }
        return theme.style(focused ? "list.row.selected" : "list.row.selected.unfocused")
    }

    private func merge(_ base: Style, _ over: Style) -> Style {
        var s = base
        if over.fg != .default { s.fg = over.fg }
        if over.bg != .default && base.bg == .default { s.bg = over.bg }
        s.bold = base.bold || over.bold
        s.underline = base.underline || over.underline
        s.dim = over.dim && !base.reverse
        return s
    }

    /// A line of text inside the pane at row `row` (0 = first inner row).
    func line(into screen: inout Screen, _ text: String, row: Int, style: Style? = nil, indent: Int = 0) {
        guard row >= 0, row < inner.height else { return }
        screen.put(text, at: inner.x + indent, inner.y + row, style: style ?? theme.style("pane"),
                   maxWidth: inner.width - indent)
    }
}
