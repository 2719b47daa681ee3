import CMailABI
import Foundation

/// A repair before GMime decodes a header. Encoders split long text into several
/// `=?cs?B?…?=` words, each base64 with its own padding; GMime joins the base64 of
/// adjacent words in one charset before decoding (so a character split across two words
/// survives), and the padding in the middle then ends the decoding: everything after the
/// first word is lost. It happens to most ISO-2022-JP subjects. Here such runs become one
/// word: each payload decoded to bytes, the bytes joined, encoded again.
enum EncodedWords {
    static func decodeHeader(_ raw: String, library: MailLibrary.Loaded) -> String {
        let unfolded = raw.replacingOccurrences(of: "\r", with: "").replacingOccurrences(of: "\n", with: "")
            .trimmingCharacters(in: .whitespaces)
        let repaired = joinAdjacentBase64Words(unfolded)
        guard let decoded = library.api.pointee.decode_header_text(library.options, repaired) else { return unfolded }
        defer { library.api.pointee.free_text(decoded) }
        return String(cString: decoded)
    }

    static func joinAdjacentBase64Words(_ text: String) -> String {
        guard text.contains("=?") else { return text }
        var out = ""
        var pending: (charset: String, bytes: Data)?
        var gap = ""                                 // whitespace after a pending word
        func flush() {
            if let p = pending { out += "=?\(p.charset)?B?\(p.bytes.base64EncodedString())?=" }
            pending = nil
        }
        var rest = Substring(text)
        while !rest.isEmpty {
            if let word = base64Word(rest) {
                if let p = pending, p.charset.lowercased() == word.charset.lowercased() {
                    pending?.bytes.append(word.bytes)   // whitespace between encoded words is dropped (RFC 2047 6.2)
                } else {
                    flush(); out += gap
                    pending = (word.charset, word.bytes)
                }
                gap = ""
                rest = rest[word.end...]
            } else if let first = rest.first, first == " " || first == "\t", pending != nil {
                gap.append(first)
                rest = rest.dropFirst()
            } else {
                flush(); out += gap; gap = ""
                out.append(rest.removeFirst())
            }
        }
        flush(); out += gap
        return out
    }

    /// `=?charset?B?payload?=` at the start of `text`, its payload decoded.
    private static func base64Word(_ text: Substring) -> (charset: String, bytes: Data, end: Substring.Index)? {
        guard text.hasPrefix("=?") else { return nil }
        let body = text.dropFirst(2)
        guard let q1 = body.firstIndex(of: "?") else { return nil }
        let charset = body[..<q1]
        let afterCharset = body[body.index(after: q1)...]
        guard charset.count < 40, !charset.contains(" "), afterCharset.count > 2,
              afterCharset.first == "B" || afterCharset.first == "b",
              afterCharset.dropFirst().first == "?" else { return nil }
        let payloadStart = afterCharset.index(afterCharset.startIndex, offsetBy: 2)
        guard let close = afterCharset[payloadStart...].range(of: "?=") else { return nil }
        let payload = String(afterCharset[payloadStart..<close.lowerBound])
        guard !payload.contains(" "), let bytes = Data(base64Encoded: payload, options: .ignoreUnknownCharacters) else { return nil }
        return (String(charset), bytes, close.upperBound)
    }
}
