import Foundation
@testable import SupportCore

/// Fixed instants in Jakarta local time, so tests read like the schedules they check.
/// 2026-11-02 is a Monday; 2026-11-06 a Friday.
func jakarta(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0, _ second: Int = 0) -> Date {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = BusinessCalendar.jakarta
    return calendar.date(from: DateComponents(year: year, month: month, day: day,
                                              hour: hour, minute: minute, second: second))!
}

func utc(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0) -> Date {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    return calendar.date(from: DateComponents(year: year, month: month, day: day, hour: hour, minute: minute))!
}

extension Date {
    func plus(minutes: Double) -> Date { addingTimeInterval(minutes * 60) }
    func plus(hours: Double) -> Date { addingTimeInterval(hours * 3_600) }
}
