import Foundation
import SupportCore

/// Reads one `.eml` file (RFC 5322 with MIME) into a contact. The MIME work — structure,
/// transfer encodings, charsets, RFC 2047/2231, address lists with comments and groups —
/// is GMime's (`MimeMessage`); HTML-only mail becomes text through libxml2 (`HTMLText`).
/// What is decided here is paydesk's policy for imperfect mail:
/// - no Message-ID: a stable synthetic one from the message's bytes, so a re-import of
///   the same file is still recognised as a duplicate;
/// - no Date, or one that cannot be right (in the future, or over 30 days old): the time in
///   the newest Received header, else the time of import;
/// - no text: the body lists the attachments, since the files are the message, or says
///   the subject was all there was;
/// - control characters (the ESC of an undecoded ISO-2022-JP run, BEL, NUL…) never
///   reach the database.
/// Optional `X-Paydesk-Category`, `-Subcategory`, `-Priority` and `-Wallet-Id` headers,
/// as a mail rule can add them, fill the fields email lacks.
enum EmailReader {
    /// The domain of synthetic Message-IDs; `.invalid` can never clash with a real one.
    static let syntheticDomain = "synthetic.paydesk.invalid"

    static func contact(_ data: Data, fields: ContactFields) -> Result<IncomingContact, IntakeRejection> {
        func reject(_ reason: String) -> Result<IncomingContact, IntakeRejection> {
            .failure(IntakeRejection(file: fields.file, line: nil, reason: reason))
        }
        do { _ = try MailLibrary.entryPoints() } catch { return reject(error.description) }
        guard let mail = MimeMessage.parse(data) else { return reject("is not an email message") }
        guard let address = mail.fromAddress.map(clean), !address.isEmpty else { return reject("no From header with an address") }

        let messageId = mail.messageId.map(clean).flatMap { $0.isEmpty ? nil : $0 } ?? syntheticId(data)
        let date = [mail.date, mail.receivedDate].compactMap { $0 }.first { plausible($0, now: fields.now) } ?? fields.now
        var text = mail.text.map(clean) ?? ""
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            // Still a message from the customer: the files are what they sent, or the
            // subject was all they wrote.
            if !mail.attachments.isEmpty {
                text = mail.attachments.map { "[attachment: \(clean($0.name)), \($0.type), \(byteText($0.size))]" }
                    .joined(separator: "\n")
            } else if let subject = mail.subject.map(cleanLine), !subject.isEmpty {
                text = "[no text; subject: \(subject)]"
            } else {
                return reject("no text body and no subject")
            }
        }
        var values: [String: String] = [
            "id": messageId,
            "email": address,
            "body": text,
        ]
        if let name = mail.fromName.map(clean), !name.isEmpty, name != address { values["name"] = name }
        if let subject = mail.subject.map(cleanLine), !subject.isEmpty { values["subject"] = subject }
        for (header, key) in [("x-paydesk-category", "category"), ("x-paydesk-subcategory", "subcategory"),
                              ("x-paydesk-priority", "priority"), ("x-paydesk-wallet-id", "wallet_id")] {
            if let value = mail.headers[header] { values[key] = cleanLine(value) }
        }
        var fields = fields
        fields.categoryOptional = true
        fields.at = date
        return fields.contact(values).map { contact in
            var contact = contact
            // Newest first: In-Reply-To names the message answered; References lists the
            // thread oldest first, so it is read backwards.
            var seen = Set<String>()
            contact.replyTo = (mail.inReplyTo + mail.references.reversed()).map(clean).filter { !$0.isEmpty && seen.insert($0).inserted }
            contact.ticketHint = mail.subject.flatMap(ticketToken)
            contact.attachments = mail.attachments
            return contact
        }
    }

    /// `Re: Saldo hilang [#1029]` → 1029, the token outgoing mail puts in its subject.
    static func ticketToken(_ subject: String) -> Int64? {
        var rest = Substring(subject)
        while let open = rest.range(of: "[#") {
            rest = rest[open.upperBound...]
            let digits = rest.prefix(while: { $0.isASCII && $0.isNumber })
            if !digits.isEmpty, digits.count <= 12, rest.dropFirst(digits.count).first == "]" { return Int64(digits) }
        }
        return nil
    }

    /// Same bytes, same id: the hash of the whole message, headers and body.
    static func syntheticId(_ data: Data) -> String {
        "\(MimeMessage.sha256(data).prefix(32))@\(syntheticDomain)"
    }

    /// A Date header is written by the sender's clock. One in the future, or more than
    /// 30 days old (a wrong clock, or an archive being imported), would start or breach
    /// SLA clocks absurdly, so it is not trusted.
    static func plausible(_ date: Date, now: Date) -> Bool {
        date >= now.addingTimeInterval(-30 * 86_400) && date <= now.addingTimeInterval(3_600)
    }

    /// Text with line breaks normalised and every other control character removed
    /// (tabs kept). Display sanitising still happens where the text is shown.
    static func clean(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        var previousCR = false
        for scalar in text.unicodeScalars {
            defer { previousCR = scalar == "\r" }
            switch scalar.value {
            case 0x0D: scalars.append("\n")
            case 0x0A: if !previousCR { scalars.append(scalar) }
            case 0x09: scalars.append(scalar)
            case 0x00...0x1F, 0x7F...0x9F, 0xFEFF: continue
            default: scalars.append(scalar)
            }
        }
        return String(scalars)
    }

    /// A header value on one line: folded whitespace becomes single spaces.
    static func cleanLine(_ text: String) -> String {
        clean(text).split(whereSeparator: { $0 == "\n" || $0 == "\t" || $0 == " " }).joined(separator: " ")
    }

    static func byteText(_ size: Int) -> String {
        size < 1_024 ? "\(size) B" : size < 1 << 20 ? "\(size >> 10) KB" : String(format: "%.1f MB", Double(size) / 1_048_576)
    }
}
