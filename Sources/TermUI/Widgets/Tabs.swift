/// Styles of a tab row.
public struct TabsStyle: Sendable, Hashable {
    public var active: Style
    public var inactive: Style

    public init(active: Style = Style(bold: true, reverse: true), inactive: Style = .plain) {
        self.active = active
        self.inactive = inactive
    }

    /// `tabs.active` and `tabs.inactive` from a theme.
    public init(theme: Theme) {
        self.init(active: theme.style("tabs.active"), inactive: theme.style("tabs.inactive"))
    }
}

/// A row of tab titles, each shown as ` title `, with the active one styled.
/// When they do not all fit, the padding goes first (`title` between one-column gaps);
/// only when even that is too wide is every title shortened to the same width with an
/// ellipsis.
public struct Tabs: Sendable, Hashable {
    public var titles: [String]
    public var active: Int

    public init(titles: [String], active: Int = 0) {
        self.titles = titles
        self.active = active
    }

    /// The column span of each tab when drawn in `rect`.
    public func tabRects(in rect: Rect) -> [Rect] {
        guard !titles.isEmpty, rect.width > 0 else { return [] }
        let natural = titles.map { DisplayWidth.of(TextSanitizer.clean($0)) + 2 }
        let gaps = titles.count - 1
        var widths = natural
        if natural.reduce(0, +) + gaps > rect.width {
            let bare = natural.map { $0 - 2 }
            if bare.reduce(0, +) + gaps <= rect.width {
                widths = bare
            } else {
                let share = max(3, (rect.width - gaps) / titles.count)
                widths = natural.map { min($0, share) }
            }
        }
        var x = rect.x
        return widths.map { w in
            defer { x += w + 1 }
            return Rect(x: x, y: rect.y, width: w, height: 1).intersection(rect)
        }
    }

    /// The tab under column `x` of a tab row drawn in `rect` (mouse clicks).
    public func tabIndex(atX x: Int, in rect: Rect) -> Int? {
        tabRects(in: rect).firstIndex { !$0.isEmpty && x >= $0.x && x < $0.maxX }
    }

    public func draw(into screen: inout Screen, in rect: Rect, style: TabsStyle = TabsStyle()) {
        guard rect.height > 0 else { return }
        screen.fill(Rect(x: rect.x, y: rect.y, width: rect.width, height: 1), style: style.inactive)
        let rects = tabRects(in: rect)
        // Unpadded when each tab is exactly its title's width (see `tabRects`).
        let padded = zip(rects, titles).contains { $0.width != DisplayWidth.of(TextSanitizer.clean($1)) }
        for (index, tab) in rects.enumerated() where !tab.isEmpty {
            let title = TextSanitizer.clean(titles[index])
            let label = padded ? " " + DisplayWidth.truncate(title, toWidth: max(1, tab.width - 2)) + " " : title
            screen.put(label, at: tab.x, tab.y, style: index == active ? style.active : style.inactive, maxWidth: tab.width)
        }
    }
}
