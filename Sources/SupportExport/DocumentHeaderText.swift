import Foundation

/// The lines of the title block that XLSX and PDF both print under the title.
extension ExportDocument {
    /// `Period: 2026-11-01 – 2026-11-26`. A period running from midnight to midnight is
    /// shown as whole days with the last day inclusive, the way people say it; any
    /// other period is shown to the minute.
    var periodLine: String? {
        guard let period else { return nil }
        let start = ZonedDateTime(period.start, in: timeZone)
        let end = ZonedDateTime(period.end, in: timeZone)
        if start.isMidnight && end.isMidnight && period.duration > 0 {
            let lastDay = ZonedDateTime(period.end.addingTimeInterval(-1), in: timeZone)
            return "Period: \(start.isoDate) – \(lastDay.isoDate)"
        }
        return "Period: \(start.displayDateTime) – \(end.displayDateTime)"
    }

    /// `Generated 2026-11-26 14:03 · times in Asia/Jakarta (UTC+07:00)`
    var generatedLine: String {
        let generated = ZonedDateTime(generatedAt, in: timeZone)
        return "Generated \(generated.displayDateTime) · times in \(timeZone.identifier) (UTC\(generated.offsetText))"
    }

    /// Everything under the title, in print order.
    var headerLines: [String] {
        subtitleLines + [periodLine, generatedLine].compactMap { $0 }
    }
}
