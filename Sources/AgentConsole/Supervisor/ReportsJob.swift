import Foundation
import SupportAPI
import SupportCore
import SupportReports
import SupportStore
#if canImport(Glibc)
import Glibc
#endif

/// `E` on the supervisor screen: the five reports for the screen's period, written as XLSX
/// files on a worker (`BackgroundJob`), so the console keeps drawing while the store
/// reads a long period. Esc stops after the report being written.
///
/// A run writes into a staging folder inside the reports folder and moves the files into
/// place only once all five are written: a cancelled or failed run removes the staging
/// folder, so it leaves no file of its own and replaces none from an earlier run.
package final class ReportsJob: Sendable {
    /// `done` of `total` reports written; `current` is the one being read now.
    struct Progress: Sendable, Equatable {
        var done: Int
        var total: Int
        var current: String?
        var fraction: Double { total == 0 ? 1 : Double(done) / Double(total) }
    }

    typealias Outcome = BackgroundJob<Progress, [String]>.Outcome

    let folder: String
    let period: ReportPeriod
    private let job: BackgroundJob<Progress, [String]>

    init(folder: String, period: ReportPeriod, onFinish: @escaping @Sendable () -> Void = {}) {
        self.folder = folder
        self.period = period
        job = BackgroundJob(progress: Progress(done: 0, total: ReportTables.names.count, current: ReportTables.names.first),
                            onFinish: onFinish)
    }

    var progress: Progress { job.progress }
    var outcome: Outcome? { job.outcome }
    var isCancelling: Bool { job.isCancelling }
    func cancel() { job.cancel() }

    /// The client is `Sendable` (checked by the compiler, as for the transaction export):
    /// the worker reads the reports through it while the loop keeps using it.
    func start(client: SupportClient) {
        let (folder, period) = (folder, period)
        job.start(name: "paydesk-reports") { report in
            try Self.write(folder: folder, period: period, client: client, report: report)
        }
    }

    /// Writes the reports on the calling thread; `start` calls it on the worker.
    func run(client: SupportClient) {
        job.run { report in try Self.write(folder: folder, period: period, client: client, report: report) }
    }

    @discardableResult
    func wait(timeout: TimeInterval) -> Outcome? { job.wait(timeout: timeout) }

    static func fileName(_ report: String, _ period: ReportPeriod) -> String {
        "paydesk-\(report)-\(period.from)_\(period.to).xlsx"
    }

    static let stagingPrefix = ".paydesk-reports-"

    /// Removes the staging folders of killed runs in `folder` (a console killed mid-run never
    /// ran its cleanup): `.paydesk-reports-PID-…` folders of this user whose process is gone,
    /// as the transaction export does with its hidden files. A live run's folder, a symbolic
    /// link or another user's entry is left alone.
    static func removeAbandonedStaging(in folder: String) {
        let manager = FileManager.default
        for entry in (try? manager.contentsOfDirectory(atPath: folder)) ?? [] where entry.hasPrefix(stagingPrefix) {
            guard let pid = entry.dropFirst(stagingPrefix.count).split(separator: "-").first.flatMap({ Int32($0) }), pid > 0,
                  kill(pid, 0) != 0 && errno == ESRCH else { continue }
            let path = folder + "/" + entry
            var info = stat()
            guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR, info.st_uid == geteuid() else { continue }
            try? manager.removeItem(atPath: path)
        }
    }

    /// The five files, staged, then moved into `folder`; returns their names in order.
    static func write(folder: String, period: ReportPeriod, client: SupportClient,
                      report: (Progress) throws -> Void) throws -> [String] {
        let manager = FileManager.default
        let owner: [FileAttributeKey: Any] = [.posixPermissions: 0o700]
        try manager.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: owner)
        removeAbandonedStaging(in: folder)
        let staging = folder + "/" + stagingPrefix + "\(getpid())-" + UUID().uuidString
        try manager.createDirectory(atPath: staging, withIntermediateDirectories: false, attributes: owner)
        defer { try? manager.removeItem(atPath: staging) }
        let names = ReportTables.names
        var files: [String] = []
        for (index, name) in names.enumerated() {
            try report(Progress(done: index, total: names.count, current: name))
            let file = fileName(name, period)
            let url = URL(fileURLWithPath: staging).appendingPathComponent(file)
            try ReportTables.make(name, client: client, period: period).export(format: .xlsx, to: url, generatedAt: client.now())
            files.append(file)
        }
        // An Esc during the last report still counts: nothing has reached the folder yet.
        try report(Progress(done: names.count, total: names.count, current: nil))
        var moved: [String] = []
        for file in files {
            guard rename(staging + "/" + file, folder + "/" + file) == 0 else {
                let reason = String(cString: strerror(errno))
                // Rare (the staging folder is on the same file system); what did move goes.
                for done in moved { try? manager.removeItem(atPath: folder + "/" + done) }
                throw StoreError(.invalid, "\(file): \(reason)")
            }
            moved.append(file)
        }
        return files
    }
}
