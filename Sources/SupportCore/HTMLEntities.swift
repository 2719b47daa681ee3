/// Decodes the HTML character references that web forms, social-media gateways and some
/// mail put into plain text (`Saya &amp; istri`, `&#8220;`, `&#x1F600;`), so an agent reads
/// what the customer wrote. Only references are decoded; tags are left as text. What comes
/// out is still untrusted: decode first, then sanitise (a reference can name a control
/// character).
public enum HTMLEntities {
    static let named: [String: Character] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{00A0}",
        "ndash": "–", "mdash": "—", "hellip": "…", "lsquo": "‘", "rsquo": "’", "ldquo": "“", "rdquo": "”",
        "laquo": "«", "raquo": "»", "copy": "©", "reg": "®", "trade": "™", "euro": "€", "yen": "¥",
        "pound": "£", "cent": "¢", "middot": "·", "bull": "•", "times": "×", "deg": "°",
    ]

    public static func decode(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var out = ""
        var rest = Substring(text)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            let after = rest[rest.index(after: amp)...]
            // A reference is short and ends at `;`; anything else is a literal ampersand.
            if let semicolon = after.prefix(12).firstIndex(of: ";"), let decoded = reference(after[..<semicolon]) {
                out.append(decoded)
                rest = after[after.index(after: semicolon)...]
            } else {
                out.append("&")
                rest = after
            }
        }
        return out + rest
    }

    private static func reference(_ name: Substring) -> Character? {
        if name.hasPrefix("#") {
            let digits = name.dropFirst()
            let value = digits.first == "x" || digits.first == "X" ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits, radix: 10)
            return value.flatMap(Unicode.Scalar.init).map(Character.init)
        }
        return named[String(name)]
    }
}
