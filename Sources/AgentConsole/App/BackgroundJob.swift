import Foundation
import SupportStore
#if canImport(Glibc)
import Glibc
#endif

/// Work that writes files on a thread of its own, so the console keeps drawing and hears
/// Esc meanwhile: the transaction export (`ExportJob`) and the supervisor's reports
/// (`ReportsJob`) each hand one of these a work closure. The worker writes its progress
/// and outcome into this lock-protected box; the UI loop reads them each time it draws
/// and takes the outcome on the next tick, key or wake-up.
///
/// One job type with a closure rather than a protocol each job implements: the thread,
/// the lock, the cancel flag and the outcome are the same for every file job, and only
/// what is written (and what its progress says) differs.
package final class BackgroundJob<Progress: Sendable, Value: Sendable>: @unchecked Sendable {
    package enum Outcome: Sendable {
        case finished(Value)
        case failed(String)
        /// Esc: the worker stopped at its next progress report and left no file behind.
        case cancelled
    }

    /// What the worker runs. It calls `report` as it goes; once Esc was pressed, `report`
    /// throws `CancellationError`, and the work removes what it wrote on the way out.
    package typealias Work = @Sendable (_ report: @escaping @Sendable (Progress) throws -> Void) throws -> Value

    private let lock = NSLock()
    private var currentProgress: Progress
    private var currentOutcome: Outcome?
    private var cancelRequested = false
    /// Called on the worker once the outcome is set: wakes the console's loop, so the
    /// finished state is drawn at once rather than on the next once-a-second tick.
    private let onFinish: @Sendable () -> Void
    /// How much lower than the loop's the worker's CPU priority is.
    static var workerNice: Int32 { 10 }

    package init(progress: Progress, onFinish: @escaping @Sendable () -> Void = {}) {
        currentProgress = progress
        self.onFinish = onFinish
    }

    package var progress: Progress { lock.withLock { currentProgress } }
    package var outcome: Outcome? { lock.withLock { currentOutcome } }
    package var isCancelling: Bool { lock.withLock { cancelRequested && currentOutcome == nil } }

    /// Asks the worker to stop; it notices at its next progress report.
    package func cancel() {
        lock.withLock { cancelRequested = true }
    }

    package func start(name: String, _ work: @escaping Work) {
        let thread = Thread { [self] in
            // The worker yields to the loop: on a busy machine the next frame gets the core
            // first (Linux keeps a nice value per thread; `who` 0 is this thread).
            _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, Self.workerNice)
            run(work)
        }
        thread.name = name
        thread.start()
    }

    /// Runs the work on the calling thread; `start` calls it on the worker.
    package func run(_ work: Work) {
        let outcome: Outcome
        do {
            let value = try work { [self] progress in
                // Progress first: a cancelled job still says how far it got.
                try lock.withLock {
                    currentProgress = progress
                    if cancelRequested { throw CancellationError() }
                }
            }
            outcome = .finished(value)
        } catch is CancellationError {
            outcome = .cancelled
        } catch let error as StoreError {
            outcome = .failed(error.message)
        } catch {
            outcome = .failed(Self.describe(error))
        }
        lock.withLock { currentOutcome = outcome }
        onFinish()
    }

    /// An error in words. Foundation's file errors carry the system's reason underneath
    /// ("Not a directory", "No space left on device"); their own text is only a code.
    static func describe(_ error: any Error) -> String {
        if let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? any Error {
            let system = underlying as NSError
            if system.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(system.code))) }
        }
        return error.localizedDescription
    }

    /// Blocks until the worker is done or `timeout` passes; for tests and shutdown.
    @discardableResult
    package func wait(timeout: TimeInterval) -> Outcome? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let outcome { return outcome }
            usleep(5_000)
        }
        return outcome
    }
}
