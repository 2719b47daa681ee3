import Foundation
import SupportCore
import SupportPostgres
@testable import SupportStore
import Testing
import TestSupport

/// `paydesk deliver --once --store postgresql://…` from cron: one pass over the shared
/// outbox, an admin's only, the reply's files read from the database.
@Suite struct DeliverPostgresTests {
    @Test func aQueuedReplyWithFilesLeavesFromThePostgreSQLOutbox() async throws {
        let db = try Harness.demoDatabase()
        let dir = try Harness.tempDir()
        let location = try await PostgresCluster.freshDatabase()
        let copied = try Spawn.run(Harness.binary, ["migrate", "--from", db, "--to", location.uri])
        try #require(copied.status == 0, "\(copied.stderr)")
        let engine = try await PostgresEngine.open(location, auditKeyPath: db + ".audit-key", deliveryKeyPath: db + ".delivery-key",
                                                   maximumConnections: 2)
        do {
            try pass(engine, location: location, db: db, dir: dir)
        } catch {
            await engine.close()
            throw error
        }
        await engine.close()
    }

    func pass(_ engine: PostgresEngine, location: PostgresLocation, db: String, dir: URL) throws {
        let sari = try #require(try engine.agent(login: "sari"))
        let ticket = try engine.createTicket(NewTicket(customerId: 3, subject: "Minta mutasi", body: "Tolong kirim mutasi bulan lalu",
                                                       category: .payment, channel: .email), by: sari)
        let files = [ReplyFile(name: "mutasi.pdf", content: Data("%PDF-1.4 mutasi".utf8)),
                     ReplyFile(name: "交易.xlsx", content: Data(repeating: 9, count: 40_000))]
        try engine.reply(ticket: ticket.number, body: "Terlampir mutasi Anda.", files: files, by: sari)

        let sink = dir.appendingPathComponent("sendmail.sh")
        let out = dir.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try "#!/bin/sh\n[ \"$1\" = -t ] && [ \"$2\" = -i ] || exit 64\ncat > \"\(out.path)/$$.eml\"\n".write(to: sink, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: sink.path)
        let store = ["--store", location.uri, "--audit-key", db + ".audit-key", "--delivery-key", db + ".delivery-key"]
        let mail = ["PAYDESK_SENDMAIL": "\(sink.path) -t -i", "PAYDESK_MAIL_FROM": "Wallet Support <support@wallet.example>"]

        let agent = try Harness.run(["deliver", "--once"] + store + ["--as", "budi"], environment: mail)
        #expect(agent.status == 4, "\(agent.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).isEmpty)
        let run = try Harness.run(["deliver", "--once", "--json"] + store + ["--as", "ops"], environment: mail)
        #expect(run.status == 0, "\(run.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        #expect((report?["sent"] as? [Any])?.isEmpty == false, "\(run.stdout)")
        let sent = try FileManager.default.contentsOfDirectory(atPath: out.path).compactMap {
            FileManager.default.contents(atPath: out.appendingPathComponent($0).path).flatMap(MimeMessage.parse)
        }
        let reply = try #require(sent.first { $0.subject?.contains("[#\(ticket.number)]") == true })
        #expect(reply.attachments.map(\.name) == files.map(\.name))
        #expect(reply.attachments.map(\.sha256) == files.map { MimeMessage.sha256($0.content) })
        #expect(try engine.deliveryStatuses(ticket: ticket.number).values.contains { $0.state == .sent })
        #expect(try engine.auditRecords(entity: "outbox", limit: 20).contains { $0.action == "outbox.deliver" && $0.actor == "ops" })
        // Nothing is due any more: a second pass sends nothing.
        let again = try Harness.run(["deliver", "--once"] + store + ["--as", "ops"], environment: mail)
        #expect(again.status == 0 && again.stdout.contains("sent 0"), "\(again.stdout) \(again.stderr)")
    }
}
