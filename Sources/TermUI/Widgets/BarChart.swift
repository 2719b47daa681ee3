/// Styles of a bar chart.
public struct BarChartStyle: Sendable, Hashable {
    public var bar: Style
    public var label: Style
    public var value: Style

    public init(bar: Style = .plain, label: Style = .plain, value: Style = Style(bold: true)) {
        self.bar = bar
        self.label = label
        self.value = value
    }

    /// `chart.bar`, `chart.label` and `chart.value` from a theme.
    public init(theme: Theme) {
        self.init(bar: theme.style("chart.bar"), label: theme.style("chart.label"), value: theme.style("chart.value"))
    }
}

/// Horizontal bars, one row per item: `label  ████████▍    value`, bars scaled to the
/// largest value (or `maxValue`) with eighth-of-a-cell precision.
public struct BarChart: Sendable {
    public struct Item: Sendable, Hashable {
        public var label: String
        public var value: Double
        /// Overrides the chart's bar style (e.g. breached counts in the danger colour).
        public var barStyle: Style?

        public init(_ label: String, _ value: Double, barStyle: Style? = nil) {
            self.label = label
            self.value = value
            self.barStyle = barStyle
        }
    }

    /// Partial blocks for 1/8 … 7/8 of a cell.
    static let eighths: [Character] = ["▏", "▎", "▍", "▌", "▋", "▊", "▉"]

    public var items: [Item]
    /// The value of a full-width bar; the largest item's value when nil.
    public var maxValue: Double?
    public var format: @Sendable (Double) -> String

    public init(items: [Item], maxValue: Double? = nil, format: @escaping @Sendable (Double) -> String = BarChart.integer) {
        self.items = items
        self.maxValue = maxValue
        self.format = format
    }

    /// Values rounded to whole numbers, the default format.
    public static let integer: @Sendable (Double) -> String = { value in
        value.isFinite ? String(Int(value.rounded())) : "–"
    }

    /// The bar for `value` in `width` cells where `maximum` fills them all.
    public static func bar(_ value: Double, maximum: Double, width: Int) -> String {
        guard width > 0, maximum > 0, value.isFinite, value > 0 else { return "" }
        let eighthCount = Int((min(value, maximum) / maximum * Double(width * 8)).rounded())
        var bar = String(repeating: "█", count: eighthCount / 8)
        if eighthCount % 8 > 0 { bar.append(eighths[eighthCount % 8 - 1]) }
        return bar
    }

    /// Draws one item per row from the top of `rect`; items beyond its height are not shown.
    /// Labels take up to a third of the width, values are right-aligned at the right edge.
    public func draw(into screen: inout Screen, in rect: Rect, style: BarChartStyle = BarChartStyle()) {
        guard !rect.isEmpty, !items.isEmpty else { return }
        let labels = items.map { TextSanitizer.clean($0.label) }
        let values = items.map { format($0.value) }
        let labelWidth = min(labels.map { DisplayWidth.of($0) }.max() ?? 0, rect.width / 3)
        let valueWidth = min(values.map { DisplayWidth.of($0) }.max() ?? 0, rect.width / 3)
        let barWidth = rect.width - labelWidth - valueWidth - (labelWidth > 0 ? 1 : 0) - (valueWidth > 0 ? 1 : 0)
        let maximum = maxValue ?? items.map(\.value).filter(\.isFinite).max() ?? 0
        for (index, item) in items.prefix(rect.height).enumerated() {
            let y = rect.y + index
            var x = rect.x
            if labelWidth > 0 {
                screen.put(DisplayWidth.pad(labels[index], toWidth: labelWidth), at: x, y, style: style.label)
                x += labelWidth + 1
            }
            screen.put(BarChart.bar(item.value, maximum: maximum, width: barWidth), at: x, y, style: item.barStyle ?? style.bar, maxWidth: barWidth)
            if valueWidth > 0 {
                screen.put(DisplayWidth.pad(values[index], toWidth: valueWidth, alignment: .right), at: rect.maxX - valueWidth, y, style: style.value)
            }
        }
    }
}
