import Foundation
import SupportCore

// `E` on the supervisor screen: the five reports written in the background (`ReportsJob`)
// and, once written, the dialog listing them.
extension ConsoleController {
    /// Where `E` writes the reports: $PAYDESK_REPORTS, else the data folder's `reports`.
    var reportDirectory: String {
        if let dir = state.supervisor.exportDirectory { return dir }
        let env = ProcessInfo.processInfo.environment
        if let dir = env["PAYDESK_REPORTS"], !dir.isEmpty { return dir }
        let base = env["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? (NSHomeDirectory() + "/.local/share")
        return base + "/paydesk/reports"
    }

    /// Starts the five reports for the screen's period on a worker once the progress
    /// dialog is drawn; Esc stops after the report being written.
    func exportReports() {
        let period = ReportPeriod.lastDays(state.supervisor.periodDays, endingAt: client.now())
        let job = ReportsJob(folder: reportDirectory, period: period, onFinish: wakeLoop)
        state.mode = .exportingReports(job)
        state.status = StatusMessage(text: state.t(.rptWriting, String(job.progress.total), "\(period)", job.folder), kind: .info)
        let client = client
        afterNextFrame { job.start(client: client) }
    }

    /// The worker's outcome: the list of what it wrote, in a dialog Enter or Esc closes;
    /// or why nothing was written.
    func finishReports(_ job: ReportsJob, _ outcome: ReportsJob.Outcome) {
        state.mode = .normal
        switch outcome {
        case .finished(let written):
            state.supervisor.lastExport = job.folder
            state.supervisor.lastExportFiles = written
            state.mode = .dialog(DialogState(
                title: state.t(.exportDoneTitle, String(written.count)),
                lines: [state.t(.exportDoneFolder, job.folder), ""] + written.map { "  " + $0 },
                danger: false, input: nil, inputLabel: nil, confirm: .supervisor(.dismiss), readOnly: true))
            say(state.t(.exportDoneStatus, String(written.count), "\(job.period)", job.folder))
        case .failed(let message):
            warn(state.t(.rptFailed, job.folder, message))
        case .cancelled:
            say(state.t(.rptCancelled, String(job.progress.done), String(job.progress.total)))
        }
    }
}
