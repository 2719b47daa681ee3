import Foundation
import SupportCore

/// The wall-clock reading of an instant in a time zone, worked out with integer
/// arithmetic. DateFormatter costs microseconds per call, which adds up to seconds
/// over a million-row export; this costs a zone-offset lookup and a few divisions.
struct ZonedDateTime: Equatable {
    let year: Int, month: Int, day: Int
    let hour: Int, minute: Int, second: Int
    /// Seconds east of UTC at that instant (daylight saving included).
    let offsetSeconds: Int

    init(_ date: Date, in zone: TimeZone) {
        // Whole seconds, rounded down: fractions never show in an export.
        let utcSeconds = Int(date.timeIntervalSince1970.rounded(.down))
        offsetSeconds = zone.secondsFromGMT(for: date)
        let local = utcSeconds + offsetSeconds
        let (days, secondOfDay) = local.floorDividedBy(86_400)
        (year, month, day) = LocalClockText.civilDate(daysSince1970: days)
        hour = secondOfDay / 3_600
        minute = secondOfDay % 3_600 / 60
        second = secondOfDay % 60
    }

    /// `2026-11-26`
    var isoDate: String {
        "\(Self.digits(year, 4))-\(Self.digits(month, 2))-\(Self.digits(day, 2))"
    }

    /// `2026-11-26T14:03:05+07:00` — ISO 8601 with the zone's offset, so a reader in
    /// another zone still gets the right instant.
    var isoDateTimeWithOffset: String {
        "\(isoDate)T\(Self.digits(hour, 2)):\(Self.digits(minute, 2)):\(Self.digits(second, 2))\(offsetText)"
    }

    /// `2026-11-26 14:03` — for people reading a statement.
    var displayDateTime: String {
        "\(isoDate) \(Self.digits(hour, 2)):\(Self.digits(minute, 2))"
    }

    /// `+07:00`
    var offsetText: String {
        let magnitude = abs(offsetSeconds) / 60
        let sign = offsetSeconds < 0 ? "-" : "+"
        return "\(sign)\(Self.digits(magnitude / 60, 2)):\(Self.digits(magnitude % 60, 2))"
    }

    var isMidnight: Bool { hour == 0 && minute == 0 && second == 0 }

    /// Excel's date serial of the wall-clock time: days since 1899-12-30, with the time
    /// of day as the fraction. Excel dates have no zone, so the zone is applied here.
    var excelSerial: Double {
        let days = LocalClockText.daysSince1970(year: year, month: month, day: day)
        let seconds = hour * 3_600 + minute * 60 + second
        return Double(days + 25_569) + Double(seconds) / 86_400
    }

    private static func digits(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}

extension Int {
    /// Quotient and remainder rounded toward negative infinity, so instants before
    /// 1970 still land on the right day with a non-negative time of day.
    func floorDividedBy(_ divisor: Int) -> (quotient: Int, remainder: Int) {
        let remainder = ((self % divisor) + divisor) % divisor
        return ((self - remainder) / divisor, remainder)
    }
}
