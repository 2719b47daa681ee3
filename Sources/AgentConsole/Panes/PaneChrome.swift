import SupportCore
import TermUI

/// A list's columns as a type of their own (an enum per list: `QueueColumn`,
/// `TransactionColumn`, `SecurityColumn`, `RuleColumn`, `InvestigationColumn`,
/// `SupervisorColumn`): each knows its heading, its width at the pane's inner width (nil:
/// not shown that narrow; 0: a share of the rest) and its alignment, so nothing picks a
/// column by its title or position. `table` resolves them to TermUI's `TableColumn`s.
protocol ListColumn {
    func heading(_ language: ContentLanguage) -> String
    func width(in paneWidth: Int) -> Int?
    var alignment: Alignment { get }
}

extension ListColumn {
    /// The columns shown at `width`, ready to draw, headed in `language`.
    static func table(_ columns: [Self], width: Int, language: ContentLanguage) -> [TableColumn] {
        columns.compactMap { column in
            column.width(in: width).map { TableColumn(column.heading(language), width: $0, alignment: column.alignment) }
        }
    }
}

extension QueueColumn: ListColumn {
    func heading(_ language: ContentLanguage) -> String { Catalogue.text(title, language) }
}

extension TransactionColumn: ListColumn {
    func heading(_ language: ContentLanguage) -> String { Catalogue.text(title, language) }
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

    /// The pane's table widget (TermUI's `Table`) across the inner width.
    func table(_ columns: [TableColumn]) -> Table { Table(columns: columns, x: inner.x, width: inner.width) }

    func widths(_ columns: [TableColumn]) -> [Int] { table(columns).widths }

    func drawHeader(into screen: inout Screen, _ columns: [TableColumn], y: Int) {
        table(columns).drawHeader(into: &screen, y: y, style: theme.style("list.header"))
    }

    /// One row of cells, each padded or cut to its column.
    func drawCells(into screen: inout Screen, _ cells: [String], columns: [TableColumn], y: Int, style: Style,
                   cellStyles: [Int: Style] = [:]) {
        table(columns).drawRow(into: &screen, cells, y: y, style: style, cellStyles: cellStyles)
    }

    /// The selection bar, or the plain row (`Table` keeps a cell's colour readable on the bar).
    func rowStyle(selected: Bool) -> Style {
        guard selected else { return theme.style("list.row") }
        return theme.style(focused ? "list.row.selected" : "list.row.selected.unfocused")
    }

    /// A line of text inside the pane at row `row` (0 = first inner row).
    func line(into screen: inout Screen, _ text: String, row: Int, style: Style? = nil, indent: Int = 0) {
        guard row >= 0, row < inner.height else { return }
        screen.put(text, at: inner.x + indent, inner.y + row, style: style ?? theme.style("pane"),
                   maxWidth: inner.width - indent)
    }
}
