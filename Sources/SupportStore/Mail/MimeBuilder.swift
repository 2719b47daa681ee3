import CGMime
import Foundation

/// One outgoing email, as the deliverer hands it to GMime.
struct OutgoingMail {
    var from: String                 // `Wallet Support <support@wallet.example>`
    var to: String
    var subject: String
    var body: String
    var messageId: String            // without angle brackets
    var inReplyTo: String?
    var references: [String]
    var date: Date
    var outboxId: Int64
    var attachments: [(name: String, data: Data)] = []
}

/// Proper MIME built by GMime rather than by string pasting: RFC 2047 encoded subject and
/// names, a UTF-8 text part in quoted-printable or base64 as the text needs, folded
/// headers, and a multipart/mixed message when a file is attached.
enum MimeBuilder {
    static func build(_ mail: OutgoingMail) -> Data {
        _ = MimeMessage.parse(Data())            // makes sure GMime is initialised
        let message = g_mime_message_new(1)!
        defer { pd_unref(message) }
        let object = pd_message_object(message)
        if let from = internet_address_list_parse(nil, mail.from) {
            internet_address_list_append(g_mime_message_get_from(message), from)
            pd_unref(from)
        }
        g_mime_message_add_mailbox(message, GMIME_ADDRESS_TYPE_TO, nil, mail.to)
        g_mime_message_set_subject(message, mail.subject, "utf-8")
        let date = g_date_time_new_from_unix_utc(gint64(mail.date.timeIntervalSince1970))
        g_mime_message_set_date(message, date)
        g_date_time_unref(date)
        g_mime_message_set_message_id(message, mail.messageId)
        if let parent = mail.inReplyTo { g_mime_object_set_header(object, "In-Reply-To", "<\(parent)>", nil) }
        if !mail.references.isEmpty {
            g_mime_object_set_header(object, "References", mail.references.map { "<\($0)>" }.joined(separator: " "), nil)
        }
        g_mime_object_set_header(object, "X-Paydesk-Outbox", String(mail.outboxId), nil)
        let text = pd_text_part("plain", mail.body)!
        if !mail.attachments.isEmpty {
            let mixed = pd_multipart_mixed()!
            pd_multipart_add(mixed, text)
            // One part per file, in the order the agent added them, each with its filename.
            for attachment in mail.attachments {
                let (type, subtype) = mediaType(attachment.name)
                let part = attachment.data.withUnsafeBytes { raw in
                    pd_attachment_part(type, subtype, attachment.name, raw.baseAddress?.assumingMemoryBound(to: UInt8.self), raw.count)
                }
                pd_multipart_add(mixed, part)
                pd_unref(part)
            }
            g_mime_message_set_mime_part(message, mixed)
            pd_unref(mixed)
        } else {
            g_mime_message_set_mime_part(message, text)
        }
        pd_unref(text)
        guard let string = g_mime_object_to_string(object, nil) else { return Data() }
        defer { g_free(string) }
        return Data(bytes: string, count: strlen(string))
    }

    /// The statement formats paydesk attaches, by extension; anything else is octet-stream.
    static func mediaType(_ name: String) -> (String, String) {
        switch URL(fileURLWithPath: name).pathExtension.lowercased() {
        case "pdf": ("application", "pdf")
        case "csv": ("text", "csv")
        case "xlsx": ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        case "png": ("image", "png")
        case "jpg", "jpeg": ("image", "jpeg")
        default: ("application", "octet-stream")
        }
    }
}
