import Foundation

/// Phone numbers in one shape (E.164) so that searching, de-duplicating and masking see
/// the same digits however the customer typed them.
public enum PhoneNumber {
    public static let indonesiaCode = "62"

    /// `0812-3456-7890`, `62812…`, `+62 812 …`, `(0812) 3456 7890` and `812…` all become
    /// `+6281234567890`; numbers with another country code keep it. nil when the text is
    /// not a plausible phone number.
    public static func normalize(_ raw: String) -> String? {
        let ignored: Set<Character> = [" ", "-", ".", "(", ")", "\u{00A0}"]
        var text = String(raw.trimmingCharacters(in: .whitespacesAndNewlines).filter { !ignored.contains($0) })
        let international = text.hasPrefix("+")
        if international { text.removeFirst() }
        guard !text.isEmpty, text.allSatisfy({ $0.isASCIIDigit }) else { return nil }

        var national: Substring
        if text.hasPrefix(indonesiaCode), international || text.count >= 10 {
            national = text.dropFirst(indonesiaCode.count)
            // "+62 0812…" is a common mix of both styles; the trunk 0 does not belong.
            if national.first == "0" { national = national.dropFirst() }
        } else if international {
            return (8...15).contains(text.count) ? "+" + text : nil
        } else if text.hasPrefix("0") {
            national = text.dropFirst()
        } else if text.hasPrefix("8") {
            national = Substring(text)
        } else {
            return nil
        }
        // Indonesian numbers are 8–12 digits after the trunk prefix (landline 21xxxxxxx
        // to long mobile 8xxxxxxxxxxx).
        guard (8...12).contains(national.count), national.first != "0" else { return nil }
        return "+" + indonesiaCode + national
    }
}

public enum EmailAddress {
    /// Trimmed and lowercased; nil unless it looks like `local@domain.tld`. Lowercasing
    /// the local part is not strictly RFC-correct but matches how every wallet provider
    /// treats logins, and it stops duplicates that differ only in case.
    public static func normalize(_ raw: String) -> String? {
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        // A quoted local part (`"System Administrator"@example.com`, RFC 5322 3.4.1) may
        // hold spaces and @; the domain is after the last @ either way.
        if text.hasPrefix("\""), let close = text.dropFirst().firstIndex(of: "\""),
           text[text.index(after: close)...].hasPrefix("@"), close > text.index(after: text.startIndex) {
            let domain = text[text.index(close, offsetBy: 2)...]
            return validDomain(domain) && !text[close...].contains(where: \.isWhitespace) ? text : nil
        }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !text.contains(where: \.isWhitespace) else { return nil }
        let domain = parts[1]
        guard domain.contains("."), domain.first != ".", domain.last != ".", !domain.contains("..") else {
            return nil
        }
        return text
    }

    static func validDomain(_ domain: Substring) -> Bool {
        domain.contains(".") && domain.first != "." && domain.last != "." && !domain.contains("..") && !domain.contains("@")
            && !domain.isEmpty
    }
}

public enum WalletId {
    /// Trimmed, ASCII letters upper-cased (`wlt-10000007` → `WLT-10000007`): the form wallet
    /// ids are stored in, so a lookup is an exact seek on their unique index. Only ASCII is
    /// folded, as SQLite's NOCASE did before.
    public static func normalize(_ raw: String) -> String {
        let text = raw.trimmingCharacters(in: .whitespaces)
        return String(String.UnicodeScalarView(text.unicodeScalars.map { scalar in
            ("a"..."z").contains(scalar) ? Unicode.Scalar(scalar.value - 32)! : scalar
        }))
    }
}
