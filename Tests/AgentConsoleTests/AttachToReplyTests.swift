import Foundation
import GRDB
import SupportCore
import SupportExport
import Testing
import TermUI
@testable import AgentConsole
@testable import SupportStore
import TestSupport

/// The export dialog's "attach to reply": the statement the agent exports goes out with a
/// public reply, as a MIME part of the mail msmtp hands to a loopback SMTP server.
@Suite(.serialized) struct AttachToReplyTests {
    typealias SMTPServer = LoopbackSMTPServer

    func msmtp(_ dir: URL, port: Int) throws -> [String] {
        let config = try LoopbackServer.msmtpConfig(port: port, in: dir)
        return ["/usr/bin/msmtp", "-C", config.path, "-t", "-i"]
    }

    @Test(arguments: [ExportFormat.xlsx, .pdf])
    func anExportedStatementGoesOutWithTheReply(format: ExportFormat) throws {
        let c = try HeadlessConsole(width: 120, height: 40)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("paydesk-attach-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }

        // Open the selected ticket, go to its customer's transactions, export.
        c.press(.enter)
        let number = try #require(c.state.ticket?.ticket.number)
        c.press(.char("3"), .char("x"))
        guard case .exportDialog(let dialog) = c.state.mode else { Issue.record("x should open the export dialog"); return }
        #expect(dialog.attachTicket == number)
        #expect(c.text.contains("[ ] attach the file to a public reply on #\(number)"))
        c.press(format == .pdf ? .char("p") : .char("x"))
        c.press(.tab, .ctrl("u"))
        let out = dir.appendingPathComponent("statement.\(format.fileExtension)").path
        c.type(out)
        c.press(.tab)
        c.type("customer asked for it by mail")
        c.press(.tab, .char(" "))
        #expect(c.text.contains("[x] attach the file to a public reply on #\(number)"))
        c.press(.enter)
        guard case .exporting(let job) = c.state.mode else { Issue.record("Enter should start the export"); return }
        #expect(job.wait(timeout: 30) != nil, "the export did not finish")
        c.controller.handle(.tick)

        // The composer is open on the ticket, prefilled, with the file as a pending chip.
        guard case .composer(let composer) = c.state.mode else { Issue.record("the composer should open: \(c.state.status?.text ?? "")"); return }
        #expect(composer.kind == .reply && composer.attachments == [out])
        #expect(c.text.contains("📎 statement.\(format.fileExtension): sent with this reply (C-s)"))
        #expect(composer.area.text.contains("statement.\(format.fileExtension)"))
        c.type(" Terima kasih.")
        c.press(.ctrl("s"))
        guard case .normal = c.state.mode else { Issue.record("C-s should send: \(c.state.status?.text ?? "")"); return }
        #expect(c.state.status?.text == "Reply queued on #\(number) with statement.\(format.fileExtension) attached.")
        #expect(c.text.contains("📎 statement.\(format.fileExtension)"))

        // The queued mail carries a copy the store keeps, not the console's path.
        let row = try #require(try c.store.read { db in
            try Row.fetchOne(db, sql: """
                SELECT o.id, o.channel, o.attachment_path, f.name, f.content FROM outbox o JOIN tickets t ON t.id = o.ticket_id
                JOIN outbox_files f ON f.outbox_id = o.id WHERE t.number = ?
                """, arguments: [number])
        })
        #expect(row["attachment_path"] as String? == nil)
        #expect(row["name"] == "statement.\(format.fileExtension)")
        #expect(row["channel"] == "email")
        let exported = try Data(contentsOf: URL(fileURLWithPath: out))
        #expect(row["content"] as Data == exported)

        // Delivery: msmtp to the loopback server; the mail's part is the exported file.
        let server = try SMTPServer(in: dir)
        let report = try c.store.deliver(DeliveryOptions(sendmail: msmtp(dir, port: server.port), from: "Wallet Support <support@wallet.example>"),
                                         by: try c.store.agent(login: "ops")!)
        #expect(report.sent.contains(row["id"] as Int64), "\(report)")
        let mails = server.received().compactMap(MimeMessage.parse)
        let mail = try #require(mails.first { !$0.attachments.isEmpty && $0.subject?.contains("[#\(number)]") == true })
        #expect(mail.text?.contains("Terima kasih.") == true)
        #expect(mail.attachments.map(\.name) == ["statement.\(format.fileExtension)"])
        #expect(mail.attachments.first?.sha256 == MimeMessage.sha256(exported))
        #expect(mail.attachments.first?.type == (format == .pdf ? "application/pdf" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
        // And the bytes are a statement: a zip with a worksheet, or a PDF.
        #expect(exported.starts(with: format == .pdf ? Data("%PDF-".utf8) : Data("PK".utf8)))
        #expect(try c.store.deliveryStatuses(ticket: number).values.contains { $0.outboxId == row["id"] && $0.state == .sent })
    }

    @Test func withoutAnOpenTicketTheDialogOffersNoAttachment() throws {
        let c = try HeadlessConsole(width: 80, height: 24)
        c.press(.char("3"), .char("x"))
        guard case .exportDialog(let dialog) = c.state.mode else { Issue.record("x should open the export dialog"); return }
        #expect(dialog.attachTicket == nil)
        #expect(dialog.fields == [.format, .path, .reason])
        #expect(c.text.contains("open a ticket to attach the file to a reply"))
    }
}
