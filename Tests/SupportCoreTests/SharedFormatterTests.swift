import Foundation
import Testing
@testable import SupportCore

/// The formatters built once per process write what a fresh formatter per call wrote, and
/// stay right when many threads format at once (the console's loop, exports, the service).
@Suite struct SharedFormatterTests {
    static func fresh(_ pattern: String, _ zone: TimeZone) -> DateFormatter {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = zone
        f.dateFormat = pattern
        return f
    }

    /// Instants over three years, including both sides of midnight in Jakarta and UTC.
    static let instants: [Date] = (0..<400).map { i in
        Date(timeIntervalSince1970: 1_735_689_600 + Double(i) * 274_271.5)
    } + [utc(2026, 11, 30, 16, 59), utc(2026, 11, 30, 17, 0), utc(2026, 12, 31, 23, 59)]

    @Test func sharedFormattersWriteWhatFreshOnesDid() {
        let jakarta = TimeText.zone, utcZone = TimeZone(identifier: "UTC")!
        for date in Self.instants {
            #expect(TimeText.clock(date) == Self.fresh("yyyy-MM-dd HH:mm", jakarta).string(from: date))
            #expect(TimeText.hm(date) == Self.fresh("HH:mm", jakarta).string(from: date))
            #expect(TimeText.day(date) == Self.fresh("yyyy-MM-dd", jakarta).string(from: date))
            #expect(TimeText.short(date) == Self.fresh("dd/MM HH:mm", jakarta).string(from: date))
            #expect(TimeText.utcSeconds(date) == Self.fresh("yyyy-MM-dd HH:mm:ss", utcZone).string(from: date))
            #expect(TimeText.iso8601(date) == ISO8601DateFormatter().string(from: date))
        }
    }

    @Test func manyThreadsAtOnceGetTheirOwnAnswers() async {
        let expected = Self.instants.map { Self.fresh("yyyy-MM-dd HH:mm", TimeText.zone).string(from: $0) }
        let wrong = await withTaskGroup(of: Int.self) { group in
            for offset in 0..<8 {
                group.addTask {
                    var wrong = 0
                    for round in 0..<5 {
                        for (i, date) in Self.instants.enumerated() where (i + offset + round) % 3 != 0 {
                            if TimeText.clock(date) != expected[i] { wrong += 1 }
                        }
                    }
                    return wrong
                }
            }
            return await group.reduce(0, +)
        }
        #expect(wrong == 0)
    }

    @Test func walletIdsNormaliseToUpperCaseASCII() {
        #expect(WalletId.normalize(" wlt-10000007 ") == "WLT-10000007")
        #expect(WalletId.normalize("Wlt-T0000001") == "WLT-T0000001")
        #expect(WalletId.normalize("WLT-10000007") == "WLT-10000007")
        // Only ASCII folds, as SQLite's NOCASE and UPPER do: ß and é stay.
        #expect(WalletId.normalize("wlt-ß-é") == "WLT-ß-é")
    }
}
