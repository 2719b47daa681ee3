import Foundation
import SupportCore
import SupportStore
import TermUI

/// The ticket queue: one row per ticket with its SLA countdown. The countdown is
/// computed from the stored due time at each frame, so it ticks without a query.
enum QueuePane {
    static func columns(width: Int, language: ContentLanguage = .en) -> [PaneColumn] {
        var columns = [PaneColumn(.colNumber, language, width: 6), PaneColumn(.colPriority, language, width: 3),
                       PaneColumn(.colSLA, language, width: 8, alignment: .right)]
        // What goes first as the pane narrows: the update age, then the category; the SLA
        // and the channel (the way the customer must be answered) stay down to 70 columns.
        if width >= 78 { columns.append(PaneColumn(.colCategory, language, width: 9)) }
        if width >= 70 { columns.append(PaneColumn(.colChannel, language, width: 8)) }
        columns.append(PaneColumn(.colCustomer, language, width: width >= 90 ? 16 : 12))
        columns.append(PaneColumn(.colSubject, language, width: 0))
        if width >= 60 { columns.append(PaneColumn(.colOwner, language, width: 6)) }
        if width >= 90 { columns.append(PaneColumn(.colUpdated, language, width: 4, alignment: .right)) }
        return columns
    }

    /// Rows below the border and the column header.
    static func visibleRows(in rect: Rect) -> Int { rect.height - 3 }

    static func render(_ state: ConsoleState, rect: Rect, focused: Bool, into screen: inout Screen) {
        let chrome = PaneChrome(rect: rect, focused: focused, theme: state.theme)
        let q = state.queue
        var title = state.t(.titleQueue, state.t(q.view.titleID), String(q.window.total))
        if !q.filterText.isEmpty { title += " /\(q.filterText)" }
        chrome.drawFrame(into: &screen, title: title)
        let inner = chrome.inner
        guard inner.height > 1 else { return }
        let columns = columns(width: inner.width, language: state.agentLanguage)
        chrome.drawHeader(into: &screen, columns, y: inner.y)
        let visible = visibleRows(in: rect)
        let window = q.window   // scrolled by `update` (keepListsInView), so a click finds the drawn row
        if window.total == 0 {
            chrome.line(into: &screen, state.t(q.filterText.isEmpty ? .emptyQueue : .emptyQueueFiltered),
                        row: 2, style: state.theme.style("muted"), indent: 1)
            return
        }
        for i in 0..<visible {
            let index = window.scroll + i
            guard let row = window.row(at: index) else { continue }
            let selected = index == window.selected
            let (cells, styles) = cellsFor(row, columns: columns, state: state)
            chrome.drawCells(into: &screen, cells, columns: columns, y: inner.y + 1 + i,
                             style: selected || state.supervisor.selection[row.number] == nil ? chrome.rowStyle(selected: selected) : state.theme.style("warning"), cellStyles: styles)
        }
    }

    static func cellsFor(_ row: TicketSummary, columns: [PaneColumn], state: ConsoleState) -> ([String], [Int: Style]) {
        var cells: [String] = []
        var styles: [Int: Style] = [:]
        for (i, column) in columns.enumerated() {
            switch column.id {
            case .colNumber: cells.append((state.supervisor.selection[row.number] != nil ? "*" : "") + String(row.number))
            case .colPriority:
                cells.append(row.priority.rawValue.uppercased())
                styles[i] = state.theme.style("priority.\(row.priority.rawValue)")
            case .colSLA:
                let (text, key) = slaCell(row, now: state.now, language: state.agentLanguage)
                cells.append(text)
                styles[i] = state.theme.style(key)
            case .colCategory: cells.append(row.untriaged ? "—" : row.category.rawValue)
            case .colChannel: cells.append(row.channel.rawValue.replacingOccurrences(of: "_", with: " "))
            // Lists show names masked; the account pane, where the case is worked, shows them.
            case .colCustomer: cells.append(MaskedName(row.customerName).description)
            case .colSubject: cells.append(row.subject)
            case .colOwner: cells.append(row.assignee ?? "—")
            case .colUpdated: cells.append(DurationText.format(state.now.timeIntervalSince(row.updatedAt)))
            default: cells.append("")
            }
        }
        return (cells, styles)
    }

    /// "1h 05m", "-12m" (breached), "paused", "done".
    static func slaCell(_ row: TicketSummary, now: Date, language: ContentLanguage = .en) -> (String, String) {
        switch row.status {
        case .pending: return (Catalogue.text(.slaPaused, language), "sla.paused")
        case .solved, .closed: return (row.status.rawValue, "muted")
        default: break
        }
        guard let due = row.slaDueAt else { return ("—", "muted") }
        let remaining = due.timeIntervalSince(now)
        let text = DurationText.format(remaining)
        if remaining <= 0 { return (text, "sla.breached") }
        if let warn = row.slaWarnAt, now >= warn { return (text, "sla.warning") }
        return (text, "sla.ok")
    }
}
