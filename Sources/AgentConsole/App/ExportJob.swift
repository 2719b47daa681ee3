import Foundation
import SupportAPI
import SupportExport
import SupportReports
import SupportStore

/// A transaction export running on its own thread, so the console keeps drawing (and
/// hears Esc) while a large file is written. The worker writes its progress and outcome
/// into this lock-protected box; the UI loop reads them each time it draws, and takes
/// the outcome on the next tick or key.
package final class ExportJob: @unchecked Sendable {
    enum Outcome: Equatable, Sendable {
        case finished(path: String, rows: Int)
        case failed(String)
        /// Esc: the worker stopped and the half-written file is gone.
        case cancelled
    }

    let export: TransactionExport
    /// The ticket whose reply the finished file goes with (the dialog's "attach" choice).
    let attachTo: Int64?
    private let lock = NSLock()
    private var currentProgress: TransactionExportProgress
    private var currentOutcome: Outcome?
    private var cancelRequested = false

    init(export: TransactionExport, expectedRows: Int, attachTo: Int64? = nil) {
        self.export = export
        self.attachTo = attachTo
        currentProgress = TransactionExportProgress(phase: .writing, done: 0, total: expectedRows, format: export.format)
    }

    var progress: TransactionExportProgress { lock.withLock { currentProgress } }
    var outcome: Outcome? { lock.withLock { currentOutcome } }
    var isCancelling: Bool { lock.withLock { cancelRequested && currentOutcome == nil } }

    /// Asks the worker to stop; it notices at its next progress report (every few
    /// hundred rows, or every thousand PDF rows while laying out pages).
    func cancel() {
        lock.withLock { cancelRequested = true }
    }

    func start(client: SupportClient) {
        let thread = Thread { [self] in run(client: client) }
        thread.name = "paydesk-export"
        thread.start()
    }

    /// Runs the export on the calling thread; `start` calls it on the worker.
    func run(client: SupportClient) {
        let outcome: Outcome
        do {
            let summary = try export.run(client: client) { [self] progress in
                try lock.withLock {
                    if cancelRequested { throw CancellationError() }
                    currentProgress = progress
                }
            }
            outcome = .finished(path: export.destination.path, rows: summary.rows)
        } catch is CancellationError {
            outcome = .cancelled
        } catch let error as StoreError {
            outcome = .failed(error.message)
        } catch {
            outcome = .failed("\(error)")
        }
        lock.withLock { currentOutcome = outcome }
    }

    /// Blocks until the worker is done or `timeout` passes; for tests and shutdown.
    @discardableResult
    func wait(timeout: TimeInterval) -> Outcome? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let outcome { return outcome }
            usleep(5_000)
        }
        return outcome
    }
}
