import Foundation
import Testing
@testable import SupportCore

@Suite struct MoneyTests {
    @Test func rupiahWithoutDecimals() {
        #expect(Money.format(123_456_700) == "Rp1.234.567")
        #expect(Money.format(0) == "Rp0")
        #expect(Money.format(100) == "Rp1")
        #expect(Money.format(100_000) == "Rp1.000")
        #expect(Money.format(99_900) == "Rp999")
    }

    @Test func rupiahWithDecimals() {
        #expect(Money.format(123_456_750) == "Rp1.234.567,50")
        #expect(Money.format(5) == "Rp0,05")
    }

    @Test func negativesAndSigned() {
        #expect(Money.format(-123_456_700) == "-Rp1.234.567")
        #expect(Money.formatSigned(5_000_000) == "+Rp50.000")
        #expect(Money.formatSigned(-5_000_000) == "-Rp50.000")
        #expect(Money.formatSigned(0) == "Rp0")
        #expect(Money(minorUnits: 1_000_00).signedDescription == "+Rp1.000")
        #expect(Money.format(.min).hasPrefix("-Rp92.233.720.368.547.758"))
    }

    @Test func transactionsCarryTheirDirection() {
        let at = Date(timeIntervalSince1970: 0)
        let topup = Transaction(id: 1, reference: "T1", customerId: 1, type: .topup, status: .success,
                                amount: 5_000_000, counterparty: "BCA", channel: "bank", at: at)
        let payment = Transaction(id: 2, reference: "T2", customerId: 1, type: .payment, status: .success,
                                  amount: 5_000_000, counterparty: "Tokopedia", channel: "app", at: at)
        #expect(Money.signed(topup) == "+Rp50.000")
        #expect(Money.signed(payment) == "-Rp50.000")
    }

    @Test func exponents() {
        #expect(CurrencyTable.exponent(for: "IDR") == 2)
        #expect(CurrencyTable.exponent(for: "usd") == 2)
        #expect(CurrencyTable.exponent(for: "JPY") == 0)
        #expect(CurrencyTable.exponent(for: "KWD") == 3)
        #expect(CurrencyTable.exponent(for: "XYZ") == 2)
        #expect(Money.format(1_234, currency: "JPY") == "¥1.234")
        #expect(Money.format(1_234_567, currency: "KWD") == "KWD 1.234,567")
        #expect(Money.format(150, currency: "USD") == "US$1,50")
    }
}

/// `Money` writes its digits into bytes; the string-building form it replaced is kept here as
/// the oracle, over random amounts of every size and sign in every exponent.
@Suite struct MoneyDigitsOracleTests {
    static func oracle(_ minorUnits: Int64, currency: String) -> String {
        let exponent = CurrencyTable.exponent(for: currency)
        var divisor: UInt64 = 1
        for _ in 0..<exponent { divisor *= 10 }
        let magnitude = minorUnits.magnitude
        let whole = magnitude / divisor, fraction = magnitude % divisor
        var grouped = DigitGroups.group(String(whole))
        if fraction != 0 {
            let fractionText = String(fraction)
            grouped += "," + String(repeating: "0", count: exponent - fractionText.count) + fractionText
        }
        return (minorUnits < 0 ? "-" : "") + CurrencyTable.symbol(for: currency) + grouped
    }

    @Test func bytesEqualTheStringForm() {
        var random = SplitMix64(seed: 4217)
        let currencies = ["IDR", "idr", "JPY", "KWD", "USD", "XYZ", "eur"]
        for _ in 0..<5000 {
            let digits = Int.random(in: 0...18, using: &random)
            var bound: Int64 = 1
            for _ in 0..<digits { bound *= 10 }
            let amount = Int64.random(in: 0...bound, using: &random) * (Bool.random(using: &random) ? -1 : 1)
            let currency = currencies.randomElement(using: &random)!
            #expect(Money.format(amount, currency: currency) == Self.oracle(amount, currency: currency))
            #expect(Money.formatSigned(amount, currency: currency) == (amount > 0 ? "+" : "") + Self.oracle(amount, currency: currency))
        }
        for edge: Int64 in [.min, .max, 0, 1, -1, 999, 1000, -100_000] {
            #expect(Money.format(edge) == Self.oracle(edge, currency: "IDR"))
        }
    }
}

@Suite struct DurationTextTests {
    @Test func countdownUnits() {
        #expect(DurationText.format(seconds: 0) == "0s")
        #expect(DurationText.format(seconds: 42) == "42s")
        #expect(DurationText.format(seconds: 59) == "59s")
        #expect(DurationText.format(seconds: 60) == "1m")
        #expect(DurationText.format(seconds: 5 * 60 + 59) == "5m")
        #expect(DurationText.format(seconds: 3_600) == "1h 00m")
        #expect(DurationText.format(seconds: 3_600 + 5 * 60) == "1h 05m")
        #expect(DurationText.format(seconds: 23 * 3_600 + 59 * 60) == "23h 59m")
        #expect(DurationText.format(seconds: 2 * 86_400 + 3 * 3_600 + 59) == "2d 3h")
    }

    @Test func overdueIsNegative() {
        #expect(DurationText.format(seconds: -12 * 60) == "-12m")
        #expect(DurationText.format(seconds: -(3_600 + 60)) == "-1h 01m")
        #expect(DurationText.format(seconds: .min).hasPrefix("-"))
    }

    @Test func intervalsTruncateTowardZero() {
        #expect(DurationText.format(59.9) == "59s")
        #expect(DurationText.format(-0.5) == "0s")
        #expect(DurationText.format(-61.0) == "-1m")
        #expect(DurationText.format(.infinity) == "∞")
    }

    @Test func slaRemaining() {
        let created = jakarta(2026, 11, 7, 0)
        let policy = SLAPolicy.policy(for: .p1, category: nil, in: SLAPolicy.defaults)!
        let clock = SLAClock(createdAt: created, firstResponseAt: nil, solvedAt: nil, pauses: [],
                             policy: policy)
        #expect(DurationText.remaining(clock.firstResponse(now: created.plus(minutes: 42))) == "-12m")
        #expect(DurationText.remaining(clock.resolution(now: created.plus(minutes: 55))) == "3h 05m")
    }
}

@Suite struct TicketNumberTests {
    @Test func formatAndParse() {
        #expect(TicketNumber.format(1042) == "#1042")
        #expect(TicketNumber.parse("#1042") == 1042)
        #expect(TicketNumber.parse("1042") == 1042)
        #expect(TicketNumber.parse(" #7 ") == 7)
        for bad in ["", "#", "#0", "-3", "#10a", "１０", "# 12", "99999999999999999999"] {
            #expect(TicketNumber.parse(bad) == nil, "\(bad)")
        }
    }

    @Test func roundTrip() {
        for number: Int64 in [1, 1042, 9_999_999] {
            #expect(TicketNumber.parse(TicketNumber.format(number)) == number)
        }
    }
}
