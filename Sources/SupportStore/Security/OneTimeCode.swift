import Crypto
import Foundation

/// The one-time verification code: how it is drawn, hashed, compared and hidden.
enum OneTimeCode {
    static let digits = 6
    /// Ten minutes: long enough to read an SMS and type it, short enough that a code
    /// seen over someone's shoulder is soon worthless.
    static let lifetime: Int64 = 600
    /// Codes per account per rolling hour; more looks like someone farming codes.
    static let perHour = 3
    static let window: Int64 = 3_600
    /// Wrong entries before the outstanding code is cancelled: 5 guesses in 10^6.
    static let maxWrongAttempts = 5

    /// A uniformly random code from the operating system's CSPRNG. `random(in:using:)`
    /// rejects the biased tail of the draw, so every code from 000000 to 999999 is
    /// equally likely (a plain `% 1_000_000` would favour the low ones).
    static func generate() -> String {
        var rng = SystemRandomNumberGenerator()
        let n = UInt32.random(in: 0..<1_000_000, using: &rng)
        let text = String(n)
        return String(repeating: "0", count: digits - text.count) + text
    }

    /// 16 random bytes, hex. A per-code salt means equal codes never share a hash, so
    /// the table reveals nothing about reuse across customers.
    static func salt() -> String {
        var rng = SystemRandomNumberGenerator()
        return (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &rng)) }.joined()
    }

    /// Salted SHA-256, hex. Six digits could be brute-forced offline from a stolen copy
    /// of the database, but only for the ten minutes a code lives; keeping no plain code
    /// at rest is what matters here (nobody at the console can read one back).
    static func hash(code: String, salt: String) -> String {
        let material = Data("paydesk-otp-v1:\(salt):\(code)".utf8)
        return SHA256.hash(data: material).map { String(format: "%02x", $0) }.joined()
    }

    /// Compares every byte whatever the first difference, so the time taken says nothing
    /// about how much of a guess was right.
    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in 0..<x.count { diff |= x[i] ^ y[i] }
        return diff == 0
    }

    /// Whether `text` is a well-formed code (ASCII digits only; "١٢٣" is not one).
    static func isWellFormed(_ text: String) -> Bool {
        text.utf8.count == digits && text.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    /// The message with every run of six or more digits replaced by bullets: what
    /// listings show, and what stays in the database once the message is delivered.
    static func redact(_ text: String) -> String {
        var out = ""
        var run = ""
        func flush() {
            out += run.count >= digits ? String(repeating: "•", count: run.count) : run
            run = ""
        }
        for ch in text {
            if ch.isASCII && ch.isNumber { run.append(ch) } else { flush(); out.append(ch) }
        }
        flush()
        return out
    }
}
