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

extension Screen {
    /// The runs of cells that differ from `previous`, row by row, left to right: what a driver
    /// has to write to turn the old frame into this one. When the sizes differ, every row is
    /// one run. Moving a list selection typically yields two runs.
    public func diff(from previous: Screen) -> [CellRun] {
        guard previous.width == width, previous.height == height else {
            return (0..<height).map { row in
                CellRun(x: 0, y: row, cells: Array(cells[(row * width)..<((row + 1) * width)]))
            }
        }
        var runs: [CellRun] = []
        for row in 0..<height {
            let base = row * width
            var x = 0
            var runStart: Int? = nil
            while x < width {
                // A wide character and its continuation change (and are written) together.
                var unitEnd = x + 1
                while unitEnd < width && cells[base + unitEnd].isContinuation { unitEnd += 1 }
                var changed = false
                for i in x..<unitEnd where cells[base + i] != previous.cells[base + i] { changed = true; break }
                if changed {
                    if runStart == nil { runStart = x }
                } else if let start = runStart {
                    runs.append(CellRun(x: start, y: row, cells: Array(cells[(base + start)..<(base + x)])))
                    runStart = nil
                }
                x = unitEnd
            }
            if let start = runStart {
                runs.append(CellRun(x: start, y: row, cells: Array(cells[(base + start)..<(base + width)])))
            }
        }
        return runs
    }
}
