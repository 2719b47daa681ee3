/// Amounts in integer minor units with their currency, formatted the Indonesian way:
/// `Rp1.234.567`, `Rp1.234.567,50`, `-Rp1.234.567`.
public struct Money: Sendable, Hashable, Codable, CustomStringConvertible {
    public var minorUnits: Int64
    public var currency: String

    public init(minorUnits: Int64, currency: String = "IDR") {
        self.minorUnits = minorUnits; self.currency = currency
    }

    /// `Rp1.234.567`; minor digits appear only when they are not all zero.
    public var description: String { Money.format(minorUnits, currency: currency) }

    /// With an explicit `+` for money in (credits) so a column of movements reads at a
    /// glance; zero carries no sign.
    public var signedDescription: String { Money.formatSigned(minorUnits, currency: currency) }

    public static func format(_ minorUnits: Int64, currency: String = "IDR") -> String {
        let sign = minorUnits < 0 ? "-" : ""
        return sign + CurrencyTable.symbol(for: currency) + digits(minorUnits.magnitude, currency: currency)
    }

    public static func formatSigned(_ minorUnits: Int64, currency: String = "IDR") -> String {
        (minorUnits > 0 ? "+" : "") + format(minorUnits, currency: currency)
    }

    /// A transaction's effect on the balance: credits `+Rp50.000`, debits `-Rp50.000`.
    public static func signed(_ transaction: Transaction) -> String {
        formatSigned(transaction.signedAmount, currency: transaction.currency)
    }

    private static func digits(_ magnitude: UInt64, currency: String) -> String {
        let exponent = CurrencyTable.exponent(for: currency)
        var divisor: UInt64 = 1
        for _ in 0..<exponent { divisor *= 10 }
        let whole = magnitude / divisor
        let fraction = magnitude % divisor
        let grouped = DigitGroups.group(String(whole))
        guard fraction != 0 else { return grouped }
        let fractionText = String(fraction)
        return grouped + "," + String(repeating: "0", count: exponent - fractionText.count) + fractionText
    }
}

/// ISO 4217 minor-unit exponents and display symbols for the currencies the wallet sees.
public enum CurrencyTable {
    public static let exponents: [String: Int] = [
        "IDR": 2, "USD": 2, "SGD": 2, "MYR": 2, "EUR": 2, "CNY": 2, "AUD": 2,
        "THB": 2, "PHP": 2, "JPY": 0, "KRW": 0, "VND": 0, "BHD": 3, "KWD": 3,
    ]

    /// Unknown codes fall back to 2, the most common exponent.
    public static func exponent(for currency: String) -> Int {
        exponents[currency.uppercased()] ?? 2
    }

    public static func symbol(for currency: String) -> String {
        switch currency.uppercased() {
        case "IDR": "Rp"
        case "USD": "US$"
        case "SGD": "S$"
        case "EUR": "€"
        case "JPY": "¥"
        case "CNY": "CN¥"
        case let code: code + " "
        }
    }
}
