/// How many table rows go on each page of a PDF statement. Every row has the same
/// height, so the plan is arithmetic and is known before the first page is drawn —
/// which is what lets each footer say "Page N of M".
struct PDFPagePlan: Equatable {
    /// Rows on each page in order. The last page may hold no rows, only the trailing
    /// lines, when they did not fit under the last row.
    let rowsPerPage: [Int]

    var pageCount: Int { rowsPerPage.count }

    /// - Parameters:
    ///   - firstPageCapacity: rows that fit on page 1, below the title block.
    ///   - laterPageCapacity: rows that fit on every later page.
    ///   - trailingSlots: row-heights needed under the last row (totals, "No rows").
    init(rowCount: Int, firstPageCapacity: Int, laterPageCapacity: Int, trailingSlots: Int) {
        precondition(laterPageCapacity > trailingSlots, "a page must hold more than the trailing lines")
        var pages: [Int] = []
        var remaining = rowCount
        var capacity = max(0, firstPageCapacity)
        while true {
            let rows = min(remaining, capacity)
            pages.append(rows)
            remaining -= rows
            if remaining == 0 {
                if capacity - rows < trailingSlots { pages.append(0) }
                break
            }
            capacity = laterPageCapacity
        }
        rowsPerPage = pages
    }
}
