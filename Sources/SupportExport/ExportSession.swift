import Foundation
import SupportCore

/// The bookkeeping every exporter shares: the staged output file, row validation,
/// the row count, progress reports and the open / settled state.
final class ExportSession {
    let columns: [ExportColumn]
    let output: StagedOutputFile
    private let progress: ExportProgressHandler?
    private(set) var rowsWritten = 0
    private(set) var isOpen = true

    init(url: URL, columns: [ExportColumn], fileModes: FileModes, progress: ExportProgressHandler?) throws {
        try Self.validate(columns)
        self.columns = columns
        self.progress = progress
        output = try StagedOutputFile(destination: url, modes: fileModes)
    }

    /// Checks the next row before anything of it is written, so a bad row never
    /// leaves a partial line in the file.
    func check(_ row: [ExportValue]) throws(ExportError) {
        guard isOpen else { throw .notOpen }
        try check(row, rowNumber: rowsWritten + 1)
    }

    /// An empty array means no totals row.
    func check(totals: [ExportValue?]) throws(ExportError) {
        guard isOpen else { throw .notOpen }
        guard !totals.isEmpty else { return }
        guard totals.count == columns.count else {
            throw .wrongValueCount(row: nil, expected: columns.count, actual: totals.count)
        }
        for (value, column) in zip(totals, columns) {
            if let value, !column.accepts(value) {
                throw .valueDoesNotFitColumn(row: nil, column: column.title)
            }
        }
    }

    func countRow() throws {
        rowsWritten += 1
        if rowsWritten % ExportProgress.reportingInterval == 0 {
            try report(.writingRows, rows: rowsWritten)
        }
    }

    func report(_ stage: ExportProgress.Stage, rows: Int) throws {
        try progress?(ExportProgress(stage: stage, rows: rows))
    }

    /// Publishes the file. Progress is told afterwards, so a handler that throws at
    /// this point cannot undo a file the agent already has.
    func commit() throws {
        isOpen = false
        try output.commit()
        try? report(.finished, rows: rowsWritten)
    }

    func discard() {
        isOpen = false
        output.discard()
    }

    private func check(_ row: [ExportValue], rowNumber: Int) throws(ExportError) {
        guard row.count == columns.count else {
            throw .wrongValueCount(row: rowNumber, expected: columns.count, actual: row.count)
        }
        for (value, column) in zip(row, columns) where !column.accepts(value) {
            throw .valueDoesNotFitColumn(row: rowNumber, column: column.title)
        }
    }

    private static func validate(_ columns: [ExportColumn]) throws(ExportError) {
        guard !columns.isEmpty else { throw .invalidColumns(reason: "there are none") }
        for column in columns {
            if case let .money(_, exponent) = column.kind,
               !(0...MoneyText.maximumExponent).contains(exponent) {
                throw .invalidColumns(
                    reason: "\"\(column.title)\" has currency exponent \(exponent), outside 0...\(MoneyText.maximumExponent)")
            }
        }
    }
}
