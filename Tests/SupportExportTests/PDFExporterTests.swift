import Foundation
import SupportExport
import Testing

@Suite struct PDFExporterTests {
    static let names = ["王小明", "Siti Nurhaliza", "Tokopedia, Jakarta", "李娜 (Lina)", "Warung \"Bu Sri\""]

    /// Writes `count` rows and returns the layout text of the PDF, one string per page.
    func exportStatement(rows count: Int, in scratch: ScratchDirectory) throws -> (url: URL, pages: [String]) {
        let url = scratch.file("statement.pdf")
        var exporter = try makeExporter(format: .pdf, url: url, document: Fixture.document,
                                        columns: Fixture.columns)
        for index in 0..<count {
            let amount: Int64 = index % 2 == 0 ? -1_234_567 : 250_000
            try exporter.append(Fixture.row(index, counterparty: Self.names[index % Self.names.count], amount: amount))
        }
        try exporter.finish(totals: [.text("Total"), nil, nil, .money(-98_765_432), .integer(Int64(count))])
        let text = try runTool("/usr/bin/pdftotext", ["-layout", url.path, "-"])
        var pages = text.components(separatedBy: "\u{0C}")
        if pages.last?.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty == true { pages.removeLast() }
        return (url, pages)
    }

    @Test func printsRowsTotalsAndPageCountOnTwoPages() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let (url, pages) = try exportStatement(rows: 70, in: scratch)
        try #require(pages.count == 2)
        let info = try runTool("/usr/bin/pdfinfo", [url.path])
        #expect(info.contains(/Pages:\s+2\n/) && info.contains("(A4)"))

        #expect(pages[0].contains("Transactions — Budi Santoso"))
        #expect(pages[0].contains("Customer: B*** S****** · wallet W-0012345"))
        #expect(pages[0].contains("Period: 2026-11-01 – 2026-11-27"))
        #expect(pages[0].contains("王小明"))
        #expect(pages[0].contains("李娜 (Lina)"))
        #expect(pages[0].contains("2026-11-26 14:03"))
        #expect(pages[0].contains("-Rp1.234.567"))
        #expect(pages[0].contains("Rp250.000"))
        #expect(pages[0].contains("Page 1 of 2"))
        #expect(pages[1].contains("Page 2 of 2"))
        for page in pages {
            #expect(page.contains("Reference") && page.contains("Counterparty") && page.contains("Amount"),
                    "column headers repeat on every page")
        }
        #expect(!pages[1].contains("Period:"), "the title block is on page 1 only")
        #expect(pages[1].contains("TX100069"))
        let totalLine = try #require(pages[1].split(separator: "\n").first { $0.contains("Total") })
        #expect(totalLine.contains("-Rp98.765.432") && totalLine.contains("70"))
    }

    @Test func rightAlignsAmounts() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let (url, _) = try exportStatement(rows: 2, in: scratch)
        // pdftotext -bbox gives each word's box in points; right-aligned amounts of
        // different lengths share their right edge.
        let boxes = try runTool("/usr/bin/pdftotext", ["-bbox", url.path, "-"])
        func rightEdge(of word: String) throws -> Double {
            let match = try #require(boxes.matches(of: /xMax="([0-9.]+)"[^>]*>([^<]*)<\/word>/).first { $0.2 == word })
            return try #require(Double(match.1))
        }
        let debit = try rightEdge(of: "-Rp1.234.567")
        #expect(abs(debit - (try rightEdge(of: "Rp250.000"))) < 0.5)
        #expect(abs(debit - (try rightEdge(of: "-Rp98.765.432"))) < 0.5)
        #expect(try rightEdge(of: "TX100000") < debit - 100, "text columns stay left")
    }

    @Test func embedsACJKFont() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let (url, _) = try exportStatement(rows: 3, in: scratch)
        let fonts = try runTool("/usr/bin/pdffonts", [url.path])
        let cjkFont = try #require(fonts.split(separator: "\n").first {
            $0.contains("WenQuanYi") || $0.contains("NotoSansCJK") || $0.contains("DroidSansFallback")
        })
        // Columns: name, type, encoding, emb, sub, uni, object, id.
        let fields = cjkFont.split(separator: " ", omittingEmptySubsequences: true)
        #expect(fields[fields.count - 5] == "yes", "the CJK font is embedded")
    }

    @Test func anEmptyExportStillMakesAStatement() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let (_, pages) = try exportStatement(rows: 0, in: scratch)
        #expect(pages.count == 1)
        #expect(pages[0].contains("No rows."))
        #expect(pages[0].contains("Page 1 of 1"))
    }
}
