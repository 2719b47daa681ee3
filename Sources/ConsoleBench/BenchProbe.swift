import AgentConsole
import Foundation
import SupportCore
import SupportStore
import TermUI

/// What `paydesk-dev bench` checks between timed key presses, so that a scenario that went
/// wrong (the filter did not apply, the heavy customer is not selected) is reported
/// instead of timing the wrong screen. Read-only; the console's state stays internal.
public struct BenchProbe: Sendable, Equatable {
    public var screen: String
    public var focus: String
    public var queueView: String
    public var queueTotal: Int
    public var queueSelected: Int
    public var customerId: Int64?
    public var transactionTotal: Int
    public var transactionSelected: Int
    public var transactionFilter: String
    public var promptOpen: Bool
    public var status: String?
}

extension EventLoop {
    public var benchProbe: BenchProbe {
        let s = controller.state
        var prompt = false
        if case .filter = s.mode { prompt = true }
        return BenchProbe(screen: s.screen == .supervisor ? "supervisor" : "main", focus: s.focus.title, queueView: s.queue.view.rawValue, queueTotal: s.queue.window.total,
                          queueSelected: s.queue.window.selected, customerId: s.transactions.customerId,
                          transactionTotal: s.transactions.window.total, transactionSelected: s.transactions.window.selected,
                          transactionFilter: s.transactions.filterText, promptOpen: prompt, status: s.status?.text)
    }

    /// Rows a page key moves in the focused list at the current size.
    public var benchListHeight: Int { controller.listHeight }
}
