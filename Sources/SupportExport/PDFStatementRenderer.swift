import CDocumentsABI
import Foundation

/// Draws a statement on A4 pages with cairo and pango: the title block on page 1, the
/// column headers on every page, fixed-height rows, the totals line after the last row
/// and a "Page N of M" footer. Text is laid out by pango with a CJK-capable font list,
/// so Chinese and Indonesian names print, and cairo embeds the glyphs it used. cairo and
/// pango are reached through libPaydeskPDF.so (`DocumentLibrary`), which draws.
final class PDFStatementRenderer {
    private let document: ExportDocument
    private let columns: [ExportColumn]
    private let geometry: PDFPageGeometry
    private let output: CairoOutputStream
    private let library: UnsafePointer<paydesk_pdf>
    private let pdf: UnsafeMutableRawPointer
    private let fonts: Fonts

    /// Fonts tried in order. WenQuanYi Micro Hei (fonts-wqy-microhei, which the Makefile
    /// installs) covers Latin and CJK in one face; Noto Sans CJK is the usual other.
    static let fontFamilies = "WenQuanYi Micro Hei,Noto Sans CJK SC,Noto Sans CJK JP,Droid Sans Fallback,sans-serif"

    private struct Fonts {
        let title: UnsafeMutableRawPointer
        let body: UnsafeMutableRawPointer
        let bold: UnsafeMutableRawPointer
        let small: UnsafeMutableRawPointer
    }

    init(document: ExportDocument, columns: [ExportColumn], writer: BufferedFileWriter) throws {
        let library = try DocumentLibrary.pdf()
        self.library = library
        self.document = document
        self.columns = columns
        geometry = PDFPageGeometry(columns: columns)
        output = CairoOutputStream(writer: writer)
        let opened = library.pointee.pdf_open({ closure, data, length in
            let stream = Unmanaged<CairoOutputStream>.fromOpaque(closure!).takeUnretainedValue()
            return stream.write(data, count: Int(length)) ? 0 : 1
        }, Unmanaged.passUnretained(output).toOpaque(), geometry.pageWidth, geometry.pageHeight, document.title)
        func font(size: Double, bold: Bool) -> UnsafeMutableRawPointer? {
            library.pointee.pdf_font(Self.fontFamilies, size, bold ? 1 : 0)
        }
        guard let opened, let title = font(size: 15, bold: true), let body = font(size: 8, bold: false),
              let bold = font(size: 8, bold: true), let small = font(size: 7, bold: false) else {
            throw ExportError.library(name: "cairo", message: "it could not start a PDF document")
        }
        pdf = opened
        fonts = Fonts(title: title, body: body, bold: bold, small: small)
        try checkStatus()
    }

    deinit {
        // An abandoned render must not make cairo flush the rest of the document
        // into a file that is about to be deleted.
        output.refuseFurtherWrites()
        for font in [fonts.title, fonts.body, fonts.bold, fonts.small] {
            library.pointee.pdf_font_free(font)
        }
        library.pointee.pdf_close(pdf)
    }

    /// Draws every page, pulling rows one at a time, then completes the PDF stream.
    /// - Parameters:
    ///   - nextRow: the display text of the next row; nil only after `rowCount` rows.
    ///   - totals: the totals line's cells, or nil for none.
    ///   - rendered: told the number of rows drawn so far, every few hundred rows.
    func render(rowCount: Int, nextRow: () throws -> [String]?, totals: [String]?,
                rendered: (Int) throws -> Void) throws {
        let titleBlockBottom = drawTitleBlock(drawing: false)
        let trailingSlots = (totals == nil ? 0 : 2) + (rowCount == 0 ? 1 : 0)
        let plan = PDFPagePlan(rowCount: rowCount,
                               firstPageCapacity: geometry.rowCapacity(below: titleBlockBottom),
                               laterPageCapacity: geometry.rowCapacity(below: geometry.margin),
                               trailingSlots: trailingSlots)
        var drawn = 0
        for (pageIndex, rowsOnPage) in plan.rowsPerPage.enumerated() {
            var top = pageIndex == 0 ? drawTitleBlock(drawing: true) : geometry.margin
            top = drawColumnHeaders(at: top)
            for slot in 0..<rowsOnPage {
                guard let cells = try nextRow() else {
                    throw ExportError.library(name: "The PDF renderer", message: "fewer rows arrived than were counted")
                }
                drawRow(cells, at: top, font: fonts.body, shaded: slot % 2 == 1)
                top += geometry.rowHeight
                drawn += 1
                if drawn % ExportProgress.reportingInterval == 0 { try rendered(drawn) }
            }
            if pageIndex == plan.pageCount - 1 {
                if rowCount == 0 {
                    drawText("No rows.", font: fonts.body, x: geometry.margin + geometry.cellPadding,
                             y: top + geometry.textInset, width: geometry.contentWidth)
                    top += geometry.rowHeight
                }
                if let totals { drawTotals(totals, at: top) }
            }
            drawFooter(page: pageIndex + 1, of: plan.pageCount)
            library.pointee.pdf_show_page(pdf)
            try checkStatus()
        }
        library.pointee.pdf_finish(pdf)
        try checkStatus()
    }

    /// The title, then each header line wrapped to the page width. Measuring and drawing
    /// share this one path so the page plan matches what is drawn.
    /// - Returns: where the table starts.
    private func drawTitleBlock(drawing: Bool) -> Double {
        var top = geometry.margin
        top += drawText(DisplayText.singleLine(document.title), font: fonts.title, x: geometry.margin, y: top,
                        width: geometry.contentWidth, wraps: true, drawing: drawing) + 6
        for line in document.headerLines {
            top += drawText(DisplayText.singleLine(line), font: fonts.body, x: geometry.margin, y: top,
                            width: geometry.contentWidth, wraps: true, drawing: drawing) + 2
        }
        return top + 10
    }

    private func drawColumnHeaders(at top: Double) -> Double {
        library.pointee.pdf_fill_rectangle(pdf, geometry.margin, top, geometry.contentWidth, geometry.headerHeight,
                                           0.85, 0.88, 0.95)
        let inset = (geometry.headerHeight - geometry.rowHeight) / 2
        drawCells(columns.map(\.title), at: top + inset, font: fonts.bold)
        return top + geometry.headerHeight
    }

    private func drawRow(_ cells: [String], at top: Double, font: UnsafeMutableRawPointer, shaded: Bool) {
        if shaded {
            library.pointee.pdf_fill_rectangle(pdf, geometry.margin, top, geometry.contentWidth, geometry.rowHeight,
                                               0.96, 0.96, 0.96)
        }
        drawCells(cells, at: top, font: font)
    }

    /// A rule, then the totals in bold; takes two row-heights.
    private func drawTotals(_ cells: [String], at top: Double) {
        let ruleY = top + geometry.rowHeight / 2
        library.pointee.pdf_rule(pdf, geometry.margin, ruleY, geometry.margin + geometry.contentWidth, ruleY, 0.8)
        drawCells(cells, at: ruleY + 2, font: fonts.bold)
    }

    private func drawFooter(page: Int, of pageCount: Int) {
        let top = geometry.pageHeight - geometry.margin - geometry.footerHeight + 4
        let half = geometry.contentWidth / 2
        drawText(DisplayText.singleLine(document.title), font: fonts.small, x: geometry.margin, y: top, width: half)
        drawText("Page \(page) of \(pageCount)", font: fonts.small, x: geometry.margin + half, y: top,
                 width: half, alignment: .trailing)
    }

    private func drawCells(_ cells: [String], at top: Double, font: UnsafeMutableRawPointer) {
        for (index, cell) in cells.enumerated() {
            let column = geometry.columnFrames[index]
            drawText(cell, font: font, x: column.x + geometry.cellPadding, y: top + geometry.textInset,
                     width: column.width - 2 * geometry.cellPadding, alignment: columns[index].alignment)
        }
    }

    /// Lays out one piece of text and, if `drawing`, paints it with its top-left at
    /// (x, y). Text that does not wrap is cut with an ellipsis at `width`.
    /// - Returns: the height the text takes.
    @discardableResult
    private func drawText(_ text: String, font: UnsafeMutableRawPointer, x: Double, y: Double, width: Double,
                          alignment: ExportColumn.Alignment = .leading, wraps: Bool = false,
                          drawing: Bool = true) -> Double {
        library.pointee.pdf_text(pdf, text, font, x, y, width, Self.pdfAlignment(alignment), wraps ? 1 : 0, drawing ? 1 : 0)
    }

    private func checkStatus() throws {
        if let failure = output.failure { throw failure }
        if let failure = library.pointee.pdf_failure(pdf) {
            throw ExportError.library(name: "cairo", message: String(cString: failure))
        }
    }

    private static func pdfAlignment(_ alignment: ExportColumn.Alignment) -> Int32 {
        let align = switch alignment {
        case .leading: PAYDESK_PDF_ALIGN_LEFT
        case .center: PAYDESK_PDF_ALIGN_CENTER
        case .trailing: PAYDESK_PDF_ALIGN_RIGHT
        }
        return Int32(align.rawValue)
    }
}

/// Hands cairo's PDF bytes to the export's buffered writer and keeps the first write
/// error, since cairo only reports that a write failed, not why.
final class CairoOutputStream {
    private let writer: BufferedFileWriter
    private(set) var failure: (any Error)?

    init(writer: BufferedFileWriter) { self.writer = writer }

    func refuseFurtherWrites() {
        if failure == nil { failure = ExportError.notOpen }
    }

    /// False when the bytes were not written (now or at an earlier write).
    func write(_ data: UnsafePointer<UInt8>?, count: Int) -> Bool {
        guard failure == nil else { return false }
        do {
            try writer.write(UnsafeRawBufferPointer(start: data, count: count))
            return true
        } catch {
            failure = error
            return false
        }
    }
}
