import AgentConsole
import Foundation
import SupportCore
import SupportStore
import TermUI

/// The paths issue 16 found slow and the first bench never timed: the "all" view, End,
/// opening the supervisor screen, a transaction filter without dates on the heaviest
/// account, and the refresh every console does when another process commits.
extension ConsoleBench {
    public struct PathPlan: Sendable {
        /// Samples per scenario.
        public var samples: Int
        /// A ticket of the heaviest customer that the "all" view shows.
        public var heavyTicket: Int64?
        /// Filters without a date term, applied in turn (so each apply changes the list).
        public var datelessFilters: [String]
        /// A second store on the same file: its commits are "another process" to the
        /// console (SQLite's data_version sees any other connection's commit).
        public var committer: SupportStore

        public init(samples: Int, heavyTicket: Int64?, datelessFilters: [String], committer: SupportStore) {
            self.samples = samples; self.heavyTicket = heavyTicket
            self.datelessFilters = datelessFilters; self.committer = committer
        }
    }

    public func runPaths(_ plan: PathPlan) throws -> [FrameTiming] {
        var results: [FrameTiming] = []
        let n = plan.samples
        press(.escape)
        press(.char("1"))
        press(.char("/"))          // no queue filter: the views as they open
        press(.ctrl("u"))
        press(.enter)

        // `:view all`, from the team view each time, so every sample switches views.
        var viewAll: [(wall: UInt64, cpu: UInt64)] = []
        for _ in 0..<n {
            try palette("view team", expecting: "team", timed: false)
            viewAll.append(try palette("view all", expecting: "all", timed: true))
        }
        results.append(FrameTiming(name: "queue: :view all", viewAll))

        // End and Home over the whole "all" view (a million tickets at 10M).
        var end: [(wall: UInt64, cpu: UInt64)] = [], home: [(wall: UInt64, cpu: UInt64)] = []
        for _ in 0..<n {
            end.append(press(.end))
            guard probe.queueSelected == probe.queueTotal - 1 else { throw BenchError("End did not reach the last ticket") }
            home.append(press(.home))
        }
        results.append(FrameTiming(name: "queue: End (all)", end))
        results.append(FrameTiming(name: "queue: Home (all)", home))

        // The supervisor screen: the figures are counted on a worker, so each time here runs
        // to the frame with the figures (wall), and the CPU is the loop thread's alone.
        if loop.controller.state.actor.role.can(.viewReports) {
            var open: [(wall: UInt64, cpu: UInt64)] = []
            var reused: [(wall: UInt64, cpu: UInt64)] = [], remeasured: [(wall: UInt64, cpu: UInt64)] = []
            for i in 0..<n {
                open.append(untilFigures { press(.char("S")) })
                guard probe.screen == "supervisor" else { throw BenchError("S did not open the supervisor screen") }
                // Another console commits while this one shows the figures.
                commit(plan)
                let refresh = try untilFigures { _ = try refreshAfterCommit() }
                if i % 2 == 1 { remeasured.append(refresh) } else { reused.append(refresh) }
                press(.escape)
            }
            results.append(FrameTiming(name: "supervisor: open (S)", open))
            results.append(FrameTiming(name: "supervisor: refresh, SLA reused", reused))
            results.append(FrameTiming(name: "supervisor: refresh + SLA", remeasured))
        }

        // The main screen's refresh after another process commits (queue, counts, account).
        var mainRefresh: [(wall: UInt64, cpu: UInt64)] = []
        for _ in 0..<n {
            commit(plan)
            mainRefresh.append(try refreshAfterCommit())
        }
        results.append(FrameTiming(name: "main: refresh after a commit", mainRefresh))

        guard let ticket = plan.heavyTicket, !plan.datelessFilters.isEmpty else { return results }
        press(.char("/"))
        press(.ctrl("u"))
        send(.paste("number:\(ticket)"))
        press(.enter)
        press(.char("3"))
        guard probe.focus == "Transactions", probe.transactionTotal > 0 else {
            throw BenchError("the heavy customer's transactions are not on screen")
        }
        var apply: [(wall: UInt64, cpu: UInt64)] = [], pages: [(wall: UInt64, cpu: UInt64)] = []
        var ends: [(wall: UInt64, cpu: UInt64)] = []
        for i in 0..<n {
            let filter = plan.datelessFilters[i % plan.datelessFilters.count]
            press(.char("/"))
            press(.ctrl("u"))
            send(.paste(filter))
            apply.append(press(.enter))
            guard probe.transactionFilter == filter, !probe.promptOpen else {
                throw BenchError("the transaction filter '\(filter)' did not apply: \(probe.status ?? "no message")")
            }
            pages.append(press(.pageDown))
            ends.append(press(.end))
        }
        results.append(FrameTiming(name: "transactions: apply dateless", apply))
        results.append(FrameTiming(name: "transactions: page dateless", pages))
        results.append(FrameTiming(name: "transactions: End dateless", ends))
        return results
    }

    /// A commit by the other store: the console user's presence set to typing, then back
    /// to viewing. SQLite does not count a commit that leaves every row as it was (nor
    /// would the console notice one), and one of the two always changes the row.
    private func commit(_ plan: PathPlan) {
        for state in [PresenceState.typing, .viewing] {
            plan.committer.setPresence(agent: loop.controller.state.actor, ticketNumber: nil, state: state)
        }
    }

    /// Times `body` and the supervisor's figures it asked for, to the frame that shows them.
    private func untilFigures(_ body: () throws -> Void) rethrows -> (wall: UInt64, cpu: UInt64) {
        let cpu = Self.threadCPU()
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        loop.controller.waitForSupervisorFigures()
        terminal.present(loop.frame)
        return (DispatchTime.now().uptimeNanoseconds - start, Self.threadCPU() - cpu)
    }

    /// What the loop does on the tick after another process committed: notice it, re-read
    /// what is on screen, and draw.
    func refreshAfterCommit() throws -> (wall: UInt64, cpu: UInt64) {
        let cpu = Self.threadCPU()
        let start = DispatchTime.now().uptimeNanoseconds
        guard loop.feed?.pollNow() != nil else { throw BenchError("the console did not notice the other store's commit") }
        loop.controller.refreshFromDatabase()
        terminal.present(loop.frame)
        return (DispatchTime.now().uptimeNanoseconds - start, Self.threadCPU() - cpu)
    }

    /// Runs a palette command; only the final Enter is timed.
    @discardableResult
    private func palette(_ command: String, expecting view: String, timed: Bool) throws -> (wall: UInt64, cpu: UInt64) {
        press(.char(":"))
        send(.paste(command))
        let sample = press(.enter)
        guard probe.queueView == view else { throw BenchError("the palette did not switch the queue to the \(view) view") }
        return timed ? sample : (0, 0)
    }
}
