import SupportCore

/// How amounts are spelled in exports. SupportCore is getting its own money formatting
/// in parallel; this stays private to the exporters so they do not wait on it.
///
/// The one rule for machine-readable output (CSV): major units with exactly `exponent`
/// fraction digits, `.` as the decimal point, no grouping, a leading `-` when negative.
/// So IDR declared with exponent 0 reads `-1234567`, and exponent 2 reads `-1234567.50`
/// (and `-1234567.00`): a column always has one scale, which importers prefer.
enum MoneyText {
    /// The largest exponent accepted; 10^9 still fits comfortably in Int64 arithmetic.
    static let maximumExponent = 9

    static func plainDecimal(_ minorUnits: Int64, exponent: Int) -> String {
        let (whole, fraction) = split(minorUnits, exponent: exponent)
        let sign = minorUnits < 0 ? "-" : ""
        return exponent == 0 ? "\(sign)\(whole)" : "\(sign)\(whole).\(fraction)"
    }

    /// `Rp1.234.567`, `-Rp1.234.567`, `Rp1.234.567,50`: Indonesian grouping (`.`) and
    /// decimal comma, the sign in front of the symbol as statements print debits.
    static func statement(_ minorUnits: Int64, currencyCode: String, exponent: Int) -> String {
        let (whole, fraction) = split(minorUnits, exponent: exponent)
        let sign = minorUnits < 0 ? "-" : ""
        let grouped = DigitGroups.group(String(whole))
        let amount = exponent == 0 ? grouped : "\(grouped),\(fraction)"
        return "\(sign)\(symbol(for: currencyCode))\(amount)"
    }

    /// The amount as a spreadsheet number. Exact for IDR: every whole rupiah up to
    /// 2^53 is representable.
    static func majorUnits(_ minorUnits: Int64, exponent: Int) -> Double {
        Double(minorUnits) / Double(powerOfTen(exponent))
    }

    /// An Excel number format such as `"Rp"#,##0`. Excel renders the grouping in the
    /// reader's locale, so an Indonesian Excel shows `Rp1.234.567`; a negative amount
    /// gets Excel's own leading minus.
    static func spreadsheetFormat(currencyCode: String, exponent: Int) -> String {
        let fraction = exponent == 0 ? "" : "." + String(repeating: "0", count: exponent)
        return "\"\(symbol(for: currencyCode))\"#,##0\(fraction)"
    }

    static func symbol(for currencyCode: String) -> String {
        switch currencyCode.uppercased() {
        case "IDR": "Rp"
        default: currencyCode.uppercased() + " "
        }
    }

    /// Whole and fraction digits of the magnitude; `magnitude` keeps Int64.min safe.
    private static func split(_ minorUnits: Int64, exponent: Int) -> (whole: UInt64, fraction: String) {
        let scale = UInt64(powerOfTen(exponent))
        let magnitude = minorUnits.magnitude
        let fractionDigits = String(magnitude % scale)
        let padding = String(repeating: "0", count: max(0, exponent - fractionDigits.count))
        return (magnitude / scale, padding + fractionDigits)
    }

    private static func powerOfTen(_ exponent: Int) -> Int64 {
        (0..<exponent).reduce(1) { result, _ in result * 10 }
    }
}
