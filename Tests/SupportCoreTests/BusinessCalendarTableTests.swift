import Foundation
import Testing
@testable import SupportCore

/// The table-based working-time maths (`BusinessDayTable`) against the day-by-day walk it
/// replaced, kept here as the oracle: random pairs of instants over years, on calendars
/// with weekends, holidays, odd hours and daylight saving.
@Suite struct BusinessCalendarTableTests {
    // MARK: The walk, as BusinessCalendar had it

    static func walkedSeconds(_ c: BusinessCalendar, from: Date, to: Date) -> TimeInterval {
        guard to > from else { return 0 }
        if c.isAlwaysOpen { return to.timeIntervalSince(from) }
        var total: TimeInterval = 0
        var cursor = from
        while cursor < to {
            if let window = c.window(onDayOf: cursor) {
                let start = max(cursor, window.lowerBound)
                let end = min(to, window.upperBound)
                if start < end { total += end.timeIntervalSince(start) }
            }
            cursor = nextDay(c, after: cursor)
        }
        return total
    }

    static func walkedMoment(_ c: BusinessCalendar, after seconds: TimeInterval, from start: Date) -> Date {
        guard seconds > 0 else { return start }
        if c.isAlwaysOpen { return start.addingTimeInterval(seconds) }
        var remaining = seconds
        var cursor = start
        for _ in 0..<3660 {
            if let window = c.window(onDayOf: cursor) {
                let from = max(cursor, window.lowerBound)
                if from < window.upperBound {
                    let available = window.upperBound.timeIntervalSince(from)
                    if remaining <= available { return from.addingTimeInterval(remaining) }
                    remaining -= available
                }
            }
            cursor = nextDay(c, after: cursor)
        }
        return .distantFuture
    }

    static func nextDay(_ c: BusinessCalendar, after date: Date) -> Date {
        let calendar = c.gregorian
        return calendar.date(byAdding: .day, value: 1, to: calendar.startOfDay(for: date))!
    }

    // MARK: Inputs

    /// SplitMix64: the same pairs on every run, so a failure can be replayed.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func int(_ range: ClosedRange<Int>) -> Int {
            range.lowerBound + Int(next() % UInt64(range.upperBound - range.lowerBound + 1))
        }
    }

    static let holidays: Set<String> = {
        var random = Random(state: 7)
        var days: Set<String> = ["2026-12-25", "2026-12-24", "2027-01-01", "2027-03-10", "2027-03-11", "2026-08-17"]
        while days.count < 60 {
            days.insert(LocalDate(year: random.int(2024...2029), month: random.int(1...12), day: random.int(1...28)).description)
        }
        return days
    }()

    static let calendars: [(name: String, calendar: BusinessCalendar)] = [
        ("Jakarta weekdays 08-20 with holidays", BusinessCalendar(holidays: holidays)),
        ("Jakarta six days 09:30-17:45", BusinessCalendar(workingDays: Set(Weekday.allCases).subtracting([.sunday]),
                                                          opensAtMinute: 570, closesAtMinute: 1065, holidays: holidays)),
        ("Jakarta weekends to midnight", BusinessCalendar(workingDays: [.saturday, .sunday], opensAtMinute: 600,
                                                          closesAtMinute: 1440)),
        // Daylight saving: Berlin's 02:00–03:00 gap and 02:00–03:00 repeat fall inside these hours.
        ("Berlin weekdays 01-04", BusinessCalendar(timeZone: TimeZone(identifier: "Europe/Berlin")!,
                                                   workingDays: Set(Weekday.allCases), opensAtMinute: 60, closesAtMinute: 240,
                                                   holidays: holidays)),
        ("New York weekdays 00-24", BusinessCalendar(timeZone: TimeZone(identifier: "America/New_York")!,
                                                     opensAtMinute: 0, closesAtMinute: 1440)),
        ("Santiago (DST at midnight)", BusinessCalendar(timeZone: TimeZone(identifier: "America/Santiago")!,
                                                        workingDays: Set(Weekday.allCases), opensAtMinute: 0, closesAtMinute: 600)),
        ("always open", .always),
    ]

    /// An instant between 2024 and 2029: often a whole minute, sometimes exactly a
    /// midnight or an opening time, sometimes with a fraction of a second.
    static func instant(_ random: inout Random, near base: Date? = nil, spanDays: Int = 6 * 365) -> Date {
        let origin = base ?? Date(timeIntervalSince1970: 1_704_067_200)   // 2024-01-01 UTC
        let seconds = Double(random.int(0...(spanDays * 86_400)))
        switch random.int(0...9) {
        case 0: return origin.addingTimeInterval((seconds / 3_600).rounded(.down) * 3_600)   // on the hour
        case 1: return origin.addingTimeInterval(seconds + Double(random.int(0...999)) / 1_000)
        default: return origin.addingTimeInterval(seconds)
        }
    }

    /// Whole seconds must agree exactly (the store keeps whole seconds); instants with a
    /// fraction may differ in the last bits, the sums being added in another order.
    static func agree(_ a: TimeInterval, _ b: TimeInterval) -> Bool {
        a == b || abs(a - b) < 1e-6
    }

    // MARK: Properties

    @Test(arguments: calendars.indices)
    func countingMatchesTheWalk(_ index: Int) {
        let (name, calendar) = Self.calendars[index]
        var random = Random(state: UInt64(100 + index))
        for round in 0..<220 {
            let from = Self.instant(&random)
            // Mostly spans an SLA clock sees (hours to weeks), some over years, some backwards.
            let span: Int = switch round % 10 {
            case 0: 4 * 365
            case 1, 2: 60
            case 3: 0
            default: 5
            }
            let to = round % 10 == 3 ? Self.instant(&random, near: from.addingTimeInterval(-3 * 86_400), spanDays: 3)
                                     : Self.instant(&random, near: from, spanDays: span)
            let expected = Self.walkedSeconds(calendar, from: from, to: to)
            let actual = calendar.businessSeconds(from: from, to: to)
            #expect(Self.agree(actual, expected), "\(name): \(from) → \(to): \(actual) ≠ \(expected)")
            if from.timeIntervalSinceReferenceDate.rounded() == from.timeIntervalSinceReferenceDate,
               to.timeIntervalSinceReferenceDate.rounded() == to.timeIntervalSinceReferenceDate {
                #expect(actual == expected, "\(name): \(from) → \(to)")
            }
        }
    }

    @Test(arguments: calendars.indices)
    func addingMatchesTheWalk(_ index: Int) {
        let (name, calendar) = Self.calendars[index]
        var random = Random(state: UInt64(200 + index))
        for round in 0..<220 {
            let start = Self.instant(&random)
            let seconds: TimeInterval = switch round % 8 {
            case 0: TimeInterval(random.int(1...400)) * 3_600     // up to months of working time
            case 1: TimeInterval(random.int(1...720)) * 60 + 0.25
            default: TimeInterval(random.int(1...3 * 720)) * 60   // SLA targets: minutes to days
            }
            let expected = Self.walkedMoment(calendar, after: seconds, from: start)
            let actual = calendar.addBusinessSeconds(seconds, to: start)
            #expect(Self.agree(actual.timeIntervalSinceReferenceDate, expected.timeIntervalSinceReferenceDate),
                    "\(name): \(seconds)s after \(start): \(actual) ≠ \(expected)")
        }
    }

    /// Asking about an earlier year after a later one grows the table backwards; counts
    /// already handed out must not move.
    @Test func growingBackwardsKeepsEarlierAnswers() {
        let calendar = BusinessCalendar(opensAtMinute: 7 * 60 + 13, holidays: Self.holidays)
        let late = (jakarta(2029, 6, 3, 9), jakarta(2029, 7, 1, 12))
        let first = calendar.businessSeconds(from: late.0, to: late.1)
        let early = calendar.businessSeconds(from: jakarta(2021, 1, 1), to: jakarta(2021, 3, 1))
        #expect(early == Self.walkedSeconds(calendar, from: jakarta(2021, 1, 1), to: jakarta(2021, 3, 1)))
        #expect(calendar.businessSeconds(from: late.0, to: late.1) == first)
        #expect(first == Self.walkedSeconds(calendar, from: late.0, to: late.1))
        let across = (jakarta(2020, 12, 31, 19), jakarta(2029, 7, 2, 8, 30))
        #expect(calendar.businessSeconds(from: across.0, to: across.1) == Self.walkedSeconds(calendar, from: across.0, to: across.1))
    }

    /// A target that is never reached within ten years of days gives the same far-future
    /// answer the walk gave, even when the calendar does open sometimes.
    @Test func aTargetBeyondTenYearsIsNeverReached() {
        let rare = BusinessCalendar(workingDays: [.monday], opensAtMinute: 600, closesAtMinute: 601)
        let start = jakarta(2026, 11, 2)
        let tenYearsOfMondays = 3660.0 / 7 * 60
        #expect(rare.addBusinessSeconds(tenYearsOfMondays + 3_600, to: start) == .distantFuture)
        let reachable = rare.addBusinessSeconds(500 * 60, to: start)
        #expect(reachable == Self.walkedMoment(rare, after: 500 * 60, from: start))
        #expect(reachable < .distantFuture)
    }

    /// Calendars that differ only in a holiday, asked in turn, each get their own table
    /// (the shared-table lookup keeps the last calendar to skip hashing).
    @Test func alternatingCalendarsKeepTheirOwnTables() {
        let plain = BusinessCalendar(holidays: ["2026-01-01"])
        let holiday = BusinessCalendar(holidays: ["2026-01-01", "2026-11-03"])
        let from = jakarta(2026, 11, 2, 9), to = jakarta(2026, 11, 4, 9)
        for _ in 0..<3 {
            #expect(plain.businessSeconds(from: from, to: to) == 24 * 3_600)
            #expect(holiday.businessSeconds(from: from, to: to) == 12 * 3_600)
        }
    }
}
