import Foundation
import SupportCore
import SupportPostgres
import SupportStore
import Testing
import TestSupport

/// The gateways' webhooks on `paydesk serve --store postgresql://…`: signed customer
/// messages are imported (once per provider id, refused unsigned or stale) and delivery
/// receipts mark their messages, as on SQLite (ServiceChannelTests), in the shared database.
@Suite(.serialized) struct ServePostgresChannelTests {
    @Test func aPostgreSQLServiceTakesSignedWebhooksAndReceipts() async throws {
        let dir = try Harness.tempDir()
        let db = try Harness.demoDatabase()
        let location = try await PostgresCluster.freshDatabase()
        let copied = try Spawn.run(Harness.binary, ["migrate", "--from", db, "--to", location.uri])
        try #require(copied.status == 0, "\(copied.stderr)")
        let secretFile = try LoopbackServer.secretFile(in: dir, ServiceChannelTests.secret)
        let socket = dir.appendingPathComponent("paydesk.sock").path
        let port = LoopbackServer.closedPort()
        let service = try Spawn.start(Harness.binary, [
            "serve", "--store", location.uri, "--audit-key", db + ".audit-key", "--socket", socket,
            "--sms-secret-file", secretFile, "--webhook-listen", "127.0.0.1:\(port)", "--webhook-as", "ops"])
        var stopped = false
        defer { if !stopped { kill(service.pid, SIGKILL); _ = Spawn.wait(service) } }
        #expect(Harness.waitUntil(timeout: 30) { ServiceRouting.isSocket(socket) && ServiceChannelTests.listening(port) })
        let engine = try await PostgresEngine.open(location, auditKeyPath: db + ".audit-key", maximumConnections: 2)

        // Customer messages: refused unsigned or stale, stored once per provider id.
        let customer = try engine.customer(id: 4)
        let at = ISO8601DateFormatter().string(from: Date())
        let message = #"{"id": "sms-pg-1", "at": "\#(at)", "phone": "\#(customer.phone)", "body": "Saldo saya terpotong dua kali"}"#
        let forged = try ServiceChannelTests.post(port, "/v1/hooks/sms", message, secret: "not-the-secret-at-all-0000", in: dir)
        #expect(forged.status == 401)
        let replayed = try ServiceChannelTests.post(port, "/v1/hooks/sms", message,
                                                    timestamp: Int64(Date().timeIntervalSince1970) - 3_600, in: dir)
        #expect(replayed.status == 401 && replayed.body.contains("replay"))
        #expect(try engine.intakeTicket(channel: .phone, sourceId: "sms-pg-1") == nil)
        let first = try ServiceChannelTests.post(port, "/v1/hooks/sms", message, in: dir)
        #expect(first.status == 200 && first.body.contains("created"), "\(first.body)")
        let ticket = try #require(try engine.intakeTicket(channel: .phone, sourceId: "sms-pg-1"))
        #expect(try engine.timeline(ticketNumber: ticket).contains { $0.kind == .customerMessage && $0.body == "Saldo saya terpotong dua kali" })
        let again = try ServiceChannelTests.post(port, "/v1/hooks/sms", message, in: dir)
        #expect(again.status == 200 && again.body.contains("duplicate") && again.body.contains("\(ticket)"), "\(again.body)")
        #expect(try engine.reading { try $0.fetchValue("SELECT COUNT(*) FROM intake_messages WHERE source_id = 'sms-pg-1'", as: Int.self) } == 1)
        let unknown = #"{"id": "sms-pg-2", "at": "\#(at)", "phone": "+6281999999999", "body": "Halo"}"#
        let refused = try ServiceChannelTests.post(port, "/v1/hooks/sms", unknown, in: dir)
        #expect(refused.status == 422 && refused.body.contains("unknown customer"), "\(refused.body)")

        // A receipt from the SMS gateway marks the queued reply delivered; a forged one and
        // one for a message that is not the SMS gateway's are refused.
        let answered = try Spawn.run(Harness.binary, ["ticket", "reply", String(ticket), "--body", "Kami cek dulu ya.",
                                                      "--server", socket, "--as", "ops"])
        #expect(answered.status == 0, "\(answered.stderr)")
        let sms = try #require(try engine.reading { db in
            try db.fetchValue("SELECT o.id FROM outbox o JOIN tickets t ON t.id = o.ticket_id WHERE t.number = ? AND o.channel = 'sms'",
                              [ticket], as: Int64.self)
        })
        #expect(try ServiceChannelTests.post(port, "/v1/hooks/receipts", #"{"id": "\#(sms)", "status": "delivered"}"#,
                                             secret: "not-the-secret-at-all-0000", in: dir).status == 401)
        let receipt = try ServiceChannelTests.post(port, "/v1/hooks/receipts", #"{"id": "\#(sms)", "status": "delivered"}"#, in: dir)
        #expect(receipt.status == 200, "\(receipt.body)")
        #expect(try engine.deliveryStatuses(ticket: ticket).values.contains { $0.outboxId == sms && $0.state == .delivered })
        #expect(try ServiceChannelTests.post(port, "/v1/hooks/receipts", #"{"id": "999999", "status": "delivered"}"#, in: dir).status == 404)
        let records = try engine.auditRecords(entity: "outbox", entityId: String(sms), limit: 5)
        #expect(records.contains { $0.action == "outbox.receipt" && $0.actor == "gateway:sms" })
        await engine.close()

        kill(service.pid, SIGTERM)
        let exit = Spawn.wait(service)
        stopped = true
        #expect(exit.status == 0, "\(exit.stderr)")
    }
}
