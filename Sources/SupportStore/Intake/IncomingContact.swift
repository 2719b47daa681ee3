import Foundation
import SupportCore

/// One contact read from a channel's export, checked field by field but not yet matched
/// to a customer. Text is kept as received: sanitising happens where it is displayed.
public struct IncomingContact: Sendable, Hashable, Codable {
    /// Where it came from, for messages: the file and its 1-based line (the line a CSV
    /// record starts on; nil for an email, which is a whole file).
    public var file: String
    public var line: Int?
    /// The source system's message id; with the channel, the key that makes imports idempotent.
    public var sourceId: String
    public var at: Date
    public var walletId: String?
    public var phone: String?      // normalised E.164
    public var email: String?      // normalised
    public var name: String?
    public var subject: String
    public var body: String
    /// Nil only for email that named none: intake asks the keyword rules, and a message
    /// none matches opens an untriaged ticket.
    public var category: Category?
    public var subcategory: String?
    public var priority: Priority
    /// Email only: the message ids this one answers, newest first (In-Reply-To, then
    /// References backwards). Threading looks for them before anything else.
    public var replyTo: [String] = []
    /// Email only: the ticket named by a `[#1029]` token in the subject.
    public var ticketHint: Int64?
    /// Email only: the files that came with the message.
    public var attachments: [MailAttachment] = []
}

/// A line (or file) that was not imported, and why, in one sentence.
public struct IntakeRejection: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var reason: String

    public init(file: String, line: Int?, reason: String) {
        self.file = file; self.line = line; self.reason = reason
    }

    /// `calls.csv line 4: bad date "yesterday"` or `mail/123.eml: no Message-ID header`.
    public var description: String {
        line.map { "\(file) line \($0): \(reason)" } ?? "\(file): \(reason)"
    }
}

/// What a reader made of a file or folder: the contacts to import and the lines it could
/// not use.
public struct IntakeBatch: Sendable, Codable {
    public var contacts: [IncomingContact] = []
    public var rejections: [IntakeRejection] = []
    /// Files read (a folder of `.eml` files counts each).
    public var files = 0

    public init(contacts: [IncomingContact] = [], rejections: [IntakeRejection] = [], files: Int = 0) {
        self.contacts = contacts; self.rejections = rejections; self.files = files
    }
}

/// Values a source may leave out: emails carry no category, and a phone log may not say
/// how urgent a call was.
public struct IntakeDefaults: Sendable {
    public var category: Category?
    public var priority: Priority

    public init(category: Category? = nil, priority: Priority = .p3) {
        self.category = category; self.priority = priority
    }
}

/// Limits on untrusted input. A contact over them is rejected, not cut: a truncated
/// complaint would misstate what the customer said.
public enum IntakeLimits {
    public static let fileBytes = 64 << 20          // a whole export file
    public static let emailBytes = 10 << 20         // one .eml
    public static let lineBytes = 256 << 10         // one JSON line or CSV record
    public static let bodyBytes = 64_000            // what a ticket message accepts
    public static let subjectBytes = 1_000
    public static let fieldBytes = 500              // ids, names, contact keys
    /// Subjects made from a message's first line are cut to this many characters.
    public static let derivedSubjectCharacters = 80
}

/// Turns the fields of one record (JSON object, CSV row or email headers) into a contact,
/// or a one-sentence reason it cannot be one. Shared by every format so the rules match.
struct ContactFields {
    var file: String
    var line: Int?
    var defaults: IntakeDefaults
    var dates: IntakeDateParser
    var now: Date
    /// Email may leave the category to the keyword rules; a channel export must name it.
    var categoryOptional = false
    /// The contact's time when the reader has it as a date already (email's `Date:`, read
    /// by GMime): the `at` field is then not needed, and no text is formatted and parsed back.
    var at: Date?

    func contact(_ fields: [String: String]) -> Result<IncomingContact, IntakeRejection> {
        func reject(_ reason: String) -> Result<IncomingContact, IntakeRejection> {
            .failure(IntakeRejection(file: file, line: line, reason: reason))
        }
        for (key, value) in fields.sorted(by: { $0.key < $1.key }) where value.contains("\u{0}") {
            return reject("field \(key) contains a NUL byte")
        }
        func text(_ key: String) -> String? {
            guard let raw = fields[key]?.trimmingCharacters(in: .whitespacesAndNewlines), !raw.isEmpty else { return nil }
            return raw
        }
        for key in ["id", "wallet_id", "phone", "email", "name", "category", "subcategory", "priority", "at"] {
            if let value = text(key), value.utf8.count > IntakeLimits.fieldBytes {
                return reject("field \(key) is longer than \(IntakeLimits.fieldBytes) bytes")
            }
        }
        guard let sourceId = text("id") else { return reject("missing field id") }
        let at: Date
        if let given = self.at {
            // Whole seconds, as a time written out in ISO 8601 and read back would be.
            at = Date(timeIntervalSince1970: given.timeIntervalSince1970.rounded(.down))
            guard at <= now.addingTimeInterval(3_600) else { return reject("date \(TimeText.iso8601(at)) is in the future") }
        } else {
            guard let atText = text("at") else { return reject("missing field at") }
            guard let parsed = dates.parse(atText) else { return reject("bad date \(Self.quote(atText)) in field at (use ISO 8601)") }
            guard parsed <= now.addingTimeInterval(3_600) else { return reject("date \(Self.quote(atText)) is in the future") }
            at = parsed
        }

        let walletId = text("wallet_id")
        var phone: String?
        if let raw = text("phone") {
            guard let normalised = PhoneNumber.normalize(raw) else { return reject("phone \(Self.quote(raw)) is not a phone number") }
            phone = normalised
        }
        var email: String?
        if let raw = text("email") {
            guard let normalised = EmailAddress.normalize(raw) else { return reject("email \(Self.quote(raw)) is not an email address") }
            email = normalised
        }
        guard walletId != nil || phone != nil || email != nil else {
            return reject("missing field wallet_id, phone or email (one is needed to find the customer)")
        }

        guard let body = text("body") else { return reject("missing field body") }
        guard body.utf8.count <= IntakeLimits.bodyBytes else {
            return reject("body is longer than \(IntakeLimits.bodyBytes) bytes")
        }
        let subject: String
        if let given = text("subject") {
            guard given.utf8.count <= IntakeLimits.subjectBytes else {
                return reject("subject is longer than \(IntakeLimits.subjectBytes) bytes")
            }
            subject = given
        } else {
            // Chats and calls have no subject line; the message's first line stands in.
            let first = body.split(whereSeparator: \.isNewline).first.map(String.init) ?? body
            subject = first.count > IntakeLimits.derivedSubjectCharacters
                ? String(first.prefix(IntakeLimits.derivedSubjectCharacters - 1)) + "…" : first
        }

        let category: Category?
        if let raw = text("category") {
            guard let parsed = Category(rawValue: raw.lowercased()) else {
                return reject("unknown category \(Self.quote(raw)); use \(Category.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            category = parsed
        } else if let fallback = defaults.category {
            category = fallback
        } else if categoryOptional {
            category = nil
        } else {
            return reject("missing field category")
        }
        var subcategory: String?
        if let raw = text("subcategory") {
            let sub = raw.lowercased()
            guard let category else { return reject("subcategory \(Self.quote(raw)) without a category") }
            guard category.subcategories.contains(sub) else {
                return reject("\(Self.quote(raw)) is not a subcategory of \(category.rawValue); use \(category.subcategories.joined(separator: ", "))")
            }
            subcategory = sub
        }
        var priority = defaults.priority
        if let raw = text("priority") {
            guard let parsed = Priority(rawValue: raw.lowercased()) else {
                return reject("unknown priority \(Self.quote(raw)); use p1, p2, p3 or p4")
            }
            priority = parsed
        }
        return .success(IncomingContact(file: file, line: line, sourceId: sourceId, at: at, walletId: walletId,
                                        phone: phone, email: email, name: text("name"), subject: subject, body: body,
                                        category: category, subcategory: subcategory, priority: priority))
    }

    /// A value echoed in a message, cut short so one bad field cannot flood the report.
    static func quote(_ value: String) -> String {
        "\"" + (value.count > 40 ? String(value.prefix(40)) + "…" : value) + "\""
    }
}

/// Dates as exports write them. ISO 8601 with a zone is exact; a date and time without a
/// zone (how people type phone logs) is read as the team's zone, Asia/Jakarta; RFC 2822
/// is what email `Date:` headers use.
struct IntakeDateParser {
    private let iso = ISO8601DateFormatter()
    private let isoFraction: ISO8601DateFormatter = {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f
    }()
    private let local: [DateFormatter]
    private let rfc2822: [DateFormatter]

    init(zone: TimeZone = TimeText.zone) {
        func formatter(_ pattern: String, _ zone: TimeZone) -> DateFormatter {
            let f = DateFormatter()
            f.locale = Locale(identifier: "en_US_POSIX")
            f.timeZone = zone
            f.dateFormat = pattern
            f.isLenient = false
            return f
        }
        local = ["yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm"]
            .map { formatter($0, zone) }
        rfc2822 = ["EEE, d MMM yyyy HH:mm:ss Z", "d MMM yyyy HH:mm:ss Z", "EEE, d MMM yyyy HH:mm Z", "d MMM yyyy HH:mm Z",
                   "EEE, d MMM yyyy HH:mm:ss zzz", "d MMM yyyy HH:mm:ss zzz"]
            .map { formatter($0, TimeZone(identifier: "UTC")!) }
    }

    /// ISO 8601 or a local date-time; nil for anything else, and for years before 2000,
    /// which no wallet contact has.
    func parse(_ text: String) -> Date? {
        let t = text.trimmingCharacters(in: .whitespaces)
        let date = iso.date(from: t) ?? isoFraction.date(from: t) ?? local.lazy.compactMap { $0.date(from: t) }.first
        return date.flatMap(Self.plausible)
    }

    /// An email `Date:` header; a trailing comment such as `(WIB)` is ignored.
    func parseEmail(_ text: String) -> Date? {
        var t = text.trimmingCharacters(in: .whitespaces)
        if let paren = t.firstIndex(of: "(") { t = String(t[..<paren]).trimmingCharacters(in: .whitespaces) }
        t = t.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        return (rfc2822.lazy.compactMap { $0.date(from: t) }.first ?? parse(t)).flatMap(Self.plausible)
    }

    private static func plausible(_ date: Date) -> Date? {
        date.timeIntervalSince1970 >= 946_684_800 ? date : nil    // 2000-01-01
    }
}
