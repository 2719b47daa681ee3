import Foundation

/// The whole local days a report covers, first and last included (`--from 2026-11-19
/// --to 2026-11-25`). Days are read in the team's zone, so "today" in Jakarta starts at
/// 00:00 WIB whatever the server's zone is.
public struct ReportPeriod: Sendable, Hashable, Codable, CustomStringConvertible {
    public var from: LocalDate
    public var to: LocalDate
    public var timeZone: TimeZone

    public init(from: LocalDate, to: LocalDate, timeZone: TimeZone = BusinessCalendar.jakarta) {
        self.from = min(from, to)
        self.to = max(from, to)
        self.timeZone = timeZone
    }

    /// The `days` local days ending with the day of `now` (1 = today only).
    public static func lastDays(_ days: Int, endingAt now: Date, timeZone: TimeZone = BusinessCalendar.jakarta) -> ReportPeriod {
        let last = LocalDate.containing(now, in: timeZone)
        return ReportPeriod(from: last.adding(days: -(max(1, days) - 1), in: timeZone), to: last, timeZone: timeZone)
    }

    public static func today(_ now: Date, timeZone: TimeZone = BusinessCalendar.jakarta) -> ReportPeriod {
        lastDays(1, endingAt: now, timeZone: timeZone)
    }

    /// Local midnight starting the first day.
    public var start: Date { from.start(in: timeZone) }
    /// Local midnight ending the last day (exclusive).
    public var end: Date { to.end(in: timeZone) }
    public var interval: DateInterval { DateInterval(start: start, end: end) }

    public func contains(_ date: Date) -> Bool { date >= start && date < end }

    /// Every day of the period, in order.
    public var days: [LocalDate] {
        var result: [LocalDate] = []
        var day = from
        while day <= to, result.count < 3_660 {
            result.append(day)
            day = day.adding(days: 1, in: timeZone)
        }
        return result
    }

    /// The day index of `date` within the period, or nil outside it.
    public func dayIndex(of date: Date) -> Int? {
        guard contains(date) else { return nil }
        return days.firstIndex(of: LocalDate.containing(date, in: timeZone))
    }

    /// "2026-11-25" for one day, "2026-11-19..2026-11-25" otherwise — also valid filter syntax.
    public var description: String { from == to ? from.description : "\(from)..\(to)" }

    enum CodingKeys: String, CodingKey { case from, to, timeZone = "time_zone" }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let zone = TimeZone(identifier: try c.decode(String.self, forKey: .timeZone)) ?? BusinessCalendar.jakarta
        guard let f = LocalDate(try c.decode(String.self, forKey: .from)), let t = LocalDate(try c.decode(String.self, forKey: .to)) else {
            throw DecodingError.dataCorruptedError(forKey: .from, in: c, debugDescription: "days are yyyy-MM-dd")
        }
        self.init(from: f, to: t, timeZone: zone)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(from.description, forKey: .from)
        try c.encode(to.description, forKey: .to)
        try c.encode(timeZone.identifier, forKey: .timeZone)
    }
}

extension LocalDate {
    /// The local day `date` falls on in `timeZone`.
    public static func containing(_ date: Date, in timeZone: TimeZone) -> LocalDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return LocalDate(year: parts.year!, month: parts.month!, day: parts.day!)
    }

    /// The day `days` later (earlier when negative).
    public func adding(days: Int, in timeZone: TimeZone) -> LocalDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        // Noon keeps the arithmetic clear of any daylight-saving edge.
        let noon = start(in: timeZone).addingTimeInterval(12 * 3_600)
        return .containing(calendar.date(byAdding: .day, value: days, to: noon)!, in: timeZone)
    }
}
