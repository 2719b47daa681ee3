import Foundation
import SupportAPI
import SupportExport
import SupportReports
import SupportStore

/// A transaction export running on its own thread (`BackgroundJob`), so the console
/// keeps drawing (and hears Esc) while a large file is written.
package final class ExportJob: Sendable {
    enum Outcome: Equatable, Sendable {
        case finished(path: String, rows: Int)
        case failed(String)
        /// Esc: the worker stopped and the half-written file is gone.
        case cancelled
    }

    let export: TransactionExport
    /// The ticket whose reply the finished file goes with (the dialog's "attach" choice).
    let attachTo: Int64?
    private let job: BackgroundJob<TransactionExportProgress, Int>

    init(export: TransactionExport, expectedRows: Int, attachTo: Int64? = nil, onFinish: @escaping @Sendable () -> Void = {}) {
        self.export = export
        self.attachTo = attachTo
        job = BackgroundJob(progress: TransactionExportProgress(phase: .writing, done: 0, total: expectedRows, format: export.format),
                            onFinish: onFinish)
    }

    var progress: TransactionExportProgress { job.progress }
    var isCancelling: Bool { job.isCancelling }

    var outcome: Outcome? {
        switch job.outcome {
        case nil: nil
        case .finished(let rows): .finished(path: export.destination.path, rows: rows)
        case .failed(let message): .failed(message)
        case .cancelled: .cancelled
        }
    }

    /// Asks the worker to stop; it notices at its next progress report (every few
    /// hundred rows, or every thousand PDF rows while laying out pages).
    func cancel() { job.cancel() }

    func start(client: SupportClient) {
        let export = export
        job.start(name: "paydesk-export") { report in try export.run(client: client, report: report).rows }
    }

    /// Runs the export on the calling thread; `start` calls it on the worker.
    func run(client: SupportClient) {
        job.run { report in try export.run(client: client, report: report).rows }
    }

    /// Blocks until the worker is done or `timeout` passes; for tests and shutdown.
    @discardableResult
    func wait(timeout: TimeInterval) -> Outcome? {
        job.wait(timeout: timeout)
        return outcome
    }
}
