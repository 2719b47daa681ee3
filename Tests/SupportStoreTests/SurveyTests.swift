import Foundation
import GRDB
import Testing
import TestSupport
import SupportCore
@testable import SupportStore

/// The satisfaction survey: queued on solve with its timeline entry, once per ticket, in
/// the customer's language, delivered by mail, and the customer's answer recorded as their
/// rating when it comes back through intake.
@Suite(.serialized) struct SurveyTests {
    @Test func answersAreReadFromDigitsAndStarsAndNothingElse() {
        #expect(SurveyText.score(in: "5")! == (5, nil))
        #expect(SurveyText.score(in: "5 - great, thanks")! == (5, "great, thanks"))
        #expect(SurveyText.score(in: "  4/5 ok\n\n> On Wed, support wrote:\n> 1 (very unhappy)")! == (4, "ok"))
        #expect(SurveyText.score(in: "⭐⭐⭐⭐⭐")! == (5, nil))
        #expect(SurveyText.score(in: "★★ ")! == (2, nil))
        #expect(SurveyText.score(in: "５")! == (5, nil))
        #expect(SurveyText.score(in: "五分，非常满意")! == (5, "非常满意"))
        #expect(SurveyText.score(in: "> 5\n3.")! == (3, nil))
        for not in ["15 minutes later still nothing", "2nd time this happens", "0", "6", "⭐⭐⭐⭐⭐⭐", "saldo belum masuk", "", "5x"] {
            #expect(SurveyText.score(in: not) == nil, "\(not)")
        }
    }

    static func surveys(_ f: TempStore, _ number: Int64) throws -> [Row] {
        try f.store.read { db in
            try Row.fetchAll(db, sql: """
                SELECT o.*, e.kind, e.author FROM outbox o JOIN tickets t ON t.id = o.ticket_id JOIN ticket_events e ON e.id = o.event_id
                 WHERE t.number = ? AND e.kind = 'csat' ORDER BY o.id
                """, arguments: [number])
        }
    }

    @Test func solvingQueuesOneSurveyInTheCustomersLanguageOnTheirChannel() throws {
        let f = try TempStore()
        let (_, _, budi, _, customer) = try f.cast()
        let chat = try f.newTicket(customer, subject: "支付失败", channel: .appChat)
        try f.store.setCustomerLanguage(customerId: customer, to: .zh, by: budi)
        try f.store.claim(ticket: chat.number, by: budi)
        try f.store.reply(ticket: chat.number, body: "已退款。", by: budi, setStatus: .solved)
        var rows = try Self.surveys(f, chat.number)
        try #require(rows.count == 1)
        #expect(rows[0]["channel"] == "chat" && rows[0]["subject"] == nil as String?)
        #expect((rows[0]["body"] as String).contains("1（非常不满意）到 5（非常满意）"))
        #expect((rows[0]["body"] as String).contains("#\(chat.number)「支付失败」"))
        // Reopened and solved again: the customer was asked once, and is not asked twice.
        try f.store.setStatus(ticket: chat.number, to: .open, by: budi)
        try f.store.setStatus(ticket: chat.number, to: .solved, by: budi)
        rows = try Self.surveys(f, chat.number)
        #expect(rows.count == 1)
        let timeline = try f.store.timeline(ticketNumber: chat.number)
        #expect(timeline.filter { $0.kind == .csat && $0.author == "survey" }.count == 1)
        #expect(try f.store.deliveryStatuses(ticket: chat.number)[rows[0]["event_id"]]?.state == .queued)

        // English when the customer's language says so, by SMS for a phone ticket.
        try f.store.setCustomerLanguage(customerId: customer, to: .en, by: budi)
        let phone = try f.newTicket(customer, subject: "App crash", category: .technical, channel: .phone)
        try f.store.claim(ticket: phone.number, by: budi)
        try f.store.setStatus(ticket: phone.number, to: .solved, by: budi)
        let sms = try Self.surveys(f, phone.number)
        #expect(sms.count == 1 && sms[0]["channel"] == "sms")
        #expect((sms[0]["body"] as String).hasPrefix("Your request #\(phone.number) \"App crash\" has been solved."))
        // A ticket merged away is solved on the way but was not answered: no survey.
        let merged = try f.newTicket(customer, subject: "Duplicate", channel: .email)
        let into = try f.newTicket(customer, subject: "Original", channel: .email)
        try f.store.merge(ticket: merged.number, into: into.number, by: budi)
        #expect(try Self.surveys(f, merged.number).isEmpty)
    }

    @Test func theSurveyIsMailedAndTheAnswerThreadsBackAsTheRating() throws {
        let f = try TempStore()
        let (admin, _, budi, _, _) = try f.cast()
        let first = try MailDeliveryTests.importMail(f, """
            From: wang@example.com\r
            Subject: Saldo terpotong\r
            Date: Tue, 24 Nov 2026 09:15:00 +0700\r
            Message-ID: <cust-s1@mail.example.com>\r
            \r
            Saldo saya terpotong tapi pembayaran gagal, tolong dicek.\r
            """, name: "first.eml", category: .payment, by: admin)
        let number = try #require(first.items.first?.ticket)
        try f.store.claim(ticket: number, by: budi)
        try f.store.reply(ticket: number, body: "Dana sudah kami kembalikan.", by: budi, setStatus: .solved)

        let server = try MailDeliveryTests.SMTPServer(in: f.dir)
        let report = try f.store.deliver(DeliveryOptions(sendmail: MailDeliveryTests.msmtp(f.dir, port: server.port),
                                                         from: "Wallet Support <support@wallet.example>"), by: admin)
        #expect(report.sent.count == 2, "\(report)")
        let mails = server.received().compactMap(MimeMessage.parse)
        let survey = try #require(mails.first { $0.subject?.hasPrefix("Bagaimana layanan kami?") == true })
        #expect(survey.subject == "Bagaimana layanan kami? [#\(number)]")
        #expect(survey.text?.contains("1 (sangat tidak puas) sampai 5 (sangat puas)") == true)
        #expect(survey.inReplyTo == ["cust-s1@mail.example.com"])
        let surveyId = try #require(survey.messageId)
        let row = try #require(try Self.surveys(f, number).first)
        #expect(try f.store.deliveryStatuses(ticket: number)[row["event_id"]]?.state == .sent)

        // The answer, from a client that quotes the survey under it.
        let answer = try MailDeliveryTests.importMail(f, """
            From: wang@example.com\r
            Subject: Re: Bagaimana layanan kami? [#\(number)]\r
            Date: Wed, 25 Nov 2026 09:40:00 +0700\r
            Message-ID: <cust-s2@mail.example.com>\r
            In-Reply-To: <\(surveyId)>\r
            \r
            5 - mantap, cepat sekali\r
            \r
            > Seberapa puas Anda dengan bantuan kami?\r
            """, name: "answer.eml", category: .account, by: admin)
        #expect(answer.items.map(\.outcome) == [.threaded] && answer.items.first?.ticket == number)
        let csat = try #require(try f.store.csat(ticket: number))
        #expect(csat.score == 5 && csat.comment == "mantap, cepat sekali" && csat.recordedBy == "customer")
        #expect(try f.store.ticket(number: number).status == .solved)         // a rating does not reopen
        let timeline = try f.store.timeline(ticketNumber: number)
        #expect(timeline.last?.kind == .csat && timeline.last?.body == "Customer satisfaction 5/5: mantap, cepat sekali")
        #expect(try f.store.auditRecords(entity: "ticket", entityId: String(number)).contains { $0.action == "ticket.csat" })

        // A second answer is not a second rating: it is a message, and it reopens.
        _ = try MailDeliveryTests.importMail(f, """
            From: wang@example.com\r
            Subject: Re: Bagaimana layanan kami? [#\(number)]\r
            Date: Wed, 25 Nov 2026 09:45:00 +0700\r
            Message-ID: <cust-s3@mail.example.com>\r
            In-Reply-To: <\(surveyId)>\r
            \r
            1\r
            """, name: "again.eml", category: .account, by: admin)
        #expect(try f.store.csat(ticket: number)?.score == 5)
        #expect(try f.store.ticket(number: number).status == .open)
        #expect(try f.store.verifyAuditChain() == .ok(records: try f.store.auditRecords(limit: 1000).count))
    }
}

/// A rating by SMS (no reply headers): the customer's latest unrated survey on that
/// channel takes it; anything that is not a score, or a second answer, is a message.
@Suite struct SurveyBySMSTests {
    func sms(_ f: TempStore, _ admin: Agent, wallet: String, id: String, body: String) throws -> IntakeReport {
        let path = f.dir.appendingPathComponent("\(id).jsonl").path
        let line = String(decoding: try JSONSerialization.data(withJSONObject: [
            "id": id, "at": "2026-11-25T09:30:00+07:00", "wallet_id": wallet, "category": "technical", "body": body,
        ], options: [.sortedKeys]), as: UTF8.self)
        try Data(line.utf8).write(to: URL(fileURLWithPath: path))
        return try f.store.importContacts(try IntakeReader.read(path: path, now: TempStore.fixedNow), channel: .phone, by: admin)
    }

    @Test func aScoreBySMSRatesTheSurveyedTicketOnce() throws {
        let f = try TempStore()
        let (admin, _, budi, _, customer) = try f.cast()
        let wallet = try f.store.customer(id: customer).walletId
        let phone = try f.newTicket(customer, subject: "App crash", category: .technical, channel: .phone)
        try f.store.claim(ticket: phone.number, by: budi)
        try f.store.setStatus(ticket: phone.number, to: .solved, by: budi)
        // Not a score: an ordinary message, which does not rate the ticket.
        _ = try sms(f, admin, wallet: wallet, id: "sms-1", body: "masih error di versi baru")
        #expect(try f.store.csat(ticket: phone.number) == nil)
        try f.store.setStatus(ticket: phone.number, to: .solved, by: budi)
        let rated = try sms(f, admin, wallet: wallet, id: "sms-2", body: "5 mantap")
        #expect(rated.items.first?.ticket == phone.number)
        #expect(try f.store.csat(ticket: phone.number)?.score == 5)
        #expect(try f.store.ticket(number: phone.number).status == .solved, "a rating does not reopen")
        // A second score is a message, not a second rating.
        _ = try sms(f, admin, wallet: wallet, id: "sms-3", body: "4")
        #expect(try f.store.csat(ticket: phone.number)?.score == 5)
    }
}
