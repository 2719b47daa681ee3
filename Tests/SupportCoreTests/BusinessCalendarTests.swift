import Foundation
import Testing
@testable import SupportCore

@Suite struct BusinessCalendarTests {
    let calendar = BusinessCalendar()

    @Test func defaultsAreJakartaWeekdaysEightToEight() {
        #expect(calendar.timeZone.identifier == "Asia/Jakarta")
        #expect(calendar.workingDays == [.monday, .tuesday, .wednesday, .thursday, .friday])
        #expect(calendar.workingMinutesPerDay == 720)
    }

    @Test func addWithinOneDay() {
        #expect(calendar.addBusinessMinutes(90, to: jakarta(2026, 11, 2, 9)) == jakarta(2026, 11, 2, 10, 30))
    }

    @Test func addLandingExactlyOnClosingStaysThatDay() {
        #expect(calendar.addBusinessMinutes(60, to: jakarta(2026, 11, 2, 19)) == jakarta(2026, 11, 2, 20))
    }

    @Test func addCarriesOverNight() {
        #expect(calendar.addBusinessMinutes(120, to: jakarta(2026, 11, 2, 19)) == jakarta(2026, 11, 3, 9))
    }

    @Test func startBeforeOpeningCountsFromOpening() {
        #expect(calendar.addBusinessMinutes(30, to: jakarta(2026, 11, 2, 6, 30)) == jakarta(2026, 11, 2, 8, 30))
    }

    @Test func startAfterClosingCountsFromNextOpening() {
        #expect(calendar.addBusinessMinutes(30, to: jakarta(2026, 11, 2, 21)) == jakarta(2026, 11, 3, 8, 30))
    }

    @Test func fridayEveningRollsOverTheWeekend() {
        #expect(calendar.addBusinessMinutes(120, to: jakarta(2026, 11, 6, 19)) == jakarta(2026, 11, 9, 9))
        #expect(calendar.addBusinessMinutes(60, to: jakarta(2026, 11, 7, 12)) == jakarta(2026, 11, 9, 9))
    }

    @Test func holidaysAreSkipped() {
        let withHoliday = BusinessCalendar(holidays: ["2026-11-03"])
        #expect(withHoliday.addBusinessMinutes(120, to: jakarta(2026, 11, 2, 19)) == jakarta(2026, 11, 4, 9))
        #expect(!withHoliday.isWorkingDay(jakarta(2026, 11, 3, 12)))
        #expect(withHoliday.isWorkingDay(jakarta(2026, 11, 4, 12)))
    }

    @Test func fullBusinessDaysSpanCalendarDays() {
        // Three 12-hour days from Monday 08:00 end Wednesday 20:00.
        #expect(calendar.addBusinessMinutes(3 * 720, to: jakarta(2026, 11, 2, 8)) == jakarta(2026, 11, 4, 20))
        // Five business days from Wednesday noon end next Wednesday noon.
        #expect(calendar.addBusinessMinutes(5 * 720, to: jakarta(2026, 11, 4, 12)) == jakarta(2026, 11, 11, 12))
    }

    @Test func zeroMinutesIsTheStart() {
        let saturday = jakarta(2026, 11, 7, 3)
        #expect(calendar.addBusinessMinutes(0, to: saturday) == saturday)
    }

    @Test func countingMatchesAdding() {
        let starts = [jakarta(2026, 11, 2, 6), jakarta(2026, 11, 6, 19, 17), jakarta(2026, 11, 7, 10)]
        for start in starts {
            for minutes in [1, 59, 720, 1_000, 4_321] {
                let end = calendar.addBusinessMinutes(minutes, to: start)
                #expect(calendar.businessMinutes(from: start, to: end) == minutes)
            }
        }
    }

    @Test func countingSkipsNightsWeekendsAndHolidays() {
        #expect(calendar.businessMinutes(from: jakarta(2026, 11, 6, 19), to: jakarta(2026, 11, 9, 9)) == 120)
        #expect(calendar.businessMinutes(from: jakarta(2026, 11, 7, 0), to: jakarta(2026, 11, 8, 23, 59)) == 0)
        let withHoliday = BusinessCalendar(holidays: ["2026-11-02"])
        #expect(withHoliday.businessMinutes(from: jakarta(2026, 11, 2, 0), to: jakarta(2026, 11, 3, 9)) == 60)
    }

    @Test func countingBackwardsIsZero() {
        #expect(calendar.businessMinutes(from: jakarta(2026, 11, 2, 12), to: jakarta(2026, 11, 2, 10)) == 0)
    }

    @Test func zoneEdgeUTCLateEveningIsJakartaEarlyMorning() {
        // 23:30 UTC Monday is 06:30 Tuesday in Jakarta: before opening, so nothing counts
        // until 08:00 Tuesday local.
        let created = utc(2026, 11, 2, 23, 30)
        #expect(calendar.localDateString(created) == "2026-11-03")
        #expect(!calendar.isWithinWorkingHours(created))
        #expect(calendar.addBusinessMinutes(30, to: created) == jakarta(2026, 11, 3, 8, 30))
        #expect(calendar.businessMinutes(from: created, to: utc(2026, 11, 3, 1, 0)) == 0)
        #expect(calendar.businessMinutes(from: created, to: utc(2026, 11, 3, 2, 0)) == 60)
    }

    @Test func workingHourBoundaries() {
        #expect(calendar.isWithinWorkingHours(jakarta(2026, 11, 2, 8)))
        #expect(!calendar.isWithinWorkingHours(jakarta(2026, 11, 2, 7, 59, 59)))
        #expect(calendar.isWithinWorkingHours(jakarta(2026, 11, 2, 19, 59, 59)))
        #expect(!calendar.isWithinWorkingHours(jakarta(2026, 11, 2, 20)))
    }

    @Test func alwaysCalendarCountsEveryMinute() {
        let always = BusinessCalendar.always
        let saturdayNight = jakarta(2026, 11, 7, 23)
        #expect(always.addBusinessMinutes(90, to: saturdayNight) == jakarta(2026, 11, 8, 0, 30))
        #expect(always.businessMinutes(from: saturdayNight, to: jakarta(2026, 11, 9, 23)) == 48 * 60)
    }

    @Test func otherZonesAndHoursWork() {
        let tokyo = BusinessCalendar(timeZone: TimeZone(identifier: "Asia/Tokyo")!, workingDays: [.saturday],
                                     opensAtMinute: 10 * 60, closesAtMinute: 24 * 60)
        // Saturday 2026-11-07 10:00 Tokyo is 01:00 UTC.
        #expect(tokyo.addBusinessMinutes(60, to: utc(2026, 11, 6, 12)) == utc(2026, 11, 7, 2))
        #expect(tokyo.businessMinutes(from: utc(2026, 11, 7, 0), to: utc(2026, 11, 8, 0)) == 14 * 60)
    }

    @Test func calendarThatNeverOpensDoesNotHang() {
        let never = BusinessCalendar(workingDays: [])
        #expect(never.addBusinessMinutes(10, to: jakarta(2026, 11, 2, 9)) == .distantFuture)
        #expect(never.businessMinutes(from: jakarta(2026, 11, 2), to: jakarta(2026, 12, 2)) == 0)
    }

    @Test func localDatesParseAndReject() {
        #expect(LocalDate("2026-11-01") == LocalDate(year: 2026, month: 11, day: 1))
        #expect(LocalDate("2028-02-29") != nil)
        #expect(LocalDate("2026-02-29") == nil)
        #expect(LocalDate("2026-13-01") == nil)
        #expect(LocalDate("2026-1-01") == nil)
        #expect(LocalDate("２０２６-11-01") == nil)
        #expect(LocalDate(year: 2026, month: 3, day: 9).description == "2026-03-09")
        #expect(LocalDate("2026-11-01")!.start(in: BusinessCalendar.jakarta) == utc(2026, 10, 31, 17))
    }
}
