import Foundation
import SupportCore

// The supervisor screen's figures, counted beside the loop (`SupervisorFiguresJob`): the
// screen draws what it holds at once and swaps in each count as it lands.
extension ConsoleController {
    /// Asks the worker for the figures of the screen's period: on `S`, on another
    /// console's commit, on `p` and F5. The ask is made once the frame this turn draws is
    /// out, so the count does not take a core from that frame (as a file job waits).
    func refreshSupervisor() {
        state.supervisor.counting = true
        guard !figuresAskAfterFrame else { return }
        figuresAskAfterFrame = true
        afterNextFrame { [self] in
            figuresAskAfterFrame = false
            askForFigures()
        }
    }

    /// Asks now; returns the ask's number, which its outcome carries.
    @discardableResult
    private func askForFigures() -> Int {
        let job: SupervisorFiguresJob
        if let existing = figuresJob {
            job = existing
        } else {
            job = SupervisorFiguresJob(client: client, onFinish: wakeLoop)
            figuresJob = job
        }
        state.supervisor.counting = true
        return job.request(periodDays: state.supervisor.periodDays)
    }

    /// Takes the counts that landed (called on every turn of the loop, tick and wake-up).
    /// A count for a period no longer chosen, or read before a decision made here, is
    /// dropped; a failed one is said on the status line and the figures held stay. True
    /// when the frame changes.
    @discardableResult
    func takeSupervisorFigures() -> Bool {
        guard let job = figuresJob else { return false }
        let outcomes = job.take()
        state.supervisor.counting = job.isBusy || figuresAskAfterFrame
        // Only what is drawn counts as a change: the store hands back the same figures
        // until the database or the clock moves them, and those need no frame.
        var changed = false
        for outcome in outcomes {
            switch outcome {
            case .counted(let figures, let request):
                guard figures.periodDays == state.supervisor.periodDays, request >= state.supervisor.freshFrom else { continue }
                let held = state.supervisor.figures
                state.supervisor.figures = figures
                if held?.periodDays == figures.periodDays, held?.dashboard.generatedAt == figures.dashboard.generatedAt,
                   held?.failures == figures.failures { continue }
                keepCursorsOnRows()
                changed = true
            case .failed(let periodDays, let message, let request):
                guard periodDays == state.supervisor.periodDays, request >= state.supervisor.freshFrom else { continue }
                warn(message)
                changed = true
            }
        }
        return changed
    }

    /// After approving, rejecting or retrying here: the decided row leaves the figures held
    /// at once, and only a count asked for from now on may replace them (one already
    /// running read the row as still waiting).
    func refreshAfterDecision(approval: Int64? = nil, failure: Int64? = nil) {
        if let approval { state.supervisor.figures?.dashboard.approvals.removeAll { $0.id == approval } }
        if let failure { state.supervisor.figures?.failures.removeAll { $0.id == failure } }
        keepCursorsOnRows()
        // Asked at once (not after the frame): the ask's number is the one to wait for.
        state.supervisor.freshFrom = askForFigures()
    }

    /// Rows come and go as other agents work: keeps every cursor on a row that exists.
    func keepCursorsOnRows() {
        for panel in SupervisorPanel.allCases {
            guard var cursor = state.supervisor.cursors[panel] else { continue }
            let model = SupervisorPanels.model(panel, state)
            cursor.row = max(0, min(cursor.row, model.rows.count - 1))
            cursor.cell = max(0, min(cursor.cell, model.drillable(cursor.row).count - 1))
            state.supervisor.cursors[panel] = cursor
        }
    }

    /// Waits until no count runs or waits, then takes what landed (as the loop's next
    /// turn would); false when `timeout` passed first. For tests and benchmarks.
    @discardableResult
    package func waitForSupervisorFigures(timeout: TimeInterval = 60) -> Bool {
        runAfterFrame()   // an ask waiting for the frame is made first
        guard let job = figuresJob else { return true }
        let idle = job.waitUntilIdle(timeout: timeout)
        takeSupervisorFigures()
        return idle
    }

    /// The loop is ending: no more counts, and a running one is waited for, so the client
    /// is not used once the console closes it.
    package func stopSupervisorFigures() {
        figuresJob?.close()
    }
}
