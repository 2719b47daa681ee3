import Crypto
import Foundation
import GRDB
import SupportCore
import SupportStore
import Testing
import TestSupport

/// `paydesk serve` as the channels see it: it delivers a reply queued through it to the
/// loopback SMTP server by itself, and its webhook listener takes signed customer messages
/// and delivery receipts, refusing bad signatures and replays.
@Suite(.serialized) struct ServiceChannelTests {
    static let secret = "s3cret-for-the-loopback-gateway"

    /// POSTs `body` to the webhook listener with curl, signed with `secret` at `timestamp`.
    static func post(_ port: Int, _ path: String, _ body: String, timestamp: Int64 = Int64(Date().timeIntervalSince1970),
                     secret: String = secret, in dir: URL) throws -> (status: Int, body: String) {
        var signed = Data("\(timestamp).".utf8)
        signed.append(Data(body.utf8))
        let code = HMAC<SHA256>.authenticationCode(for: signed, using: SymmetricKey(data: Data(secret.utf8)))
        let signature = "sha256=" + code.map { String(format: "%02x", $0) }.joined()
        let file = dir.appendingPathComponent("body-\(UUID().uuidString.prefix(6)).json")
        try body.write(to: file, atomically: true, encoding: .utf8)
        let answer = dir.appendingPathComponent("answer-\(UUID().uuidString.prefix(6))").path
        let run = try Spawn.run("/usr/bin/curl", ["-s", "-o", answer, "-w", "%{http_code}", "-X", "POST",
                                                  "-H", "Content-Type: application/json", "-H", "X-Paydesk-Timestamp: \(timestamp)",
                                                  "-H", "X-Paydesk-Signature: \(signature)", "--data-binary", "@\(file.path)",
                                                  "http://127.0.0.1:\(port)\(path)"])
        return (Int(run.stdout) ?? 0, (try? String(contentsOfFile: answer, encoding: .utf8)) ?? "")
    }

    static func listening(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }

    @Test func theServiceDeliversByItselfAndTakesSignedWebhooks() throws {
        let dir = try Harness.tempDir()
        let db = try Harness.demoDatabase()
        let store = try SupportStore(path: db, create: false)
        let smtp = try LoopbackServer.smtp(maildir: dir.appendingPathComponent("received").path, in: dir)
        let msmtprc = try LoopbackServer.msmtpConfig(port: smtp.port, in: dir)
        let secretFile = try LoopbackServer.secretFile(in: dir, Self.secret)
        let socket = dir.appendingPathComponent("paydesk.sock").path
        let port = LoopbackServer.closedPort()
        let service = try Spawn.start(Harness.binary, [
            "serve", "--db", db, "--socket", socket, "--from", "Wallet Support <support@wallet.example>",
            "--sendmail", "/usr/bin/msmtp -C \(msmtprc.path) -t -i", "--sms-secret-file", secretFile,
            "--webhook-listen", "127.0.0.1:\(port)", "--webhook-as", "ops"])
        var stopped = false
        defer { if !stopped { kill(service.pid, SIGKILL); _ = Spawn.wait(service) } }
        #expect(Harness.waitUntil(timeout: 20) { ServiceRouting.isSocket(socket) && Self.listening(port) })

        // A reply queued through the service reaches the SMTP server with no deliver command.
        let customer = try store.customer(id: 3)
        let made = try Spawn.run(Harness.binary, ["ticket", "new", "--server", socket, "--as", "sari", "--customer", customer.walletId,
                                                  "--subject", "Top-up belum masuk", "--body", "Sudah 2 jam", "--category", "payment"])
        let number = try #require(TicketNumber.parse(made.stdout.trimmingCharacters(in: .whitespacesAndNewlines)), "\(made.stderr)")
        let replied = try Spawn.run(Harness.binary, ["ticket", "reply", String(number), "--body", "Sedang kami cek, mohon ditunggu.",
                                                     "--server", socket, "--as", "sari"])
        #expect(replied.status == 0, "\(replied.stderr)")
        let new = dir.appendingPathComponent("received/new").path
        #expect(Harness.waitUntil(timeout: 20) { ((try? FileManager.default.contentsOfDirectory(atPath: new)) ?? []).count == 1 })
        let mail = try FileManager.default.contentsOfDirectory(atPath: new).first.flatMap {
            FileManager.default.contents(atPath: new + "/" + $0).map { String(decoding: $0, as: UTF8.self) } }
        #expect(mail?.contains("[#\(number)]") == true && mail?.contains("Sedang kami cek") == true)
        #expect(Harness.waitUntil { (try? store.deliveryStatuses(ticket: number).values.first?.state) == .sent })

        // Customer messages by webhook: refused unsigned or stale, stored once per provider id.
        let phoneCustomer = try store.customer(id: 4)
        let at = ISO8601DateFormatter().string(from: Date())
        let message = #"{"id": "sms-7781", "at": "\#(at)", "phone": "\#(phoneCustomer.phone)", "body": "Saldo saya terpotong dua kali"}"#
        let forged = try Self.post(port, "/v1/hooks/sms", message, secret: "not-the-secret-at-all-0000", in: dir)
        #expect(forged.status == 401)
        #expect(try store.intakeTicket(channel: .phone, sourceId: "sms-7781") == nil)
        let replayed = try Self.post(port, "/v1/hooks/sms", message, timestamp: Int64(Date().timeIntervalSince1970) - 3_600, in: dir)
        #expect(replayed.status == 401 && replayed.body.contains("replay"))
        #expect(try store.intakeTicket(channel: .phone, sourceId: "sms-7781") == nil)
        let first = try Self.post(port, "/v1/hooks/sms", message, in: dir)
        #expect(first.status == 200, "\(first.body)")
        let ticket = try #require(try store.intakeTicket(channel: .phone, sourceId: "sms-7781"))
        let again = try Self.post(port, "/v1/hooks/sms", message, in: dir)
        #expect(again.status == 200 && again.body.contains("duplicate") && again.body.contains("\(ticket)"))
        let stored = try DatabaseQueue(path: db).read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM intake_messages WHERE source_id = 'sms-7781'") ?? 0
        }
        #expect(stored == 1)
        #expect(try Self.post(port, "/v1/hooks/email", message, in: dir).status == 404)

        // A receipt from the SMS gateway marks its message delivered (no SMS gateway is
        // configured here, so the reply waits queued until the receipt).
        let answered = try Spawn.run(Harness.binary, ["ticket", "reply", String(ticket), "--body", "Kami cek dulu ya.",
                                                      "--server", socket, "--as", "ops"])
        #expect(answered.status == 0, "\(answered.stderr)")
        let sms = try #require(try store.outboxList().first { $0.channel == .sms && $0.ticket == ticket })
        let receipt = try Self.post(port, "/v1/hooks/receipts", #"{"id": "\#(sms.id)", "status": "delivered"}"#, in: dir)
        #expect(receipt.status == 200, "\(receipt.body)")
        #expect(try store.deliveryStatuses(ticket: ticket).values.contains { $0.outboxId == sms.id && $0.state == .delivered })
        #expect(try Self.post(port, "/v1/hooks/receipts", #"{"id": "\#(sms.id)", "status": "delivered"}"#,
                              secret: "not-the-secret-at-all-0000", in: dir).status == 401)

        // SIGTERM: the delivery loop and both listeners stop, and the service exits 0.
        kill(service.pid, SIGTERM)
        let exit = Spawn.wait(service)
        stopped = true
        #expect(exit.status == 0, "\(exit.stderr)")
    }
}
