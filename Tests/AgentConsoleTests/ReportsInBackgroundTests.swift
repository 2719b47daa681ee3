import Foundation
import SupportCore
import SupportReports
import Testing
import TermUI
@testable import AgentConsole

/// `E` on the supervisor screen writes the five reports on a worker: the console shows a
/// progress dialog at once and keeps answering keys; Esc stops after the current report
/// and leaves none of this run's files; a failure names the folder and leaves no file.
@Suite(.serialized) struct ReportsInBackgroundTests {
    /// A scratch folder for one test's reports.
    struct Scratch {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("paydesk-reports-\(UUID().uuidString)").path
        func entries() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: path).sorted() }
        func remove() { try? FileManager.default.removeItem(atPath: path) }
    }

    /// The supervisor screen, its reports going to `folder`.
    func supervisor(_ folder: String) throws -> HeadlessConsole {
        let c = try HeadlessConsole()
        c.openSupervisor()
        c.controller.state.supervisor.exportDirectory = folder
        return c
    }

    @Test func eShowsTheProgressDialogAtOnceAndTheListWhenDone() throws {
        let scratch = Scratch()
        defer { scratch.remove() }
        let c = try supervisor(scratch.path)
        c.press(.char("E"))
        guard case .exportingReports(let job) = c.state.mode else { Issue.record("E should start the reports"); return }
        // Drawn before the worker's outcome is taken: the folder, a bar and Esc.
        let progress = c.text
        #expect(progress.contains("Writing reports") && progress.contains(scratch.path) && progress.contains("%"))
        #expect(progress.contains("Esc cancels"))
        #expect(c.state.status?.text == "Writing 5 reports (2026-11-19..2026-11-25) to \(scratch.path)…")
        // The console still answers keys meanwhile: the help opens over the dialog and closes.
        c.press(.char("?"))
        guard case .help(_, over: .exportingReports) = c.state.mode else { Issue.record("? should open the help"); return }
        c.press(.escape)
        #expect(job.wait(timeout: 30) != nil, "the reports were not written")
        c.controller.handle(.tick)
        guard case .dialog(let dialog) = c.state.mode else { Issue.record("the list of files should show"); return }
        let names = ReportTables.names.map { ReportsJob.fileName($0, job.period) }
        #expect(dialog.title == "Exported 5 reports")
        #expect(dialog.lines == ["Folder: \(scratch.path)", ""] + names.map { "  " + $0 })
        #expect(try scratch.entries() == names.sorted(), "the five files and no staging folder")
        #expect(c.state.supervisor.lastExportFiles == names)
        #expect(c.state.status?.text == "Exported 5 reports (2026-11-19..2026-11-25) as XLSX to \(scratch.path).")
        for name in names {
            let mode = try FileManager.default.attributesOfItem(atPath: scratch.path + "/" + name)[.posixPermissions] as? Int
            #expect(mode == 0o600, "\(name) is owner-only")
        }
    }

    @Test func escStopsTheRunAndKeepsTheFilesOfAnEarlierRun() throws {
        let scratch = Scratch()
        defer { scratch.remove() }
        let c = try supervisor(scratch.path)
        let period = ReportPeriod.lastDays(7, endingAt: HeadlessConsole.now)
        // An earlier run's files: one of this period (the name this run would write) and
        // one of another period.
        try FileManager.default.createDirectory(atPath: scratch.path, withIntermediateDirectories: true)
        let same = ReportsJob.fileName("backlog", period)
        let other = "paydesk-backlog-2026-01-01_2026-01-07.xlsx"
        for name in [same, other] { try Data("earlier run".utf8).write(to: URL(fileURLWithPath: scratch.path + "/" + name)) }

        // A job the test runs itself, so that Esc is sure to land before it starts.
        let job = ReportsJob(folder: scratch.path, period: period)
        c.controller.state.mode = .exportingReports(job)
        c.press(.escape)
        #expect(job.isCancelling)
        #expect(c.text.contains("Cancelling…"))
        #expect(c.state.status?.text == "Cancelling the reports after the current one…")
        job.run(client: c.controller.client)
        guard case .cancelled = job.outcome else { Issue.record("the run should stop: \(String(describing: job.outcome))"); return }
        c.controller.handle(.tick)
        guard case .normal = c.state.mode else { Issue.record("the progress dialog should close"); return }
        #expect(c.state.status?.text == "Reports cancelled after 0 of 5; the files this run wrote were removed.")
        #expect(try scratch.entries() == [other, same].sorted())
        for name in [same, other] {
            #expect(try String(contentsOfFile: scratch.path + "/" + name, encoding: .utf8) == "earlier run", "\(name) was replaced")
        }
    }

    @Test func aRunStoppedMidwayLeavesNoneOfItsFiles() throws {
        let scratch = Scratch()
        defer { scratch.remove() }
        let c = try supervisor(scratch.path)
        let period = ReportPeriod.lastDays(7, endingAt: HeadlessConsole.now)
        // Stopped after two reports were written: Esc, then a disk that fills up.
        for stop: any Error in [CancellationError(), POSIXError(.ENOSPC)] {
            var seen: [Int] = []
            var caught: (any Error)?
            do {
                _ = try ReportsJob.write(folder: scratch.path, period: period, client: c.controller.client) { progress in
                    seen.append(progress.done)
                    if progress.done == 2 { throw stop }
                }
            } catch {
                caught = error
            }
            #expect(caught.map { "\($0)" } == "\(stop)", "the stop reaches the job")
            #expect(seen == [0, 1, 2], "two reports were written before the stop")
            #expect(try scratch.entries().isEmpty, "no file and no staging folder is left")
        }
    }

    /// A console killed mid-run leaves its staging folder; the next run removes it once its
    /// process is gone, and leaves a live run's (this process's) and anything not a folder.
    @Test func aKilledRunsStagingFolderIsRemovedByTheNextRun() throws {
        let scratch = Scratch()
        defer { scratch.remove() }
        let c = try supervisor(scratch.path)
        let manager = FileManager.default
        // A pid that was just used and has exited: a finished child's.
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/bin/true")
        try child.run()
        child.waitUntilExit()
        let killed = ReportsJob.stagingPrefix + "\(child.processIdentifier)-old"
        let live = ReportsJob.stagingPrefix + "\(getpid())-writing"
        let file = ReportsJob.stagingPrefix + "\(child.processIdentifier)-file"
        for folder in [killed, live] {
            try manager.createDirectory(atPath: scratch.path + "/" + folder, withIntermediateDirectories: true)
            try Data("half".utf8).write(to: URL(fileURLWithPath: scratch.path + "/" + folder + "/paydesk-sla-x.xlsx"))
        }
        try Data("not a folder".utf8).write(to: URL(fileURLWithPath: scratch.path + "/" + file))
        let period = ReportPeriod.lastDays(7, endingAt: HeadlessConsole.now)
        let files = try ReportsJob.write(folder: scratch.path, period: period, client: c.controller.client) { _ in }
        #expect(try scratch.entries() == (files + [live, file]).sorted())
    }

    @Test func aFolderThatCannotBeMadeIsNamedAndNothingIsWritten() throws {
        let scratch = Scratch()
        defer { scratch.remove() }
        // A file where the folder would go: no one (root included) can make a folder in it.
        try FileManager.default.createDirectory(atPath: scratch.path, withIntermediateDirectories: true)
        let blocker = scratch.path + "/not-a-folder"
        try Data("x".utf8).write(to: URL(fileURLWithPath: blocker))
        let folder = blocker + "/reports"
        let c = try supervisor(folder)
        c.press(.char("E"))
        guard case .exportingReports(let job) = c.state.mode else { Issue.record("E should start the reports"); return }
        guard case .failed = job.wait(timeout: 30) else { Issue.record("the run should fail"); return }
        c.controller.handle(.tick)
        guard case .normal = c.state.mode else { Issue.record("the progress dialog should close"); return }
        let status = try #require(c.state.status)
        #expect(status.kind == .error)
        #expect(status.text == "Reports not written to \(folder), no file left behind: Not a directory")
        #expect(try scratch.entries() == ["not-a-folder"])
        #expect(c.state.supervisor.lastExportFiles.isEmpty)
    }
}
