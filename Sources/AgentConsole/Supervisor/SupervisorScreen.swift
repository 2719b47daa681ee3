import Foundation
import SupportCore
import SupportStore
import TermUI

/// Where the supervisor's boxes go. From 160x40 every box is on screen at once; below
/// that a summary line and tabs show one box at a time, attention first.
struct SupervisorLayout {
    let rect: Rect

    var grid: Bool { rect.width >= 160 && rect.height >= 40 }
    var strip: Rect { Rect(x: rect.x, y: rect.y, width: rect.width, height: 1) }
    var tabBar: Rect { Rect(x: rect.x, y: rect.y + 1, width: rect.width, height: 1) }
    var single: Rect { Rect(x: rect.x, y: rect.y + 2, width: rect.width, height: max(0, rect.height - 2)) }

    func rect(for panel: SupervisorPanel) -> Rect {
        let rows = rect.splitVertically([.fixed(10), .fixed(9), .fixed(9), .flex(1)])
        let halves = { (r: Rect) in r.splitHorizontally(ratios: [1, 1]) }
        let wide = { (r: Rect) in r.splitHorizontally(ratios: [3, 2]) }
        switch panel {
        case .attention: return halves(rows[0])[0]
        case .sla: return halves(rows[0])[1]
        case .backlog: return halves(rows[1])[0]
        case .aging: return halves(rows[1])[1]
        case .volume: return wide(rows[2])[0]
        case .csat: return wide(rows[2])[1]
        case .workload: return wide(rows[3])[0]
        // Approvals above, failed deliveries below: both are lists waiting for a decision.
        case .approvals: return wide(rows[3])[1].splitVertically([.flex(1), .flex(1)])[0]
        case .deliveries: return wide(rows[3])[1].splitVertically([.flex(1), .flex(1)])[1]
        }
    }
}

/// The supervisor's screen: attention, SLA, backlog, aging, volume, workload, CSAT and
/// approvals, each figure selectable and drillable into a queue.
enum SupervisorScreen {
    static func render(_ state: ConsoleState, rect: Rect, into screen: inout Screen) {
        let layout = SupervisorLayout(rect: rect)
        if layout.grid {
            for panel in SupervisorPanel.allCases {
                draw(panel, state, rect: layout.rect(for: panel), focused: panel == state.supervisor.panel, into: &screen)
            }
            return
        }
        drawStrip(state, rect: layout.strip, into: &screen)
        let titles = SupervisorPanel.allCases.map { tabTitle($0, state) }
        Tabs(titles: titles, active: state.supervisor.panel.rawValue)
            .draw(into: &screen, in: layout.tabBar, style: TabsStyle(theme: state.theme))
        draw(state.supervisor.panel, state, rect: layout.single, focused: true, into: &screen)
    }

    static func tabTitle(_ panel: SupervisorPanel, _ state: ConsoleState) -> String {
        let title = state.t(panel.titleID)
        guard let d = state.supervisor.data else { return title }
        switch panel {
        case .attention: return "\(title) \(d.attention.count)"
        case .approvals: return "\(title) \(d.approvals.count)"
        case .deliveries: return "\(title) \(state.supervisor.failures.count)"
        default: return title
        }
    }

    /// One line that keeps the urgent numbers in sight whichever tab is open.
    static func drawStrip(_ state: ConsoleState, rect: Rect, into screen: inout Screen) {
        let theme = state.theme
        screen.fill(rect, style: theme.style("base"))
        guard let d = state.supervisor.data else {
            screen.put(" " + state.t(.supCountingFigures), at: rect.x, rect.y, style: theme.style("muted"))
            return
        }
        var parts: [(String, String)] = [
            ("\(state.t(.boxAttention)) \(d.attention.count)", d.attention.isEmpty ? "muted" : "error"),
            (state.t(.stripBreachedToday, Stats.percent(d.slaToday.row()?.breachRate)), "warning"),
            (state.t(.stripWithinHour, String(d.breachingSoon.count)), d.breachingSoon.isEmpty ? "muted" : "sla.warning"),
            ("\(state.t(.boxBacklog)) \(d.backlog.total)", "section"),
            ("\(state.t(.boxApprovals)) \(d.approvals.count)", d.approvals.isEmpty ? "muted" : "warning"),
        ]
        if !state.supervisor.failures.isEmpty { parts.append((state.t(.stripFailedDeliveries, String(state.supervisor.failures.count)), "error")) }
        if !state.supervisor.selection.isEmpty { parts.append((state.t(.stripSelected, String(state.supervisor.selection.count)), "presence")) }
        var x = rect.x + 1
        for (i, part) in parts.enumerated() {
            if i > 0 { x += screen.put(" · ", at: x, rect.y, style: theme.style("muted"), maxWidth: max(0, rect.maxX - x)) }
            guard x < rect.maxX else { break }
            x += screen.put(part.0, at: x, rect.y, style: theme.style(part.1), maxWidth: rect.maxX - x)
        }
    }

    static func draw(_ panel: SupervisorPanel, _ state: ConsoleState, rect: Rect, focused: Bool, into screen: inout Screen) {
        guard rect.width >= 4, rect.height >= 3 else { return }
        let model = SupervisorPanels.model(panel, state)
        let chrome = PaneChrome(rect: rect, focused: focused, theme: state.theme)
        chrome.drawFrame(into: &screen, title: model.title)
        let inner = chrome.inner
        var y = inner.y
        if model.showHeader, !model.columns.isEmpty, inner.height > 1 {
            chrome.drawHeader(into: &screen, model.columns, y: y)
            y += 1
        }
        let visible = inner.maxY - y
        guard visible > 0 else { return }
        if model.rows.isEmpty {
            screen.put(model.empty, at: inner.x + 1, y, style: state.theme.style("muted"), maxWidth: inner.width - 1)
            return
        }
        let cursor = state.supervisor.cursors[panel] ?? SupervisorCursor()
        let offset = max(0, min(cursor.row - visible + 1, model.rows.count - visible))
        let widths = chrome.widths(model.columns)
        for line in 0..<visible {
            let index = offset + line
            guard model.rows.indices.contains(index) else { break }
            let drillable = model.drillable(index)
            let selectedCell = focused && index == cursor.row ? drillable[safe: min(cursor.cell, drillable.count - 1)] : nil
            // A row with one figure behind it is selected whole; otherwise just the figure.
            let wholeRow = focused && index == cursor.row && drillable.count <= 1
            drawRow(model.rows[index], model.columns, widths: widths, x: inner.x, y: y + line, width: inner.width,
                    selectedCell: wholeRow ? nil : selectedCell, wholeRow: wholeRow, theme: state.theme, into: &screen)
        }
    }

    static func drawRow(_ cells: [PanelCell], _ columns: [TableColumn], widths: [Int], x: Int, y: Int, width: Int,
                        selectedCell: Int?, wholeRow: Bool, theme: Theme, into screen: inout Screen) {
        let selection = theme.style("list.row.selected")
        if wholeRow { screen.fill(Rect(x: x, y: y, width: width, height: 1), style: selection) }
        var column = 0
        var cx = x
        for (i, cell) in cells.enumerated() {
            guard column < columns.count, cx < x + width else { break }
            let span = max(1, min(cell.span, columns.count - column))
            let w = min(widths[column..<(column + span)].reduce(0, +) + span - 1, x + width - cx)
            let selected = wholeRow || selectedCell == i
            let style = selected ? selection : theme.style(cell.style ?? "list.row")
            if selectedCell == i { screen.fill(Rect(x: cx, y: y, width: max(0, w), height: 1), style: selection) }
            if w > 0 {
                switch cell.content {
                case .text(let s):
                    let text = DisplayWidth.pad(TextSanitizer.clean(s), toWidth: w, alignment: cell.alignment ?? columns[column].alignment)
                    screen.put(text, at: cx, y, style: style, maxWidth: w)
                case .bar(let value, let maximum):
                    screen.put(BarChart.bar(value, maximum: maximum, width: w), at: cx, y, style: style, maxWidth: w)
                case .spark(let values, let maximum):
                    // Each day gets as many cells as fit (up to 4), so 14 days fill a wide box.
                    let per = max(1, min(4, w / max(1, values.count)))
                    let line = Sparkline(values: values.flatMap { Array(repeating: $0, count: per) },
                                         range: 0...max(1, maximum)).render(width: w)
                    screen.put(line, at: cx, y, style: style, maxWidth: w)
                }
            }
            cx += w + 1
            column += span
        }
    }
}
