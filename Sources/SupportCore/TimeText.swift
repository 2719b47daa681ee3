import Foundation

/// Times as people read them at the console: stored in UTC, shown in the team's zone
/// (Asia/Jakarta by default).
public enum TimeText {
    public static let zone = BusinessCalendar.jakarta

    private static func formatter(_ pattern: String) -> DateFormatter {
        let f = DateFormatter()
        f.timeZone = zone
        f.locale = Locale(identifier: "en_US_POSIX")
        f.dateFormat = pattern
        return f
    }

    /// "2026-11-26 14:05"
    public static func clock(_ date: Date) -> String { formatter("yyyy-MM-dd HH:mm").string(from: date) }
    /// "14:05"
    public static func hm(_ date: Date) -> String { formatter("HH:mm").string(from: date) }
    /// "2026-11-26"
    public static func day(_ date: Date) -> String { formatter("yyyy-MM-dd").string(from: date) }
    /// "26/11 14:05", compact enough for a list column.
    public static func short(_ date: Date) -> String { formatter("dd/MM HH:mm").string(from: date) }
}
