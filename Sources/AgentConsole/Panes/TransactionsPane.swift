import Foundation
import SupportCore
import SupportStore
import TermUI

/// The customer's transactions, newest first, over a keyset window; failed and flagged
/// rows stand out; the footer totals the current filter.
enum TransactionsPane {
    static func columns(width: Int, language: ContentLanguage = .en) -> [PaneColumn] {
        // The reference (what the customer quotes) and the failure reason (what the agent
        // explains) stay as the pane narrows; the counterparty gives up its width first,
        // then type, status and amount get tighter.
        let wide = width >= 95
        var columns = [PaneColumn(.colTime, language, width: 11), PaneColumn(.colType, language, width: wide ? 10 : 8),
                       PaneColumn(.colStatus, language, width: wide ? 8 : 7),
                       PaneColumn(.colAmount, language, width: wide ? 14 : 13, alignment: .right),
                       PaneColumn(.colCounterparty, language, width: 0)]
        if width >= 60 { columns.append(PaneColumn(.colReference, language, width: 12)) }
        if width >= 70 { columns.append(PaneColumn(.colReason, language, width: wide ? 18 : 12)) }
        return columns
    }

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
        let columns = columns(width: inner.width, language: state.agentLanguage)
        chrome.drawHeader(into: &screen, columns, y: inner.y)
        let visible = visibleRows(in: rect)
        let window = t.window   // scrolled by `update` (keepListsInView), so a click finds the drawn row
        if window.total == 0 {
            chrome.line(into: &screen, state.t(.emptyTransactions), row: 2, style: state.theme.style("muted"), indent: 1)
        }
        for i in 0..<visible {
            let index = window.scroll + i
            guard let tx = window.row(at: index) else { continue }
            var styles: [Int: Style] = [:]
            if tx.status == .failed { styles[2] = state.theme.style("tx.failed") }
            if tx.status == .pending { styles[2] = state.theme.style("tx.pending") }
            styles[3] = state.theme.style(tx.type.isCredit ? "money.in" : "money.out")
            var cells = [TimeText.short(tx.at), tx.type.rawValue, tx.status.rawValue,
                         Money.formatSigned(tx.signedAmount, currency: tx.currency),
                         (tx.flagged ? "⚑ " : "") + tx.counterparty]
            cells.append(tx.reference)
            cells.append(tx.failureCode ?? "")
            var style = chrome.rowStyle(selected: index == window.selected)
            if tx.flagged && index != window.selected { style = state.theme.style("tx.flagged") }
            chrome.drawCells(into: &screen, cells, columns: columns, y: inner.y + 1 + i, style: style, cellStyles: styles)
        }
        let totals = state.t(.transactionTotals, String(t.totals.count), Money.format(t.totals.moneyIn, currency: "IDR"), Money.format(t.totals.moneyOut, currency: "IDR"))
        screen.put(DisplayWidth.pad(totals, toWidth: inner.width, alignment: .right), at: inner.x, inner.maxY - 1,
                   style: state.theme.style("list.footer"))
    }
}
