import Foundation
import SupportAPI
import SupportCore
import SupportExport
import SupportStore

/// A report as one table: typed columns and cells, so the same figures go to the
/// terminal, CSV, XLSX and the console's export without being reformatted by hand.
public struct ReportTable: Sendable {
    public var name: String
    public var title: String
    public var period: ReportPeriod
    public var columns: [ExportColumn]
    public var rows: [[ExportValue]]

    /// Cells as plain text, for `--format table` and the console.
    public var textRows: [[String]] { rows.map { $0.map(Self.text) } }

    public static func text(_ value: ExportValue) -> String {
        switch value {
        case .text(let s): s
        case .integer(let n): String(n)
        case .money(let m): String(m)
        case .date(let d): TimeText.day(d)
        }
    }

    /// Writes the table to `url` as CSV or XLSX (owner-only, staged: all or nothing).
    public func export(format: ExportFormat, to url: URL, generatedAt: Date) throws {
        let document = ExportDocument(title: title, subtitleLines: ["Period \(period.from) to \(period.to) (\(period.timeZone.identifier))"],
                                      period: period.interval, generatedAt: generatedAt, timeZone: period.timeZone,
                                      sheetName: String(name.prefix(31)), fileModes: .process)
        var exporter = try makeExporter(format: format, url: url, document: document, columns: columns)
        do {
            for row in rows { try exporter.append(row) }
            try exporter.finish()
        } catch {
            exporter.cancel()
            throw error
        }
    }
}

/// The five reports of `paydesk report` as tables.
public enum ReportTables {
    public static let names = ["backlog", "sla", "agents", "volume", "csat"]

    /// Reads report `name` for `period` from the store and lays it out.
    public static func make(_ name: String, client: SupportClient, period: ReportPeriod) throws -> ReportTable {
        switch name {
        case "backlog": return backlog(try client.backlogReport(period: period))
        case "sla": return sla(try client.slaReport(period: period))
        case "agents": return agents(try client.agentReport(period: period))
        case "volume": return volume(try client.volumeReport(period: period))
        case "csat": return csat(try client.csatReport(period: period))
        default: throw StoreError.invalid("There is no '\(name)' report; choose \(names.joined(separator: ", ")).")
        }
    }

    static func int(_ n: Int?) -> ExportValue { n.map { .integer(Int64($0)) } ?? .text("") }
    /// Figures that were not measured stay empty in files (a spreadsheet reads "–" as text).
    static func decimal(_ m: Double?) -> ExportValue { .text(m == nil ? "" : Stats.oneDecimal(m)) }
    static func percent(_ r: Double?) -> ExportValue { .text(r == nil ? "" : Stats.percent(r)) }
    static func tickets(_ numbers: [Int64]) -> ExportValue { .text(numbers.map { String($0) }.joined(separator: " ")) }

    public static func backlog(_ r: BacklogReport) -> ReportTable {
        ReportTable(name: "backlog", title: "Backlog: unsolved now; created and solved \(r.period)", period: r.period,
                    columns: [ExportColumn("Dimension", widthHint: 10), ExportColumn("Value", widthHint: 12),
                              ExportColumn("Backlog", kind: .integer), ExportColumn("Created", kind: .integer),
                              ExportColumn("Solved", kind: .integer)],
                    rows: r.rows.map { [.text($0.dimension), .text($0.value), int($0.backlog), int($0.created), int($0.solved)] })
    }

    public static func sla(_ r: SLAReport) -> ReportTable {
        ReportTable(name: "sla", title: "SLA clocks that ended \(r.period): breach rate", period: r.period,
                    columns: [ExportColumn("Metric", widthHint: 14), ExportColumn("Priority", widthHint: 8),
                              ExportColumn("Met", kind: .integer), ExportColumn("Breached", kind: .integer),
                              ExportColumn("Breach rate", widthHint: 10, alignment: .trailing),
                              ExportColumn("Breached tickets", widthHint: 30)],
                    rows: r.rows.map { [.text($0.metric), .text($0.priority), int($0.met), int($0.breached),
                                        percent($0.breachRate), tickets($0.breachedTickets)] })
    }

    public static func agents(_ r: AgentReport) -> ReportTable {
        ReportTable(name: "agents", title: "Agents: workload now; handling times \(r.period) in working minutes", period: r.period,
                    columns: [ExportColumn("Agent", widthHint: 10), ExportColumn("Name", widthHint: 18),
                              ExportColumn("Open", kind: .integer), ExportColumn("Pending", kind: .integer),
                              ExportColumn("Solved", kind: .integer), ExportColumn("First replies", kind: .integer),
                              ExportColumn("Median first response (min)", widthHint: 12, alignment: .trailing),
                              ExportColumn("Median resolution (min)", widthHint: 12, alignment: .trailing),
                              ExportColumn("CSAT answers", kind: .integer),
                              ExportColumn("CSAT average", widthHint: 8, alignment: .trailing)],
                    rows: (r.rows + [r.team]).map {
                        [.text($0.login), .text($0.name), int($0.open), int($0.pending), int($0.solved), int($0.firstResponses),
                         decimal($0.medianFirstResponseMinutes), decimal($0.medianResolutionMinutes), int($0.csatResponses),
                         decimal($0.csatAverage)]
                    })
    }

    public static func volume(_ r: VolumeReport) -> ReportTable {
        var rows: [[ExportValue]] = r.days.enumerated().map { i, day in
            [.text(day)] + r.rows.map { int($0.perDay[i]) } + [int(r.rows.reduce(0) { $0 + $1.perDay[i] })]
        }
        rows.append([.text("total")] + r.rows.map { int($0.total) } + [int(r.total)])
        return ReportTable(name: "volume", title: "Tickets created per channel per day, \(r.period)", period: r.period,
                           columns: [ExportColumn("Day", widthHint: 10)] + r.rows.map { ExportColumn($0.channel, kind: .integer) }
                                + [ExportColumn("Total", kind: .integer)],
                           rows: rows)
    }

    public static func csat(_ r: CSATReport) -> ReportTable {
        ReportTable(name: "csat", title: "Customer satisfaction recorded \(r.period)", period: r.period,
                    columns: [ExportColumn("Dimension", widthHint: 10), ExportColumn("Value", widthHint: 12),
                              ExportColumn("Answers", kind: .integer),
                              ExportColumn("Average", widthHint: 8, alignment: .trailing),
                              ExportColumn("Satisfied (4-5)", kind: .integer),
                              ExportColumn("Satisfied %", widthHint: 8, alignment: .trailing)]
                        + (1...5).map { ExportColumn("Score \($0)", kind: .integer) },
                    rows: r.rows.map {
                        [.text($0.dimension), .text($0.value), int($0.responses), decimal($0.average),
                         int($0.satisfied), percent($0.satisfiedRate)] + $0.distribution.map { int($0) }
                    })
    }
}
