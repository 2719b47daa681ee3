import Foundation
import SupportCore
import SupportStore
import Testing

/// `paydesk deliver --once` from the command line, with a stand-in sendmail that keeps
/// what it is given.
@Suite struct DeliverCommandTests {
    @Test func aQueuedReplyLeavesThroughTheSendmailCommand() throws {
        let db = try Harness.demoDatabase()
        let dir = try Harness.tempDir()
        let store = try SupportStore(path: db, create: false)
        let wallet = try store.customer(id: 3).walletId
        let made = try Harness.run(["ticket", "new", "--db", db, "--as", "sari", "--customer", wallet, "--subject", "Top-up belum masuk",
                                    "--body", "Sudah 2 jam", "--category", "payment", "--priority", "p2"])
        let number = try #require(TicketNumber.parse(made.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
        let replied = try Harness.run(["ticket", "reply", String(number), "--body", "Sedang kami cek, mohon ditunggu.",
                                       "--db", db, "--as", "sari"])
        #expect(replied.status == 0, "\(replied.stderr)")
        #expect(replied.stdout.contains("Reply queued on #\(number)"))

        let sink = dir.appendingPathComponent("sendmail.sh")
        let out = dir.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try "#!/bin/sh\n[ \"$1\" = -t ] && [ \"$2\" = -i ] || exit 64\ncat > \"\(out.path)/$$.eml\"\n".write(to: sink, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: sink.path)

        let usage = try Harness.run(["deliver", "--db", db, "--as", "ops"])
        #expect(usage.status == 2)
        let agent = try Harness.run(["deliver", "--once", "--from", "support@wallet.example", "--sendmail", "\(sink.path) -t -i",
                                     "--db", db, "--as", "budi"])
        #expect(agent.status == 4)
        let run = try Harness.run(["deliver", "--once", "--json", "--db", db, "--as", "ops"],
                                  environment: ["PAYDESK_SENDMAIL": "\(sink.path) -t -i", "PAYDESK_MAIL_FROM": "Wallet Support <support@wallet.example>"])
        #expect(run.status == 0, "\(run.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        #expect((report?["sent"] as? [Any])?.isEmpty == false)
        let files = try FileManager.default.contentsOfDirectory(atPath: out.path)
        let mails = try files.map { try String(contentsOf: out.appendingPathComponent($0), encoding: .utf8) }
        #expect(mails.contains { $0.contains("Subject: Re: Top-up belum masuk [#\(number)]") && $0.contains("Sedang kami cek") })
        // Nothing is due any more: a second pass sends nothing.
        let again = try Harness.run(["deliver", "--once", "--db", db, "--as", "ops"],
                                    environment: ["PAYDESK_SENDMAIL": "\(sink.path) -t -i", "PAYDESK_MAIL_FROM": "support@wallet.example"])
        #expect(again.stdout.contains("sent 0"))
    }
}
