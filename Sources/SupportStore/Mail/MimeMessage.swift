import CMailABI
import Foundation
import SupportCore

/// A file that came with a message: kept as a record (the bytes are not stored in the
/// database), so the timeline can say what the customer sent.
public struct MailAttachment: Sendable, Hashable, Codable {
    public var name: String
    public var type: String
    public var size: Int
    public var sha256: String
}

/// What paydesk needs from one parsed email, already decoded to UTF-8: RFC 2047 words,
/// transfer encodings and charsets are GMime's job, not ours.
struct ParsedMail {
    var fromName: String?
    var fromAddress: String?
    var subject: String?
    var messageId: String?
    var date: Date?
    /// The time in the newest `Received:` header: when our side got the message.
    var receivedDate: Date?
    var inReplyTo: [String] = []
    var references: [String] = []
    /// The plain-text body, or the HTML body reduced to text when there is no plain part.
    var text: String?
    var attachments: [MailAttachment] = []
    var headers: [String: String] = [:]
}

/// GMime, wrapped: parse bytes into a `ParsedMail`. GMime lives in libPaydeskMail.so
/// (`MailLibrary`), initialised once per process with lenient parser options.
enum MimeMessage {
    /// nil when not even headers could be read, or without the mail library (callers that
    /// must say why ask `MailLibrary.entryPoints()` first).
    static func parse(_ data: Data) -> ParsedMail? {
        guard let library = try? MailLibrary.entryPoints() else { return nil }
        let gmime = library.api.pointee
        let options = library.options
        // A message saved from an mbox may still start with its "From " separator line,
        // which names the envelope sender: kept as the last answer to who wrote it.
        var data = data
        var envelopeSender: String?
        if data.starts(with: Array("From ".utf8)), let newline = data.firstIndex(of: 0x0A) {
            let line = String(decoding: data[data.startIndex..<newline], as: UTF8.self)
            envelopeSender = line.split(separator: " ").dropFirst().first.map(String.init).flatMap { $0.contains("@") ? $0 : nil }
            data = data.subdata(in: data.index(after: newline)..<data.endIndex)
        }
        let message: UnsafeMutableRawPointer? = data.withUnsafeBytes { raw in
            withUnsafePointer(to: CChar(0)) { empty in
                gmime.parse(raw.baseAddress?.assumingMemoryBound(to: CChar.self) ?? empty, raw.count, options)
            }
        }
        guard let message else { return nil }
        defer { gmime.unref(message) }
        let object = gmime.message_object(message)
        var mail = ParsedMail()
        // Who wrote it: From, else Sender or Reply-To, else the envelope sender that the
        // delivering server recorded (bounces and some gateways send no From at all).
        // The Return-Path list is parsed here, so it is ours to release.
        let returnPath = header(object, "Return-Path").flatMap { gmime.address_list_parse(options, $0) }
        defer { gmime.unref(returnPath) }
        let lists = [gmime.message_addresses(message, 0), gmime.message_addresses(message, 1), gmime.message_addresses(message, 2)]
            + [returnPath]
        for list in lists {
            // `MAILER-DAEMON <>` or `kontakt@REDACTED` names nobody we could answer: look further.
            guard let list, let mailbox = firstMailbox(list), EmailAddress.normalize(mailbox.address) != nil else { continue }
            mail.fromName = mailbox.name
            mail.fromAddress = mailbox.address
            break
        }
        if mail.fromAddress == nil { mail.fromAddress = header(object, "From").flatMap(escapedLocalPart) ?? envelopeSender }
        if let id = gmime.message_id(message).map({ String(cString: $0) }), !id.isEmpty {
            mail.messageId = id
        }
        var seconds: Int64 = 0
        if gmime.message_date(message, &seconds) != 0 {
            mail.date = Date(timeIntervalSince1970: TimeInterval(seconds))
        }
        if let received = header(object, "Received"), let semicolon = received.lastIndex(of: ";"),
           gmime.decode_date(String(received[received.index(after: semicolon)...]), &seconds) != 0 {
            mail.receivedDate = Date(timeIntervalSince1970: TimeInterval(seconds))
        }
        mail.inReplyTo = messageIds(header(object, "In-Reply-To"))
        mail.references = messageIds(header(object, "References"))
        for name in ["X-Paydesk-Category", "X-Paydesk-Subcategory", "X-Paydesk-Priority", "X-Paydesk-Wallet-Id"] {
            if let value = header(object, name) { mail.headers[name.lowercased()] = value }
        }
        var found = Body()
        if let body = gmime.message_body(message) {
            walk(body, into: &found, depth: 0, embedded: false)
            mail.text = found.plain ?? found.html.map(HTMLText.text) ?? found.otherText
                ?? found.embeddedPlain ?? found.embeddedHTML.map(HTMLText.text)
            // A multipart whose parts never matched its boundary (a typo in the header) is
            // all prologue to the parser; the text is in there, as other readers show it.
            if mail.text == nil, gmime.is_multipart(body) != 0, let prologue = gmime.multipart_prologue(body) {
                let text = String(decoding: Data(bytes: prologue, count: strlen(prologue)), as: UTF8.self)
                if !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { mail.text = text }
            }
            mail.attachments = found.attachments
        }
        if let raw = gmime.raw_header(object, "Subject") {
            // Raw 8-bit in a header has no declared charset; the charset the same client
            // declared for the body is the best guess (GB2312 mail from a Chinese webmail).
            let bytes = Array(UnsafeBufferPointer(start: UnsafeRawPointer(raw).assumingMemoryBound(to: UInt8.self), count: strlen(raw)))
            let text = String(validating: bytes, as: UTF8.self) ?? decode(bytes, charset: found.charset)
            mail.subject = EncodedWords.decodeHeader(text, library: library)
        }
        return mail
    }

    /// `<Postmaster\@example.com@xxx.com>` (Exchange escapes an @ in the local part with a
    /// backslash, which address parsers refuse) → `"postmaster@example.com"@xxx.com`, the
    /// quoted form that means the same.
    static func escapedLocalPart(_ raw: String) -> String? {
        guard let open = raw.lastIndex(of: "<"), let close = raw.lastIndex(of: ">"), open < close else { return nil }
        let inside = raw[raw.index(after: open)..<close]
        guard inside.contains("\\@"), let at = inside.lastIndex(of: "@") else { return nil }
        let local = inside[..<at].replacingOccurrences(of: "\\", with: "")
        guard !local.contains("\""), !local.isEmpty else { return nil }
        return EmailAddress.normalize("\"\(local)\"" + inside[at...])
    }

    /// The first mailbox in an address list, looking inside groups (`undisclosed: a@b;`).
    private static func firstMailbox(_ list: UnsafeMutableRawPointer) -> (name: String?, address: String)? {
        guard let gmime = try? MailLibrary.entryPoints().api.pointee else { return nil }
        for i in 0..<gmime.address_list_length(list) {
            guard let address = gmime.address_list_get(list, i) else { continue }
            if let addr = gmime.mailbox_address(address) {
                let name = gmime.address_name(address).map { String(cString: $0) }
                    .map { $0.trimmingCharacters(in: .whitespaces) }
                return (name?.isEmpty == false ? name : nil, String(cString: addr))
            }
            if let members = gmime.group_members(address), let inner = firstMailbox(members) { return inner }
        }
        return nil
    }

    private static func header(_ object: UnsafeMutableRawPointer, _ name: String) -> String? {
        guard let gmime = try? MailLibrary.entryPoints().api.pointee else { return nil }
        return gmime.header(object, name).map { String(cString: $0) }
    }

    /// `<a@b> <c@d>` → ["a@b", "c@d"], by GMime's References parser, which skips the
    /// comments and junk some clients put between ids.
    private static func messageIds(_ text: String?) -> [String] {
        guard let text, let library = try? MailLibrary.entryPoints() else { return [] }
        let gmime = library.api.pointee
        guard let refs = gmime.references_parse(library.options, text) else { return [] }
        defer { gmime.references_free(refs) }
        return (0..<gmime.references_length(refs)).compactMap { i in
            gmime.references_id(refs, i).map { String(cString: $0) }
        }
    }

    /// Lower-case hex SHA-256, by GLib (this file is also built into the fuzzer, outside
    /// the package, where swift-crypto is not at hand).
    /// Empty without the mail library.
    static func sha256(_ data: Data) -> String {
        guard let gmime = try? MailLibrary.entryPoints().api.pointee else { return "" }
        let hex = data.withUnsafeBytes { raw in
            gmime.sha256_hex(raw.baseAddress?.assumingMemoryBound(to: UInt8.self), raw.count)
        }
        guard let hex else { return "" }
        defer { gmime.free_text(hex) }
        return String(cString: hex)
    }

    // MARK: body

    private struct Body {
        var plain: String?
        var html: String?
        /// text/enriched, text/x-whatever, `Content-Type: text` without a subtype.
        var otherText: String?
        /// Text of a forwarded or bounced message inside this one: used only when the
        /// message has no text of its own.
        var embeddedPlain: String?
        var embeddedHTML: String?
        var attachments: [MailAttachment] = []
        /// The first charset a text part declared.
        var charset: String?
    }

    /// Depth first, in order: the first text/plain part that is not an attachment is the
    /// body (in multipart/alternative the plain part is listed first by convention, and
    /// taking plain over HTML anywhere keeps that choice when it is not).
    private static func walk(_ object: UnsafeMutableRawPointer, into body: inout Body, depth: Int, embedded: Bool) {
        guard depth < 16, let gmime = try? MailLibrary.entryPoints().api.pointee else { return }
        if gmime.is_multipart(object) != 0 {
            for i in 0..<gmime.multipart_count(object) {
                if let part = gmime.multipart_part(object, i) { walk(part, into: &body, depth: depth + 1, embedded: embedded) }
            }
            return
        }
        if gmime.is_message_part(object) != 0 {
            if let inner = gmime.message_part_message(object), let part = gmime.message_body(inner) {
                walk(part, into: &body, depth: depth + 1, embedded: true)
            }
            return
        }
        guard gmime.is_part(object) != 0 else { return }
        let type = (gmime.content_type(object, 0).map { String(cString: $0) } ?? "text").lowercased()
        let subtype = (gmime.content_type(object, 1).map { String(cString: $0) } ?? "plain").lowercased()
        var length = 0
        let pointer = gmime.part_decoded(object, &length)
        defer { gmime.free_text(pointer) }
        let bytes = pointer.map { [UInt8](UnsafeBufferPointer(start: $0, count: length)) } ?? []
        let filename = gmime.part_filename(object).map { String(cString: $0) }
        let isText = type == "text" && !["rfc822-headers", "calendar", "csv", "x-vcard", "vcard"].contains(subtype)
        if !embedded && (gmime.part_is_attachment(object) != 0 || (filename != nil && !isText)) {
            let digest = sha256(Data(bytes))
            body.attachments.append(MailAttachment(name: filename ?? "unnamed", type: "\(type)/\(subtype)",
                                                   size: bytes.count, sha256: digest))
            return
        }
        // `Content-Type: text` without a subtype is read by GMime as application/octet-stream;
        // as the whole message body, without a file name, it is still the customer's text.
        let bareText = depth == 0 && type == "application" && subtype == "octet-stream" && filename == nil
            && !bytes.contains(0) && String(validating: bytes, as: UTF8.self) != nil
        guard isText || bareText, gmime.part_is_attachment(object) == 0 else { return }
        let charset = gmime.content_type_parameter(object, "charset").map { String(cString: $0) }
        if body.charset == nil, let charset, !["us-ascii", "ascii"].contains(charset.lowercased()) { body.charset = charset }
        let text = decode(bytes, charset: charset)
        // An empty part (a signature-only alternative, a blank first part) is no body.
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return }
        switch (subtype, embedded) {
        case ("plain", false): if body.plain == nil { body.plain = text }
        case ("html", false): if body.html == nil { body.html = text }
        case (_, false): if body.otherText == nil { body.otherText = text }
        case ("html", true): if body.embeddedHTML == nil { body.embeddedHTML = text }
        case (_, true): if body.embeddedPlain == nil { body.embeddedPlain = text }
        }
    }

    /// Bytes in the declared charset as UTF-8, through iconv with GMime's charset aliases
    /// (`gb2312` is read as GBK, which every GB2312 client really sends; `ks_c_5601-1987`,
    /// `x-sjis`…). Mail that lies about its charset is common: text that does not convert
    /// is taken as UTF-8 if it is valid UTF-8, else through GMime's fallback charsets.
    static func decode(_ bytes: [UInt8], charset: String?) -> String {
        if bytes.isEmpty { return "" }
        guard let library = try? MailLibrary.entryPoints() else { return String(decoding: bytes, as: UTF8.self) }
        let gmime = library.api.pointee
        let declared = charset?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
        if !declared.isEmpty, !["us-ascii", "ascii", "utf-8", "utf8"].contains(declared) {
            var written = 0
            let converted = bytes.withUnsafeBufferPointer { buf in
                buf.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buf.count) {
                    gmime.convert($0, buf.count, declared, &written)
                }
            }
            if let converted {
                defer { gmime.free_text(converted) }
                return String(decoding: UnsafeBufferPointer(start: UnsafeRawPointer(converted).assumingMemoryBound(to: UInt8.self), count: written), as: UTF8.self)
            }
        }
        if let utf8 = String(validating: bytes, as: UTF8.self) { return utf8 }
        let fallback = bytes.withUnsafeBufferPointer { buf in
            buf.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buf.count) {
                gmime.decode_8bit(library.options, $0, buf.count)
            }
        }
        guard let fallback else { return String(decoding: bytes, as: UTF8.self) }
        defer { gmime.free_text(fallback) }
        return String(cString: fallback)
    }
}
