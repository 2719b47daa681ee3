import CDocumentsABI
import Foundation

/// An Excel workbook with one sheet: a title block, a bold header row frozen in place,
/// typed cells (amounts and dates are numbers with number formats, so they sum and
/// sort), and a bold totals row of values.
///
/// libxlsxwriter runs in `constant_memory` mode: each finished row goes to a temporary
/// file and leaves memory, which is what lets a million-row export stay small. The
/// price is that rows must be written top to bottom, which is how rows arrive anyway.
/// The library is reached through libPaydeskXLSX.so (`DocumentLibrary`).
public final class XLSXExporter: TableExporter {
    private let session: ExportSession
    private let timeZone: TimeZone
    private let library: UnsafePointer<paydesk_xlsx>
    private var workbook: UnsafeMutableRawPointer?
    private let worksheet: UnsafeMutableRawPointer
    private let formats: XLSXCellFormats
    private let headerRow: UInt32
    private var nextRow: UInt32

    /// Data rows fit between the header and the totals row within Excel's sheet limit.
    private var rowLimit: Int { Int(library.pointee.xlsx_row_max) - Int(headerRow) - 2 }

    public var rowsWritten: Int { session.rowsWritten }

    public init(url: URL, document: ExportDocument, columns: [ExportColumn],
                progress: ExportProgressHandler? = nil) throws {
        let library = try DocumentLibrary.xlsx()
        let session = try ExportSession(url: url, columns: columns, fileModes: document.fileModes, progress: progress)
        self.session = session
        self.library = library
        // libxlsxwriter opens the file by name itself.
        session.output.closeDescriptor()
        timeZone = document.timeZone

        // Its row spill files go beside the export rather than in /tmp, which is often
        // a RAM disk and would hold the whole sheet in memory after all. They are
        // unlinked as soon as they are opened, so nothing is ever left behind.
        let directory = url.deletingLastPathComponent().path
        let created = library.pointee.xlsx_open(session.output.temporaryPath, directory)
        guard let created, let sheet = library.pointee.xlsx_add_worksheet(created, Self.sheetName(document.sheetName)) else {
            if let created { library.pointee.xlsx_abandon(created, nil) }
            session.discard()
            throw ExportError.library(name: "libxlsxwriter", message: "it could not start a workbook")
        }
        workbook = created
        worksheet = sheet
        formats = XLSXCellFormats(library: library, workbook: created, columns: columns)
        headerRow = UInt32(document.headerLines.count + 2)
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
            try check(library.pointee.xlsx_autofilter(worksheet, headerRow, 0, nextRow - 1,
                                                      UInt16(session.columns.count - 1)))
            for (column, value) in totals.enumerated() {
                try write(value, row: nextRow, column: column, format: formats.totals[column])
            }
            guard let workbook else { throw ExportError.notOpen }
            // workbook_close frees the workbook whether or not it succeeds.
            self.workbook = nil
            try check(library.pointee.xlsx_close(workbook))
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
        let xlsx = library.pointee
        try check(xlsx.xlsx_write_string(worksheet, 0, 0, Self.cellText(document.title), formats.title))
        for (offset, line) in document.headerLines.enumerated() {
            try check(xlsx.xlsx_write_string(worksheet, UInt32(offset + 1), 0, Self.cellText(line), nil))
        }
        for (index, column) in session.columns.enumerated() {
            let position = UInt16(index)
            try check(xlsx.xlsx_set_column(worksheet, position, position, XLSXCellFormats.width(of: column)))
            try check(xlsx.xlsx_write_string(worksheet, headerRow, position,
                                             Self.cellText(column.title), formats.columnHeader))
        }
        xlsx.xlsx_freeze_panes(worksheet, headerRow + 1, 0)
        // Printed copies get the header on every page and fit the page width.
        try check(xlsx.xlsx_repeat_rows(worksheet, headerRow, headerRow))
        xlsx.xlsx_set_paper(worksheet, 9)  // A4
        xlsx.xlsx_fit_to_pages(worksheet, 1, 0)
    }

    private func write(_ value: ExportValue?, row: UInt32, column: Int,
                       format: XLSXCellFormats.Format) throws {
        let position = UInt16(column)
        let xlsx = library.pointee
        let status: Int32
        switch value {
        case nil:
            status = xlsx.xlsx_write_blank(worksheet, row, position, format)
        case let .text(text):
            status = xlsx.xlsx_write_string(worksheet, row, position, Self.cellText(text), format)
        case let .integer(number):
            status = xlsx.xlsx_write_number(worksheet, row, position, Double(number), format)
        case let .money(minorUnits):
            guard case let .money(_, exponent) = session.columns[column].kind else { return }
            status = xlsx.xlsx_write_number(worksheet, row, position,
                                            MoneyText.majorUnits(minorUnits, exponent: exponent), format)
        case let .date(date):
            status = xlsx.xlsx_write_number(worksheet, row, position,
                                            ZonedDateTime(date, in: timeZone).excelSerial, format)
        }
        try check(status)
    }

    /// libxlsxwriter's `lxw_error`: 0 is success.
    private func check(_ status: Int32) throws(ExportError) {
        guard status != 0 else { return }
        throw .library(name: "libxlsxwriter", message: String(cString: library.pointee.xlsx_error_text(status)))
    }

    /// Frees an unfinished workbook and closes its sheet's spill file.
    private func releaseWorkbook() {
        guard let workbook else { return }
        library.pointee.xlsx_abandon(workbook, worksheet)
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
