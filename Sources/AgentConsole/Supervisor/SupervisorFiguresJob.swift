import Foundation
import SupportAPI
import SupportStore
#if canImport(Glibc)
import Glibc
#endif

/// What the supervisor screen shows, and for which period, as one value: the worker
/// counts it whole and the loop swaps it in whole, so the boxes never mix two counts.
struct SupervisorFigures: Sendable {
    /// The window of the handling times and satisfaction these figures were counted for.
    var periodDays: Int
    var dashboard: SupervisorDashboard
    /// Messages delivery gave up on, newest first, for the Deliveries box.
    var failures: [OutboxMessage]
    /// When they were counted (the store's clock).
    var measuredAt: Date

    /// Reads the figures through the client; the worker calls it.
    static func count(periodDays: Int, client: SupportClient) throws -> SupervisorFigures {
        SupervisorFigures(periodDays: periodDays,
                          dashboard: try client.supervisorDashboard(periodDays: periodDays),
                          failures: try client.deliveryFailures(limit: 50),
                          measuredAt: client.now())
    }
}

/// Counts the supervisor screen's figures on a worker thread of its own, so the screen
/// draws at once and keeps answering keys while the store reads (70 ms of CPU at 10M for
/// the first count in a process; a few ms once the store's memo holds them).
///
/// Requests are coalesced: at most one count runs and one waits, and the waiting one is
/// always for the latest period asked, so a burst of commits by the team costs one more
/// count, never a thread or a count per commit. The worker stays for a short while after
/// its last count (the next commit reuses it) and then ends, so an idle console holds no
/// thread. `close` waits for a running count: the client is not used after the console
/// closes it.
final class SupervisorFiguresJob: @unchecked Sendable {
    enum Outcome: Sendable {
        case counted(SupervisorFigures, request: Int)
        /// The read failed (a busy database, the service gone): the console keeps the last
        /// figures and says why.
        case failed(periodDays: Int, String, request: Int)
    }

    private let client: SupportClient
    /// Called on the worker after each count: wakes the console's loop to take it.
    private let onFinish: @Sendable () -> Void
    private let condition = NSCondition()
    /// The period of the count waiting, and the number of the request that asked for it.
    private var pending: (periodDays: Int, request: Int)?
    private var requests = 0
    private var counting = false
    private var workerAlive = false
    private var closed = false
    private var outcomes: [Outcome] = []
    /// How long an idle worker waits for the next request before it ends.
    static var idleSeconds: TimeInterval { 2 }

    init(client: SupportClient, onFinish: @escaping @Sendable () -> Void) {
        self.client = client
        self.onFinish = onFinish
    }

    /// Asks for the figures of `periodDays`; returns the request's number, which its
    /// outcome carries. A count already waiting is replaced (the newest request wins); a
    /// running one finishes first.
    @discardableResult
    func request(periodDays: Int) -> Int {
        condition.lock()
        defer { condition.unlock() }
        requests += 1
        guard !closed else { return requests }
        pending = (periodDays, requests)
        if workerAlive {
            condition.signal()
            return requests
        }
        workerAlive = true
        let thread = Thread { [self] in
            // The worker yields to the loop, as the file jobs' workers do.
            _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, BackgroundJob<Int, Int>.workerNice)
            work()
        }
        thread.name = "paydesk-supervisor-figures"
        thread.start()
        return requests
    }

    /// Whether a count runs or waits.
    var isBusy: Bool {
        condition.lock()
        defer { condition.unlock() }
        return counting || pending != nil
    }

    /// The counts finished since the last call, oldest first.
    func take() -> [Outcome] {
        condition.lock()
        defer { condition.unlock() }
        let taken = outcomes
        outcomes = []
        return taken
    }

    /// No more counts: drops a waiting request and returns once a running count is over
    /// (or `timeout` passed), so the caller may close the client.
    @discardableResult
    func close(timeout: TimeInterval = 30) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        closed = true
        pending = nil
        condition.broadcast()
        let deadline = Date().addingTimeInterval(timeout)
        while workerAlive {
            if !condition.wait(until: deadline) { return false }
        }
        return true
    }

    /// Blocks until no count runs or waits, or `timeout` passes; for tests and benchmarks.
    @discardableResult
    func waitUntilIdle(timeout: TimeInterval) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        let deadline = Date().addingTimeInterval(timeout)
        while counting || pending != nil {
            if !condition.wait(until: deadline) { return false }
        }
        return true
    }

    private func work() {
        condition.lock()
        while true {
            if pending == nil, !closed {
                _ = condition.wait(until: Date().addingTimeInterval(Self.idleSeconds))
            }
            guard !closed, let next = pending else { break }
            let (period, request) = (next.periodDays, next.request)
            pending = nil
            counting = true
            condition.unlock()
            let outcome: Outcome
            do {
                outcome = .counted(try SupervisorFigures.count(periodDays: period, client: client), request: request)
            } catch let error as StoreError {
                outcome = .failed(periodDays: period, error.message, request: request)
            } catch {
                outcome = .failed(periodDays: period, "\(error)", request: request)
            }
            condition.lock()
            counting = false
            outcomes.append(outcome)
            condition.broadcast()
            condition.unlock()
            onFinish()
            condition.lock()
        }
        workerAlive = false
        condition.broadcast()
        condition.unlock()
    }
}
