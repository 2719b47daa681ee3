/// Line characters for a box. Focused panes use a heavier set than unfocused ones so focus is
/// visible even on a monochrome terminal.
public enum BorderKind: Sendable, Hashable {
    case light      // ┌─┐│└┘
    case heavy      // ┏━┓┃┗┛
    case double     // ╔═╗║╚╝
    case rounded    // ╭─╮│╰╯

    var topLeft: String { pick("┌", "┏", "╔", "╭") }
    var topRight: String { pick("┐", "┓", "╗", "╮") }
    var bottomLeft: String { pick("└", "┗", "╚", "╰") }
    var bottomRight: String { pick("┘", "┛", "╝", "╯") }
    var horizontal: String { pick("─", "━", "═", "─") }
    var vertical: String { pick("│", "┃", "║", "│") }

    private func pick(_ light: String, _ heavy: String, _ double: String, _ rounded: String) -> String {
        switch self {
        case .light: return light
        case .heavy: return heavy
        case .double: return double
        case .rounded: return rounded
        }
    }
}

extension Screen {
    /// Draws a border around `rect` (clipped to the grid) and, if given, a title on the top edge
    /// after the corner: `┌ Queue ─────┐`. A title that does not fit is cut with an ellipsis;
    /// it is dropped when fewer than five columns are available. The inside is not touched.
    /// Boxes smaller than 2×2 draw nothing.
    public mutating func box(
        _ rect: Rect, style: Style = .plain, title: String? = nil, titleStyle: Style? = nil,
        border: BorderKind = .light
    ) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        let inner = rect.width - 2
        let horizontal = String(repeating: border.horizontal, count: inner)
        put(border.topLeft + horizontal + border.topRight, at: rect.x, rect.y, style: style)
        put(border.bottomLeft + horizontal + border.bottomRight, at: rect.x, rect.maxY - 1, style: style)
        for row in (rect.y + 1)..<(rect.maxY - 1) {
            put(border.vertical, at: rect.x, row, style: style)
            put(border.vertical, at: rect.maxX - 1, row, style: style)
        }
        // One space either side of the title and at least one line character before the corner.
        if let title, !title.isEmpty, inner >= 4 {
            let label = " " + DisplayWidth.truncate(TextSanitizer.clean(title), toWidth: inner - 3) + " "
            put(label, at: rect.x + 1, rect.y, style: titleStyle ?? style)
        }
    }

    /// A horizontal line of `length` columns starting at (x, y).
    public mutating func horizontalLine(
        at x: Int, _ y: Int, length: Int, style: Style = .plain, border: BorderKind = .light
    ) {
        guard length > 0 else { return }
        put(String(repeating: border.horizontal, count: length), at: x, y, style: style)
    }

    /// A vertical line of `length` rows starting at (x, y).
    public mutating func verticalLine(
        at x: Int, _ y: Int, length: Int, style: Style = .plain, border: BorderKind = .light
    ) {
        guard length > 0 else { return }
        for row in y..<(y + length) { put(border.vertical, at: x, row, style: style) }
    }
}
