import Foundation
import SupportExport
import Testing

/// What every format promises about files: nothing at the destination until `finish`,
/// no temporary file left after `cancel`, an error or an abandoned exporter, and
/// owner-only permissions.
@Suite struct ExportLifecycleTests {
    @Test(arguments: ExportFormat.allCases)
    func cancelLeavesNoFileBehind(format: ExportFormat) throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        var exporter = try makeExporter(format: format, url: scratch.file("out.\(format.fileExtension)"),
                                        document: Fixture.document, columns: Fixture.columns)
        for index in 0..<50 { try exporter.append(Fixture.row(index, counterparty: "王小明", amount: -5_000)) }
        #expect(try scratch.entries().count >= 1, "rows are being written to a temporary file")
        exporter.cancel()
        #expect(try scratch.entries() == [])
        exporter.cancel()  // harmless twice
    }

    @Test(arguments: ExportFormat.allCases)
    func anAbandonedExporterCleansUpAfterItself(format: ExportFormat) throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        do {
            var exporter = try makeExporter(format: format, url: scratch.file("out.\(format.fileExtension)"),
                                            document: Fixture.document, columns: Fixture.columns)
            try exporter.append(Fixture.row(0, counterparty: "Siti", amount: 1))
        }
        #expect(try scratch.entries() == [])
    }

    @Test(arguments: ExportFormat.allCases)
    func replacesAnOldFileOnlyWhenFinished(format: ExportFormat) throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let url = scratch.file("out.\(format.fileExtension)")
        try Data("previous export".utf8).write(to: url)

        var cancelled = try makeExporter(format: format, url: url, document: Fixture.document, columns: Fixture.columns)
        try cancelled.append(Fixture.row(0, counterparty: "Siti", amount: 1))
        #expect(try Data(contentsOf: url) == Data("previous export".utf8))
        cancelled.cancel()
        #expect(try Data(contentsOf: url) == Data("previous export".utf8))

        var finished = try makeExporter(format: format, url: url, document: Fixture.document, columns: Fixture.columns)
        try finished.append(Fixture.row(0, counterparty: "Siti", amount: 1))
        try finished.finish()
        #expect(try Data(contentsOf: url) != Data("previous export".utf8))
        #expect(try scratch.entries() == [url.lastPathComponent])
        let mode = try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(throws: ExportError.notOpen) { try finished.append(Fixture.row(1, counterparty: "x", amount: 1)) }
        #expect(try scratch.entries() == [url.lastPathComponent], "a late append leaves the finished file alone")
    }

    @Test(arguments: ExportFormat.allCases)
    func anUnwritableDirectoryIsExplained(format: ExportFormat) throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let locked = scratch.file("locked")
        try FileManager.default.createDirectory(at: locked, withIntermediateDirectories: false,
                                                attributes: [.posixPermissions: 0o500])
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: locked.path) }
        // Root ignores permission bits; sysfs refuses new files even to root.
        let directory = geteuid() == 0 ? URL(fileURLWithPath: "/sys") : locked
        let url = directory.appendingPathComponent("out.\(format.fileExtension)")

        let error = try #require(throws: ExportError.self) {
            _ = try makeExporter(format: format, url: url, document: Fixture.document, columns: Fixture.columns)
        }
        #expect(error == .cannotCreateFile(directory: directory.path, reason: "Permission denied"))
        #expect(error.description == "Cannot create the export file in \(directory.path): Permission denied.")
        #expect(error.localizedDescription == error.description)
    }

    @Test func aMissingDirectoryIsExplained() throws {
        let url = URL(fileURLWithPath: "/nonexistent-paydesk-dir/out.csv")
        let error = try #require(throws: ExportError.self) {
            _ = try makeExporter(format: .csv, url: url, document: Fixture.document, columns: Fixture.columns)
        }
        #expect(error.description == "Cannot create the export file in /nonexistent-paydesk-dir: No such file or directory.")
    }

    @Test(arguments: ExportFormat.allCases)
    func aBadRowStopsTheExportAndCleansUp(format: ExportFormat) throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        var exporter = try makeExporter(format: format, url: scratch.file("out.\(format.fileExtension)"),
                                        document: Fixture.document, columns: Fixture.columns)
        try exporter.append(Fixture.row(0, counterparty: "Siti", amount: 1))
        let error = try #require(throws: ExportError.self) { try exporter.append([.text("short")]) }
        #expect(error.description == "Row 2 has 1 values but the export has 5 columns.")
        #expect(try scratch.entries() == [])
        #expect(throws: ExportError.notOpen) { try exporter.finish() }
    }

    @Test func valuesMustFitTheirColumnsKind() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        var exporter = try makeExporter(format: .csv, url: scratch.file("out.csv"),
                                        document: Fixture.document, columns: Fixture.columns)
        var row = Fixture.row(0, counterparty: "Siti", amount: 1)
        row[3] = .integer(5)
        #expect(throws: ExportError.valueDoesNotFitColumn(row: 1, column: "Amount")) { try exporter.append(row) }

        var totalsExporter = try makeExporter(format: .csv, url: scratch.file("totals.csv"),
                                              document: Fixture.document, columns: Fixture.columns)
        #expect(throws: ExportError.wrongValueCount(row: nil, expected: 5, actual: 1)) {
            try totalsExporter.finish(totals: [.money(1)])
        }
        #expect(try scratch.entries() == [])
    }

    @Test func columnsAreChecked() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        #expect(throws: ExportError.invalidColumns(reason: "there are none")) {
            _ = try makeExporter(format: .xlsx, url: scratch.file("none.xlsx"), document: Fixture.document, columns: [])
        }
        #expect(throws: ExportError.self) {
            _ = try makeExporter(format: .pdf, url: scratch.file("odd.pdf"), document: Fixture.document,
                                 columns: [ExportColumn("Odd", kind: .money(currencyCode: "IDR", exponent: 12))])
        }
        #expect(try scratch.entries() == [])
    }
}
