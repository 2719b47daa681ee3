import Foundation
import Logging
import ServiceLifecycle
import SupportAPI
import SupportCore
import SupportStore
import Synchronization

/// Delivery inside `paydesk serve`: the same pass as `paydesk deliver --once`, run when a
/// commit may have queued a message (the service rings after every write) and on a timer
/// for retries. A pass that is running when the service stops finishes (a message is
/// never left half-marked by choice); then the loop ends.
final class DeliveryLoop: Service, Sendable {
    /// The service delivers as itself, not as any agent: it already owns the database,
    /// and delivery is the one place codes are read. Audit records name it.
    static let actor = Agent(id: 0, login: "paydesk-service", name: "paydesk service", role: .admin)
    /// Longest sleep between passes when nothing is due: a message queued by someone
    /// else (`paydesk deliver` on the same file is refused by the lock, but a restore is not).
    static let idle: Duration = .seconds(60)

    /// SQLite's store or a PostgreSQL instance; several instances on one PostgreSQL
    /// outbox each run this loop, and the claim keeps them off each other's messages.
    let store: any StoreEngine
    let options: DeliveryOptions
    let logger: Logger
    let changed: @Sendable (ChangeSet) -> Void
    private let bell = Doorbell()
    private let work = DispatchQueue(label: "paydesk.delivery")

    init(store: any StoreEngine, options: DeliveryOptions, logger: Logger, changed: @escaping @Sendable (ChangeSet) -> Void) {
        self.store = store; self.options = options; self.logger = logger; self.changed = changed
    }

    /// Something may have been queued: run a pass soon. Cheap; many rings make one pass.
    func wake() { bell.ring() }

    func run() async throws {
        logger.info("delivery is running", metadata: ["channels": .string(options.channels.map(\.rawValue).joined(separator: ","))])
        await withGracefulShutdownHandler {
            await withTaskCancellationHandler {
                while !bell.stopped {
                    let wait = await pass()
                    if bell.stopped { break }
                    await bell.wait(timeout: wait)
                }
            } onCancel: { self.bell.stop() }
        } onGracefulShutdown: { self.bell.stop() }
        logger.info("delivery stopped")
    }

    /// One pass on the delivery thread (it blocks on sendmail, gateways and the database);
    /// answers how long to sleep before the next one. A pass over a long backlog ends
    /// between batches once the service is stopping, so SIGTERM does not wait for all of it.
    private func pass() async -> Duration {
        let store = store, options = options
        let outcome: Result<(DeliveryReport, Date?), Error> = await withCheckedContinuation { continuation in
            work.async {
                continuation.resume(returning: Result {
                    let report = try store.deliver(options, by: Self.actor, until: { self.bell.stopped })
                    return (report, try store.nextDeliveryAttempt(options))
                })
            }
        }
        switch outcome {
        case .success(let (report, next)):
            if !report.tickets.isEmpty || !report.sent.isEmpty || !report.failed.isEmpty {
                logger.info("delivery pass", metadata: ["summary": .string(report.summary)])
                changed(ChangeSet(tickets: report.tickets.sorted()))
            }
            guard let next else { return Self.idle }
            let seconds = next.timeIntervalSince(store.clock())
            return .seconds(min(60, max(1, seconds.rounded(.up))))
        case .failure(let error):
            // The database is busy or failing: try again later; messages stay queued.
            logger.warning("delivery pass failed", metadata: ["error": .string("\(error)")])
            return .seconds(10)
        }
    }
}

/// A wake-up that is never lost: a ring while nobody waits is kept for the next wait.
final class Doorbell: Sendable {
    private struct State {
        var rung = false
        var stopped = false
        var waiter: CheckedContinuation<Void, Never>?
    }
    private let state = Mutex(State())

    var stopped: Bool { state.withLock { $0.stopped } }

    func ring() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            defer { state.waiter = nil }
            if state.waiter == nil { state.rung = true }
            return state.waiter
        }
        waiter?.resume()
    }

    func stop() {
        state.withLock { $0.stopped = true }
        ring()
    }

    /// Returns at the next ring (or at once if one came since the last wait) or after `timeout`.
    func wait(timeout: Duration) async {
        let timer = Task { [weak self] in
            guard (try? await Task.sleep(for: timeout)) != nil else { return }
            self?.ring()
        }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let now = state.withLock { state -> Bool in
                if state.rung || state.stopped { state.rung = false; return true }
                state.waiter = continuation
                return false
            }
            if now { continuation.resume() }
        }
        timer.cancel()
    }
}
