/// A piece of status-bar text; without a style of its own it takes the bar's.
public struct StatusSegment: Sendable, Hashable {
    public var text: String
    public var style: Style?

    public init(_ text: String, style: Style? = nil) {
        self.text = text
        self.style = style
    }
}

/// One row with segments on the left (mode, breadcrumb, key hints) and on the right (user,
/// clock, connection). The right side is kept whole when space is short; the left side is
/// cut with an ellipsis, leaving one column between the two.
public struct StatusBar: Sendable, Hashable {
    public var left: [StatusSegment]
    public var right: [StatusSegment]
    /// The style of the bar's background and of text without its own style.
    public var style: Style

    public init(left: [StatusSegment] = [], right: [StatusSegment] = [], style: Style = Style(reverse: true)) {
        self.left = left
        self.right = right
        self.style = style
    }

    /// Segments for key hints such as `q Quit  ? Help`: each key in `keyStyle`, its label after
    /// it, two spaces between hints.
    public static func hints(_ pairs: [(key: String, label: String)], keyStyle: Style, labelStyle: Style) -> [StatusSegment] {
        var segments: [StatusSegment] = []
        for (index, pair) in pairs.enumerated() {
            segments.append(StatusSegment((index == 0 ? "" : "  ") + pair.key, style: keyStyle))
            segments.append(StatusSegment(" " + pair.label, style: labelStyle))
        }
        return segments
    }

    public func draw(into screen: inout Screen, in rect: Rect) {
        guard rect.height > 0, rect.width > 0 else { return }
        screen.fill(Rect(x: rect.x, y: rect.y, width: rect.width, height: 1), style: style)
        let rightWidth = min(rect.width, right.reduce(0) { $0 + DisplayWidth.of(TextSanitizer.clean($1.text)) })
        var x = rect.maxX - rightWidth
        for segment in right {
            x += screen.put(segment.text, at: x, rect.y, style: segment.style ?? style, maxWidth: rect.maxX - x)
        }
        let leftRoom = rect.width - rightWidth - (rightWidth > 0 ? 1 : 0)
        guard leftRoom > 0 else { return }
        let leftText = left.map { TextSanitizer.clean($0.text) }
        let leftWidth = leftText.reduce(0) { $0 + DisplayWidth.of($1) }
        // When cut, the last visible segment ends with an ellipsis inside the room.
        var budget = leftWidth > leftRoom ? leftRoom - 1 : leftRoom
        x = rect.x
        for (segment, text) in zip(left, leftText) where budget > 0 {
            let written = screen.put(text, at: x, rect.y, style: segment.style ?? style, maxWidth: budget)
            x += written
            budget -= written
        }
        if leftWidth > leftRoom { screen.put("…", at: rect.x + leftRoom - 1, rect.y, style: style) }
    }
}
