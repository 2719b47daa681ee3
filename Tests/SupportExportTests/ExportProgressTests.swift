import Foundation
import SupportExport
import Testing

/// Collects progress reports from the exporter's handler, which may run on any thread.
final class ProgressLog: @unchecked Sendable {
    private let lock = NSLock()
    private var reports: [ExportProgress] = []

    func record(_ progress: ExportProgress) { lock.withLock { reports.append(progress) } }
    var all: [ExportProgress] { lock.withLock { reports } }
}

@Suite struct ExportProgressTests {
    @Test func reportsRowsWrittenAndCompletion() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let log = ProgressLog()
        var exporter = try makeExporter(format: .xlsx, url: scratch.file("p.xlsx"), document: Fixture.document,
                                        columns: Fixture.columns, progress: { log.record($0) })
        for index in 0..<2_500 { try exporter.append(Fixture.row(index, counterparty: "Siti", amount: 10)) }
        #expect(exporter.rowsWritten == 2_500)
        try exporter.finish()
        #expect(log.all == [ExportProgress(stage: .writingRows, rows: 1_000),
                            ExportProgress(stage: .writingRows, rows: 2_000),
                            ExportProgress(stage: .finished, rows: 2_500)])
    }

    @Test func aPDFAlsoReportsRendering() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let log = ProgressLog()
        var exporter = try makeExporter(format: .pdf, url: scratch.file("p.pdf"), document: Fixture.document,
                                        columns: Fixture.columns, progress: { log.record($0) })
        for index in 0..<1_500 { try exporter.append(Fixture.row(index, counterparty: "王小明", amount: 10)) }
        try exporter.finish()
        #expect(log.all == [ExportProgress(stage: .writingRows, rows: 1_000),
                            ExportProgress(stage: .renderingPages, rows: 1_000),
                            ExportProgress(stage: .finished, rows: 1_500)])
        let info = try runTool("/usr/bin/pdfinfo", [scratch.file("p.pdf").path])
        #expect(info.contains(/Pages:\s+27\n/), "50 rows under the title block, then 56 a page")
    }

    @Test func aThrowingHandlerCancelsEvenMidRender() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        var exporter = try makeExporter(format: .pdf, url: scratch.file("p.pdf"), document: Fixture.document,
                                        columns: Fixture.columns, progress: { progress in
            if progress.stage == .renderingPages { throw CancellationError() }
        })
        for index in 0..<1_200 { try exporter.append(Fixture.row(index, counterparty: "Siti", amount: 10)) }
        #expect(throws: CancellationError.self) { try exporter.finish() }
        #expect(try scratch.entries() == [])
    }
}
