import Foundation

/// Deadlines written in working days ("resolve within 20 working days of receipt"), as
/// complaint rules state them, counted on the same calendar as the SLA clocks.
extension BusinessCalendar {
    /// The moment a deadline of `days` working days after `date` runs out: close of business
    /// on the `days`-th working day after the local day of `date`. The day of receipt never
    /// counts, however early the contact came, which is how such rules are usually read (a
    /// complaint received on Friday evening and one received on Friday morning are due on
    /// the same day). Weekends and the calendar's holidays are skipped. `days <= 0` gives
    /// close of business on the day of receipt itself.
    public func workingDaysDeadline(_ days: Int, after date: Date) -> Date {
        closeOfBusiness(on: workingDay(days, after: date))
    }

    /// Local midnight starting the `days`-th working day after the local day of `date`
    /// (the day of `date` itself when `days <= 0`).
    public func workingDay(_ days: Int, after date: Date) -> Date {
        let calendar = gregorian
        var day = calendar.startOfDay(for: date)
        guard days > 0 else { return day }
        var counted = 0
        // Ten years of days: far beyond any deadline, short enough to stop on a calendar
        // that never works.
        for _ in 0..<3660 {
            day = calendar.date(byAdding: .day, value: 1, to: day)!
            if isWorkingDay(day) {
                counted += 1
                if counted == days { return day }
            }
        }
        return .distantFuture
    }

    /// Working days after the local day of `from` up to and including the local day of
    /// `to`: 1 when `to` falls on the next working day. Zero when `to` is not later.
    public func workingDays(from: Date, to: Date) -> Int {
        let calendar = gregorian
        var day = calendar.startOfDay(for: from)
        let last = calendar.startOfDay(for: to)
        var count = 0
        while day < last {
            day = calendar.date(byAdding: .day, value: 1, to: day)!
            if isWorkingDay(day) { count += 1 }
        }
        return count
    }

    /// When the team stops work on the local day of `date` (local midnight ending the day
    /// for a calendar that is always open or closes at 24:00).
    public func closeOfBusiness(on date: Date) -> Date {
        guard date != .distantFuture else { return date }
        let calendar = gregorian
        let midnight = calendar.startOfDay(for: date)
        let minute = isAlwaysOpen ? 1440 : closesAtMinute
        if minute >= 1440 { return calendar.date(byAdding: .day, value: 1, to: midnight)! }
        return calendar.date(bySettingHour: minute / 60, minute: minute % 60, second: 0, of: midnight)
            ?? midnight.addingTimeInterval(TimeInterval(minute * 60))
    }

    /// Working time as people count it against a working-day deadline: whole working days
    /// (of this calendar's length) and the hours left over: `12 wd 4h`, `3h`, and minutes
    /// only in the last hour (`35m`), when they matter.
    public func workingTimeText(seconds: TimeInterval) -> String {
        let perDay = TimeInterval(workingMinutesPerDay * 60)
        let total = max(0, seconds.isFinite ? seconds : 0)
        let days = perDay > 0 ? Int((total / perDay).rounded(.down)) : 0
        let rest = total - TimeInterval(days) * perDay
        let hours = Int((rest / 3600).rounded(.down))
        if days > 0 { return "\(days) wd \(hours)h" }
        if hours > 0 { return "\(hours)h" }
        return "\(Int((rest / 60).rounded(.down)))m"
    }
}
