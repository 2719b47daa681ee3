/// Small summary statistics for reports. Medians, not means, for handling times: one
/// ticket left over a long weekend should not make a whole team look slow.
public enum Stats {
    /// The middle value; the mean of the two middle values for an even count; nil when empty.
    public static func median(_ values: [Int]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let mid = sorted.count / 2
        if sorted.count % 2 == 1 { return Double(sorted[mid]) }
        return (Double(sorted[mid - 1]) + Double(sorted[mid])) / 2
    }

    public static func mean(_ values: [Int]) -> Double? {
        guard !values.isEmpty else { return nil }
        return Double(values.reduce(0, +)) / Double(values.count)
    }

    /// `part / whole`, nil when nothing was measured (a rate of nothing is not 0 %).
    public static func rate(_ part: Int, of whole: Int) -> Double? {
        whole > 0 ? Double(part) / Double(whole) : nil
    }

    /// "12.5%", or "–" when there is no rate.
    public static func percent(_ rate: Double?) -> String {
        guard let rate, rate.isFinite else { return "–" }
        let tenths = Int((rate * 1_000).rounded())
        return "\(tenths / 10).\(tenths % 10)%"
    }

    /// One decimal ("4.3"), or "–".
    public static func oneDecimal(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "–" }
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(abs(tenths % 10))"
    }
}
