import Foundation
import SupportCore
import Testing
@testable import SupportStore

/// The formats channel exports come in, read without a database.
@Suite struct IntakeReaderTests {
    let dir: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("paydesk-intake-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()
    let now = TempStore.fixedNow

    private func write(_ name: String, _ text: String) throws -> String {
        let path = dir.appendingPathComponent(name).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    private func jakarta(_ text: String) -> Date {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = BusinessCalendar.jakarta
        f.dateFormat = "yyyy-MM-dd HH:mm"
        return f.date(from: text)!
    }

    @Test func formatsAreChosenByName() {
        #expect(IntakeFormat.guess(path: "calls.CSV", isDirectory: false) == .csv)
        #expect(IntakeFormat.guess(path: "a/b.eml", isDirectory: false) == .eml)
        #expect(IntakeFormat.guess(path: "chat.jsonl", isDirectory: false) == .jsonl)
        #expect(IntakeFormat.guess(path: "inbox", isDirectory: true) == .eml)
    }

    @Test func aPhoneLogInCSVKeepsQuotedCommasQuotesAndLineBreaks() throws {
        let path = try write("calls.csv", #"""
            id,at,phone,name,subject,body,category,subcategory,priority\#r
            c-1,2026-11-24 08:30,0812-3456-7890,"Wang, Xiaoming",Top-up gagal,"Top up via BCA gagal
            saldo tidak masuk",payment,failed_payment,p2\#r
            c-2,2026-11-24 08:40,+62 812 3456 7890,,,"Dia bilang ""urgent""",payment,,
            c-3,2026-11-24 08:50,081234567890,,,x\#r
            c-4,2026-11-24T09:00:00+07:00,081234567890,,,"no closing quote,payment,,,
            """#)
        let batch = try IntakeReader.read(path: path, now: now)
        #expect(batch.contacts.map(\.sourceId) == ["c-1", "c-2"])
        let first = batch.contacts[0]
        #expect(first.line == 2)
        #expect(first.name == "Wang, Xiaoming")
        #expect(first.body == "Top up via BCA gagal\nsaldo tidak masuk")
        #expect(first.phone == "+6281234567890")
        #expect(first.at == jakarta("2026-11-24 08:30"))
        #expect(first.subcategory == "failed_payment" && first.priority == .p2)
        let second = batch.contacts[1]
        #expect(second.line == 4)
        #expect(second.body == "Dia bilang \"urgent\"")
        #expect(second.subject == "Dia bilang \"urgent\"")       // no subject: the first line stands in
        #expect(second.priority == .p3)
        #expect(batch.rejections.map(\.line) == [5, 6])
        #expect(batch.rejections[0].reason == "has 6 fields; the header has 9")
        #expect(batch.rejections[1].reason.contains("closing \" is missing"))
    }

    @Test func datesWithoutAZoneAreJakartaTime() throws {
        let path = try write("zones.jsonl", [
            #"{"id":"1","at":"2026-11-24T08:30:00+07:00","phone":"0812-3456-7890","body":"b","category":"account"}"#,
            #"{"id":"2","at":"2026-11-24T01:30:00Z","phone":"0812-3456-7890","body":"b","category":"account"}"#,
            #"{"id":"3","at":"2026-11-24 08:30","phone":"0812-3456-7890","body":"b","category":"account"}"#,
            #"{"id":"4","at":"2026-11-24T01:30:00.250Z","phone":"0812-3456-7890","body":"b","category":"account"}"#,
            #"{"id":5,"at":"1999-12-31T23:00:00Z","phone":6281234567890,"body":"b","category":"account"}"#,
        ].joined(separator: "\n"))
        let batch = try IntakeReader.read(path: path, now: now)
        #expect(batch.contacts.prefix(3).allSatisfy { $0.at == jakarta("2026-11-24 08:30") })
        #expect(batch.contacts.count == 4)
        #expect(batch.rejections.map(\.line) == [5])
        #expect(batch.rejections[0].reason.hasPrefix("bad date"))
    }

    @Test func anEmailGivesSenderSubjectDateMessageIdAndTextBody() throws {
        let mail = dir.appendingPathComponent("inbox")
        try FileManager.default.createDirectory(at: mail, withIntermediateDirectories: true)
        let good = """
            Return-Path: <wang@example.com>\r
            From: =?UTF-8?B?546L5bCP5piO?= <Wang@Example.com>\r
            To: support@wallet.example\r
            Subject: =?UTF-8?B?5oqV6K+J77ya?=\r
             =?UTF-8?Q?saldo_terpotong?=\r
            Date: Tue, 24 Nov 2026 09:15:00 +0700 (WIB)\r
            Message-ID: <CAF1234@mail.example.com>\r
            X-Paydesk-Category: complaint\r
            MIME-Version: 1.0\r
            Content-Type: multipart/alternative; boundary="=_b1"\r
            \r
            --=_b1\r
            Content-Type: text/html; charset=utf-8\r
            \r
            <p>html version</p>\r
            --=_b1\r
            Content-Type: text/plain; charset=utf-8\r
            Content-Transfer-Encoding: quoted-printable\r
            \r
            Saldo saya terpotong =E2=80=94 mohon dicek secepatnya, terima kasih banyak =\r
            ya.\r
            --=_b1--\r

            """
        try Data(good.utf8).write(to: mail.appendingPathComponent("001.eml"))
        try Data("From: a@b.co\nDate: Tue, 24 Nov 2026 09:15:00 +0700\n\nno id".utf8).write(to: mail.appendingPathComponent("002.eml"))
        try Data("To: a@b.co\nSubject: no sender\n\nwho?".utf8).write(to: mail.appendingPathComponent("004.eml"))
        let html = """
            From: rina@example.com
            Date: 24 Nov 2026 10:00:00 +0700
            Message-ID: <h1@x>
            Content-Type: text/html; charset=iso-8859-1
            Content-Transfer-Encoding: base64

            \("<div>Caf\u{E9}<br>kopi &amp; roti</div>".data(using: .isoLatin1)!.base64EncodedString())
            """
        try Data(html.utf8).write(to: mail.appendingPathComponent("003.EML"))
        try Data("ignored".utf8).write(to: mail.appendingPathComponent("notes.txt"))

        let batch = try IntakeReader.read(path: mail.path, defaults: IntakeDefaults(category: .account), now: now)
        #expect(batch.files == 4)
        // A missing Message-ID gets one made from the message's bytes: the same file
        // imported again is the same message.
        let synthetic = EmailReader.syntheticId(Data("From: a@b.co\nDate: Tue, 24 Nov 2026 09:15:00 +0700\n\nno id".utf8))
        #expect(synthetic.hasSuffix("@synthetic.paydesk.invalid"))
        #expect(batch.contacts.map(\.sourceId) == ["CAF1234@mail.example.com", synthetic, "h1@x"])
        let first = batch.contacts[0]
        #expect(first.line == nil)
        #expect(first.email == "wang@example.com")
        #expect(first.name == "王小明")
        #expect(first.subject == "投诉：saldo terpotong")
        #expect(first.at == jakarta("2026-11-24 09:15"))
        #expect(first.category == .complaint)                       // the header beats the default
        #expect(first.body == "Saldo saya terpotong — mohon dicek secepatnya, terima kasih banyak ya.")
        let second = batch.contacts[2]
        #expect(second.category == .account)
        #expect(second.body == "Café\nkopi & roti")
        #expect(batch.rejections.map(\.reason) == ["no From header with an address"])
        #expect(batch.rejections[0].description.hasSuffix("004.eml: no From header with an address"))

        // One file on its own; without a category anywhere it is read with none, for the
        // store's keyword rules to decide at import.
        let single = try IntakeReader.read(path: mail.appendingPathComponent("003.EML").path, format: .eml, now: now)
        #expect(single.rejections.isEmpty)
        #expect(single.contacts.count == 1 && single.contacts[0].category == nil)
    }
}
