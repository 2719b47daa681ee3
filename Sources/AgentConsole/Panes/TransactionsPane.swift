import Foundation
import SupportCore
import SupportStore
import TermUI

/// A column of the transactions list: its heading, its width for the pane's inner width
/// (nil: not shown that narrow; 0: the rest), its alignment, and its cell. The reference
/// (what the customer quotes) and the failure reason (what the agent explains) stay as the
/// pane narrows; the counterparty gives up its width first, then type, status and amount
/// get tighter.
enum TransactionColumn: CaseIterable {
    case time, type, status, amount, counterparty, reference, reason

    var title: MessageID {
        switch self {
        case .time: .colTime
        case .type: .colType
        case .status: .colStatus
        case .amount: .colAmount
        case .counterparty: .colCounterparty
        case .reference: .colReference
        case .reason: .colReason
        }
    }

    func width(in paneWidth: Int) -> Int? {
        let wide = paneWidth >= 95
        return switch self {
        case .time: 11
        case .type: wide ? 10 : 8
        case .status: wide ? 8 : 7
        case .amount: wide ? 14 : 13
        case .counterparty: 0
        case .reference: paneWidth >= 60 ? 12 : nil
        case .reason: paneWidth >= 70 ? (wide ? 18 : 12) : nil
        }
    }

    var alignment: Alignment { self == .amount ? .right : .left }

    /// The cell's text and, when it has one, its colour.
    func cell(_ tx: Transaction, _ theme: Theme) -> (String, Style?) {
        switch self {
        case .time: (TimeText.short(tx.at), nil)
        case .type: (tx.type.rawValue, nil)
        case .status: (tx.status.rawValue, tx.status == .failed ? theme.style("tx.failed") : tx.status == .pending ? theme.style("tx.pending") : nil)
        case .amount: (Money.formatSigned(tx.signedAmount, currency: tx.currency), theme.style(tx.type.isCredit ? "money.in" : "money.out"))
        case .counterparty: ((tx.flagged ? "⚑ " : "") + tx.counterparty, nil)
        case .reference: (tx.reference, nil)
        case .reason: (tx.failureCode ?? "", nil)
        }
    }
}

/// The customer's transactions, newest first, over a keyset window; failed and flagged
/// rows stand out; the footer totals the current filter.
enum TransactionsPane {
    /// The columns shown at this inner width, in order.
    static func columns(width: Int) -> [TransactionColumn] { TransactionColumn.allCases.filter { $0.width(in: width) != nil } }

    /// Rows below the border, the column header and the totals line.
    static func visibleRows(in rect: Rect) -> Int { rect.height - 4 }

    static func render(_ state: ConsoleState, rect: Rect, focused: Bool, into screen: inout Screen) {
        let chrome = PaneChrome(rect: rect, focused: focused, theme: state.theme)
        let t = state.transactions
        var title = state.t(.titleTransactions)
        if !t.filterText.isEmpty { title += (t.filterKept ? " \(state.t(.titleKeptFilter)) /" : " /") + t.filterText }
        chrome.drawFrame(into: &screen, title: title)
        let inner = chrome.inner
        guard t.customerId != nil else {
            chrome.line(into: &screen, state.t(.selectForTransactions), row: 0,
                        style: state.theme.style("muted"), indent: 1)
            return
        }
        if let detail = t.detail {
            TransactionDetailView.render(state, detail, chrome: chrome, into: &screen)
            return
        }
        guard inner.height > 2 else { return }
        let kinds = columns(width: inner.width)
        let columns = TransactionColumn.table(kinds, width: inner.width, language: state.agentLanguage)
        chrome.drawHeader(into: &screen, columns, y: inner.y)
        let visible = visibleRows(in: rect)
        let window = t.window   // scrolled by `update` (keepListsInView), so a click finds the drawn row
        if window.total == 0 {
            chrome.line(into: &screen, state.t(.emptyTransactions), row: 2, style: state.theme.style("muted"), indent: 1)
        }
        for i in 0..<visible {
            let index = window.scroll + i
            guard let tx = window.row(at: index) else { continue }
            let cells = kinds.map { $0.cell(tx, state.theme) }
            var styles: [Int: Style] = [:]
            for (column, cell) in cells.enumerated() { styles[column] = cell.1 }
            var style = chrome.rowStyle(selected: index == window.selected)
            if tx.flagged && index != window.selected { style = state.theme.style("tx.flagged") }
            chrome.drawCells(into: &screen, cells.map(\.0), columns: columns, y: inner.y + 1 + i, style: style, cellStyles: styles)
        }
        let totals = state.t(.transactionTotals, String(t.totals.count), Money.format(t.totals.moneyIn, currency: "IDR"), Money.format(t.totals.moneyOut, currency: "IDR"))
        screen.put(DisplayWidth.pad(totals, toWidth: inner.width, alignment: .right), at: inner.x, inner.maxY - 1,
                   style: state.theme.style("list.footer"))
    }
}
