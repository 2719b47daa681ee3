import CXlsxWriter
import Foundation

/// An Excel workbook with one sheet: a title block, a bold header row frozen in place,
/// typed cells (amounts and dates are numbers with number formats, so they sum and
/// sort), and a bold totals row of values.
///
/// libxlsxwriter runs in `constant_memory` mode: each finished row goes to a temporary
/// file and leaves memory, which is what lets a million-row export stay small. The
/// price is that rows must be written top to bottom, which is how rows arrive anyway.
public final class XLSXExporter: TableExporter {
    private let session: ExportSession
    private let timeZone: TimeZone
    private var workbook: UnsafeMutablePointer<lxw_workbook>?
    private let worksheet: UnsafeMutablePointer<lxw_worksheet>
    private let formats: XLSXCellFormats
    private let headerRow: lxw_row_t
    private var nextRow: lxw_row_t

    /// Data rows fit between the header and the totals row within Excel's sheet limit.
    private var rowLimit: Int { Int(LXW_ROW_MAX) - Int(headerRow) - 2 }

    public var rowsWritten: Int { session.rowsWritten }

    public init(url: URL, document: ExportDocument, columns: [ExportColumn],
                progress: ExportProgressHandler? = nil) throws {
        let session = try ExportSession(url: url, columns: columns, fileModes: document.fileModes, progress: progress)
        self.session = session
        // libxlsxwriter opens the file by name itself.
        session.output.closeDescriptor()
        timeZone = document.timeZone

        // Its row spill files go beside the export rather than in /tmp, which is often
        // a RAM disk and would hold the whole sheet in memory after all. They are
        // unlinked as soon as they are opened, so nothing is ever left behind.
        let directory = url.deletingLastPathComponent().path
        let created = directory.withCString { tmpdir in
            // Zero-initialised, then set: newer libxlsxwriter versions add fields.
            var options = lxw_workbook_options()
            options.constant_memory = 1
            options.tmpdir = UnsafeMutablePointer(mutating: tmpdir)
            return workbook_new_opt(session.output.temporaryPath, &options)
        }
        guard let created, let sheet = workbook_add_worksheet(created, Self.sheetName(document.sheetName)) else {
            if let created { lxw_workbook_free(created) }
            session.discard()
            throw ExportError.library(name: "libxlsxwriter", message: "it could not start a workbook")
        }
        workbook = created
        worksheet = sheet
        formats = XLSXCellFormats(workbook: created, columns: columns)
        headerRow = lxw_row_t(document.headerLines.count + 2)
        nextRow = headerRow + 1
        try abandoningOnError { try writeTitleBlock(document) }
    }

    deinit {
        releaseWorkbook()
    }

    public func append(_ row: [ExportValue]) throws {
        try abandoningOnError {
            try session.check(row)
            guard session.rowsWritten < rowLimit else {
                throw ExportError.tooManyRows(limit: rowLimit)
            }
            for (column, value) in row.enumerated() {
                try write(value, row: nextRow, column: column, format: formats.body[column])
            }
            nextRow += 1
            try session.countRow()
        }
    }

    public func finish(totals: [ExportValue?]) throws {
        try abandoningOnError {
            try session.check(totals: totals)
            // Before the totals row: in constant-memory mode libxlsxwriter refuses a
            // range that ends above the row it is writing, and totals are not filtered.
            try check(worksheet_autofilter(worksheet, headerRow, 0, nextRow - 1,
                                           lxw_col_t(session.columns.count - 1)))
            for (column, value) in totals.enumerated() {
                try write(value, row: nextRow, column: column, format: formats.totals[column])
            }
            guard let workbook else { throw ExportError.notOpen }
            // workbook_close frees the workbook whether or not it succeeds.
            self.workbook = nil
            try check(workbook_close(workbook))
            try session.commit()
        }
    }

    public func cancel() {
        releaseWorkbook()
        session.discard()
    }

    private func abandoningOnError(_ body: () throws -> Void) throws {
        do { try body() } catch { cancel(); throw error }
    }

    /// Title, header lines, a blank row, then the column header; the pane is frozen
    /// below the header so titles stay in view while scrolling a long export.
    private func writeTitleBlock(_ document: ExportDocument) throws {
        try check(worksheet_write_string(worksheet, 0, 0, Self.cellText(document.title), formats.title))
        for (offset, line) in document.headerLines.enumerated() {
            try check(worksheet_write_string(worksheet, lxw_row_t(offset + 1), 0, Self.cellText(line), nil))
        }
        for (index, column) in session.columns.enumerated() {
            let position = lxw_col_t(index)
            try check(worksheet_set_column(worksheet, position, position,
                                           XLSXCellFormats.width(of: column), nil))
            try check(worksheet_write_string(worksheet, headerRow, position,
                                             Self.cellText(column.title), formats.columnHeader))
        }
        worksheet_freeze_panes(worksheet, headerRow + 1, 0)
        // Printed copies get the header on every page and fit the page width.
        try check(worksheet_repeat_rows(worksheet, headerRow, headerRow))
        worksheet_set_paper(worksheet, 9)  // A4
        worksheet_fit_to_pages(worksheet, 1, 0)
    }

    private func write(_ value: ExportValue?, row: lxw_row_t, column: Int,
                       format: XLSXCellFormats.Format) throws {
        let position = lxw_col_t(column)
        let status: lxw_error
        switch value {
        case nil:
            status = worksheet_write_blank(worksheet, row, position, format)
        case let .text(text):
            status = worksheet_write_string(worksheet, row, position, Self.cellText(text), format)
        case let .integer(number):
            status = worksheet_write_number(worksheet, row, position, Double(number), format)
        case let .money(minorUnits):
            guard case let .money(_, exponent) = session.columns[column].kind else { return }
            status = worksheet_write_number(worksheet, row, position,
                                            MoneyText.majorUnits(minorUnits, exponent: exponent), format)
        case let .date(date):
            status = worksheet_write_number(worksheet, row, position,
                                            ZonedDateTime(date, in: timeZone).excelSerial, format)
        }
        try check(status)
    }

    private func check(_ status: lxw_error) throws(ExportError) {
        guard status != LXW_NO_ERROR else { return }
        throw .library(name: "libxlsxwriter", message: String(cString: lxw_strerror(status)))
    }

    /// Frees an unfinished workbook. libxlsxwriter only closes a sheet's spill file in
    /// `workbook_close`, so it is closed here by hand or its descriptor would leak.
    private func releaseWorkbook() {
        guard let workbook else { return }
        if let spill = worksheet.pointee.optimize_tmpfile { fclose(spill) }
        worksheet.pointee.optimize_tmpfile = nil
        worksheet.pointee.file = nil
        lxw_workbook_free(workbook)
        self.workbook = nil
    }

    /// Excel refuses longer cell text.
    /// Inert and formula-neutralised like a CSV field (a sheet saved as CSV, or a cell
    /// copied into a terminal, carries the text on), then cut to Excel's cell limit.
    private static func cellText(_ text: String) -> String {
        let limit = 32_767
        let safe = DisplayText.cell(text)
        return safe.utf8.count <= limit ? safe : String(String.UnicodeScalarView(safe.unicodeScalars.prefix(limit)))
    }

    /// Excel sheet names: at most 31 characters, none of `[]:*?/\`, not blank.
    static func sheetName(_ requested: String) -> String {
        let forbidden = Set("[]:*?/\\")
        let cleaned = String(requested.filter { !forbidden.contains($0) }.prefix(31))
            .trimmingCharacters(in: .whitespaces)
        return cleaned.isEmpty ? "Export" : cleaned
    }
}
