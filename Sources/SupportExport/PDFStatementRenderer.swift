import CPangoCairo
import Foundation

/// Draws a statement on A4 pages with cairo and pango: the title block on page 1, the
/// column headers on every page, fixed-height rows, the totals line after the last row
/// and a "Page N of M" footer. Text is laid out by pango with a CJK-capable font list,
/// so Chinese and Indonesian names print, and cairo embeds the glyphs it used.
final class PDFStatementRenderer {
    private let document: ExportDocument
    private let columns: [ExportColumn]
    private let geometry: PDFPageGeometry
    private let output: CairoOutputStream
    private let surface: OpaquePointer
    private let context: OpaquePointer
    private let layout: OpaquePointer
    private let fonts: Fonts

    /// Fonts tried in order. WenQuanYi Micro Hei (fonts-wqy-microhei, which the Makefile
    /// installs) covers Latin and CJK in one face; Noto Sans CJK is the usual other.
    static let fontFamilies = "WenQuanYi Micro Hei,Noto Sans CJK SC,Noto Sans CJK JP,Droid Sans Fallback,sans-serif"

    private struct Fonts {
        let title: OpaquePointer
        let body: OpaquePointer
        let bold: OpaquePointer
        let small: OpaquePointer
    }

    init(document: ExportDocument, columns: [ExportColumn], writer: BufferedFileWriter) throws {
        self.document = document
        self.columns = columns
        geometry = PDFPageGeometry(columns: columns)
        output = CairoOutputStream(writer: writer)
        surface = cairo_pdf_surface_create_for_stream({ closure, data, length in
            let stream = Unmanaged<CairoOutputStream>.fromOpaque(closure!).takeUnretainedValue()
            return stream.write(data, count: Int(length))
        }, Unmanaged.passUnretained(output).toOpaque(), geometry.pageWidth, geometry.pageHeight)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, document.title)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "paydesk")
        context = cairo_create(surface)
        layout = pango_cairo_create_layout(context)
        fonts = Fonts(title: Self.font(size: 15, bold: true), body: Self.font(size: 8, bold: false),
                      bold: Self.font(size: 8, bold: true), small: Self.font(size: 7, bold: false))
        try checkStatus()
    }

    deinit {
        // An abandoned render must not make cairo flush the rest of the document
        // into a file that is about to be deleted.
        output.refuseFurtherWrites()
        for font in [fonts.title, fonts.body, fonts.bold, fonts.small] {
            pango_font_description_free(font)
        }
        g_object_unref(UnsafeMutableRawPointer(layout))
        cairo_destroy(context)
        cairo_surface_destroy(surface)
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
            cairo_show_page(context)
            try checkStatus()
        }
        cairo_surface_finish(surface)
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
        cairo_set_source_rgb(context, 0.85, 0.88, 0.95)
        cairo_rectangle(context, geometry.margin, top, geometry.contentWidth, geometry.headerHeight)
        cairo_fill(context)
        let inset = (geometry.headerHeight - geometry.rowHeight) / 2
        drawCells(columns.map(\.title), at: top + inset, font: fonts.bold)
        return top + geometry.headerHeight
    }

    private func drawRow(_ cells: [String], at top: Double, font: OpaquePointer, shaded: Bool) {
        if shaded {
            cairo_set_source_rgb(context, 0.96, 0.96, 0.96)
            cairo_rectangle(context, geometry.margin, top, geometry.contentWidth, geometry.rowHeight)
            cairo_fill(context)
        }
        drawCells(cells, at: top, font: font)
    }

    /// A rule, then the totals in bold; takes two row-heights.
    private func drawTotals(_ cells: [String], at top: Double) {
        let ruleY = top + geometry.rowHeight / 2
        cairo_set_source_rgb(context, 0, 0, 0)
        cairo_set_line_width(context, 0.8)
        cairo_move_to(context, geometry.margin, ruleY)
        cairo_line_to(context, geometry.margin + geometry.contentWidth, ruleY)
        cairo_stroke(context)
        drawCells(cells, at: ruleY + 2, font: fonts.bold)
    }

    private func drawFooter(page: Int, of pageCount: Int) {
        let top = geometry.pageHeight - geometry.margin - geometry.footerHeight + 4
        let half = geometry.contentWidth / 2
        drawText(DisplayText.singleLine(document.title), font: fonts.small, x: geometry.margin, y: top, width: half)
        drawText("Page \(page) of \(pageCount)", font: fonts.small, x: geometry.margin + half, y: top,
                 width: half, alignment: .trailing)
    }

    private func drawCells(_ cells: [String], at top: Double, font: OpaquePointer) {
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
    private func drawText(_ text: String, font: OpaquePointer, x: Double, y: Double, width: Double,
                          alignment: ExportColumn.Alignment = .leading, wraps: Bool = false,
                          drawing: Bool = true) -> Double {
        pango_layout_set_font_description(layout, font)
        pango_layout_set_width(layout, Int32(width * Double(PANGO_SCALE)))
        pango_layout_set_ellipsize(layout, wraps ? PANGO_ELLIPSIZE_NONE : PANGO_ELLIPSIZE_END)
        pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR)
        pango_layout_set_alignment(layout, Self.pangoAlignment(alignment))
        pango_layout_set_text(layout, text, -1)
        if drawing {
            cairo_set_source_rgb(context, 0, 0, 0)
            cairo_move_to(context, x, y)
            pango_cairo_show_layout(context, layout)
        }
        var logicalWidth: Int32 = 0
        var logicalHeight: Int32 = 0
        pango_layout_get_size(layout, &logicalWidth, &logicalHeight)
        return Double(logicalHeight) / Double(PANGO_SCALE)
    }

    private func checkStatus() throws {
        if let failure = output.failure { throw failure }
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw ExportError.library(name: "cairo", message: String(cString: cairo_status_to_string(status)))
        }
    }

    private static func font(size: Double, bold: Bool) -> OpaquePointer {
        let font = pango_font_description_from_string(fontFamilies)!
        // Absolute size is in the surface's units, points, whatever pango's DPI setting.
        pango_font_description_set_absolute_size(font, size * Double(PANGO_SCALE))
        pango_font_description_set_weight(font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL)
        return font
    }

    private static func pangoAlignment(_ alignment: ExportColumn.Alignment) -> PangoAlignment {
        switch alignment {
        case .leading: PANGO_ALIGN_LEFT
        case .center: PANGO_ALIGN_CENTER
        case .trailing: PANGO_ALIGN_RIGHT
        }
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

    func write(_ data: UnsafePointer<UInt8>?, count: Int) -> cairo_status_t {
        guard failure == nil else { return CAIRO_STATUS_WRITE_ERROR }
        do {
            try writer.write(UnsafeRawBufferPointer(start: data, count: count))
            return CAIRO_STATUS_SUCCESS
        } catch {
            failure = error
            return CAIRO_STATUS_WRITE_ERROR
        }
    }
}
