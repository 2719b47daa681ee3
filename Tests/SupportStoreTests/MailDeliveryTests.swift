import Foundation
import GRDB
import Testing
import SupportCore
@testable import SupportStore
import TestSupport

/// Outbound mail end to end: a reply is queued with its timeline entry, `deliver`
/// hands it to msmtp (the sendmail command) which speaks SMTP to an aiosmtpd server on
/// loopback; the received message is read back, and the customer's answer to it, piped
/// through intake, lands on the same ticket.
@Suite(.serialized) struct MailDeliveryTests {
    typealias SMTPServer = LoopbackSMTPServer

    static func msmtp(_ dir: URL, port: Int) throws -> [String] {
        let config = try LoopbackServer.msmtpConfig(port: port, in: dir)
        return ["/usr/bin/msmtp", "-C", config.path, "-t", "-i"]
    }

    static func importMail(_ f: TempStore, _ text: String, name: String, category: SupportCore.Category, by actor: Agent) throws -> IntakeReport {
        let file = f.dir.appendingPathComponent(name)
        try Data(text.utf8).write(to: file)
        let batch = try IntakeReader.read(path: file.path, format: .eml, defaults: IntakeDefaults(category: category),
                                          now: TempStore.fixedNow)
        return try f.store.importContacts(batch, channel: .email, by: actor)
    }

    @Test func aReplyIsDeliveredAsMIMEAndTheAnswerThreadsBack() throws {
        let f = try TempStore()
        let (admin, _, budi, _, _) = try f.cast()
        let first = try Self.importMail(f, """
            From: =?UTF-8?B?546L5bCP5piO?= <wang@example.com>\r
            To: support@wallet.example\r
            Subject: Saldo hilang =?UTF-8?Q?=E2=80=94_tolong?=\r
            Date: Tue, 24 Nov 2026 09:15:00 +0700\r
            Message-ID: <cust-1@mail.example.com>\r
            \r
            Saldo saya hilang.\r
            """, name: "first.eml", category: .payment, by: admin)
        let number = try #require(first.items.first?.ticket)

        let text = "Halo 王小明, saldo Anda sudah kembali — terima kasih."
        let statement = f.dir.appendingPathComponent("mutasi-november.csv")
        let csv = Data("time,reference,amount\n2026-11-24 09:00,TRX-1,-50000\n".utf8)
        try csv.write(to: statement)
        #expect(throws: StoreError.self) { try f.store.reply(ticket: number, body: "x", attaching: "/nonexistent.pdf", by: budi) }
        try f.store.reply(ticket: number, body: text, attaching: statement.path, by: budi)
        let queued = try f.store.deliveryStatuses(ticket: number)
        #expect(queued.count == 1 && queued.values.first?.state == .queued)

        let server = try SMTPServer(in: f.dir)
        let report = try f.store.deliver(DeliveryOptions(sendmail: Self.msmtp(f.dir, port: server.port),
                                                              from: "Wallet Support <support@wallet.example>"), by: admin)
        #expect(report.sent.count == 1, "\(report)")
        let received = server.received()
        try #require(received.count == 1)
        let raw = String(decoding: received[0], as: UTF8.self)
        // Headers as sent: an encoded subject, our Message-ID, threading to the customer's mail.
        let head = raw.components(separatedBy: "\n\n")[0]
        let subjectLine = head.components(separatedBy: "\nSubject: ").dropFirst().first?.components(separatedBy: "\n")[0] ?? ""
        #expect(subjectLine.range(of: "=?utf-8?", options: .caseInsensitive) != nil, "\(head)")
        #expect(head.utf8.allSatisfy { $0 < 0x80 })             // every header 7-bit
        #expect(raw.contains("In-Reply-To: <cust-1@mail.example.com>"))
        #expect(raw.contains("References: <cust-1@mail.example.com>"))
        #expect(raw.contains("From: Wallet Support <support@wallet.example>"))
        #expect(raw.contains("To: wang@example.com"))
        let mail = try #require(MimeMessage.parse(received[0]))
        #expect(mail.subject == "Re: Saldo hilang — tolong [#\(number)]")
        #expect(mail.text?.trimmingCharacters(in: .whitespacesAndNewlines) == text)
        #expect(mail.attachments.map(\.name) == ["mutasi-november.csv"])
        #expect(mail.attachments.first?.size == csv.count)
        #expect(mail.attachments.first?.sha256 == MimeMessage.sha256(csv))
        let messageId = try #require(mail.messageId)
        #expect(messageId.hasSuffix("@wallet.example"))
        let sent = try #require(try f.store.deliveryStatuses(ticket: number).values.first)
        #expect(sent.state == .sent && sent.messageId == messageId)

        // The customer answers from a client that keeps In-Reply-To: it joins the ticket
        // even though intake would otherwise file it under another category.
        let answer = try Self.importMail(f, """
            From: wang@example.com\r
            Subject: Re: Saldo hilang [#\(number)]\r
            Date: Wed, 25 Nov 2026 09:40:00 +0700\r
            Message-ID: <cust-2@mail.example.com>\r
            In-Reply-To: <\(messageId)>\r
            \r
            Terima kasih, sudah masuk.\r
            """, name: "answer.eml", category: .account, by: admin)
        #expect(answer.items.map(\.outcome) == [.threaded])
        #expect(answer.items.first?.ticket == number)
        // A second reply answers the customer's newest mail and carries the thread.
        try f.store.reply(ticket: number, body: "Sama-sama.", by: budi)
        let row = try f.store.read { db in try Row.fetchOne(db, sql: "SELECT in_reply_to, references_ids FROM outbox ORDER BY id DESC LIMIT 1") }
        #expect(row?["in_reply_to"] == "cust-2@mail.example.com")
        #expect(row?["references_ids"] == "cust-1@mail.example.com \(messageId) cust-2@mail.example.com")
    }

    @Test func failuresRetryWithBackoffThenFailAndCanBeRetried() throws {
        let f = try TempStore()
        let (admin, sup, budi, _, customer) = try f.cast()
        let ticket = try f.newTicket(customer, channel: .email)
        try f.store.reply(ticket: ticket.number, body: "Kami cek dulu.", by: budi)
        let refusing = ["/bin/sh", "-c", "cat >/dev/null; echo 'relay refused' >&2; exit 75"]
        let first = try f.store.deliver(DeliveryOptions(sendmail: refusing, from: "support@wallet.example"), by: admin)
        #expect(first.retrying.count == 1)
        var status = try #require(try f.store.deliveryStatuses(ticket: ticket.number).values.first)
        #expect(status.state == .queued && status.attempts == 1)
        #expect(status.lastError == "sh exited with status 75: relay refused")
        #expect(try #require(status.nextAttemptAt) > TempStore.fixedNow)
        // Not due again yet: the next pass leaves it alone.
        #expect(try f.store.deliver(DeliveryOptions(sendmail: refusing, from: "support@wallet.example"), by: admin) == DeliveryReport())

        // A second reply that fails past the give-up window is marked failed, and stays so.
        try f.store.reply(ticket: ticket.number, body: "Masih kami cek.", by: budi)
        let failing = try f.store.deliver(DeliveryOptions(sendmail: refusing, from: "support@wallet.example", giveUpAfter: 0), by: admin)
        #expect(failing.failed.count == 1)
        let failedId = failing.failed[0]
        status = try #require(try f.store.deliveryStatuses(ticket: ticket.number).values.first { $0.outboxId == failedId })
        #expect(status.state == .failed && status.summary.contains("relay refused"))
        #expect(throws: StoreError.self) { try f.store.retryDelivery(outboxId: failedId, by: budi) }
        try f.store.retryDelivery(outboxId: failedId, by: sup)
        let accepting = ["/bin/sh", "-c", "cat >/dev/null"]
        let retried = try f.store.deliver(DeliveryOptions(sendmail: accepting, from: "support@wallet.example"), by: admin)
        #expect(retried.sent == [failedId])
        // Only an admin runs delivery.
        #expect(throws: StoreError.self) { try f.store.deliver(DeliveryOptions(sendmail: accepting, from: "a@b.c"), by: sup) }
    }
}
