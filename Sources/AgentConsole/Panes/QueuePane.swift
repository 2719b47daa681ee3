import Foundation
import SupportCore
import SupportStore
import TermUI

/// A column of the queue: its heading, its width for the pane's inner width (nil: not
/// shown that narrow; 0: the rest), its alignment, and its cell for a ticket. What goes
/// first as the pane narrows: the update age, then the category; the SLA and the channel
/// (the way the customer must be answered) stay down to 70 columns.
enum QueueColumn: CaseIterable {
    case number, priority, sla, category, channel, customer, subject, owner, updated

    var title: MessageID {
        switch self {
        case .number: .colNumber
        case .priority: .colPriority
        case .sla: .colSLA
        case .category: .colCategory
        case .channel: .colChannel
        case .customer: .colCustomer
        case .subject: .colSubject
        case .owner: .colOwner
        case .updated: .colUpdated
        }
    }

    func width(in paneWidth: Int) -> Int? {
        switch self {
        case .number: 6
        case .priority: 3
        case .sla: 8
        case .category: paneWidth >= 78 ? 9 : nil
        case .channel: paneWidth >= 70 ? 8 : nil
        case .customer: paneWidth >= 90 ? 16 : 12
        case .subject: 0
        case .owner: paneWidth >= 60 ? 6 : nil
        case .updated: paneWidth >= 90 ? 4 : nil
        }
    }

    var alignment: Alignment { self == .sla || self == .updated ? .right : .left }

    /// The cell's text and, when it has one, its colour.
    func cell(_ row: TicketSummary, _ state: ConsoleState) -> (String, Style?) {
        switch self {
        case .number: ((state.supervisor.selection[row.number] != nil ? "*" : "") + String(row.number), nil)
        case .priority: (row.priority.rawValue.uppercased(), state.theme.style("priority.\(row.priority.rawValue)"))
        case .sla: QueuePane.slaCell(row, state)
        case .category: (row.untriaged ? "—" : row.category.rawValue, nil)
        case .channel: (String(row.channel.rawValue.map { $0 == "_" ? " " : $0 }), nil)
        // Lists show names masked; the account pane, where the case is worked, shows them.
        case .customer: (MaskedName(row.customerName).description, nil)
        case .subject: (row.subject, nil)
        case .owner: (row.assignee ?? "—", nil)
        case .updated: (state.elapsedText(since: row.updatedAt), nil)
        }
    }
}

/// The ticket queue: one row per ticket with its SLA countdown. The countdown is
/// computed from the stored due time at each frame, so it ticks without a query.
enum QueuePane {
    /// The columns shown at this inner width, in order.
    static func columns(width: Int) -> [QueueColumn] { QueueColumn.allCases.filter { $0.width(in: width) != nil } }

    static func paneColumns(_ columns: [QueueColumn], width: Int, language: ContentLanguage) -> [TableColumn] {
        QueueColumn.table(columns, width: width, language: language)
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
        let kinds = columns(width: inner.width)
        let columns = paneColumns(kinds, width: inner.width, language: state.agentLanguage)
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
            let cells = kinds.map { $0.cell(row, state) }
            var styles: [Int: Style] = [:]
            for (column, cell) in cells.enumerated() { styles[column] = cell.1 }
            chrome.drawCells(into: &screen, cells.map(\.0), columns: columns, y: inner.y + 1 + i,
                             style: selected || state.supervisor.selection[row.number] == nil ? chrome.rowStyle(selected: selected) : state.theme.style("warning"), cellStyles: styles)
        }
    }

    /// The SLA cell in its colour.
    static func slaCell(_ row: TicketSummary, _ state: ConsoleState) -> (String, Style?) {
        var now = state.now
        if let due = row.slaDueAt, ![.pending, .solved, .closed].contains(row.status) {
            now = state.displayNow(toward: due)
            // Near the deadline the clock is exact, and so is the turn to warning.
            if now == state.now, let warn = row.slaWarnAt, warn > now { state.timeWatch.note(warn) }
        }
        let (text, key) = slaCell(row, now: now, language: state.agentLanguage)
        return (text, state.theme.style(key))
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
