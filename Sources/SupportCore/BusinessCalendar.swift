import Foundation

public enum Weekday: Int, Sendable, Codable, CaseIterable, Comparable {
    // Raw values match Foundation's Calendar weekday component (1 = Sunday).
    case sunday = 1, monday, tuesday, wednesday, thursday, friday, saturday

    public static func < (a: Weekday, b: Weekday) -> Bool { a.rawValue < b.rawValue }
}

/// When the support team counts time: working days, working hours and public holidays in
/// one time zone. SLA targets written in "business minutes" are measured against it.
public struct BusinessCalendar: Sendable, Hashable {
    /// The zone the team works in; the product default is Jakarta (UTC+7, no DST).
    public static let jakarta = TimeZone(identifier: "Asia/Jakarta")!

    public var timeZone: TimeZone
    public var workingDays: Set<Weekday>
    /// Minutes after local midnight when the team starts (480 = 08:00).
    public var opensAtMinute: Int
    /// Minutes after local midnight when the team stops (1200 = 20:00; 1440 = midnight).
    public var closesAtMinute: Int
    /// Local dates, formatted `yyyy-MM-dd`, on which nobody works.
    public var holidays: Set<String>
    /// Every minute counts: weekends, nights and holidays are ignored.
    public var isAlwaysOpen: Bool

    public init(timeZone: TimeZone = BusinessCalendar.jakarta,
                workingDays: Set<Weekday> = [.monday, .tuesday, .wednesday, .thursday, .friday],
                opensAtMinute: Int = 8 * 60, closesAtMinute: Int = 20 * 60,
                holidays: Set<String> = []) {
        self.timeZone = timeZone
        self.workingDays = workingDays
        self.opensAtMinute = max(0, min(opensAtMinute, 1440))
        self.closesAtMinute = max(0, min(closesAtMinute, 1440))
        self.holidays = holidays
        self.isAlwaysOpen = false
    }

    /// The 24×7 calendar used by urgent SLA policies.
    public static let always = BusinessCalendar.alwaysOpen(in: jakarta)

    public static func alwaysOpen(in timeZone: TimeZone) -> BusinessCalendar {
        var calendar = BusinessCalendar(timeZone: timeZone, workingDays: Set(Weekday.allCases),
                                        opensAtMinute: 0, closesAtMinute: 1440)
        calendar.isAlwaysOpen = true
        return calendar
    }

    /// Length of one full working day in minutes (720 for 08:00–20:00).
    public var workingMinutesPerDay: Int { isAlwaysOpen ? 1440 : max(0, closesAtMinute - opensAtMinute) }

    // MARK: Minutes API

    /// The moment `minutes` working minutes after `start`. Time outside working hours is
    /// skipped, so a start before opening counts from opening.
    public func addBusinessMinutes(_ minutes: Int, to start: Date) -> Date {
        addBusinessSeconds(TimeInterval(minutes) * 60, to: start)
    }

    /// Whole working minutes between two moments; zero when `to` is not after `from`.
    public func businessMinutes(from: Date, to: Date) -> Int {
        Int((businessSeconds(from: from, to: to) / 60).rounded(.down))
    }

    // MARK: Seconds API (SLA clocks keep seconds so rounding happens once, at display)

    public func addBusinessSeconds(_ seconds: TimeInterval, to start: Date) -> Date {
        guard seconds > 0 else { return start }
        if isAlwaysOpen { return start.addingTimeInterval(seconds) }
        // A calendar with no working time at all never reaches the target.
        guard hasWorkingTime else { return .distantFuture }
        return BusinessDayTable.shared(for: self).moment(after: seconds, from: start, withinDays: Self.searchLimitDays)
    }

    /// Working seconds between two moments, from the calendar's table of working time
    /// per local day (`BusinessDayTable`): two binary searches, however far apart the
    /// moments are. The supervisor's reports measure every open ticket from its creation,
    /// which was a walk of hundreds of days per ticket.
    public func businessSeconds(from: Date, to: Date) -> TimeInterval {
        guard to > from else { return 0 }
        if isAlwaysOpen { return to.timeIntervalSince(from) }
        guard hasWorkingTime else { return 0 }
        return BusinessDayTable.shared(for: self).seconds(from: from, to: to)
    }

    // MARK: Days

    public func isWorkingDay(_ date: Date) -> Bool { isWorkingDay(date, in: gregorian) }

    func isWorkingDay(_ date: Date, in calendar: Calendar) -> Bool {
        if isAlwaysOpen { return true }
        let weekday = calendar.component(.weekday, from: date)
        guard let day = Weekday(rawValue: weekday), workingDays.contains(day) else { return false }
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return !holidays.contains(LocalDate(year: parts.year!, month: parts.month!, day: parts.day!).description)
    }

    public func isWithinWorkingHours(_ date: Date) -> Bool {
        guard let window = window(onDayOf: date) else { return false }
        return window.contains(date)
    }

    /// `yyyy-MM-dd` of `date` in this calendar's zone, the format `holidays` uses.
    public func localDateString(_ date: Date) -> String {
        let parts = gregorian.dateComponents([.year, .month, .day], from: date)
        return LocalDate(year: parts.year!, month: parts.month!, day: parts.day!).description
    }

    // MARK: Internals

    /// Ten years: far beyond any SLA target, short enough to stop on a calendar that
    /// never opens.
    static let searchLimitDays = 3660

    /// False when no day can have working hours, so nothing is ever counted.
    var hasWorkingTime: Bool { !workingDays.isEmpty && opensAtMinute < closesAtMinute }

    var gregorian: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }

    /// Working hours of the local day containing `date`, or nil on a day off.
    func window(onDayOf date: Date) -> Range<Date>? { window(onDayOf: date, in: gregorian) }

    func window(onDayOf date: Date, in calendar: Calendar) -> Range<Date>? {
        guard isWorkingDay(date, in: calendar), opensAtMinute < closesAtMinute else { return nil }
        let midnight = calendar.startOfDay(for: date)
        let open = wallClock(opensAtMinute, on: midnight, calendar)
        let close = wallClock(closesAtMinute, on: midnight, calendar)
        return open < close ? open..<close : nil
    }

    /// The instant a local wall-clock time occurs; asking the calendar (rather than adding
    /// seconds to midnight) keeps opening hours right on daylight-saving days.
    private func wallClock(_ minute: Int, on midnight: Date, _ calendar: Calendar) -> Date {
        if minute >= 1440 { return calendar.date(byAdding: .day, value: 1, to: midnight)! }
        return calendar.date(bySettingHour: minute / 60, minute: minute % 60, second: 0, of: midnight)
            ?? midnight.addingTimeInterval(TimeInterval(minute * 60))
    }
}
