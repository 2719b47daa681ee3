import Foundation
import TestSupport
import SupportAPI
import SupportCore
import SupportPostgres
import SupportRemote
import SupportStore
import Testing

/// One-time codes on PostgreSQL through two delivering `serve --store` instances: a reset
/// sent through A arrives by mail with its code, the database holds neither the code nor,
/// once sent, its sealed box; entered through B it verifies once and a second use through A
/// is refused; four resets for one customer at the same moment, two through each instance,
/// leave three codes and one refusal.
@Suite struct ServeCodeTests {
    /// The six digits of the code in a received mail's text.
    static func code(in mail: Data) -> String? {
        let text = String(decoding: mail, as: UTF8.self)
        guard let range = text.range(of: #"Kode verifikasi Anda: [0-9]{6}"#, options: .regularExpression) else { return nil }
        return String(text[range].suffix(6))
    }

    /// Codes per customer per hour (`Self.perHour`).
    static let perHour = 3

    @Test func aResetArrivesByMailVerifiesOnceAndTheHourlyLimitHoldsAcrossInstances() async throws {
        let pair = try await ServeDeliveryTests.Pair.start()
        defer { pair.demo.source.remove() }
        var stopped = false
        defer { if !stopped { for i in [pair.a, pair.b] { kill(i.running.pid, SIGKILL); _ = ProgramRun.wait(i.running) } } }
        let engine = try await PostgresEngine.open(pair.demo.location, auditKeyPath: pair.demo.keyPath, maximumConnections: 2)
        let outcome = Result { try Self.codesThroughTwoInstances(pair, engine) }
        stopped = true
        let statuses = pair.stop()
        let records = try? engine.reading { try $0.fetchValue("SELECT COUNT(*) FROM audit_log", as: Int.self) }
        let verified = try? await engine.store.verifyAuditChain()
        await engine.close()
        try outcome.get()
        #expect(statuses == [0, 0])
        #expect(verified == .ok(records: try #require(records)))
    }

    static func codesThroughTwoInstances(_ pair: ServeDeliveryTests.Pair, _ engine: PostgresEngine) throws {
        let customers = try engine.reading { db in
            try db.fetchValues("""
                SELECT id FROM customers c WHERE status = 'active' AND email != ''
                   AND NOT EXISTS (SELECT 1 FROM verification_codes v WHERE v.customer_id = c.id)
                 ORDER BY id LIMIT 2
                """, as: Int64.self)
        }
        try #require(customers.count == 2)
        let (first, limited) = (customers[0], customers[1])
        let budiA = RemoteClient(socketPath: pair.a.socket, asLogin: "budi")
        let sariB = RemoteClient(socketPath: pair.b.socket, asLogin: "sari"), sariA = RemoteClient(socketPath: pair.a.socket, asLogin: "sari")

        // A reset through A goes out by mail (either instance may send it).
        let sent = try budiA.forceCredentialReset(customerId: first, reason: "customer reports a stolen phone", channel: .email)
        var mail: Data?
        try ServeDeliveryTests.waitFor("the code's mail") {
            mail = pair.smtp.received().first { ServeDeliveryTests.outboxIds([$0]) == [sent.outboxId] }
            return mail != nil
        }
        let received = try #require(mail)
        let code = try #require(Self.code(in: received))

        // The server has the mail a moment before the sender records the delivery: wait for it.
        try ServeDeliveryTests.waitFor("the delivery recorded") {
            try engine.reading { db in
                try db.fetchValue("SELECT delivered_at FROM outbox WHERE id = ?", [sent.outboxId], as: Int64.self)
            } != nil
        }
        // At rest: the code is in no column; the sealed box was wiped once sent; the hash is keyed.
        let row = try #require(try engine.reading { db in
            try db.fetchRow("SELECT body, sealed_body, delivered_at FROM outbox WHERE id = ?", [sent.outboxId])
        })
        #expect((row["delivered_at"] as Int64?) != nil)
        #expect((row["sealed_body"] as Data?) == nil, "the sealed box outlived its delivery")
        #expect(!(row["body"] as String).contains(code))
        let stored = try #require(try engine.reading { db in
            try db.fetchRow("SELECT code_hash, hash_scheme FROM verification_codes WHERE customer_id = ?", [first])
        })
        #expect(stored["hash_scheme"] as String == "hmac")
        #expect(!(stored["code_hash"] as String).contains(code))

        // Entered through B it verifies; the same code again through A is refused.
        let ok = try sariB.verifyCodeForCustomer(customerId: first, code: code, channel: .phone, reason: "customer read it out")
        #expect(ok.customerId == first)
        let again = ServeSecurityTests.attempt {
            try sariA.verifyCodeForCustomer(customerId: first, code: code, channel: .phone, reason: "read out again").channel.rawValue
        }
        #expect(again.hasPrefix("conflict: ") && again.contains("already used"), "\(again)")

        // Four resets for one customer at once, two through each instance: three codes, one refusal.
        let clients = [pair.a, pair.b, pair.a, pair.b].enumerated().map { i, instance in
            RemoteClient(socketPath: instance.socket, asLogin: i % 2 == 0 ? "budi" : "dewi")
        }
        for client in clients { _ = try client.whoAmI() }
        let resets = ServeSecurityTests.together(clients.map { client in
            { ServeSecurityTests.attempt { String(try client.forceCredentialReset(customerId: limited, reason: "stolen phone", channel: .email).outboxId) } }
        })
        #expect(resets.filter { Int64($0) != nil }.count == Self.perHour, "\(resets)")
        #expect(resets.filter { $0.hasPrefix("conflict: ") && $0.contains("codes were already sent") }.count == 1, "\(resets)")
        let codes = try engine.reading { db in
            try db.fetchValue("SELECT COUNT(*) FROM verification_codes WHERE customer_id = ?", [limited], as: Int.self)
        }
        #expect(codes == Self.perHour)
    }

    /// A keyed database served with a key file that is not there: the service runs, codes
    /// are refused naming the file, and no new key is made in its place (never re-keyed);
    /// a key file others can read is refused at start.
    @Test func aMissingOrOpenKeyFileIsRefusedNeverReplaced() async throws {
        let demo = try await MigratedDemo.make()
        defer { demo.source.remove() }
        let missing = demo.source.dir.appendingPathComponent("elsewhere.delivery-key").path
        let socket = demo.source.dir.appendingPathComponent("k.sock").path
        let instance = ServePostgresTests.Instance(running: try ProgramRun.start(PaydeskBinary.path, [
            "serve", "--store", demo.location.uri, "--audit-key", demo.keyPath, "--delivery-key", missing,
            "--socket", socket, "--log-level", "warning"]), socket: socket)
        var stopped = false
        defer { if !stopped { kill(instance.running.pid, SIGKILL); _ = ProgramRun.wait(instance.running) } }
        try ServePostgresTests.waitUntilServing(instance)
        let budi = RemoteClient(socketPath: socket, asLogin: "budi")
        let customer = try #require(try (1...40).map(Int64.init).first { try budi.customer(id: $0).status == .active })
        let refused = ServeSecurityTests.attempt {
            String(try budi.forceCredentialReset(customerId: customer, reason: "stolen phone", channel: .email).outboxId)
        }
        #expect(refused.contains("The delivery key \(missing) is missing"), "\(refused)")
        #expect(!FileManager.default.fileExists(atPath: missing), "a new key was made for a keyed database")
        kill(instance.running.pid, SIGTERM)
        #expect(ProgramRun.wait(instance.running).status == 0)
        stopped = true

        // Readable by others: refused before the service starts.
        let open = demo.source.store.deliveryKeyPath
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: open)
        let check = try ProgramRun.run(PaydeskBinary.path, ["serve", "--store", demo.location.uri, "--audit-key", demo.keyPath,
                                                            "--delivery-key", open, "--socket", socket, "--check",
                                                            "--from", "support@wallet.example"])
        #expect(check.status != 0, "\(check.output)")
        #expect(check.output.contains("readable by other users"), "\(check.output)")
    }
}
