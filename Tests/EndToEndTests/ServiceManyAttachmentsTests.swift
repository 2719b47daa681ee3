import Foundation
import SupportCore
@testable import SupportStore
import Testing
import TestSupport

/// Through `paydesk serve`: `ticket reply --attach A --attach B` sends one mail with both
/// files (10 MiB together still fits the service's body limit once base64 has grown it),
/// and a reply over the limit is refused with nothing stored beside the database.
@Suite(.serialized) struct ServiceManyAttachmentsTests {
    @Test func twoFilesOnOneReplyAndOverTheLimitNothingStored() throws {
        let dir = try Harness.tempDir()
        let db = try Harness.demoDatabase()
        let store = try SupportStore(path: db, create: false)
        let smtp = try LoopbackServer.smtp(maildir: dir.appendingPathComponent("received").path, in: dir)
        let msmtprc = try LoopbackServer.msmtpConfig(port: smtp.port, in: dir)
        // On the file, or on its PostgreSQL copy on that pass.
        let service = try ServiceEndToEndTests.RunningService(db: db, arguments: [
            "--from", "Wallet Support <support@wallet.example>", "--sendmail", "/usr/bin/msmtp -C \(msmtprc.path) -t -i"])
        defer { service.stop(signal: SIGKILL) }
        let socket = service.socket

        let customer = try store.customer(id: 3)
        let made = try Spawn.run(Harness.binary, ["ticket", "new", "--server", socket, "--as", "sari", "--customer", customer.walletId,
                                                  "--subject", "Minta mutasi", "--body", "Tolong kirim mutasi", "--category", "payment"])
        let number = try #require(TicketNumber.parse(made.stdout.trimmingCharacters(in: .whitespacesAndNewlines)), "\(made.stderr)")
        // A file of exactly 5 MiB (varied bytes, so base64 cannot hide a truncation) and a
        // small one with a non-ASCII name.
        var generator = SplitMix64(seed: 7)
        let large = Data((0..<SupportStore.uploadedAttachmentBytes).map { _ in UInt8(truncatingIfNeeded: generator.next()) })
        let files = [dir.appendingPathComponent("mutasi.xlsx").path, dir.appendingPathComponent("交易记录.pdf").path]
        try large.write(to: URL(fileURLWithPath: files[0]))
        try Data("%PDF-1.4 statement".utf8).write(to: URL(fileURLWithPath: files[1]))
        let replied = try Spawn.run(Harness.binary, ["ticket", "reply", String(number), "--body", "Terlampir dua berkas.",
                                                     "--attach", files[0], "--attach", files[1], "--server", socket, "--as", "sari"])
        #expect(replied.status == 0 && replied.stdout.contains("with 2 files"), "\(replied.stdout) \(replied.stderr)")
        let new = dir.appendingPathComponent("received/new").path
        #expect(Harness.waitUntil(timeout: 30) { ((try? FileManager.default.contentsOfDirectory(atPath: new)) ?? []).count == 1 })
        let raw = try #require(try FileManager.default.contentsOfDirectory(atPath: new).first.flatMap {
            FileManager.default.contents(atPath: new + "/" + $0) })
        let mail = try #require(MimeMessage.parse(raw))
        #expect(mail.attachments.map(\.name) == ["mutasi.xlsx", "交易记录.pdf"])
        #expect(mail.attachments.map(\.sha256) == files.map { MimeMessage.sha256(FileManager.default.contents(atPath: $0)!) })

        // Over the limit (three files of 4 MiB): refused, exit 2, nothing kept or queued.
        let kept = { try StoreUnderTest.integer(db, "SELECT COUNT(*) FROM outbox_files") }
        let before = try kept()
        let queued = try StoreUnderTest.integer(db, "SELECT COUNT(*) FROM outbox")
        let four = (1...3).map { dir.appendingPathComponent("part\($0).pdf").path }
        for path in four { try Data(count: 4 << 20).write(to: URL(fileURLWithPath: path)) }
        let refused = try Spawn.run(Harness.binary, ["ticket", "reply", String(number), "--body", "x"] + four.flatMap { ["--attach", $0] }
                                    + ["--server", socket, "--as", "sari"])
        #expect(refused.status == 2 && refused.stderr.contains("over the 10 MiB a reply may carry"), "\(refused.stderr)")
        #expect(try kept() == before)
        #expect(try StoreUnderTest.integer(db, "SELECT COUNT(*) FROM outbox") == queued)
    }
}
