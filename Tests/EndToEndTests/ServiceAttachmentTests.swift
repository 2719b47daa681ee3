import Foundation
import SupportCore
import SupportStore
import Testing
import TestSupport

/// Through `paydesk serve`: a file the client holds goes out with a reply (its bytes in the
/// request, kept by the service beside its database), and the category rules are edited
/// by the roles allowed to, with the others refused by the service.
@Suite(.serialized) struct ServiceAttachmentTests {
    @Test func aReplyCarriesTheClientsFileAndRulesAreGuarded() throws {
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

        // A statement exported on the client side, then sent with a reply through the socket.
        let customer = try store.customer(id: 3)
        let made = try Spawn.run(Harness.binary, ["ticket", "new", "--server", socket, "--as", "sari", "--customer", customer.walletId,
                                                  "--subject", "Minta mutasi November", "--body", "Tolong kirim mutasi", "--category", "payment"])
        let number = try #require(TicketNumber.parse(made.stdout.trimmingCharacters(in: .whitespacesAndNewlines)), "\(made.stderr)")
        let xlsx = dir.appendingPathComponent("mutasi.xlsx").path
        let exported = try Spawn.run(Harness.binary, ["tx", "export", "--server", socket, "--as", "sari", "--customer", customer.walletId,
                                                      "--format", "xlsx", "--out", xlsx, "--reason", "customer asked by mail"])
        #expect(exported.status == 0, "\(exported.stderr)")
        let replied = try Spawn.run(Harness.binary, ["ticket", "reply", String(number), "--body", "Terlampir mutasi Anda.",
                                                     "--attach", xlsx, "--server", socket, "--as", "sari"])
        #expect(replied.status == 0 && replied.stdout.contains("with a file"), "\(replied.stderr)")
        let new = dir.appendingPathComponent("received/new").path
        #expect(Harness.waitUntil(timeout: 20) { ((try? FileManager.default.contentsOfDirectory(atPath: new)) ?? []).count == 1 })
        let raw = try #require(try FileManager.default.contentsOfDirectory(atPath: new).first.flatMap {
            FileManager.default.contents(atPath: new + "/" + $0) })
        let mail = String(decoding: raw, as: UTF8.self)
        #expect(mail.contains("[#\(number)]") && (mail.contains("filename=mutasi.xlsx") || mail.contains("filename=\"mutasi.xlsx\"")),
                "\(mail.prefix(2000))")
        // The part decodes to the very bytes the client exported.
        let part = try #require(mail.components(separatedBy: "mutasi.xlsx").last?.components(separatedBy: "\n\n").dropFirst().first)
        let decoded = Data(base64Encoded: part.replacingOccurrences(of: "\n", with: "").replacingOccurrences(of: "\r", with: ""))
        #expect(decoded == FileManager.default.contents(atPath: xlsx))
        let gone = try Spawn.run(Harness.binary, ["ticket", "reply", String(number), "--body", "x", "--attach", dir.path + "/nope.pdf",
                                                  "--server", socket, "--as", "sari"])
        #expect(gone.status != 0 && gone.stderr.contains("no such readable file"))

        // Rules: an agent is refused by the service (exit 4, audited); a supervisor adds one.
        let refused = try Spawn.run(Harness.binary, ["rules", "add", "mutasi rekening", "payment", "transaction_query", "--lang", "id",
                                                     "--server", socket, "--as", "budi"])
        #expect(refused.status == 4, "\(refused.stderr)")
        #expect(try StoreUnderTest.value(db, "SELECT action FROM audit_log WHERE entity = 'category_rule' ORDER BY id DESC LIMIT 1")
            == "refused:category_rule.add")
        let added = try Spawn.run(Harness.binary, ["rules", "add", "mutasi rekening", "payment", "transaction_query", "--lang", "id",
                                                   "--server", socket, "--as", "sari"])
        #expect(added.status == 0 && added.stdout.contains("→ payment/transaction_query"), "\(added.stderr)")
        let listed = try Spawn.run(Harness.binary, ["rules", "list", "--server", socket, "--as", "budi"])
        #expect(listed.status == 0 && listed.stdout.contains("mutasi rekening"))
    }
}
