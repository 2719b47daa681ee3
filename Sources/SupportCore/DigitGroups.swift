/// Thousands grouped the Indonesian way, `1.234.567`: one rule for money on screen, money
/// in exports and row counts on progress bars.
public enum DigitGroups {
    public static func group(_ digits: String, separator: Character = ".") -> String {
        let count = digits.count
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (count - index) % 3 == 0 { grouped.append(separator) }
            grouped.append(digit)
        }
        return grouped
    }
}
