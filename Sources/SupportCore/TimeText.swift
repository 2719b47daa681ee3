import Foundation

/// Times as people read them at the console: stored in UTC, shown in the team's zone
/// (Asia/Jakarta by default).
public enum TimeText {
    public static let zone = BusinessCalendar.jakarta

    // Built once: these run for every visible row of every frame and every line of `tx list`.
    private static let clockFormat = SharedDateFormatter("yyyy-MM-dd HH:mm", zone: zone)
    private static let hmFormat = SharedDateFormatter("HH:mm", zone: zone)
    private static let dayFormat = SharedDateFormatter("yyyy-MM-dd", zone: zone)
    private static let shortFormat = SharedDateFormatter("dd/MM HH:mm", zone: zone)
    private static let utcFormat = SharedDateFormatter("yyyy-MM-dd HH:mm:ss", zone: TimeZone(identifier: "UTC")!)
    private static let isoFormat = SharedDateFormatter("yyyy-MM-dd'T'HH:mm:ssXXXXX", zone: TimeZone(identifier: "UTC")!)

    /// "2026-11-26 14:05"
    public static func clock(_ date: Date) -> String { clockFormat.string(from: date) }
    /// "14:05"
    public static func hm(_ date: Date) -> String { hmFormat.string(from: date) }
    /// "2026-11-26"
    public static func day(_ date: Date) -> String { dayFormat.string(from: date) }
    /// "26/11 14:05", compact enough for a list column.
    public static func short(_ date: Date) -> String { shortFormat.string(from: date) }
    /// "2026-11-26 07:05:09" in UTC, where the exact stored instant matters (transaction detail).
    public static func utcSeconds(_ date: Date) -> String { utcFormat.string(from: date) }
    /// "2026-11-26T07:05:09Z", what `ISO8601DateFormatter()` writes, for files and mail headers.
    public static func iso8601(_ date: Date) -> String { isoFormat.string(from: date) }
}
