import Foundation
import GRDB
import SupportCore
import SupportExport
import Testing
import TermUI
@testable import AgentConsole
@testable import SupportStore
import TestSupport

/// Several files on one reply from the console: an export with Reply [x] opens the
/// composer with a chip, C-o puts the reply aside to export another (each export adds a
/// chip), C-x drops the newest, and C-s sends one mail carrying every file; over the
/// limit the reply is refused with its text and files kept.
@Suite(.serialized) struct AttachManyToReplyTests {
    func tempDir() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("paydesk-attach-many-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Fills the open export dialog (format key, path, reason) and runs it to the end.
    func export(_ c: HeadlessConsole, format: Character, to path: String, tickAttach: Bool) throws {
        c.press(.char(format))
        c.press(.tab, .ctrl("u"))
        c.type(path)
        c.press(.tab)
        c.type("customer asked for both formats")
        if tickAttach { c.press(.tab, .char(" ")) }
        c.press(.enter)
        guard case .exporting(let job) = c.state.mode else { throw Failure("the export did not start: \(c.state.status?.text ?? "")") }
        #expect(job.wait(timeout: 30) != nil, "the export did not finish")
        c.controller.handle(.tick)
    }

    struct Failure: Error, CustomStringConvertible { var description: String; init(_ d: String) { description = d } }

    var composer: (HeadlessConsole) -> ComposerState? {
        { c in if case .composer(let composer) = c.state.mode { composer } else { nil } }
    }

    @Test func twoStatementsGoOutOnOneMail() throws {
        let c = try HeadlessConsole(width: 120, height: 40)
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        c.press(.enter)
        let number = try #require(c.state.ticket?.ticket.number)
        c.press(.char("3"), .char("x"))
        let xlsx = dir.appendingPathComponent("mutasi.xlsx").path
        try export(c, format: "x", to: xlsx, tickAttach: true)
        #expect(composer(c)?.attachments == [xlsx])
        c.type(" Terima kasih.")

        // C-o: the reply waits; the export dialog opens with Reply [x] already ticked.
        c.press(.ctrl("o"))
        guard case .exportDialog(let dialog) = c.state.mode else { Issue.record("C-o should open the export dialog: \(c.state.status?.text ?? "")"); return }
        #expect(dialog.attach && dialog.attachTicket == number)
        #expect(c.state.heldReply?.ticket == number)
        let pdf = dir.appendingPathComponent("mutasi-交易.pdf").path
        try export(c, format: "p", to: pdf, tickAttach: false)
        #expect(composer(c)?.attachments == [xlsx, pdf], "\(c.state.status?.text ?? "")")
        #expect(composer(c)?.area.text.contains("Terima kasih.") == true, "the text waited with the reply")
        #expect(c.text.contains("📎 mutasi.xlsx  📎 mutasi-交易.pdf: sent with this reply (C-s)"), "\(c.text)")
        #expect(c.state.status?.text == "mutasi-交易.pdf added: the reply on #\(number) carries 2 files; C-s sends them all.")
        #expect(c.lines.last?.contains("C-x drop file") == true, "\(c.lines.last ?? "")")

        // A third (CSV), then C-x drops it again.
        c.press(.ctrl("o"))
        let csv = dir.appendingPathComponent("mutasi.csv").path
        try export(c, format: "c", to: csv, tickAttach: false)
        #expect(composer(c)?.attachments == [xlsx, pdf, csv])
        c.press(.ctrl("x"))
        #expect(composer(c)?.attachments == [xlsx, pdf])
        #expect(c.state.status?.text == "mutasi.csv dropped from the reply; files left on it: 2.")
        #expect(!c.text.contains("📎 mutasi.csv"))

        c.press(.ctrl("s"))
        guard case .normal = c.state.mode else { Issue.record("C-s should send: \(c.state.status?.text ?? "")"); return }
        #expect(c.state.status?.text == "Reply queued on #\(number) with mutasi.xlsx, mutasi-交易.pdf attached.")

        // Delivery through msmtp to the loopback server: one mail, both files, same bytes.
        let server = try LoopbackSMTPServer(in: dir)
        let config = try LoopbackServer.msmtpConfig(port: server.port, in: dir)
        let report = try c.store.deliver(DeliveryOptions(sendmail: ["/usr/bin/msmtp", "-C", config.path, "-t", "-i"],
                                                         from: "Wallet Support <support@wallet.example>"), by: try c.store.agent(login: "ops")!)
        #expect(!report.sent.isEmpty, "\(report)")
        let raw = server.received()
        let mail = try #require(raw.compactMap(MimeMessage.parse).first { $0.subject?.contains("[#\(number)]") == true && !$0.attachments.isEmpty })
        #expect(mail.text?.contains("Terima kasih.") == true)
        #expect(mail.attachments.map(\.name) == ["mutasi.xlsx", "mutasi-交易.pdf"])
        #expect(mail.attachments.map(\.sha256) == [xlsx, pdf].map { MimeMessage.sha256(FileManager.default.contents(atPath: $0)!) })
        // The non-ASCII name goes as an RFC 2231 parameter, not a raw UTF-8 one.
        let source = raw.map { String(decoding: $0, as: UTF8.self) }.first { $0.contains("mutasi.xlsx") } ?? ""
        #expect(source.contains("filename*=utf-8''mutasi-%E4%BA%A4%E6%98%93.pdf") || source.contains("filename*=UTF-8''mutasi-%E4%BA%A4%E6%98%93.pdf"),
                "\(source.components(separatedBy: "\n").filter { $0.lowercased().contains("filename") })")
    }

    /// Two files over 10 MiB together: C-s is refused with the store's sentence, the
    /// composer keeps its text and both chips, and nothing is queued or stored.
    @Test func overTheLimitNothingIsLostAndNothingStored() throws {
        let c = try HeadlessConsole(width: 120, height: 40)
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let big = [dir.appendingPathComponent("a.pdf").path, dir.appendingPathComponent("b.pdf").path]
        try Data(count: SupportStore.uploadedAttachmentBytes).write(to: URL(fileURLWithPath: big[0]))
        try Data(count: SupportStore.uploadedAttachmentBytes).write(to: URL(fileURLWithPath: big[1]))
        let small = dir.appendingPathComponent("c.csv").path
        try Data("a,b\n".utf8).write(to: URL(fileURLWithPath: small))
        c.press(.enter)
        c.press(.char("c"))   // claim, so the reply is the agent's to send
        let queued = try c.store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox") }
        c.press(.char("r"))
        c.type("Terlampir tiga berkas.")
        guard var open = composer(c) else { Issue.record("no composer"); return }
        open.attachments = big + [small]
        c.controller.state.mode = .composer(open)
        c.press(.ctrl("s"))
        #expect(c.state.status?.text == "Cannot attach 3 files: 10241 KiB together is over the 10 MiB a reply may carry; send them on two replies.")
        #expect(composer(c)?.attachments == big + [small])
        #expect(composer(c)?.area.text == "Terlampir tiga berkas.")
        #expect(try c.store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox") } == queued)
        #expect(try c.store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox_files") } == 0)
        // Dropping the newest file brings it within the limit, and it goes.
        c.press(.ctrl("x"), .ctrl("x"))
        c.press(.ctrl("s"))
        guard case .normal = c.state.mode else { Issue.record("C-s should send: \(c.state.status?.text ?? "")"); return }
        #expect(c.state.status?.text.hasSuffix("with a.pdf attached.") == true)
    }

    /// As a file is added (an export finishing): the same file again is one file, and a
    /// file that would take the reply over 10 MiB is refused at once, the chips unchanged.
    @Test func aFileIsRefusedAsItIsAddedWhenItWouldGoOver() throws {
        let c = try HeadlessConsole(width: 120, height: 40)
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let paths = ["a.pdf", "b.pdf", "c.pdf"].map { dir.appendingPathComponent($0).path }
        try Data(count: SupportStore.uploadedAttachmentBytes).write(to: URL(fileURLWithPath: paths[0]))
        try Data(count: SupportStore.uploadedAttachmentBytes).write(to: URL(fileURLWithPath: paths[1]))
        try Data("x".utf8).write(to: URL(fileURLWithPath: paths[2]))
        var composer = ComposerState(kind: .reply, area: TextArea())
        #expect(c.controller.adding(paths[0], to: &composer))
        #expect(!c.controller.adding(paths[0], to: &composer))
        #expect(c.state.status?.text == "a.pdf is on the reply already; it goes once, as the file is now.")
        #expect(c.controller.adding(paths[1], to: &composer))
        #expect(!c.controller.adding(paths[2], to: &composer))
        #expect(c.state.status?.text.contains("over the 10 MiB a reply may carry") == true, "\(c.state.status?.text ?? "")")
        #expect(composer.attachments == [paths[0], paths[1]])
    }
}
