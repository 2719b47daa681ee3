/// A horizontal run of cells that changed between two frames, starting at (x, y). It never
/// starts on the right half of a wide character and never ends between its halves.
public struct CellRun: Sendable, Hashable {
    public var x: Int
    public var y: Int
    public var cells: [Cell]

    public init(x: Int, y: Int, cells: [Cell]) {
        self.x = x
        self.y = y
        self.cells = cells
    }
}

/// Where a `CellRun` lies, without its cells: columns `x..<end` of row `y` of the newer
/// frame. A driver writes straight from the frame's cells, so a frame that changes most
/// of the screen copies none of them.
struct CellSpan: Sendable, Hashable {
    var x: Int
    var y: Int
    var end: Int
}

extension Screen {
    /// The runs of cells that differ from `previous`, row by row, left to right: what a driver
    /// has to write to turn the old frame into this one. When the sizes differ, every row is
    /// one run. Moving a list selection typically yields two runs.
    public func diff(from previous: Screen) -> [CellRun] {
        changedSpans(from: previous).map { span in
            CellRun(x: span.x, y: span.y, cells: Array(cells[(span.y * width + span.x)..<(span.y * width + span.end)]))
        }
    }

    /// `diff`'s runs as spans of this frame's rows.
    func changedSpans(from previous: Screen) -> [CellSpan] {
        guard previous.width == width, previous.height == height else {
            return (0..<height).map { CellSpan(x: 0, y: $0, end: width) }
        }
        var spans: [CellSpan] = []
        cells.withUnsafeBufferPointer { now in
            previous.cells.withUnsafeBufferPointer { before in
                for row in 0..<height {
                    let base = row * width
                    var x = 0
                    var runStart: Int? = nil
                    while x < width {
                        // A wide character and its continuation change (and are written) together.
                        var unitEnd = x + 1
                        while unitEnd < width && now[base + unitEnd].isContinuation { unitEnd += 1 }
                        var changed = false
                        for i in x..<unitEnd where now[base + i] != before[base + i] { changed = true; break }
                        if changed {
                            if runStart == nil { runStart = x }
                        } else if let start = runStart {
                            spans.append(CellSpan(x: start, y: row, end: x))
                            runStart = nil
                        }
                        x = unitEnd
                    }
                    if let start = runStart { spans.append(CellSpan(x: start, y: row, end: width)) }
                }
            }
        }
        return spans
    }
}
