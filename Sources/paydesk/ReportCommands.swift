import ArgumentParser
import Foundation
import SupportAPI
import SupportCore
import SupportExport
import SupportReports
import SupportStore

/// `paydesk report backlog|sla|agents|volume|csat`: the supervisor's figures for a range
/// of days, as a table on the terminal or a file for a spreadsheet.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Supervisor reports: backlog, SLA breach rate, agents' workload and handling times, volume, CSAT.",
        discussion: """
            Days are local to Asia/Jakarta and both ends are included. Handling times are working \
            minutes (Monday to Friday 08:00–20:00, public holidays off). Supervisors only.
            """,
        subcommands: [ReportBacklog.self, ReportSLA.self, ReportAgents.self, ReportVolume.self, ReportCSAT.self])
}

enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case table, csv, xlsx, json
}

/// Options every report takes.
struct ReportOptions: ParsableArguments {
    @OptionGroup var global: GlobalOptions
    @Option(help: "First day, yyyy-MM-dd (default: six days before --to).") var from: String?
    @Option(help: "Last day, yyyy-MM-dd, included (default: today).") var to: String?
    @Option(help: "table, csv, xlsx or json.") var format: ReportFormat = .table
    @Option(help: "Write to this file (needed for xlsx; csv and json print to standard output without it).") var out: String?

    func period(now: Date) throws -> ReportPeriod {
        let last = try to.map { try day($0, "--to") } ?? LocalDate.containing(now, in: TimeText.zone)
        let first = try from.map { try day($0, "--from") } ?? last.adding(days: -6, in: TimeText.zone)
        guard first <= last else { throw CommandFailure.usage("--from \(first) is after --to \(last)") }
        guard ReportPeriod(from: first, to: last).days.count <= 3_660 else { throw CommandFailure.usage("a report covers at most ten years") }
        return ReportPeriod(from: first, to: last, timeZone: TimeText.zone)
    }

    private func day(_ text: String, _ flag: String) throws -> LocalDate {
        guard let d = LocalDate(text) else { throw CommandFailure.usage("\(flag) \(text) is not a day; use yyyy-MM-dd") }
        return d
    }

    /// Opens the store, checks the reader may see reports, builds and writes the report.
    func run<R: Encodable>(_ name: String, load: (SupportClient, ReportPeriod) throws -> R, table: (R) -> ReportTable) throws {
        if format == .xlsx && out == nil { throw CommandFailure.usage("--format xlsx needs --out FILE") }
        let client = try global.client()
        _ = try client.whoAmI()
        let period = try period(now: client.now())
        try client.authorizeReport(name, detail: "format=\(format.rawValue)")
        let report = try load(client, period)
        switch format {
        case .json:
            if let out {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                encoder.dateEncodingStrategy = .iso8601
                try write(encoder.encode(report), to: out)
                print("Wrote the \(name) report for \(period) to \(out).")
            } else {
                try Output.json(report)
            }
        case .table:
            let t = table(report)
            print(t.title)
            Output.table(t.columns.map(\.title), t.textRows)
        case .csv, .xlsx:
            let t = table(report)
            let exportFormat: ExportFormat = format == .csv ? .csv : .xlsx
            if let out {
                try t.export(format: exportFormat, to: URL(fileURLWithPath: out), generatedAt: client.now())
                print("Wrote the \(name) report for \(period) to \(out).")
            } else {
                // CSV to standard output goes through a private temporary file, so the
                // exporter's quoting and formula-injection guards apply unchanged.
                let dir = URL(fileURLWithPath: try PrivateFolder.scratch()).appendingPathComponent("report-\(UUID().uuidString)")
                try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
                defer { try? FileManager.default.removeItem(at: dir) }
                let file = dir.appendingPathComponent("\(name).csv")
                try t.export(format: .csv, to: file, generatedAt: client.now())
                FileHandle.standardOutput.write(try Data(contentsOf: file))
            }
        }
    }

    private func write(_ data: Data, to path: String) throws {
        do {
            try PrivateFile.replace(path, with: data, mode: 0o600)
        } catch {
            throw CommandFailure.other("cannot write \(error)")
        }
    }
}

struct ReportBacklog: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "backlog",
        abstract: "Unsolved tickets now by status, category and priority; created and solved in the period.")
    @OptionGroup var options: ReportOptions
    func run() throws { try options.run("backlog", load: { try $0.backlogReport(period: $1) }, table: ReportTables.backlog) }
}

struct ReportSLA: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sla",
        abstract: "SLA clocks that ended in the period, met or breached, by metric and priority; breach rate.")
    @OptionGroup var options: ReportOptions
    func run() throws { try options.run("sla", load: { try $0.slaReport(period: $1) }, table: ReportTables.sla) }
}

struct ReportAgents: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "agents",
        abstract: "Each agent's open and pending tickets, solved tickets and median first-response and resolution times.")
    @OptionGroup var options: ReportOptions
    func run() throws { try options.run("agents", load: { try $0.agentReport(period: $1) }, table: ReportTables.agents) }
}

struct ReportVolume: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "volume",
        abstract: "Tickets created per channel per day.")
    @OptionGroup var options: ReportOptions
    func run() throws { try options.run("volume", load: { try $0.volumeReport(period: $1) }, table: ReportTables.volume) }
}

struct ReportCSAT: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "csat",
        abstract: "Customer satisfaction recorded in the period, per agent and per category.")
    @OptionGroup var options: ReportOptions
    func run() throws { try options.run("csat", load: { try $0.csatReport(period: $1) }, table: ReportTables.csat) }
}
