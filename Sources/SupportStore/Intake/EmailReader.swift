import Foundation
import SupportCore

/// Reads one `.eml` file (RFC 5322 with MIME) into a contact: From, Subject, Date and
/// Message-ID headers, and the text body. Enough MIME for what customers' mail clients
/// send: multipart messages (the text/plain part is preferred, else HTML with its tags
/// removed), base64 and quoted-printable, UTF-8 and Latin-1, and RFC 2047 encoded words
/// in headers. Optional `X-Paydesk-Category`, `-Subcategory`, `-Priority` and
/// `-Wallet-Id` headers, as a mail rule can add them, fill the fields email lacks.
enum EmailReader {
    static func contact(_ data: Data, fields: ContactFields) -> Result<IncomingContact, IntakeRejection> {
        func reject(_ reason: String) -> Result<IncomingContact, IntakeRejection> {
            .failure(IntakeRejection(file: fields.file, line: nil, reason: reason))
        }
        let bytes = [UInt8](data)
        guard !bytes.contains(0) else { return reject("contains a NUL byte") }
        // Latin-1 maps every byte to one scalar, so structure can be parsed as text and each
        // part's bytes recovered exactly for decoding in its own charset.
        let raw = String(data: data, encoding: .isoLatin1) ?? String(decoding: bytes, as: UTF8.self)
        let (headers, body) = split(raw)
        guard let messageId = headers["message-id"].map(stripAngles), !messageId.isEmpty else {
            return reject("no Message-ID header")
        }
        guard let from = headers["from"] else { return reject("no From header") }
        guard let dateText = headers["date"] else { return reject("no Date header") }
        guard let date = fields.dates.parseEmail(dateText) else { return reject("bad date \(ContactFields.quote(dateText)) in the Date header") }
        let (name, address) = mailbox(decodeWords(from))
        guard let text = textBody(headers: headers, body: body) else {
            return reject("no text body (only attachments or an unknown content type)")
        }
        var values: [String: String] = [
            "id": messageId,
            "at": TimeText.iso8601(date),
            "email": address,
            "body": text,
        ]
        if let name { values["name"] = name }
        if let subject = headers["subject"] { values["subject"] = decodeWords(subject) }
        for (header, key) in [("x-paydesk-category", "category"), ("x-paydesk-subcategory", "subcategory"),
                              ("x-paydesk-priority", "priority"), ("x-paydesk-wallet-id", "wallet_id")] {
            if let value = headers[header] { values[key] = value }
        }
        return fields.contact(values)
    }

    // MARK: structure

    /// Headers (names lower-cased, folded lines joined, the first of repeated headers
    /// kept) and the body after the first empty line.
    static func split(_ message: String) -> (headers: [String: String], body: String) {
        let normalised = message.replacingOccurrences(of: "\r\n", with: "\n")
        let parts = normalised.components(separatedBy: "\n\n")
        let head = parts[0]
        let body = parts.dropFirst().joined(separator: "\n\n")
        var headers: [String: String] = [:]
        var name: String?
        var value = ""
        func flush() {
            if let name, headers[name] == nil { headers[name] = value.trimmingCharacters(in: .whitespaces) }
        }
        for line in head.split(separator: "\n", omittingEmptySubsequences: false) {
            if let first = line.first, first == " " || first == "\t" {
                value += " " + line.trimmingCharacters(in: .whitespaces)
            } else if let colon = line.firstIndex(of: ":") {
                flush()
                name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
                value = String(line[line.index(after: colon)...])
            }
        }
        flush()
        return (headers, body)
    }

    /// `"Siti" <siti@example.com>` → ("Siti", "siti@example.com"); a bare address has no name.
    static func mailbox(_ header: String) -> (name: String?, address: String) {
        guard let open = header.lastIndex(of: "<"), let close = header.lastIndex(of: ">"), open < close else {
            return (nil, header.trimmingCharacters(in: .whitespaces))
        }
        let address = String(header[header.index(after: open)..<close])
        let name = header[..<open].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        return (name.isEmpty ? nil : name, address.trimmingCharacters(in: .whitespaces))
    }

    static func stripAngles(_ id: String) -> String {
        id.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "<>"))
    }

    // MARK: MIME

    /// The readable text of a part: text/plain decoded; for multipart, the first text/plain
    /// part found (depth first), else the first HTML part without its tags.
    static func textBody(headers: [String: String], body: String, depth: Int = 0) -> String? {
        let (type, params) = contentType(headers["content-type"] ?? "text/plain")
        if type.hasPrefix("multipart/") {
            guard depth < 8, let boundary = params["boundary"], !boundary.isEmpty else { return nil }
            let parts = multipartParts(body, boundary: boundary).map { split($0) }
            for part in parts where !contentType(part.headers["content-type"] ?? "text/plain").type.hasPrefix("text/html") {
                if let text = textBody(headers: part.headers, body: part.body, depth: depth + 1) { return text }
            }
            for part in parts {
                if let text = textBody(headers: part.headers, body: part.body, depth: depth + 1) { return text }
            }
            return nil
        }
        if let disposition = headers["content-disposition"], disposition.lowercased().hasPrefix("attachment") { return nil }
        guard type == "text/plain" || type == "text/html" else { return nil }
        let bytes = transferDecode(body, encoding: headers["content-transfer-encoding"] ?? "7bit")
        let text = decode(bytes, charset: params["charset"] ?? "us-ascii")
        return type == "text/html" ? stripTags(text) : text
    }

    static func contentType(_ header: String) -> (type: String, params: [String: String]) {
        let pieces = header.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        var params: [String: String] = [:]
        for piece in pieces.dropFirst() {
            guard let eq = piece.firstIndex(of: "=") else { continue }
            let key = piece[..<eq].trimmingCharacters(in: .whitespaces).lowercased()
            params[key] = piece[piece.index(after: eq)...].trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
        }
        return ((pieces.first ?? "text/plain").lowercased(), params)
    }

    static func multipartParts(_ body: String, boundary: String) -> [String] {
        var parts: [String] = []
        var current: [Substring]?
        for line in body.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed == "--" + boundary + "--" {
                if let current { parts.append(current.joined(separator: "\n")) }
                return parts
            }
            if trimmed == "--" + boundary {
                if let current { parts.append(current.joined(separator: "\n")) }
                current = []
            } else {
                current?.append(line)
            }
        }
        if let current { parts.append(current.joined(separator: "\n")) }
        return parts
    }

    /// The part's bytes (its Latin-1 text holds one byte per scalar) after base64 or
    /// quoted-printable; other encodings are the bytes themselves.
    static func transferDecode(_ body: String, encoding: String) -> [UInt8] {
        let bytes = body.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) }
        switch encoding.trimmingCharacters(in: .whitespaces).lowercased() {
        case "base64":
            return Data(base64Encoded: String(decoding: bytes.filter { !($0 == 0x0A || $0 == 0x0D || $0 == 0x20 || $0 == 0x09) }, as: UTF8.self),
                        options: .ignoreUnknownCharacters).map { [UInt8]($0) } ?? []
        case "quoted-printable":
            return quotedPrintable(bytes)
        default:
            return bytes
        }
    }

    static func quotedPrintable(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var i = 0
        func hex(_ b: UInt8) -> UInt8? {
            switch b {
            case 0x30...0x39: b - 0x30
            case 0x41...0x46: b - 0x41 + 10
            case 0x61...0x66: b - 0x61 + 10
            default: nil
            }
        }
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x3D {                                     // "="
                if i + 1 < bytes.count && bytes[i + 1] == 0x0A { i += 2; continue }   // soft break
                if i + 2 < bytes.count, let hi = hex(bytes[i + 1]), let lo = hex(bytes[i + 2]) {
                    out.append(hi << 4 | lo); i += 3; continue
                }
            }
            out.append(b)
            i += 1
        }
        return out
    }

    /// UTF-8 and ASCII as UTF-8 (broken sequences become U+FFFD: mail is messy and the
    /// message is still worth keeping); Latin-1 and Windows-1252 byte for byte.
    static func decode(_ bytes: [UInt8], charset: String) -> String {
        switch charset.lowercased() {
        case "iso-8859-1", "latin1", "latin-1", "windows-1252", "cp1252":
            return String(bytes.map { Character(Unicode.Scalar($0)) })
        default:
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    /// HTML reduced to its text: tags dropped, line-breaking tags kept as line breaks, the
    /// common entities decoded. Display sanitising still happens later.
    static func stripTags(_ html: String) -> String {
        var text = html.replacingOccurrences(of: #"(?i)<br\s*/?>|</p>|</div>"#, with: "\n", options: .regularExpression)
        text = text.replacingOccurrences(of: #"(?is)<(script|style)[^>]*>.*?</\1>"#, with: "", options: .regularExpression)
        text = text.replacingOccurrences(of: "<[^>]*>", with: "", options: .regularExpression)
        for (entity, char) in [("&nbsp;", " "), ("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&amp;", "&")] {
            text = text.replacingOccurrences(of: entity, with: char)
        }
        return text
    }

    /// RFC 2047: `=?UTF-8?B?…?=` and `=?UTF-8?Q?…?=` words decoded; whitespace between two
    /// encoded words is dropped, as the RFC says. The header arrives as Latin-1 text, so
    /// raw UTF-8 (RFC 6532) is recovered first.
    static func decodeWords(_ header: String) -> String {
        let bytes = header.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) }
        let text = String(decoding: bytes, as: UTF8.self)
        guard text.contains("=?") else { return text }
        let pattern = try! NSRegularExpression(pattern: #"=\?([^?]+)\?([bBqQ])\?([^?]*)\?=(\s+(?==\?))?"#)
        var result = ""
        var last = text.startIndex
        for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
            guard let whole = Range(match.range, in: text), let cs = Range(match.range(at: 1), in: text),
                  let enc = Range(match.range(at: 2), in: text), let payload = Range(match.range(at: 3), in: text) else { continue }
            result += text[last..<whole.lowerBound]
            let data: [UInt8]
            if text[enc].lowercased() == "b" {
                data = Data(base64Encoded: String(text[payload]), options: .ignoreUnknownCharacters).map { [UInt8]($0) } ?? []
            } else {
                data = quotedPrintable(Array(text[payload].replacingOccurrences(of: "_", with: " ").utf8))
            }
            result += decode(data, charset: String(text[cs]).split(separator: "*").first.map(String.init) ?? "utf-8")
            last = whole.upperBound
        }
        return result + text[last...]
    }
}
