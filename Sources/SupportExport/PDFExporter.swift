import Foundation

/// A printable A4 statement: title block, a table with its headers on every page,
/// amounts as `Rp1.234.567` (a leading minus for debits), a totals line and
/// "Page N of M" footers.
///
/// The footers need the page count before page 1 is drawn, so `append` turns each row
/// into display text and spools it to disk (see `RowSpool`); `finish` counts, plans the
/// pages and renders them in one pass. Memory stays flat however many rows there are.
public final class PDFExporter: TableExporter {
    private let session: ExportSession
    private let document: ExportDocument
    private let spool: RowSpool

    public var rowsWritten: Int { session.rowsWritten }

    public init(url: URL, document: ExportDocument, columns: [ExportColumn],
                progress: ExportProgressHandler? = nil) throws {
        let session = try ExportSession(url: url, columns: columns, fileModes: document.fileModes, progress: progress)
        do {
            spool = try RowSpool(beside: url, cellsPerRow: columns.count)
        } catch {
            session.discard()
            throw error
        }
        self.session = session
        self.document = document
    }

    public func append(_ row: [ExportValue]) throws {
        try abandoningOnError {
            try session.check(row)
            try spool.append(zip(row, session.columns).map { displayText(for: $0, in: $1) })
            try session.countRow()
        }
    }

    public func finish(totals: [ExportValue?]) throws {
        try abandoningOnError {
            try session.check(totals: totals)
            let totalsText = totals.isEmpty ? nil : zip(totals, session.columns).map { value, column in
                value.map { displayText(for: $0, in: column) } ?? ""
            }
            var reader = try spool.makeReader()
            let writer = BufferedFileWriter(descriptor: session.output.descriptor,
                                            path: session.output.temporaryPath)
            let renderer = try PDFStatementRenderer(document: document, columns: session.columns,
                                                    writer: writer)
            try renderer.render(rowCount: spool.rowCount, nextRow: { try reader.next() },
                                totals: totalsText,
                                rendered: { try session.report(.renderingPages, rows: $0) })
            try writer.flush()
            spool.close()
            try session.commit()
        }
    }

    public func cancel() {
        spool.close()
        session.discard()
    }

    private func abandoningOnError(_ body: () throws -> Void) throws {
        do { try body() } catch { cancel(); throw error }
    }

    /// What a reader of the statement sees in a cell.
    private func displayText(for value: ExportValue, in column: ExportColumn) -> String {
        switch value {
        case let .text(text):
            DisplayText.singleLine(text)
        case let .integer(number):
            String(number)
        case let .money(minorUnits):
            if case let .money(currencyCode, exponent) = column.kind {
                MoneyText.statement(minorUnits, currencyCode: currencyCode, exponent: exponent)
            } else {
                String(minorUnits)  // unreachable: the session checked the kind
            }
        case let .date(date):
            column.kind == .date
                ? ZonedDateTime(date, in: document.timeZone).isoDate
                : ZonedDateTime(date, in: document.timeZone).displayDateTime
        }
    }
}
