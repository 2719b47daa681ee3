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
        text(minorUnits, sign: minorUnits < 0 ? "-" : "", currency: currency)
    }

    public static func formatSigned(_ minorUnits: Int64, currency: String = "IDR") -> String {
        text(minorUnits, sign: minorUnits > 0 ? "+" : minorUnits < 0 ? "-" : "", currency: currency)
    }

    /// A transaction's effect on the balance: credits `+Rp50.000`, debits `-Rp50.000`.
    public static func signed(_ transaction: Transaction) -> String {
        formatSigned(transaction.signedAmount, currency: transaction.currency)
    }

    private static func text(_ minorUnits: Int64, sign: String, currency: String) -> String {
        // The wallet's own currency skips the case folding and the table lookups: a listing
        // formats one amount per row, nearly all of them rupiah.
        if currency == "IDR" { return sign + "Rp" + digits(minorUnits.magnitude, exponent: 2) }
        let code = currency.uppercased()
        return sign + CurrencyTable.symbol(forUppercased: code) + digits(minorUnits.magnitude, exponent: CurrencyTable.exponents[code] ?? 2)
    }

    /// The magnitude's digits grouped by thousands with `.`, and `,` before minor digits that
    /// are not all zero; written backwards into bytes (a column of amounts formats one per row).
    private static func digits(_ magnitude: UInt64, exponent: Int) -> String {
        var divisor: UInt64 = 1
        for _ in 0..<exponent { divisor *= 10 }
        var whole = magnitude / divisor
        var fraction = magnitude % divisor
        var reversed: [UInt8] = []
        reversed.reserveCapacity(40)
        if fraction != 0 {
            for _ in 0..<exponent {
                reversed.append(UInt8(48 + fraction % 10))
                fraction /= 10
            }
            reversed.append(0x2C)   // ","
        }
        var written = 0
        repeat {
            if written > 0 && written % 3 == 0 { reversed.append(0x2E) }   // "."
            reversed.append(UInt8(48 + whole % 10))
            whole /= 10
            written += 1
        } while whole > 0
        return String(decoding: reversed.reversed(), as: UTF8.self)
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
        symbol(forUppercased: currency.uppercased())
    }

    static func symbol(forUppercased code: String) -> String {
        switch code {
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
