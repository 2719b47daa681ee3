/// A one-row chart of a series with the block characters ▁▂▃▄▅▆▇█ (e.g. tickets per hour).
public struct Sparkline: Sendable, Hashable {
    public static let levels: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    public var values: [Double]
    /// Values mapped to the lowest and highest block; by default 0 (or the minimum, if
    /// negative) to the maximum, so a quiet period looks quiet rather than stretched.
    public var range: ClosedRange<Double>?

    public init(values: [Double], range: ClosedRange<Double>? = nil) {
        self.values = values
        self.range = range
    }

    /// The line for the last `width` values (all of them when nil).
    public func render(width: Int? = nil) -> String {
        let shown = width.map { Array(values.suffix(max(0, $0))) } ?? values
        guard !shown.isEmpty else { return "" }
        let low = range?.lowerBound ?? min(0, shown.min() ?? 0)
        let high = range?.upperBound ?? (shown.max() ?? 0)
        let top = Sparkline.levels.count - 1
        return String(shown.map { value -> Character in
            guard value.isFinite, high > low else { return Sparkline.levels[value > low && high == low ? top : 0] }
            let ratio = (min(max(value, low), high) - low) / (high - low)
            return Sparkline.levels[Int((ratio * Double(top)).rounded())]
        })
    }

    /// Draws the most recent values that fit on the first row of `rect`, right-aligned.
    public func draw(into screen: inout Screen, in rect: Rect, style: Style = .plain) {
        guard rect.width > 0, rect.height > 0 else { return }
        let line = render(width: rect.width)
        screen.put(line, at: rect.maxX - line.count, rect.y, style: style, maxWidth: rect.width)
    }
}
