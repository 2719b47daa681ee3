import Foundation
import SupportExport
import Testing

@Suite struct XLSXExporterTests {
    /// Title block rows 1–4, a blank row 5, the header in row 6, data from row 7.
    @Test func writesTypedCellsTitleBlockAndTotals() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let url = scratch.file("statement.xlsx")
        var exporter = try makeExporter(format: .xlsx, url: url, document: Fixture.document,
                                        columns: Fixture.columns)
        try exporter.append(Fixture.row(0, counterparty: "Tokopedia", amount: -1_234_567))
        try exporter.append(Fixture.row(1, counterparty: "王小明", amount: 250_000))
        try exporter.append(Fixture.row(2, counterparty: "Siti \"Ani\" <Nurhaliza> & Co", amount: 0))
        try exporter.finish(totals: [.text("Total"), nil, nil, .money(-984_567), .integer(3)])

        let book = try XLSXPackageReader(url: url)
        #expect(book.cells["A1"]?.value == "Transactions — Budi Santoso")
        #expect(book.cells["A2"]?.value == "Customer: B*** S****** · wallet W-0012345 · phone +62 812-****-7890")
        #expect(book.cells["A3"]?.value == "Period: 2026-11-01 – 2026-11-27")
        #expect(book.cells["A4"]?.value == "Generated 2026-11-26 14:03 · times in Asia/Jakarta (UTC+07:00)")

        #expect(["A6", "B6", "C6", "D6", "E6"].map { book.cells[$0]?.value }
            == ["Time", "Reference", "Counterparty", "Amount", "Items"])
        let header = try #require(book.cells["A6"])
        #expect(book.isBold(style: header.style))

        let amount = try #require(book.cells["D7"])
        #expect(amount.type == nil, "amounts are numeric cells, not text")
        #expect(amount.value == "-1234567")
        let moneyFormat = try #require(book.numberFormat(ofStyle: amount.style))
        #expect(moneyFormat.contains("Rp") && moneyFormat.contains("#,##0"))

        let time = try #require(book.cells["A7"])
        #expect(time.type == nil, "dates are numeric cells")
        // 2026-11-26 14:03:05 wall-clock in Jakarta, as days since 1899-12-30.
        let expectedSerial = (Fixture.afternoon.timeIntervalSince1970 + 7 * 3_600) / 86_400 + 25_569
        #expect(abs(try #require(Double(time.value)) - expectedSerial) < 1e-6)
        #expect(book.numberFormat(ofStyle: time.style) == "yyyy-mm-dd hh:mm:ss")

        #expect(book.cells["C8"]?.value == "王小明")
        #expect(book.cells["C9"]?.value == "Siti \"Ani\" <Nurhaliza> & Co")
        #expect(book.cells["E8"]?.value == "1")

        #expect(book.cells["A10"]?.value == "Total")
        let total = try #require(book.cells["D10"])
        #expect(total.type == nil && total.value == "-984567")
        #expect(book.isBold(style: total.style))
        #expect(book.cells["E10"]?.value == "3")

        #expect(book.sheetXML.contains(#"<pane ySplit="6" topLeftCell="A7" activePane="bottomLeft" state="frozen"/>"#))
        #expect(book.sheetXML.contains(#"<autoFilter ref="A6:E9"/>"#))
        let widths = book.sheetXML.matches(of: /<col min="(\d+)" max="\d+" width="([0-9.]+)"/)
            .map { Double($0.2) ?? 0 }
        #expect(widths.count == 5 && widths[2] >= 22, "counterparty column is wide enough")
    }

    @Test func writesDateOnlyColumnsAsDates() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let url = scratch.file("days.xlsx")
        let document = ExportDocument(title: "Days", timeZone: Fixture.jakarta)
        var exporter = try XLSXExporter(url: url, document: document, columns: [ExportColumn("Day", kind: .date)])
        try exporter.append([.date(Fixture.afternoon)])
        try exporter.finish()
        let book = try XLSXPackageReader(url: url)
        // Title, generated line, blank, header (row 4), then the day in row 5.
        let day = try #require(book.cells["A5"])
        #expect(day.type == nil)
        #expect(book.numberFormat(ofStyle: day.style) == "yyyy-mm-dd")
    }

    @Test func aFullSheetIsExplainedInOneSentence() {
        // Reaching the limit takes a million rows, too slow for a unit test.
        let error = ExportError.tooManyRows(limit: 1_048_570)
        #expect(error.description == "An XLSX sheet holds at most 1048570 rows here; narrow the filter or export to CSV.")
    }
}
