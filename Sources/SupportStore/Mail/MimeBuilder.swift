import CMailABI
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
    static func build(_ mail: OutgoingMail) throws(MailLibraryUnavailable) -> Data {
        let gmime = try MailLibrary.entryPoints().api.pointee
        let message = gmime.message_new()
        defer { gmime.unref(message) }
        let object = gmime.message_object(message)
        gmime.message_add_from(message, mail.from)
        gmime.message_add_to(message, mail.to)
        gmime.message_set_subject(message, mail.subject)
        gmime.message_set_date(message, Int64(mail.date.timeIntervalSince1970))
        gmime.message_set_id(message, mail.messageId)
        if let parent = mail.inReplyTo { gmime.set_header(object, "In-Reply-To", "<\(parent)>") }
        if !mail.references.isEmpty {
            gmime.set_header(object, "References", mail.references.map { "<\($0)>" }.joined(separator: " "))
        }
        gmime.set_header(object, "X-Paydesk-Outbox", String(mail.outboxId))
        let text = gmime.text_part("plain", mail.body)
        if !mail.attachments.isEmpty {
            let mixed = gmime.multipart_mixed()
            gmime.multipart_add(mixed, text)
            // One part per file, in the order the agent added them, each with its filename.
            for attachment in mail.attachments {
                let (type, subtype) = mediaType(attachment.name)
                let part = attachment.data.withUnsafeBytes { raw in
                    gmime.attachment_part(type, subtype, attachment.name, raw.baseAddress?.assumingMemoryBound(to: UInt8.self), raw.count)
                }
                gmime.multipart_add(mixed, part)
                gmime.unref(part)
            }
            gmime.message_set_body(message, mixed)
            gmime.unref(mixed)
        } else {
            gmime.message_set_body(message, text)
        }
        gmime.unref(text)
        guard let string = gmime.to_text(object) else { return Data() }
        defer { gmime.free_text(string) }
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
