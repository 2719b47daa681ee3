import Foundation

/// Dates written by arithmetic in one zone: the zone's offset is looked up once per hour of
/// UTC (kept while it is the same at both ends of the hour), the calendar fields come from
/// the day number, and the text is built from bytes. `DateFormatter` went through ICU for
/// every call: even shared (`SharedDateFormatter`), formatting the time column was the
/// largest part of a 20,000-row `tx list` after the query.
///
/// Written only for the proleptic-Gregorian years 1900–9999, where ICU's calendar is the
/// same; anything else (and an hour whose offset changes inside it) answers `nil` and the
/// caller formats through `DateFormatter`. `LocalClockTextTests` compares every pattern with
/// a fresh formatter over random instants, zones with half-hour and 45-minute offsets and
/// daylight-saving transitions.
public final class LocalClockText: @unchecked Sendable {
    // @unchecked: `offsets` is only touched while holding `lock`.
    public let zone: TimeZone
    private let lock = NSLock()
    private var offsets: [Int64: Int] = [:]

    /// 1900-01-01T00:00:00Z and 9999-12-31T00:00:00Z: a day inside the range on either side
    /// of any offset.
    static let earliest: Int64 = -2_208_988_800
    static let latest: Int64 = 253_402_214_400

    public init(zone: TimeZone) { self.zone = zone }

    /// The local calendar fields of `date`, or nil outside the range this type writes.
    public struct Fields: Equatable, Sendable {
        public var year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int
    }

    public func fields(_ date: Date) -> Fields? {
        let interval = date.timeIntervalSince1970
        guard interval.isFinite else { return nil }
        let seconds = Int64(interval.rounded(.down))
        guard seconds > Self.earliest, seconds < Self.latest, let offset = offset(at: seconds) else { return nil }
        return Self.fields(utcSeconds: seconds + Int64(offset))
    }

    /// The zone's offset at `seconds`, from the hour's cache; nil when it changes inside the hour.
    private func offset(at seconds: Int64) -> Int? {
        let hour = seconds >= 0 ? seconds / 3600 : (seconds - 3599) / 3600
        lock.lock()
        if let known = offsets[hour] { lock.unlock(); return known }
        lock.unlock()
        let start = hour * 3600
        let first = zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(start)))
        let last = zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(start + 3599)))
        guard first == last else { return nil }
        lock.lock()
        if offsets.count > 50_000 { offsets.removeAll(keepingCapacity: true) }
        offsets[hour] = first
        lock.unlock()
        return first
    }

    /// Calendar fields of a count of seconds since 1970 read as UTC.
    static func fields(utcSeconds: Int64) -> Fields {
        let days = utcSeconds >= 0 ? utcSeconds / 86_400 : (utcSeconds - 86_399) / 86_400
        let secondOfDay = Int(utcSeconds - days * 86_400)
        let date = civilDate(daysSince1970: Int(days))
        return Fields(year: date.year, month: date.month, day: date.day,
                      hour: secondOfDay / 3600, minute: secondOfDay % 3600 / 60, second: secondOfDay % 60)
    }

    /// Howard Hinnant's `civil_from_days`: proleptic Gregorian, exact for any day (the
    /// exporters' zoned dates use it too).
    public static func civilDate(daysSince1970 days: Int) -> (year: Int, month: Int, day: Int) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Howard Hinnant's `days_from_civil`, the inverse of `civilDate` (the exporters' Excel
    /// serials and the service's hand-read dates use it).
    public static func daysSince1970(year: Int, month: Int, day: Int) -> Int {
        let year = month <= 2 ? year - 1 : year
        let era = (year >= 0 ? year : year - 399) / 400
        let yearOfEra = year - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The pieces of the patterns TimeText uses, written into a byte buffer.
    public enum Piece: Sendable { case year, month, day, hour, minute, second, literal(UInt8) }

    /// `pieces` filled from `date`'s fields; nil where `fields` is nil.
    public func string(_ date: Date, _ pieces: [Piece]) -> String? {
        guard let f = fields(date) else { return nil }
        return Self.write(f, pieces)
    }

    static func write(_ f: Fields, _ pieces: [Piece]) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(pieces.count * 2 + 2)
        func two(_ n: Int) { bytes.append(UInt8(48 + n / 10)); bytes.append(UInt8(48 + n % 10)) }
        for piece in pieces {
            switch piece {
            case .year: two(f.year / 100); two(f.year % 100)
            case .month: two(f.month)
            case .day: two(f.day)
            case .hour: two(f.hour)
            case .minute: two(f.minute)
            case .second: two(f.second)
            case .literal(let byte): bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
