import Foundation

/// A calendar's working hours laid out day by day, with the working seconds counted
/// before each day, so that "working time between two moments" is two binary searches
/// and a subtraction instead of a walk over every day in between.
///
/// The days are the ones `BusinessCalendar` itself defines (local midnights from
/// `Calendar`, working windows from `window(onDayOf:in:)`), so holidays and
/// daylight-saving days come out exactly as they did when the time was walked day by
/// day. The table grows a year at a time towards whatever moments it is asked about and
/// is kept per calendar for the life of the process (`shared(for:)`).
final class BusinessDayTable: @unchecked Sendable {
    // @unchecked: every field below is read and written only while holding `lock`.
    private let lock = NSLock()
    private let calendar: BusinessCalendar
    private let gregorian: Calendar
    /// Local midnight starting each day, then the midnight ending the last day.
    private var midnights: [TimeInterval] = []
    /// Each day's working window as counted when a span starts that day (`firstOpens`) and
    /// when it started earlier (`opens`); `open == close` when nothing counts.
    private var firstOpens: [TimeInterval] = []
    private var opens: [TimeInterval] = []
    private var closes: [TimeInterval] = []
    /// Working seconds from the table's first day up to the start of each day (and, last,
    /// to its end). Whole seconds, so sums and differences are exact in a Double.
    private var before: [TimeInterval] = []

    /// Days added per extension: a year, so an SLA report over two years of tickets builds
    /// its table in a couple of steps.
    static let chunkDays = 366
    /// Moments outside these years count as the nearest bound; walking such spans day by
    /// day never finished either.
    static let earliest = Date(timeIntervalSince1970: -2_208_988_800)   // 1900-01-01
    static let latest = Date(timeIntervalSince1970: 10_413_792_000)     // 2300-01-01

    init(_ calendar: BusinessCalendar) {
        self.calendar = calendar
        self.gregorian = calendar.gregorian
    }

    // MARK: Shared tables

    private static let cacheLock = NSLock()
    nonisolated(unsafe) private static var cache: [BusinessCalendar: BusinessDayTable] = [:]
    nonisolated(unsafe) private static var last: (calendar: BusinessCalendar, table: BusinessDayTable)?

    /// The table of `calendar`, built on first use. Calendars are values (the store makes
    /// one per read from the holidays table), so equal calendars share one table.
    static func shared(for calendar: BusinessCalendar) -> BusinessDayTable {
        cacheLock.lock()
        defer { cacheLock.unlock() }
        // A report asks about one calendar thousands of times in a row: comparing with the
        // last one skips hashing every holiday on every call. The copy asked about is kept,
        // so the next comparison finds the very same holiday storage, which `==` sees at once.
        if let last, last.calendar == calendar {
            self.last = (calendar, last.table)
            return last.table
        }
        if let table = cache[calendar] {
            last = (calendar, table)
            return table
        }
        // A process sees a handful of calendars; a bound keeps edited holiday lists from
        // piling up.
        if cache.count >= 16 { cache.removeAll(); last = nil }
        let table = BusinessDayTable(calendar)
        cache[calendar] = table
        last = (calendar, table)
        return table
    }

    // MARK: Queries

    /// Working seconds in [from, to), `from < to`.
    func seconds(from: Date, to: Date) -> TimeInterval {
        let a = Self.clamp(from), b = Self.clamp(to)
        guard a < b else { return 0 }
        lock.lock()
        defer { lock.unlock() }
        cover(a)
        cover(b)
        let i = day(containing: a), j = day(containing: b)
        if i == j { return Self.overlap(firstOpens[i], closes[i], a, b) }
        let first = Self.overlap(firstOpens[i], closes[i], a, .infinity)
        let middle = before[j] - before[i + 1]
        return first + middle + Self.overlap(opens[j], closes[j], -.infinity, b)
    }

    /// The moment `seconds` (> 0) of working time after `start`, or `.distantFuture` when
    /// that is not reached within `limit` days of the day of `start`.
    func moment(after seconds: TimeInterval, from start: Date, withinDays limit: Int) -> Date {
        let s = Self.clamp(start)
        lock.lock()
        defer { lock.unlock() }
        cover(s)
        let i = day(containing: s)
        var remaining = seconds
        let from = max(s, firstOpens[i])
        if from < closes[i] {
            let available = closes[i] - from
            if remaining <= available { return Date(timeIntervalSinceReferenceDate: from + remaining) }
            remaining -= available
        }
        // Later days count from their opening: find the first whose end has counted enough.
        let target = before[i + 1] + remaining
        let lastDay = i + limit - 1
        while before[before.count - 1] < target && opens.count <= lastDay
                && midnights[midnights.count - 1] < Self.latest.timeIntervalSinceReferenceDate {
            append()
        }
        var low = i + 1, high = min(lastDay, opens.count - 1) + 1
        guard low < high, before[high] >= target else { return .distantFuture }
        while low < high {   // first day k in i+1..<high with before[k + 1] >= target
            let mid = (low + high) / 2
            if before[mid + 1] >= target { high = mid } else { low = mid + 1 }
        }
        return Date(timeIntervalSinceReferenceDate: opens[low] + (remaining - (before[low] - before[i + 1])))
    }

    // MARK: Internals (lock held)

    private static func clamp(_ date: Date) -> TimeInterval {
        min(max(date, earliest), latest).timeIntervalSinceReferenceDate
    }

    private static func overlap(_ open: TimeInterval, _ close: TimeInterval, _ a: TimeInterval, _ b: TimeInterval) -> TimeInterval {
        let start = max(a, open), end = min(b, close)
        return start < end ? end - start : 0
    }

    /// Grows the table until it holds the day containing `t`.
    private func cover(_ t: TimeInterval) {
        if midnights.isEmpty { start(at: t) }
        while t < midnights[0] { prepend() }
        while t >= midnights[midnights.count - 1] { append() }
    }

    /// Index of the day containing `t` (which the table covers).
    private func day(containing t: TimeInterval) -> Int {
        var low = 0, high = opens.count - 1
        while low < high {   // last day whose midnight is at or before t
            let mid = (low + high + 1) / 2
            if midnights[mid] <= t { low = mid } else { high = mid - 1 }
        }
        return low
    }

    private struct Day {
        var midnight: TimeInterval
        var firstOpen: TimeInterval
        var open: TimeInterval
        var close: TimeInterval
    }

    /// The day after the one starting at `previous`, as counting enters it. Counting moves
    /// on by one calendar day from the previous midnight, which keeps the wall-clock time:
    /// after a day that began at 01:00 (clocks jumping from 00:00), the next day is entered
    /// at 01:00 too and its first hour is not counted. That is how the time was always
    /// measured, so the table does the same.
    private func day(after previous: Date) -> Day {
        let entry = gregorian.date(byAdding: .day, value: 1, to: previous)!
        let midnight = gregorian.startOfDay(for: entry)
        guard let window = calendar.window(onDayOf: midnight, in: gregorian) else {
            let m = seconds(midnight)
            return Day(midnight: m, firstOpen: m, open: m, close: m)
        }
        let close = seconds(window.upperBound)
        let firstOpen = min(max(seconds(window.lowerBound), seconds(midnight)), close)
        let open = min(max(seconds(window.lowerBound), seconds(entry)), close)
        return Day(midnight: seconds(midnight), firstOpen: firstOpen, open: open, close: close)
    }

    private func seconds(_ t: Date) -> TimeInterval { t.timeIntervalSinceReferenceDate }

    private func midnight(_ days: Int, from midnight: TimeInterval) -> TimeInterval {
        let shifted = gregorian.date(byAdding: .day, value: days, to: Date(timeIntervalSinceReferenceDate: midnight))!
        return seconds(gregorian.startOfDay(for: shifted))
    }

    private func start(at t: TimeInterval) {
        let today = seconds(gregorian.startOfDay(for: Date(timeIntervalSinceReferenceDate: t)))
        let first = day(after: Date(timeIntervalSinceReferenceDate: midnight(-1, from: today)))
        midnights = [first.midnight, midnight(1, from: first.midnight)]
        firstOpens = [first.firstOpen]
        opens = [first.open]
        closes = [first.close]
        before = [0, first.close - first.open]
    }

    private func append() {
        for _ in 0..<Self.chunkDays {
            // The day after the last one starts at the end-of-table midnight.
            let added = day(after: Date(timeIntervalSinceReferenceDate: midnights[opens.count - 1]))
            firstOpens.append(added.firstOpen)
            opens.append(added.open)
            closes.append(added.close)
            midnights.append(midnight(1, from: added.midnight))
            before.append(before[before.count - 1] + (added.close - added.open))
        }
    }

    /// Adds a year of days in front; their counts run negative so that nothing already
    /// in the table changes.
    private func prepend() {
        var days: [Day] = []   // backwards in time from the day before the table's first
        var earliest = midnight(-1, from: midnights[0])
        for _ in 0..<Self.chunkDays {
            let previous = midnight(-1, from: earliest)
            days.append(day(after: Date(timeIntervalSinceReferenceDate: previous)))
            earliest = previous
        }
        var counts: [TimeInterval] = []
        var total = before[0]
        for d in days {
            total -= d.close - d.open
            counts.append(total)
        }
        midnights.insert(contentsOf: days.reversed().map(\.midnight), at: 0)
        firstOpens.insert(contentsOf: days.reversed().map(\.firstOpen), at: 0)
        opens.insert(contentsOf: days.reversed().map(\.open), at: 0)
        closes.insert(contentsOf: days.reversed().map(\.close), at: 0)
        before.insert(contentsOf: counts.reversed(), at: 0)
    }
}
