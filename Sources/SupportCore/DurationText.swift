import Foundation

/// Short countdowns for SLA columns: `42s`, `5m`, `1h 05m`, `2d 3h`; overdue time is
/// negative (`-12m`). Two units at most, because a queue column has six cells to spare.
public enum DurationText {
    public static func format(seconds: Int64) -> String {
        if seconds < 0 { return "-" + format(seconds: seconds == .min ? .max : -seconds) }
        let minutes = seconds / 60, hours = seconds / 3_600, days = seconds / 86_400
        if seconds < 60 { return "\(seconds)s" }
        if seconds < 3_600 { return "\(minutes)m" }
        if seconds < 86_400 {
            let rest = minutes % 60
            return "\(hours)h " + (rest < 10 ? "0" : "") + "\(rest)m"
        }
        return "\(days)d \(hours % 24)h"
    }

    /// Fractions of a second are dropped toward zero, so a clock never shows overdue early.
    public static func format(_ interval: TimeInterval) -> String {
        guard interval.isFinite else { return interval < 0 ? "-∞" : "∞" }
        let clamped = max(min(interval, TimeInterval(Int64.max / 2)), -TimeInterval(Int64.max / 2))
        return format(seconds: Int64(clamped.rounded(.towardZero)))
    }

    /// Time left on an SLA clock: business time for running clocks, shown as a countdown.
    public static func remaining(_ reading: SLAReading) -> String {
        format(reading.remainingSeconds)
    }
}
