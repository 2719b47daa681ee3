import Foundation
import GRDB
import Testing
import SupportCore
@testable import SupportStore

/// The public corpus in Tests/Fixtures/mail (sources and licences in its README): every
/// message read and imported as `paydesk intake` would, then a hand-checked subset.
@Suite struct MailCorpusTests {
    static let base: URL = {
        var root = URL(fileURLWithPath: #filePath)
        while !FileManager.default.fileExists(atPath: root.appendingPathComponent("Package.swift").path) { root.deleteLastPathComponent() }
        return root.appendingPathComponent("Tests/Fixtures/mail")
    }()
    static let folders = ["python-email", "mail-parser", "talon", "django-mailbox", "flufl-bounce"]

    static func read(_ folder: String) throws -> IntakeBatch {
        try IntakeReader.read(path: base.appendingPathComponent(folder).path, format: .eml,
                              defaults: IntakeDefaults(category: .payment), now: TempStore.fixedNow)
    }

    @Test func theWholeCorpusImports() throws {
        let f = try TempStore()
        let (admin, _, _, _, _) = try f.cast()
        var files = 0, imported = 0
        var rejections: [IntakeRejection] = []
        let batches = try Self.folders.map(Self.read)
        // Every sender is a known customer here: the corpus tests parsing, not matching.
        let senders = Set(batches.flatMap { $0.contacts.compactMap(\.email) }).subtracting(["wang@example.com"])
        for (i, email) in senders.sorted().enumerated() {
            _ = try f.store.insertCustomerForTesting(name: email, phone: "+62812\(String(format: "%08d", i))", email: email)
        }
        for batch in batches {
            files += batch.files
            let report = try f.store.importContacts(batch, channel: .email, by: admin)
            imported += report.items.count
            rejections += report.rejections
        }
        let rate = Double(imported) / Double(files)
        print("mail corpus: \(imported) of \(files) messages imported (\(String(format: "%.1f", rate * 100))%)")
        for r in rejections { print("  not imported: \(r.file.split(separator: "/").suffix(2).joined(separator: "/")): \(r.reason)") }
        #expect(files >= 200)
        #expect(rate >= 0.95)
        // Nothing stored carries a control character other than line breaks and tabs:
        // no ESC from an undecoded ISO-2022-JP run, no NUL, no terminal escape.
        let stored = try f.store.read { db in
            try String.fetchAll(db, sql: "SELECT body FROM ticket_events UNION ALL SELECT subject FROM tickets")
        }
        let bad = stored.filter { $0.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n" && $0 != "\t") || (0x7F...0x9F).contains($0.value) } }
        #expect(bad.isEmpty, "\(bad.prefix(3))")
    }

    /// Checked by reading each message by hand.
    @Test func handCheckedMessages() throws {
        var contacts: [String: IncomingContact] = [:]
        for folder in Self.folders {
            for c in try Self.read(folder).contacts { contacts[c.file.split(separator: "/").suffix(2).joined(separator: "/")] = c }
        }
        func check(_ name: String, from: String, sender: String? = nil, subject: String, body: String,
                   sourceLocation: SourceLocation = #_sourceLocation) {
            guard let c = contacts[name] else { Issue.record("\(name) was not read", sourceLocation: sourceLocation); return }
            #expect(c.email == from, sourceLocation: sourceLocation)
            if let sender { #expect(c.name == sender, sourceLocation: sourceLocation) }
            #expect(c.subject == subject, sourceLocation: sourceLocation)
            #expect(c.body.contains(body), "\(c.body.prefix(200))", sourceLocation: sourceLocation)
        }
        // ISO-2022-JP in two encoded words (each padded) and in the body.
        check("python-email/inline_iso2022jp.eml", from: "ja@example.jp", sender: "文",
              subject: "test-ja へ投稿されたメールは司会者の承認を待っています", body: "文")
        // GB2312: RFC 2047 subject and an 8-bit body.
        check("mail-parser/mail_test_12.eml", from: "baoguan@hotmail.com", sender: "张先生",
              subject: "代开各地增值税发票", body: "我公司可代开各类增值税发票")
        // A raw 8-bit GB2312 subject with no charset, read in the body's declared charset.
        check("flufl-bounce/sina_01.eml", from: "mailer-daemon@sina.com", subject: "邮件传输失败！",
              body: "邮件无法发送到您指定的地址中。")
        // KOI8-R body inside a multipart bounce.
        check("flufl-bounce/newmailru_01.eml", from: "mailer-daemon@grif.newmail.ru", subject: "failure notice",
              body: "Это сообщение создано автоматически mail-сервисом.")
        // A single-byte Cyrillic charset declared on the body.
        check("django-mailbox/message_with_single_byte_encoding.eml", from: "somebody@somewhere.com", subject: "Tjest",
              body: "Это сообщение имеет неправильную кодировка.")
        // Quoted-printable UTF-8 in the subject.
        check("flufl-bounce/simple_13.eml", from: "mailer-daemon@sb7.songbird.com",
              subject: "Utilisateur non recensé dans l'annuaire Ademe",
              body: "L'adresse de messagerie référencée ci-dessus n'existe pas.")
        // `addr (Name)` sender, and `Content-Type: text` without a subtype.
        check("python-email/msg_14.eml", from: "bbb@ddd.com", sender: "John X. Doe", subject: "This is a test message",
              body: "This message has a Content-Type: header with no subtype.")
        // HTML only, windows-1251 declared, attachment name in RFC 2047.
        check("mail-parser/mail_test_11.eml", from: "suvorov.s@nalg.ru", sender: "служба ФНС Даниил Суворов",
              subject: "письмо уведом-е", body: "Информируем Вас об имеющейся задолженности.")
        #expect(contacts["mail-parser/mail_test_11.eml"]?.attachments.first?.name.hasPrefix("Prokuratura Rejonowa Warszawa-Śródmieście") == true)
        // HTML only, no Date: the import time stands in.
        check("flufl-bounce/yahoo_12.eml", from: "mailer-daemon@yahoo.com",
              subject: "I'm afraid I wasn't able to deliver the following message. This is a permanent …",
              body: "This is a permanent error; I've given up.")
        #expect(contacts["flufl-bounce/yahoo_12.eml"]?.at == TempStore.fixedNow)
        // An empty From (`<>`): the Sender header; no Message-ID: a synthetic one.
        check("flufl-bounce/bounce_01.eml", from: "python-list-owner@python.org", subject: "Mail Error",
              body: "mail box space not enough")
        check("mail-parser/mail_test_14.eml", from: "example@example.com", subject: "Test", body: "Plaintext here.")
        #expect(contacts["mail-parser/mail_test_14.eml"]?.sourceId.hasSuffix("@" + EmailReader.syntheticDomain) == true)
        // A reply from Gmail keeps its quoted text; threading headers are read.
        check("talon/gmail.eml", from: "xxx@gmail.com", sender: "Megan One", subject: "Re: Test", body: "Hello")
        // A signed message: the signature is an attachment, the text is the body.
        check("python-email/msg_45.eml", from: "foo@bar.baz", subject: "test", body: "This is the signed contents.")
        #expect(contacts["python-email/msg_45.eml"]?.attachments.map(\.name) == ["signature.asc"])
        // A quoted local part, and Exchange's backslash-escaped @ in one, are addresses.
        check("flufl-bounce/simple_36.eml", from: "\"system administrator\"@example.com", subject: "Delivery Failure",
              body: "Could not deliver message to the following recipient(s):")
        check("flufl-bounce/simple_35.eml", from: "\"postmaster@example.com\"@xxx.com", subject: "Mail Delivery Warning",
              body: "This is an advisory-only email.")
        // From is `MAILER DAEMON <>`, no Sender or Return-Path: the mbox "From " line's sender.
        check("python-email/msg_43.eml", from: "srs0=ao/p=on=bag.python.org=none@bounce2.pobox.com",
              subject: "Banned file: auto__mail.python.bat in mail from you", body: "BANNED FILENAME ALERT")
        // From `kontakt@REDACTED` is no address: the Return-Path is.
        #expect(contacts["django-mailbox/message_with_utf8_attachment.eml"]?.email == "srs0=9ddk64=sw=redacted=kontakt@porady.redacted")
        // A boundary that never matches (`BOUNDARY_` declared, `--BOUNDARY` used): the text is in the prologue.
        #expect(contacts["python-email/msg_31.eml"]?.body.contains("message 1") == true)
    }
}
