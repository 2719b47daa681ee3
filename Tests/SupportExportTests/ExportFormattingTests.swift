import Foundation
@testable import SupportExport
import SupportCore
import Testing

/// The small pieces every format relies on: money and date spelling, text cleaning,
/// page planning.
@Suite struct ExportFormattingTests {
    @Test func statementMoneyUsesIndonesianGrouping() {
        #expect(MoneyText.statement(1_234_567, currencyCode: "IDR", exponent: 0) == "Rp1.234.567")
        #expect(MoneyText.statement(-1_234_567, currencyCode: "IDR", exponent: 0) == "-Rp1.234.567")
        #expect(MoneyText.statement(0, currencyCode: "IDR", exponent: 0) == "Rp0")
        #expect(MoneyText.statement(999, currencyCode: "IDR", exponent: 0) == "Rp999")
        #expect(MoneyText.statement(-123_456_750, currencyCode: "IDR", exponent: 2) == "-Rp1.234.567,50")
        #expect(MoneyText.statement(1_050, currencyCode: "usd", exponent: 2) == "USD 10,50")
        #expect(MoneyText.statement(.min, currencyCode: "IDR", exponent: 0) == "-Rp9.223.372.036.854.775.808")
        #expect(MoneyText.spreadsheetFormat(currencyCode: "IDR", exponent: 0) == "\"Rp\"#,##0")
        #expect(MoneyText.spreadsheetFormat(currencyCode: "IDR", exponent: 2) == "\"Rp\"#,##0.00")
        #expect(MoneyText.majorUnits(-123_456_750, exponent: 2) == -1_234_567.5)
    }

    @Test func wallClockFollowsTheZoneIncludingDaylightSaving() throws {
        let newYork = try #require(TimeZone(identifier: "America/New_York"))
        // 2026-07-01 12:00 UTC is 08:00 EDT; 2026-01-01 12:00 UTC is 07:00 EST.
        let summer = ZonedDateTime(Date(timeIntervalSince1970: 1_782_907_200), in: newYork)
        #expect(summer.isoDateTimeWithOffset == "2026-07-01T08:00:00-04:00")
        let winter = ZonedDateTime(Date(timeIntervalSince1970: 1_767_268_800), in: newYork)
        #expect(winter.isoDateTimeWithOffset == "2026-01-01T07:00:00-05:00")
        let india = ZonedDateTime(Date(timeIntervalSince1970: 0), in: try #require(TimeZone(identifier: "Asia/Kolkata")))
        #expect(india.isoDateTimeWithOffset == "1970-01-01T05:30:00+05:30")
    }

    @Test func handlesInstantsBefore1970AndLeapDays() {
        let utc = TimeZone(identifier: "UTC")!
        #expect(ZonedDateTime(Date(timeIntervalSince1970: -1), in: utc).isoDateTimeWithOffset
            == "1969-12-31T23:59:59+00:00")
        #expect(ZonedDateTime(Date(timeIntervalSince1970: 951_782_400), in: utc).isoDate == "2000-02-29")
        #expect(ZonedDateTime(Date(timeIntervalSince1970: 1_709_164_800.9), in: utc).isoDateTimeWithOffset
            == "2024-02-29T00:00:00+00:00", "fractions of a second are dropped, not rounded up")
        for days in [-800_000, -1, 0, 1, 19_782, 2_932_896] {
            let civil = LocalClockText.civilDate(daysSince1970: days)
            #expect(LocalClockText.daysSince1970(year: civil.year, month: civil.month, day: civil.day) == days)
        }
    }

    @Test func excelSerialCountsFrom1899() {
        let utc = TimeZone(identifier: "UTC")!
        #expect(ZonedDateTime(Date(timeIntervalSince1970: 0), in: utc).excelSerial == 25_569)
        #expect(ZonedDateTime(Date(timeIntervalSince1970: 43_200), in: utc).excelSerial == 25_569.5)
    }

    @Test func periodIsShownAsWholeDaysWhenItRunsMidnightToMidnight() {
        var document = Fixture.document
        #expect(document.periodLine == "Period: 2026-11-01 – 2026-11-27")
        document.period = DateInterval(start: Fixture.afternoon, duration: 3_600)
        #expect(document.periodLine == "Period: 2026-11-26 14:03 – 2026-11-26 15:03")
        document.period = nil
        #expect(document.periodLine == nil)
        #expect(document.headerLines.count == 2)
    }

    @Test func statementTextIsOneCleanLine() {
        #expect(DisplayText.singleLine("line one\nline two\r\tend") == "line one line two  end")
        #expect(DisplayText.singleLine("evil\u{202E}txt.exe\u{2066}") == "eviltxt.exe")
        #expect(DisplayText.singleLine("\u{1B}[31m王小明") == " [31m王小明")
        #expect(DisplayText.cellWidth("王小明 ab") == 9)
    }

    @Test func pagePlanKeepsTotalsWithTheLastRows() {
        #expect(PDFPagePlan(rowCount: 0, firstPageCapacity: 50, laterPageCapacity: 56, trailingSlots: 3).rowsPerPage
            == [0])
        #expect(PDFPagePlan(rowCount: 47, firstPageCapacity: 50, laterPageCapacity: 56, trailingSlots: 2).rowsPerPage
            == [47])
        #expect(PDFPagePlan(rowCount: 49, firstPageCapacity: 50, laterPageCapacity: 56, trailingSlots: 2).rowsPerPage
            == [49, 0], "totals that do not fit move to a page of their own")
        #expect(PDFPagePlan(rowCount: 70, firstPageCapacity: 50, laterPageCapacity: 56, trailingSlots: 2).rowsPerPage
            == [50, 20])
        #expect(PDFPagePlan(rowCount: 10, firstPageCapacity: 0, laterPageCapacity: 56, trailingSlots: 0).rowsPerPage
            == [0, 10], "a title block that fills page 1 pushes the table to page 2")
        #expect(PDFPagePlan(rowCount: 1_000_000, firstPageCapacity: 50, laterPageCapacity: 56, trailingSlots: 2)
            .pageCount == 17_858, "50, then 17 856 pages of 56, then 14 rows and the totals")
    }

    @Test func sheetNamesAreMadeAcceptableToExcel() {
        #expect(XLSXExporter.sheetName("Tx [Nov]: a/b?") == "Tx Nov ab")
        #expect(XLSXExporter.sheetName("   ") == "Export")
        #expect(XLSXExporter.sheetName(String(repeating: "x", count: 40)).count == 31)
    }
}
