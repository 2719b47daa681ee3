/// Personal data as agents see it by default. Each type stores only the masked text, so
/// a masked value can travel through the console without carrying the original.

/// `+6281234567890` → `+62 812-****-7890`.
public struct MaskedPhone: Sendable, Hashable, CustomStringConvertible {
    public let description: String

    public init(_ phone: String) {
        guard let e164 = PhoneNumber.normalize(phone) else {
            description = Masking.maskAllDigits(phone, keepingLast: 4)
            return
        }
        guard e164.hasPrefix("+" + PhoneNumber.indonesiaCode) else {
            description = Masking.maskAllDigits(e164, keepingLast: 4)
            return
        }
        let national = Array(e164.dropFirst(1 + PhoneNumber.indonesiaCode.count))
        let head = String(national.prefix(3))
        let tail = String(national.suffix(4))
        let hidden = String(repeating: "*", count: national.count - 7)
        description = "+\(PhoneNumber.indonesiaCode) \(head)-\(hidden)-\(tail)"
    }
}

/// `budi.santoso@example.com` → `b***@example.com`. The domain stays: it tells the agent
/// which provider to suggest checking, and it identifies nobody.
public struct MaskedEmail: Sendable, Hashable, CustomStringConvertible {
    public let description: String

    public init(_ email: String) {
        let parts = email.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, let first = parts[0].first, !parts[1].isEmpty else {
            description = "***"
            return
        }
        // Fixed three stars: the local part's length is itself a hint worth hiding.
        description = "\(first)***@\(parts[1])"
    }
}

/// `Budi Santoso` → `B*** S******`, `王小明` → `王**`: the first character of each word,
/// counted in grapheme clusters so CJK and accented names mask whole characters.
public struct MaskedName: Sendable, Hashable, CustomStringConvertible {
    public let description: String

    public init(_ name: String) {
        let words = name.split(whereSeparator: \.isWhitespace)
        description = words.map { word in
            String(word.first!) + String(repeating: "*", count: word.count - 1)
        }.joined(separator: " ")
    }
}

/// Wallet ids keep their last four characters, enough to confirm with the customer.
public struct MaskedWalletId: Sendable, Hashable, CustomStringConvertible {
    public let description: String

    public init(_ walletId: String) {
        let visible = walletId.count > 4 ? 4 : 0
        description = String(repeating: "*", count: walletId.count - visible) + String(walletId.suffix(visible))
    }
}

enum Masking {
    /// Replaces every digit but the last `keep` with `*`, leaving punctuation in place.
    /// Used for numbers that do not parse, so nothing readable slips through.
    static func maskAllDigits(_ text: String, keepingLast keep: Int) -> String {
        let digitCount = text.filter(\.isASCIIDigit).count
        let shown = digitCount > keep ? keep : 0
        var seen = 0
        return String(text.map { character -> Character in
            guard character.isASCIIDigit else { return character }
            seen += 1
            return seen > digitCount - shown ? character : "*"
        })
    }
}
