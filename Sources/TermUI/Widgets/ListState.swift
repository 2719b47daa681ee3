/// Selection and scroll position of a list or table, kept by the app between frames.
///
/// Holds only numbers, so a list of a million rows costs nothing: the view asks for the rows in
/// `visibleRange`. Every change keeps the selection inside the visible window.
public struct ListState: Sendable, Hashable {
    /// Number of rows in the list.
    public private(set) var count: Int
    /// The selected row; nil only when the list is empty.
    public private(set) var selected: Int?
    /// The first visible row.
    public private(set) var offset: Int
    /// Rows the view shows at once. Set it from the layout (a table's body height) whenever
    /// the screen is resized; paging moves by this much.
    public var viewportHeight: Int {
        didSet { viewportHeight = max(1, viewportHeight); keepSelectionVisible() }
    }

    public init(count: Int = 0, selected: Int? = 0, viewportHeight: Int = 10) {
        self.count = max(0, count)
        self.selected = nil
        self.offset = 0
        self.viewportHeight = max(1, viewportHeight)
        if self.count > 0 { self.selected = min(max(0, selected ?? 0), self.count - 1) }
        keepSelectionVisible()
    }

    /// Rows to draw: `offset ..< offset + viewportHeight`, cut at the end of the list.
    public var visibleRange: Range<Int> { offset..<min(count, offset + viewportHeight) }

    /// Adopts a new row count (rows were added or removed). The selection keeps its index
    /// when it still exists and otherwise moves to the last row; the window keeps its place
    /// unless that leaves rows empty at the bottom.
    public mutating func setCount(_ newCount: Int) {
        count = max(0, newCount)
        if count == 0 {
            selected = nil
        } else {
            selected = min(selected ?? 0, count - 1)
        }
        keepSelectionVisible()
    }

    /// Selects `index` (clamped to the list).
    public mutating func select(_ index: Int) {
        guard count > 0 else { return }
        selected = min(max(0, index), count - 1)
        keepSelectionVisible()
    }

    /// Moves the selection by `delta` rows (negative is up), stopping at the ends.
    public mutating func move(by delta: Int) {
        guard let selected else { return }
        select(selected + delta)
    }

    /// One page down: the selection and the window both move by a page, so the selected row
    /// stays on the same screen line until the end of the list is reached.
    public mutating func pageDown() {
        guard let selected else { return }
        offset = min(offset + viewportHeight, maxOffset)
        select(selected + viewportHeight)
    }

    /// One page up (see `pageDown`).
    public mutating func pageUp() {
        guard let selected else { return }
        offset = max(0, offset - viewportHeight)
        select(selected - viewportHeight)
    }

    public mutating func home() { select(0) }
    public mutating func end() { select(count - 1) }

    /// Scrolls the window by `delta` rows without moving the selection unless it would leave
    /// the window (mouse wheel).
    public mutating func scroll(by delta: Int) {
        guard let selected else { return }
        offset = min(max(0, offset + delta), maxOffset)
        self.selected = min(max(selected, offset), offset + viewportHeight - 1)
    }

    /// The list row shown on the `row`-th line of the window, if there is one (mouse clicks).
    public func index(atVisibleRow row: Int) -> Int? {
        let index = offset + row
        return row >= 0 && row < viewportHeight && index < count ? index : nil
    }

    private var maxOffset: Int { max(0, count - viewportHeight) }

    private mutating func keepSelectionVisible() {
        offset = min(max(0, offset), maxOffset)
        guard let selected else { offset = 0; return }
        if selected < offset { offset = selected }
        if selected >= offset + viewportHeight { offset = selected - viewportHeight + 1 }
    }
}
