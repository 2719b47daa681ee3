/// JSON for terminals and log viewers. JSONEncoder escapes C0 controls but passes DEL,
/// the C1 controls (U+009B is an 8-bit CSI: `jq -r` or `cat` hands it to the terminal),
/// bidi controls and invisible characters through raw; here each becomes a `\uXXXX`
/// escape, which every JSON reader decodes back to the same text.
public enum SafeJSON {
    public static func escapingControls(_ json: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in json.unicodeScalars {
            if needsEscape(scalar.value) {
                let hex = String(scalar.value, radix: 16, uppercase: true)
                out.append(contentsOf: "\\u\(String(repeating: "0", count: 4 - hex.count))\(hex)".unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    static func needsEscape(_ v: UInt32) -> Bool {
        switch v {
        // C0 is left alone: JSONEncoder escapes it inside strings, and outside them it is
        // the pretty-printer's own line breaks.
        case 0x7F...0x9F, 0x061C, 0x180E, 0x200B...0x200F, 0x2028...0x202E, 0x2060...0x2069, 0xFEFF,
             0xFFF9...0xFFFB: true
        default: false
        }
    }
}
