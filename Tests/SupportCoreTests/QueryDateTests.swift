import Foundation
import Testing
@testable import SupportCore

@Suite struct QueryDateTests {
    let now = jakarta(2026, 11, 26, 14)

    func dates(_ value: String, now: Date? = nil, zone: TimeZone = BusinessCalendar.jakarta) throws -> [DateRange] {
        let query = try QueryParser.parse("date:\(value)", schema: .transactions, now: now ?? self.now, timeZone: zone)
        guard case .dates(let ranges) = query.terms[0].condition else {
            Issue.record("not a date condition")
            return []
        }
        return ranges
    }

    @Test func todayAndYesterdayAreWholeLocalDays() throws {
        #expect(try dates("today") == [DateRange(from: jakarta(2026, 11, 26), to: jakarta(2026, 11, 27))])
        #expect(try dates("yesterday") == [DateRange(from: jakarta(2026, 11, 25), to: jakarta(2026, 11, 26))])
        #expect(try dates("TODAY") == dates("today"))
    }

    @Test func todayFollowsTheZoneNotUTC() throws {
        // 23:30 UTC on the 25th is already the 26th in Jakarta.
        let lateUTC = utc(2026, 11, 25, 23, 30)
        #expect(try dates("today", now: lateUTC) == [DateRange(from: utc(2026, 11, 25, 17), to: utc(2026, 11, 26, 17))])
        let inUTC = try dates("today", now: lateUTC, zone: TimeZone(identifier: "UTC")!)
        #expect(inUTC == [DateRange(from: utc(2026, 11, 25), to: utc(2026, 11, 26))])
    }

    @Test func relativeSpansRunFromThenOnwards() throws {
        #expect(try dates("7d") == [DateRange(from: now.plus(hours: -168), to: nil)])
        #expect(try dates("24h") == [DateRange(from: now.plus(hours: -24), to: nil)])
        #expect(try dates("30m") == [DateRange(from: now.plus(minutes: -30), to: nil)])
    }

    @Test func absoluteDayIsWholeLocalDay() throws {
        let range = try #require(try dates("2026-11-01").first)
        #expect(range == DateRange(from: jakarta(2026, 11, 1), to: jakarta(2026, 11, 2)))
        #expect(range.from == utc(2026, 10, 31, 17))
        #expect(range.contains(jakarta(2026, 11, 1, 23, 59, 59)))
        #expect(!range.contains(jakarta(2026, 11, 2)))
        #expect(!range.contains(utc(2026, 10, 31, 16, 59)))
    }

    @Test func rangesIncludeTheEndDay() throws {
        #expect(try dates("2026-11-01..2026-11-26") == [DateRange(from: jakarta(2026, 11, 1), to: jakarta(2026, 11, 27))])
        #expect(try dates("2026-11-01..") == [DateRange(from: jakarta(2026, 11, 1), to: nil)])
        #expect(try dates("..2026-11-26") == [DateRange(from: nil, to: jakarta(2026, 11, 27))])
        #expect(try dates("2026-11-26..2026-11-26") == [DateRange(from: jakarta(2026, 11, 26), to: jakarta(2026, 11, 27))])
        #expect(try dates("2026-11-01..today") == [DateRange(from: jakarta(2026, 11, 1), to: jakarta(2026, 11, 27))])
    }

    @Test func comparisonsOnDays() throws {
        #expect(try dates(">2026-11-01") == [DateRange(from: jakarta(2026, 11, 2), to: nil)])
        #expect(try dates(">=2026-11-01") == [DateRange(from: jakarta(2026, 11, 1), to: nil)])
        #expect(try dates("<2026-11-01") == [DateRange(from: nil, to: jakarta(2026, 11, 1))])
        #expect(try dates("<=2026-11-01") == [DateRange(from: nil, to: jakarta(2026, 11, 2))])
    }

    @Test func relativeEndpointsArePointsInTime() throws {
        #expect(try dates("30d..7d") == [DateRange(from: now.plus(hours: -720), to: now.plus(hours: -168))])
        #expect(try dates("<7d") == [DateRange(from: nil, to: now.plus(hours: -168))])
        #expect(try dates("..7d") == [DateRange(from: nil, to: now.plus(hours: -168))])
    }

    @Test func commaGivesSeveralRanges() throws {
        #expect(try dates("today,2026-11-01").count == 2)
    }

    @Test func badDatesPointAtTheValue() {
        for (input, position) in [("date:2026-13-01", 5), ("date:last-week", 5), ("date:2026-11-01..soon", 17)] {
            do {
                _ = try QueryParser.parse(input, schema: .transactions, now: now)
                Issue.record("\(input) parsed")
            } catch {
                #expect(error.message == "expected a date like 2026-11-01, 7d or today")
                #expect(error.position == position, "\(input)")
            }
        }
    }

    @Test func backwardsRangeIsAnError() {
        do {
            _ = try QueryParser.parse("date:2026-11-26..2026-11-01", schema: .transactions, now: now)
            Issue.record("backwards range parsed")
        } catch {
            #expect(error.message == "the range ends before it starts")
            #expect(error.position == 5)
            #expect(error.length == 22)
        }
    }
}
