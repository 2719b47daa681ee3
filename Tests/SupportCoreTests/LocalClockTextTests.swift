import Foundation
import Testing
@testable import SupportCore

/// The arithmetic formatter writes what a fresh ICU `DateFormatter` writes, for every pattern
/// `TimeText` uses, in zones whose offsets are odd (+05:45, -03:30), move by half an hour
/// (Lord Howe) or jumped a whole day (Apia), over random instants from 1900 to 2100 and
/// around daylight-saving transitions; where it declines, TimeText's answer is still ICU's.
@Suite struct LocalClockTextTests {
    static let patterns: [(String, [LocalClockText.Piece])] = [
        ("yyyy-MM-dd HH:mm", [.year, .literal(0x2D), .month, .literal(0x2D), .day, .literal(0x20), .hour, .literal(0x3A), .minute]),
        ("HH:mm", [.hour, .literal(0x3A), .minute]),
        ("yyyy-MM-dd", [.year, .literal(0x2D), .month, .literal(0x2D), .day]),
        ("dd/MM HH:mm", [.day, .literal(0x2F), .month, .literal(0x20), .hour, .literal(0x3A), .minute]),
        ("yyyy-MM-dd HH:mm:ss", [.year, .literal(0x2D), .month, .literal(0x2D), .day, .literal(0x20), .hour, .literal(0x3A),
                                 .minute, .literal(0x3A), .second]),
    ]
    static let zones = ["Asia/Jakarta", "UTC", "America/New_York", "Europe/London", "Australia/Lord_Howe", "Asia/Kathmandu",
                        "America/St_Johns", "Pacific/Apia", "Asia/Kolkata", "Pacific/Chatham"].map { TimeZone(identifier: $0)! }

    static func fresh(_ pattern: String, _ zone: TimeZone) -> DateFormatter {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = zone
        f.dateFormat = pattern
        return f
    }

    /// Compares every pattern at `dates`; returns how many instants the formatter declined.
    static func compare(_ dates: [Date], in zone: TimeZone) -> Int {
        let local = LocalClockText(zone: zone)
        var declined = 0
        for (pattern, pieces) in patterns {
            let icu = fresh(pattern, zone)
            for date in dates {
                guard let text = local.string(date, pieces) else { declined += 1; continue }
                #expect(text == icu.string(from: date), "\(zone.identifier) \(pattern) at \(date.timeIntervalSince1970)")
            }
        }
        return declined
    }

    @Test func randomInstantsFrom1900To2100EqualICU() {
        var random = SplitMix64(seed: 16)
        let dates = (0..<1500).map { _ in
            Date(timeIntervalSince1970: Double(Int64.random(in: -2_208_900_000...4_102_444_800, using: &random))
                 + Double(Int.random(in: 0..<1000, using: &random)) / 1000)
        }
        for zone in Self.zones {
            let declined = Self.compare(dates, in: zone)
            // Declined only in an hour whose offset changes: a handful in 1,500 × 5, never most.
            #expect(declined < dates.count * Self.patterns.count / 100, "\(zone.identifier): \(declined)")
        }
    }

    @Test func aroundEveryTransitionEqualICU() {
        for zone in Self.zones {
            var transitions: [Date] = []
            var next = zone.nextDaylightSavingTimeTransition(after: Date(timeIntervalSince1970: 631_152_000))   // 1990
            while let t = next, transitions.count < 60 {
                transitions.append(t)
                next = zone.nextDaylightSavingTimeTransition(after: t)
            }
            let dates = transitions.flatMap { t in
                stride(from: -7_200.0, through: 7_200, by: 900).map { t.addingTimeInterval($0) }
                    + [-1.0, -0.001, 0, 1, 59, 60].map { t.addingTimeInterval($0) }
            }
            _ = Self.compare(dates, in: zone)
        }
    }

    /// A zone that changes its offset at 30 minutes past an hour (Lord Howe goes back half an
    /// hour at 02:00 local = 15:00 UTC) is declined for that hour and right on either side.
    @Test func anHourWithAChangeIsDeclinedAndTheNeighboursAreNot() throws {
        let zone = TimeZone(identifier: "Australia/Lord_Howe")!
        let change = try #require(zone.nextDaylightSavingTimeTransition(after: Date(timeIntervalSince1970: 1_767_225_600)))
        let local = LocalClockText(zone: zone)
        let seconds = change.timeIntervalSince1970
        let hourStart = (seconds / 3600).rounded(.down) * 3600
        if hourStart != seconds {
            #expect(local.fields(Date(timeIntervalSince1970: hourStart)) == nil)
        }
        #expect(local.fields(Date(timeIntervalSince1970: hourStart - 1)) != nil)
        #expect(local.fields(Date(timeIntervalSince1970: hourStart + 3600)) != nil)
    }

    @Test func outsideTheRangeItDeclinesAndTimeTextStillAnswers() {
        let local = LocalClockText(zone: TimeText.zone)
        let old = Date(timeIntervalSince1970: -3_000_000_000)   // 1874
        #expect(local.fields(old) == nil)
        #expect(local.fields(Date(timeIntervalSince1970: .infinity)) == nil)
        #expect(TimeText.clock(old) == Self.fresh("yyyy-MM-dd HH:mm", TimeText.zone).string(from: old))
        #expect(TimeText.iso8601(old) == ISO8601DateFormatter().string(from: old))
    }

    @Test func timeTextEqualsICUOverRandomInstants() {
        var random = SplitMix64(seed: 61)
        let utc = TimeZone(identifier: "UTC")!
        for _ in 0..<2000 {
            let date = Date(timeIntervalSince1970: Double(Int64.random(in: -2_500_000_000...4_102_444_800, using: &random)))
            #expect(TimeText.clock(date) == Self.fresh("yyyy-MM-dd HH:mm", TimeText.zone).string(from: date))
            #expect(TimeText.short(date) == Self.fresh("dd/MM HH:mm", TimeText.zone).string(from: date))
            #expect(TimeText.utcSeconds(date) == Self.fresh("yyyy-MM-dd HH:mm:ss", utc).string(from: date))
            #expect(TimeText.iso8601(date) == ISO8601DateFormatter().string(from: date))
        }
    }
}
