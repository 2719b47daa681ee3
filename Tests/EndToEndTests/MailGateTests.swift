import Foundation
import SupportCore
import SupportStore
import Testing

/// One message on standard input, as an MTA's pipe alias delivers it, with sysexits codes.
@Suite struct MailGateTests {
    @Test func aPipedMessageImportsThreadsAndExitsAsTheMTAExpects() throws {
        let db = try Harness.demoDatabase()
        let store = try SupportStore(path: db, create: false)
        let customer = try store.customer(id: 5)
        let date = DateFormatter()
        date.locale = Locale(identifier: "en_US_POSIX")
        date.dateFormat = "EEE, d MMM yyyy HH:mm:ss Z"
        func mail(_ id: String, subject: String, body: String) -> String {
            "From: \(customer.email)\r\nSubject: \(subject)\r\nDate: \(date.string(from: Date().addingTimeInterval(-60)))\r\nMessage-ID: <\(id)@x>\r\n\r\n\(body)\r\n"
        }
        func pipe(_ message: String, category: String) throws -> Harness.Result {
            try Harness.run(["intake", "--channel", "email", "--file", "-", "--category", category, "--json", "--db", db, "--as", "ops"],
                            stdin: message)
        }
        let first = try pipe(mail("gate-1", subject: "QRIS gagal", body: "Pembayaran QRIS gagal tapi saldo terpotong"), category: "payment")
        #expect(first.status == 0, "\(first.stderr)")
        let items = (try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any])?["items"] as? [[String: Any]]
        let number = try #require(items?.first?["ticket"] as? Int)
        // The same message again (the MTA retried): nothing new, still success.
        #expect(try pipe(mail("gate-1", subject: "QRIS gagal", body: "Pembayaran QRIS gagal tapi saldo terpotong"), category: "payment").status == 0)
        // A follow-up naming the ticket in its subject joins it, whatever category intake would give it.
        let follow = try pipe(mail("gate-2", subject: "Re: QRIS gagal [#\(number)]", body: "Ada kabar?"), category: "account")
        #expect(follow.status == 0)
        let outcome = (try JSONSerialization.jsonObject(with: Data(follow.stdout.utf8)) as? [String: Any])?["items"] as? [[String: Any]]
        #expect(outcome?.first?["outcome"] as? String == "threaded")
        #expect(outcome?.first?["ticket"] as? Int == number)
        // A message intake cannot use: EX_DATAERR, the reason on stderr for the bounce.
        let bad = try pipe("To: support@wallet.example\r\nSubject: ?\r\n\r\nwho am I\r\n", category: "payment")
        #expect(bad.status == 65)
        #expect(bad.stderr.contains("no From header"))
    }
}
