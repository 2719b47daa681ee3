import CGMime
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

/// GMime, wrapped: parse bytes into a `ParsedMail`. GMime is initialised once per process.
enum MimeMessage {
    private static let initialised: Bool = { pd_gmime_init(); return true }()

    /// Lenient options: real mail breaks every rule (unquoted specials in names, encoded
    /// words inside quotes, 8-bit headers without a charset). Undeclared 8-bit text is
    /// tried as UTF-8, then the Windows code pages most customers' clients use, then Latin-1.
    private nonisolated(unsafe) static let options: OpaquePointer? = {
        _ = initialised
        let o = g_mime_parser_options_new()
        g_mime_parser_options_set_rfc2047_compliance_mode(o, GMIME_RFC_COMPLIANCE_LOOSE)
        g_mime_parser_options_set_address_compliance_mode(o, GMIME_RFC_COMPLIANCE_LOOSE)
        g_mime_parser_options_set_parameter_compliance_mode(o, GMIME_RFC_COMPLIANCE_LOOSE)
        g_mime_parser_options_set_allow_addresses_without_domain(o, 0)
        let charsets = ["utf-8", "windows-1252", "iso-8859-1"]
        // GMime copies the list, so the C strings are freed right after.
        let copies = charsets.map { strdup($0) }
        var pointers: [UnsafePointer<CChar>?] = copies.map { UnsafePointer($0) } + [nil]
        pointers.withUnsafeMutableBufferPointer { g_mime_parser_options_set_fallback_charsets(o, $0.baseAddress) }
        copies.forEach { free($0) }
        return o
    }()

    static func parse(_ data: Data) -> ParsedMail? {
        _ = initialised
        // A message saved from an mbox may still start with its "From " separator line,
        // which names the envelope sender: kept as the last answer to who wrote it.
        var data = data
        var envelopeSender: String?
        if data.starts(with: Array("From ".utf8)), let newline = data.firstIndex(of: 0x0A) {
            let line = String(decoding: data[data.startIndex..<newline], as: UTF8.self)
            envelopeSender = line.split(separator: " ").dropFirst().first.map(String.init).flatMap { $0.contains("@") ? $0 : nil }
            data = data.subdata(in: data.index(after: newline)..<data.endIndex)
        }
        let message: UnsafeMutablePointer<GMimeMessage>? = data.withUnsafeBytes { raw in
            pd_parse_message(raw.baseAddress?.assumingMemoryBound(to: CChar.self), raw.count, options)
        }
        guard let message else { return nil }
        defer { pd_unref(message) }
        let object = pd_message_object(message)
        var mail = ParsedMail()
        // Who wrote it: From, else Sender or Reply-To, else the envelope sender that the
        // delivering server recorded (bounces and some gateways send no From at all).
        let lists = [g_mime_message_get_from(message), g_mime_message_get_sender(message), g_mime_message_get_reply_to(message)]
            + [header(object, "Return-Path").flatMap { internet_address_list_parse(options, $0) }]
        for list in lists {
            // `MAILER-DAEMON <>` or `kontakt@REDACTED` names nobody we could answer: look further.
            guard let list, let mailbox = firstMailbox(list), EmailAddress.normalize(mailbox.address) != nil else { continue }
            mail.fromName = mailbox.name
            mail.fromAddress = mailbox.address
            break
        }
        if mail.fromAddress == nil { mail.fromAddress = header(object, "From").flatMap(escapedLocalPart) ?? envelopeSender }
        if let id = g_mime_message_get_message_id(message).map({ String(cString: $0) }), !id.isEmpty {
            mail.messageId = id
        }
        if let date = g_mime_message_get_date(message) {
            mail.date = Date(timeIntervalSince1970: TimeInterval(g_date_time_to_unix(date)))
        }
        if let received = header(object, "Received"), let semicolon = received.lastIndex(of: ";"),
           let date = g_mime_utils_header_decode_date(String(received[received.index(after: semicolon)...])) {
            mail.receivedDate = Date(timeIntervalSince1970: TimeInterval(g_date_time_to_unix(date)))
            g_date_time_unref(date)
        }
        mail.inReplyTo = messageIds(header(object, "In-Reply-To"))
        mail.references = messageIds(header(object, "References"))
        for name in ["X-Paydesk-Category", "X-Paydesk-Subcategory", "X-Paydesk-Priority", "X-Paydesk-Wallet-Id"] {
            if let value = header(object, name) { mail.headers[name.lowercased()] = value }
        }
        var found = Body()
        if let body = g_mime_message_get_mime_part(message) {
            walk(body, into: &found, depth: 0, embedded: false)
            mail.text = found.plain ?? found.html.map(HTMLText.text) ?? found.otherText
                ?? found.embeddedPlain ?? found.embeddedHTML.map(HTMLText.text)
            // A multipart whose parts never matched its boundary (a typo in the header) is
            // all prologue to the parser; the text is in there, as other readers show it.
            if mail.text == nil, pd_is_multipart(body) != 0, let prologue = pd_multipart_prologue(body) {
                let text = String(decoding: Data(bytes: prologue, count: strlen(prologue)), as: UTF8.self)
                if !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { mail.text = text }
            }
            mail.attachments = found.attachments
        }
        if let list = g_mime_object_get_header_list(object), let subject = g_mime_header_list_get_header(list, "Subject"),
           let raw = g_mime_header_get_raw_value(subject) {
            // Raw 8-bit in a header has no declared charset; the charset the same client
            // declared for the body is the best guess (GB2312 mail from a Chinese webmail).
            let bytes = Array(UnsafeBufferPointer(start: UnsafeRawPointer(raw).assumingMemoryBound(to: UInt8.self), count: strlen(raw)))
            let text = String(validating: bytes, as: UTF8.self) ?? decode(bytes, charset: found.charset)
            mail.subject = EncodedWords.decodeHeader(text, options: options)
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
    private static func firstMailbox(_ list: UnsafeMutablePointer<InternetAddressList>) -> (name: String?, address: String)? {
        for i in 0..<internet_address_list_length(list) {
            guard let address = internet_address_list_get_address(list, i) else { continue }
            if let addr = pd_mailbox_addr(address) {
                let name = internet_address_get_name(address).map { String(cString: $0) }
                    .map { $0.trimmingCharacters(in: .whitespaces) }
                return (name?.isEmpty == false ? name : nil, String(cString: addr))
            }
            if let members = pd_group_members(address), let inner = firstMailbox(members) { return inner }
        }
        return nil
    }

    private static func header(_ object: UnsafeMutablePointer<GMimeObject>?, _ name: String) -> String? {
        g_mime_object_get_header(object, name).map { String(cString: $0) }
    }

    /// `<a@b> <c@d>` → ["a@b", "c@d"], by GMime's References parser, which skips the
    /// comments and junk some clients put between ids.
    private static func messageIds(_ text: String?) -> [String] {
        guard let text, let refs = g_mime_references_parse(options, text) else { return [] }
        defer { g_mime_references_free(refs) }
        return (0..<g_mime_references_length(refs)).compactMap { i in
            g_mime_references_get_message_id(refs, i).map { String(cString: $0) }
        }
    }

    /// Lower-case hex SHA-256, by GLib (this file is also built into the fuzzer, outside
    /// the package, where swift-crypto is not at hand).
    static func sha256(_ data: Data) -> String {
        let hex = data.withUnsafeBytes { raw in
            g_compute_checksum_for_data(G_CHECKSUM_SHA256, raw.baseAddress?.assumingMemoryBound(to: UInt8.self), gsize(raw.count))
        }
        guard let hex else { return "" }
        defer { g_free(hex) }
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
    private static func walk(_ object: UnsafeMutablePointer<GMimeObject>, into body: inout Body, depth: Int, embedded: Bool) {
        guard depth < 16 else { return }
        if pd_is_multipart(object) != 0 {
            for i in 0..<pd_multipart_count(object) {
                if let part = pd_multipart_part(object, i) { walk(part, into: &body, depth: depth + 1, embedded: embedded) }
            }
            return
        }
        if pd_is_message_part(object) != 0 {
            if let inner = pd_message_part_message(object), let part = g_mime_message_get_mime_part(inner) {
                walk(part, into: &body, depth: depth + 1, embedded: true)
            }
            return
        }
        guard pd_is_part(object) != 0 else { return }
        let type = (pd_content_type(object, 0).map { String(cString: $0) } ?? "text").lowercased()
        let subtype = (pd_content_type(object, 1).map { String(cString: $0) } ?? "plain").lowercased()
        var length = 0
        let pointer = pd_part_decoded(object, &length)
        defer { g_free(pointer) }
        let bytes = pointer.map { [UInt8](UnsafeBufferPointer(start: $0, count: length)) } ?? []
        let filename = pd_part_filename(object).map { String(cString: $0) }
        let isText = type == "text" && !["rfc822-headers", "calendar", "csv", "x-vcard", "vcard"].contains(subtype)
        if !embedded && (pd_part_is_attachment(object) != 0 || (filename != nil && !isText)) {
            let digest = sha256(Data(bytes))
            body.attachments.append(MailAttachment(name: filename ?? "unnamed", type: "\(type)/\(subtype)",
                                                   size: bytes.count, sha256: digest))
            return
        }
        // `Content-Type: text` without a subtype is read by GMime as application/octet-stream;
        // as the whole message body, without a file name, it is still the customer's text.
        let bareText = depth == 0 && type == "application" && subtype == "octet-stream" && filename == nil
            && !bytes.contains(0) && String(validating: bytes, as: UTF8.self) != nil
        guard isText || bareText, pd_part_is_attachment(object) == 0 else { return }
        let charset = g_mime_object_get_content_type_parameter(object, "charset").map { String(cString: $0) }
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
        let declared = charset?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
        if !declared.isEmpty, !["us-ascii", "ascii", "utf-8", "utf8"].contains(declared),
           let iconvName = g_mime_charset_iconv_name(declared) {
            var written: gsize = 0
            let converted = bytes.withUnsafeBufferPointer { buf in
                buf.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buf.count) {
                    g_convert($0, gssize(buf.count), "UTF-8", iconvName, nil, &written, nil)
                }
            }
            if let converted {
                defer { g_free(converted) }
                return String(decoding: UnsafeBufferPointer(start: UnsafeRawPointer(converted).assumingMemoryBound(to: UInt8.self), count: Int(written)), as: UTF8.self)
            }
        }
        if let utf8 = String(validating: bytes, as: UTF8.self) { return utf8 }
        let fallback = bytes.withUnsafeBufferPointer { buf in
            buf.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buf.count) {
                g_mime_utils_decode_8bit(options, $0, buf.count)
            }
        }
        guard let fallback else { return String(decoding: bytes, as: UTF8.self) }
        defer { g_free(fallback) }
        return String(cString: fallback)
    }
}
