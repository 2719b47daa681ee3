/// A window of rows over a list paged by key (in the console, an indexed SQL query per
/// page). Only a few hundred rows live in memory however long the list is: moving past
/// either edge fetches the next page by key (never OFFSET), and the far side is dropped.
/// It knows nothing of what the rows are; a `Source` says how to fetch them.
public struct KeysetWindow<Row: Identifiable & Sendable>: Sendable where Row.ID: Sendable {
    /// How the window reaches the store; each closure is one indexed query.
    public struct Source {
        public var after: (Row?, Int) throws -> [Row]     // rows after a key (nil: from the top)
        public var before: (Row, Int) throws -> [Row]     // rows before a key, in display order
        public var last: (Int) throws -> [Row]            // the last rows, in display order
        public var count: () throws -> Int

        public init(after: @escaping (Row?, Int) throws -> [Row], before: @escaping (Row, Int) throws -> [Row],
                    last: @escaping (Int) throws -> [Row], count: @escaping () throws -> Int) {
            self.after = after; self.before = before; self.last = last; self.count = count
        }
    }

    public init() {}

    public static var pageSize: Int { 150 }
    public static var maxRows: Int { 600 }

    public private(set) var rows: [Row] = []
    /// Absolute index of `rows[0]`.
    public private(set) var start = 0
    public private(set) var total = 0
    /// The row just before `rows[0]`, so that a reload starts at the same place.
    private var anchor: Row?
    /// Absolute index of the selected row.
    public private(set) var selected = 0
    /// Absolute index of the first visible row.
    public var scroll = 0

    public var selectedRow: Row? {
        let i = selected - start
        return rows.indices.contains(i) ? rows[i] : nil
    }

    public func row(at absolute: Int) -> Row? {
        let i = absolute - start
        return rows.indices.contains(i) ? rows[i] : nil
    }

    /// Re-reads the window in place (after a filter change or another agent's write),
    /// keeping the selected row selected when it is still there.
    public mutating func reload(_ source: Source, resetToTop: Bool = false) throws {
        let keepId = resetToTop ? nil : selectedRow?.id
        if resetToTop { anchor = nil; start = 0; selected = 0; scroll = 0 }
        // The page first: a count the caller sent ahead on another thread (the queue's
        // header counts through the service) is then answered while the page is.
        rows = try source.after(anchor, Self.pageSize)
        total = try source.count()
        if rows.isEmpty && start > 0 {
            try home(source)
            return
        }
        if let keepId, let i = rows.firstIndex(where: { $0.id == keepId }) {
            selected = start + i
        }
        clampSelection()
    }

    /// Starts the window at the top with a first page read elsewhere (in the same round
    /// trip as other data), so that no query is needed for it.
    public mutating func prime(firstPage: [Row], total: Int) {
        anchor = nil; start = 0; selected = 0; scroll = 0
        self.total = total
        rows = firstPage
        clampSelection()
    }

    /// To the first row. A window that holds it moves without asking the source: its rows
    /// are as fresh as the screen (a change reloads them), and through the service each ask
    /// is a round trip.
    public mutating func home(_ source: Source) throws {
        if holdsTop {
            selected = 0
            scroll = 0
            return
        }
        anchor = nil
        start = 0
        rows = try source.after(nil, Self.pageSize)
        total = try source.count()
        selected = 0
        scroll = 0
    }

    /// To the last row. A window that holds it moves there without asking, as Home does.
    /// Otherwise one read of the last page with one row more than is kept: that row, when
    /// there is one, is the anchor (the row before the page), so End asks the store twice
    /// (count and page), not three times.
    public mutating func end(_ source: Source) throws {
        if holdsBottom {
            selected = start + rows.count - 1
            return
        }
        // The page first: a count sent ahead on another thread is answered meanwhile.
        let page = try source.last(Self.pageSize + 1)
        total = try source.count()
        let hasAnchor = page.count == Self.pageSize + 1
        anchor = hasAnchor ? page.first : nil
        rows = hasAnchor ? Array(page.dropFirst()) : page
        start = max(0, total - rows.count)
        selected = max(0, total - 1)
    }

    /// Whether `rows` starts at the list's first row (Home then asks nothing).
    public var holdsTop: Bool { !rows.isEmpty && start == 0 && anchor == nil }

    /// Whether `rows` ends at the list's last row (End then asks nothing).
    public var holdsBottom: Bool { !rows.isEmpty && start + rows.count >= total }

    /// Moves the selection by `delta` rows, fetching across the window's edges.
    public mutating func move(by delta: Int, _ source: Source) throws {
        guard total > 0 else { return }
        let target = max(0, min(total - 1, selected + delta))
        while target >= start + rows.count, let last = rows.last {
            let more = try source.after(last, Self.pageSize)
            if more.isEmpty { break }
            rows.append(contentsOf: more)
            if rows.count > Self.maxRows {
                let drop = rows.count - Self.maxRows
                anchor = rows[drop - 1]
                rows.removeFirst(drop)
                start += drop
            }
        }
        while target < start, let first = rows.first {
            // One extra row so the new anchor is known.
            let earlier = try source.before(first, Self.pageSize + 1)
            if earlier.isEmpty { start = 0; anchor = nil; break }
            let hasAnchor = earlier.count == Self.pageSize + 1
            anchor = hasAnchor ? earlier.first : nil
            let page = hasAnchor ? Array(earlier.dropFirst()) : earlier
            rows.insert(contentsOf: page, at: 0)
            start = hasAnchor ? start - page.count : 0
            if rows.count > Self.maxRows { rows.removeLast(rows.count - Self.maxRows) }
        }
        selected = max(start, min(start + rows.count - 1, target))
    }

    /// Selects an absolute row (a mouse click on a visible row).
    public mutating func select(_ absolute: Int, _ source: Source) throws {
        try move(by: absolute - selected, source)
    }

    /// Selects the first row matching `match`, paging forward through at most `limit`
    /// rows; false (selection unchanged) when none does.
    public mutating func select(firstWhere match: (Row) -> Bool, _ source: Source, limit: Int = maxRows) throws -> Bool {
        let start0 = selected
        var searched = 0
        while true {
            if let i = rows.firstIndex(where: match) {
                selected = start + i
                return true
            }
            guard start + rows.count < total, searched < limit else { break }
            searched += rows.count
            try move(by: start + rows.count - selected, source)
        }
        try move(by: start0 - selected, source)
        return false
    }

    /// Keeps the selection inside a viewport of `height` rows.
    public mutating func keepVisible(height: Int) {
        guard height > 0 else { return }
        if selected < scroll { scroll = selected }
        if selected >= scroll + height { scroll = selected - height + 1 }
        scroll = max(0, min(scroll, max(0, total - height)))
    }

    private mutating func clampSelection() {
        if rows.isEmpty { selected = start; return }
        selected = max(start, min(selected, start + rows.count - 1))
    }
}
