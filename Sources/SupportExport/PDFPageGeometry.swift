/// Measurements of an A4 statement page, in PDF points (1/72 inch).
struct PDFPageGeometry {
    let pageWidth = 595.276
    let pageHeight = 841.890
    let margin = 36.0
    let footerHeight = 18.0
    let headerHeight = 18.0
    let rowHeight = 13.0
    /// From a row's top to its text's top, centring 8-point text in the row.
    let textInset = 1.5
    let cellPadding = 3.0
    /// Left edge and width of each column: the content width shared out in proportion
    /// to the columns' width hints.
    let columnFrames: [(x: Double, width: Double)]

    var contentWidth: Double { pageWidth - 2 * margin }

    init(columns: [ExportColumn]) {
        let hints = columns.map { Double($0.widthHint) }
        let total = hints.reduce(0, +)
        var x = margin
        var frames: [(x: Double, width: Double)] = []
        for hint in hints {
            let width = (pageWidth - 2 * margin) * hint / total
            frames.append((x, width))
            x += width
        }
        columnFrames = frames
    }

    /// Rows that fit between `top` (where the column headers go) and the footer.
    func rowCapacity(below top: Double) -> Int {
        let tableBottom = pageHeight - margin - footerHeight
        return max(0, Int(((tableBottom - top - headerHeight) / rowHeight).rounded(.down)))
    }
}
