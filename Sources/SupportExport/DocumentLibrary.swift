import CDocumentsABI
import SiblingLibraries

/// libPaydeskXLSX.so and libPaydeskPDF.so, each opened on first use (`SiblingLibrary`): the
/// XLSX and PDF writers' side of the seam in `documents_abi.h`. Linked into paydesk,
/// libxlsxwriter, cairo and pango and their ~40 font, image and X11 libraries were loaded
/// by every start of every command and kept in every console; now only a process that
/// writes a document loads them, and an XLSX export (the supervisor's reports) loads only
/// libxlsxwriter.
enum DocumentLibrary {
    static let xlsxFileName = "libPaydeskXLSX.so"
    static let pdfFileName = "libPaydeskPDF.so"

    nonisolated(unsafe) private static let xlsxTable: Result<UnsafePointer<paydesk_xlsx>, ExportError> =
        load(xlsxFileName, entry: PAYDESK_XLSX_ENTRY, writes: "XLSX", as: paydesk_xlsx.self) { $0.abi_version }
    nonisolated(unsafe) private static let pdfTable: Result<UnsafePointer<paydesk_pdf>, ExportError> =
        load(pdfFileName, entry: PAYDESK_PDF_ENTRY, writes: "PDF", as: paydesk_pdf.self) { $0.abi_version }

    /// The XLSX entry points, or why they cannot be had; the reason names the file.
    static func xlsx() throws(ExportError) -> UnsafePointer<paydesk_xlsx> { try xlsxTable.get() }

    /// The PDF entry points, or why they cannot be had; the reason names the file.
    static func pdf() throws(ExportError) -> UnsafePointer<paydesk_pdf> { try pdfTable.get() }

    private static func load<Table>(_ fileName: String, entry: String, writes format: String, as _: Table.Type,
                                    version: (Table) -> Int32) -> Result<UnsafePointer<Table>, ExportError> {
        SiblingLibrary.table(fileName: fileName, entry: entry)
            .map { $0.assumingMemoryBound(to: Table.self) }
            .flatMap { table -> Result<UnsafePointer<Table>, SiblingLibrary.LoadFailure> in
                let found = version(table.pointee)
                return found == PAYDESK_DOCUMENTS_ABI_VERSION ? .success(table)
                    : .failure(SiblingLibrary.wrongVersion(fileName: fileName, found: found, expected: PAYDESK_DOCUMENTS_ABI_VERSION))
            }
            .mapError { failure in
                .library(name: fileName, message: "paydesk writes \(format) files through this library, and \(failure.reason)")
            }
    }
}
