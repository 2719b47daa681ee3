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

    // Written by arithmetic where it can (`LocalClockText`); the formatters above stay for
    // the instants it leaves to ICU (before 1900, an hour in which the zone's offset changes).
    private static let local = LocalClockText(zone: zone)
    private static let utc = LocalClockText(zone: TimeZone(identifier: "UTC")!)
    private static let datePieces: [LocalClockText.Piece] = [.year, .literal(0x2D), .month, .literal(0x2D), .day]
    private static let hmPieces: [LocalClockText.Piece] = [.hour, .literal(0x3A), .minute]
    private static let clockPieces = datePieces + [.literal(0x20)] + hmPieces
    private static let shortPieces: [LocalClockText.Piece] = [.day, .literal(0x2F), .month, .literal(0x20)] + hmPieces
    private static let secondsPieces = clockPieces + [.literal(0x3A), .second]
    private static let isoPieces = datePieces + [.literal(0x54)] + hmPieces + [.literal(0x3A), .second, .literal(0x5A)]

    /// "2026-11-26 14:05"
    public static func clock(_ date: Date) -> String { local.string(date, clockPieces) ?? clockFormat.string(from: date) }
    /// "14:05"
    public static func hm(_ date: Date) -> String { local.string(date, hmPieces) ?? hmFormat.string(from: date) }
    /// "2026-11-26"
    public static func day(_ date: Date) -> String { local.string(date, datePieces) ?? dayFormat.string(from: date) }
    /// "26/11 14:05", compact enough for a list column.
    public static func short(_ date: Date) -> String { local.string(date, shortPieces) ?? shortFormat.string(from: date) }
    /// "2026-11-26 07:05:09" in UTC, where the exact stored instant matters (transaction detail).
    public static func utcSeconds(_ date: Date) -> String { utc.string(date, secondsPieces) ?? utcFormat.string(from: date) }
    /// "2026-11-26T07:05:09Z", what `ISO8601DateFormatter()` writes, for files and mail headers.
    public static func iso8601(_ date: Date) -> String { utc.string(date, isoPieces) ?? isoFormat.string(from: date) }
}
