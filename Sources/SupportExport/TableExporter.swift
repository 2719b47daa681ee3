import Foundation

/// Writes one table to one file, a row at a time, so an export of a million rows never
/// holds them all in memory.
///
/// Nothing appears at the destination until `finish` succeeds: rows go to a temporary
/// file beside it, which `finish` renames into place. `cancel`, any thrown error, or
/// dropping the exporter unfinished removes the temporary file and leaves the
/// destination as it was. Files are created owner-only (0600).
public protocol TableExporter {
    /// Data rows accepted so far.
    var rowsWritten: Int { get }

    /// Adds one row: one value per column, each of the column's kind (or `.text`).
    mutating func append(_ row: [ExportValue]) throws

    /// Writes the totals row (one optional value per column; nil leaves the cell
    /// empty; an empty array means no totals row), completes the file and moves it to
    /// its destination. CSV holds data only and ignores totals.
    mutating func finish(totals: [ExportValue?]) throws

    /// Abandons the export and removes its temporary files. Safe to call at any time.
    mutating func cancel()
}

extension TableExporter {
    public mutating func finish() throws { try finish(totals: []) }
}

/// How far an export has got, for drawing a progress bar.
public struct ExportProgress: Sendable, Hashable {
    public enum Stage: Sendable, Hashable {
        /// Rows are being accepted (a PDF spools them for the page count).
        case writingRows
        /// PDF only: the spooled rows are being laid out on pages; `rows` counts up
        /// again to the total appended.
        case renderingPages
        /// The file is complete and at its destination.
        case finished
    }

    public var stage: Stage
    /// Rows handled so far in this stage.
    public var rows: Int

    public init(stage: Stage, rows: Int) {
        self.stage = stage
        self.rows = rows
    }

    /// Rows between two reports: often enough for a smooth bar, rare enough to cost
    /// nothing next to the writing.
    public static let reportingInterval = 1_000
}

/// Receives progress reports. Throwing from it (for example `CancellationError` when
/// the agent presses Esc) abandons the export like `cancel()` and rethrows — the only
/// way to stop a long PDF render, which happens inside `finish`.
public typealias ExportProgressHandler = @Sendable (ExportProgress) throws -> Void

/// Creates the exporter for a format. Throws `ExportError.cannotCreateFile` when the
/// destination's directory cannot take a new file.
public func makeExporter(format: ExportFormat, url: URL, document: ExportDocument,
                         columns: [ExportColumn],
                         progress: ExportProgressHandler? = nil) throws -> any TableExporter {
    switch format {
    case .csv:
        try CSVExporter(url: url, document: document, columns: columns, progress: progress)
    case .xlsx:
        try XLSXExporter(url: url, document: document, columns: columns, progress: progress)
    case .pdf:
        try PDFExporter(url: url, document: document, columns: columns, progress: progress)
    }
}
