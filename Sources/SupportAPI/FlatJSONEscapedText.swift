import Foundation

// Text of any kind on the hand-written replies: a timeline's bodies hold line breaks, tabs,
// quotes and whatever a customer pasted, and the plain `text` of `FlatJSONWriter` and
// `FlatJSONReader` leaves all of that to the encoder and the decoder.

extension FlatJSONWriter {
    /// Any text, escaped exactly as `WireJSON.encoder()` escapes it: a quote and a backslash
    /// behind a backslash; backspace, tab, line feed, form feed and carriage return as
    /// `\b \t \n \f \r`; the other control characters as `\u00xx` in lowercase hex; every
    /// other character (DEL, U+2028, emoji, anything) as its UTF-8. A Swift string is valid
    /// Unicode, so there is nothing this cannot write.
    mutating func anyText(_ value: String) {
        out.append(Self.quote)
        var value = value
        value.withUTF8 { bytes in
            var start = 0
            for index in 0..<bytes.count {
                let byte = bytes[index]
                guard byte < 0x20 || byte == Self.quote || byte == Self.backslash else { continue }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
                appendEscape(byte)
                start = index + 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
        }
        out.append(Self.quote)
    }

    private mutating func appendEscape(_ byte: UInt8) {
        out.append(Self.backslash)
        switch byte {
        case Self.quote, Self.backslash: out.append(byte)
        case 0x08: out.append(UInt8(ascii: "b"))
        case 0x09: out.append(UInt8(ascii: "t"))
        case 0x0A: out.append(UInt8(ascii: "n"))
        case 0x0C: out.append(UInt8(ascii: "f"))
        case 0x0D: out.append(UInt8(ascii: "r"))
        default:
            let hex: [UInt8] = Array("0123456789abcdef".utf8)
            out.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
        }
    }

    static let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")
}

extension FlatJSONReader {
    /// A string with any escapes JSON has, read to the characters `JSONDecoder` reads:
    /// `\uXXXX` in either case of hex, a surrogate pair as the one character it stands for.
    /// Nil for what the decoder refuses or might read otherwise — a lone surrogate, an
    /// unknown escape, a raw control character, bytes that are not UTF-8.
    mutating func anyText() -> String? {
        guard take(FlatJSONWriter.quote) else { return nil }
        let start = at
        var ascii = true
        while at < bytes.count {
            let byte = bytes[at]
            if byte == FlatJSONWriter.quote {
                let span = UnsafeBufferPointer(rebasing: bytes[start..<at])
                at += 1
                return ascii ? String(decoding: span, as: UTF8.self) : String(validating: span, as: UTF8.self)
            }
            if byte == FlatJSONWriter.backslash { return escapedText(from: start) }
            if byte < 0x20 { return nil }
            if byte >= 0x80 { ascii = false }
            at += 1
        }
        return nil
    }

    /// The rest of a string that has an escape at `at`, its first bytes from `start` on.
    private mutating func escapedText(from start: Int) -> String? {
        var text = Array(bytes[start..<at])
        while at < bytes.count {
            let byte = bytes[at]
            at += 1
            switch byte {
            case FlatJSONWriter.quote:
                return String(validating: text, as: UTF8.self)
            case FlatJSONWriter.backslash:
                guard at < bytes.count else { return nil }
                let escaped = bytes[at]
                at += 1
                switch escaped {
                case FlatJSONWriter.quote, FlatJSONWriter.backslash, UInt8(ascii: "/"): text.append(escaped)
                case UInt8(ascii: "b"): text.append(0x08)
                case UInt8(ascii: "t"): text.append(0x09)
                case UInt8(ascii: "n"): text.append(0x0A)
                case UInt8(ascii: "f"): text.append(0x0C)
                case UInt8(ascii: "r"): text.append(0x0D)
                case UInt8(ascii: "u"):
                    guard let scalar = escapedScalar() else { return nil }
                    text.append(contentsOf: scalar.utf8)
                default: return nil
                }
            default:
                if byte < 0x20 { return nil }
                text.append(byte)
            }
        }
        return nil
    }

    /// After `\u`: four hex digits, and for a high surrogate the `\u` and low surrogate that
    /// must follow it.
    private mutating func escapedScalar() -> Unicode.Scalar? {
        guard let unit = hex4() else { return nil }
        switch unit {
        case 0xD800..<0xDC00:
            guard take(FlatJSONWriter.backslash), take(UInt8(ascii: "u")), let low = hex4(), (0xDC00..<0xE000).contains(low)
            else { return nil }
            return Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
        case 0xDC00..<0xE000: return nil
        default: return Unicode.Scalar(unit)
        }
    }

    private mutating func hex4() -> UInt32? {
        guard bytes.count - at >= 4 else { return nil }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[at]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
            at += 1
        }
        return value
    }
}
