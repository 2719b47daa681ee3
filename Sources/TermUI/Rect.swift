/// A cell position on a screen: column `x`, row `y`, both from 0 at the top left.
public struct Point: Sendable, Hashable {
    public var x: Int
    public var y: Int
    public init(x: Int, y: Int) { self.x = x; self.y = y }
}

/// How much of a split a part takes: a fixed number of cells, or a share of what the fixed
/// parts leave (weights are relative: `.flex(2)` gets twice what `.flex(1)` gets).
public enum Length: Sendable, Hashable {
    case fixed(Int)
    case flex(Int)
}

/// A rectangle of cells. Widths and heights are never negative.
public struct Rect: Sendable, Hashable {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = max(0, width)
        self.height = max(0, height)
    }

    public static let zero = Rect(x: 0, y: 0, width: 0, height: 0)

    /// One past the last column / row.
    public var maxX: Int { x + width }
    public var maxY: Int { y + height }
    public var isEmpty: Bool { width == 0 || height == 0 }

    public func contains(x px: Int, y py: Int) -> Bool {
        px >= x && px < maxX && py >= y && py < maxY
    }

    public func contains(_ point: Point) -> Bool { contains(x: point.x, y: point.y) }

    /// Shrinks every side by `amount` (1 leaves room for a border).
    public func inset(by amount: Int) -> Rect {
        inset(top: amount, left: amount, bottom: amount, right: amount)
    }

    public func inset(top: Int = 0, left: Int = 0, bottom: Int = 0, right: Int = 0) -> Rect {
        Rect(x: x + left, y: y + top, width: width - left - right, height: height - top - bottom)
    }

    /// The overlap of two rectangles (empty, at this rect's origin, when they do not meet).
    public func intersection(_ other: Rect) -> Rect {
        let left = max(x, other.x), top = max(y, other.y)
        let right = min(maxX, other.maxX), bottom = min(maxY, other.maxY)
        guard right > left, bottom > top else { return Rect(x: x, y: y, width: 0, height: 0) }
        return Rect(x: left, y: top, width: right - left, height: bottom - top)
    }

    /// A rectangle of the given size centred in this one (clamped to fit); odd space goes below/right.
    public func centered(width w: Int, height h: Int) -> Rect {
        let cw = min(max(0, w), width), ch = min(max(0, h), height)
        return Rect(x: x + (width - cw) / 2, y: y + (height - ch) / 2, width: cw, height: ch)
    }

    /// Columns side by side, left to right, with `spacing` empty columns between them.
    public func splitHorizontally(_ parts: [Length], spacing: Int = 0) -> [Rect] {
        var left = x
        return Layout.distribute(width, parts, spacing: spacing).map { w in
            defer { left += w + spacing }
            return Rect(x: left, y: y, width: w, height: height)
        }
    }

    /// Columns whose widths are shares of the whole (`[1, 2]` gives one third and two thirds).
    public func splitHorizontally(ratios: [Int], spacing: Int = 0) -> [Rect] {
        splitHorizontally(ratios.map(Length.flex), spacing: spacing)
    }

    /// Columns of fixed widths (cut short at the right edge); any space left over stays unused.
    public func splitHorizontally(widths: [Int], spacing: Int = 0) -> [Rect] {
        splitHorizontally(widths.map(Length.fixed), spacing: spacing)
    }

    /// Rows stacked top to bottom, with `spacing` empty rows between them.
    public func splitVertically(_ parts: [Length], spacing: Int = 0) -> [Rect] {
        var top = y
        return Layout.distribute(height, parts, spacing: spacing).map { h in
            defer { top += h + spacing }
            return Rect(x: x, y: top, width: width, height: h)
        }
    }

    public func splitVertically(ratios: [Int], spacing: Int = 0) -> [Rect] {
        splitVertically(ratios.map(Length.flex), spacing: spacing)
    }

    /// Rows of fixed heights (cut short at the bottom); any space left over stays unused.
    public func splitVertically(heights: [Int], spacing: Int = 0) -> [Rect] {
        splitVertically(heights.map(Length.fixed), spacing: spacing)
    }
}

/// Sharing a length among parts; used by `Rect` splits and table columns.
public enum Layout {
    /// Sizes for `parts` that add up to `total` minus the spacing (when the fixed parts fit).
    /// Fixed parts are served first, in order, and cut short when space runs out; flex parts
    /// share the rest by weight, rounding so that the sizes still add up exactly.
    public static func distribute(_ total: Int, _ parts: [Length], spacing: Int = 0) -> [Int] {
        guard !parts.isEmpty else { return [] }
        var remaining = max(0, total - spacing * (parts.count - 1))
        var sizes = [Int](repeating: 0, count: parts.count)
        for (i, part) in parts.enumerated() {
            if case .fixed(let n) = part {
                sizes[i] = min(max(0, n), remaining)
                remaining -= sizes[i]
            }
        }
        let weights = parts.map { part -> Int in
            if case .flex(let w) = part { return max(0, w) }
            return 0
        }
        let totalWeight = weights.reduce(0, +)
        guard totalWeight > 0, remaining > 0 else { return sizes }
        // Largest remainder: floor shares first, then hand out the leftover cells one by one
        // to the parts that lost the most to rounding (ties go to the earlier part).
        var given = 0
        var remainders: [(index: Int, remainder: Int)] = []
        for (i, w) in weights.enumerated() where w > 0 {
            let exact = remaining * w
            sizes[i] = exact / totalWeight
            given += sizes[i]
            remainders.append((i, exact % totalWeight))
        }
        remainders.sort { $0.remainder != $1.remainder ? $0.remainder > $1.remainder : $0.index < $1.index }
        for k in 0..<(remaining - given) { sizes[remainders[k % remainders.count].index] += 1 }
        return sizes
    }
}
