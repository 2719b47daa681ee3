import Foundation
import SupportExport
import Testing

@Suite struct CSVExporterTests {
    @Test func writesExactRFC4180Bytes() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let url = scratch.file("small.csv")
        let columns = [
            ExportColumn("Time", kind: .dateTime),
            ExportColumn("Day", kind: .date),
            ExportColumn("Name, full"),
            ExportColumn("Amount", kind: .money(currencyCode: "IDR", exponent: 0)),
            ExportColumn("Count", kind: .integer),
        ]
        var exporter = try makeExporter(format: .csv, url: url, document: Fixture.document, columns: columns)
        try exporter.append([.date(Fixture.afternoon), .date(Fixture.afternoon), .text("Toko \"Maju\""),
                             .money(-1_234_567), .integer(3)])
        try exporter.append([.date(Fixture.afternoon), .date(Fixture.afternoon), .text("王小明"),
                             .money(50_000), .integer(-1)])
        try exporter.finish(totals: [.text("Total"), nil, nil, .money(-1_184_567), .integer(2)])

        let expected = "Time,Day,\"Name, full\",Amount,Count\r\n"
            + "2026-11-26T14:03:05+07:00,2026-11-26,\"Toko \"\"Maju\"\"\",-1234567,3\r\n"
            + "2026-11-26T14:03:05+07:00,2026-11-26,王小明,50000,-1\r\n"
        #expect(try Data(contentsOf: url) == Data(expected.utf8))
    }

    @Test func roundTripsAwkwardText() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let url = scratch.file("awkward.csv")
        let names = ["Warung Bu Sri, Jl. Merdeka", "He said \"bayar\"", "line one\nline two",
                     "crlf\r\ninside", "王小明", "Siti Nurhaliza", "", "trailing space "]
        var exporter = try makeExporter(format: .csv, url: url, document: Fixture.document,
                                        columns: Fixture.columns)
        for (index, name) in names.enumerated() {
            try exporter.append(Fixture.row(index, counterparty: name, amount: -Int64(index) * 1_000_500))
        }
        try exporter.finish()

        let records = parseCSV(String(decoding: try Data(contentsOf: url), as: UTF8.self))
        #expect(records.count == names.count + 1)
        #expect(records[0] == ["Time", "Reference", "Counterparty", "Amount", "Items"])
        for (index, name) in names.enumerated() {
            let record = records[index + 1]
            // Line breaks survive (quoted), normalised to LF as the console's sanitiser does.
            #expect(record[2] == name.replacingOccurrences(of: "\r\n", with: "\n"))
            #expect(record[3] == String(-index * 1_000_500))
            #expect(record[1] == "TX\(100_000 + index)")
        }
    }

    @Test func neutralisesFormulaText() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let url = scratch.file("formula.csv")
        var exporter = try CSVExporter(url: url, document: Fixture.document, columns: [ExportColumn("Note")])
        for text in ["=HYPERLINK(\"http://x\")", "+62812", "-", "@SUM(A1)", "safe=1"] {
            try exporter.append([.text(text)])
        }
        try exporter.finish()
        let records = parseCSV(try String(contentsOf: url, encoding: .utf8))
        #expect(records.dropFirst().map { $0[0] } == ["'=HYPERLINK(\"http://x\")", "'+62812", "'-", "'@SUM(A1)", "safe=1"])
    }

    @Test func spellsMoneyWithTheColumnsExponent() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let url = scratch.file("cents.csv")
        var exporter = try CSVExporter(url: url, document: Fixture.document, columns: [
            ExportColumn("USD", kind: .money(currencyCode: "USD", exponent: 2)),
        ])
        for cents: Int64 in [-123_456_750, 5, -5, 100, 0, .min] { try exporter.append([.money(cents)]) }
        try exporter.finish()
        let records = parseCSV(try String(contentsOf: url, encoding: .utf8))
        #expect(records.dropFirst().map { $0[0] }
            == ["-1234567.50", "0.05", "-0.05", "1.00", "0.00", "-92233720368547758.08"])
    }

    @Test func createsTheFileOwnerOnly() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let url = scratch.file("private.csv")
        var exporter = try makeExporter(format: .csv, url: url, document: Fixture.document, columns: Fixture.columns)
        try exporter.finish()
        let mode = try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }
}

/// A strict RFC 4180 reader for the tests: CRLF between records, quotes doubled.
func parseCSV(_ text: String) -> [[String]] {
    var records: [[String]] = []
    var record: [String] = []
    var field = ""
    var inQuotes = false
    var characters = Array(text.unicodeScalars)[...]
    while let scalar = characters.popFirst() {
        if inQuotes {
            if scalar == "\"" {
                if characters.first == "\"" { field.unicodeScalars.append("\""); characters.removeFirst() }
                else { inQuotes = false }
            } else {
                field.unicodeScalars.append(scalar)
            }
        } else if scalar == "\"" {
            inQuotes = true
        } else if scalar == "," {
            record.append(field); field = ""
        } else if scalar == "\r" && characters.first == "\n" {
            characters.removeFirst()
            record.append(field); records.append(record); record = []; field = ""
        } else {
            field.unicodeScalars.append(scalar)
        }
    }
    return records
}
