import Foundation
import GRDB
import SupportCore
import SupportServer
import SupportStore
import Testing
import TestSupport

/// SMS, app chat and social replies through an HTTP gateway on loopback: signed JSON POSTs
/// keyed by outbox id, retried with backoff, failed after the window, retried by a supervisor.
@Suite(.serialized) struct GatewayDeliveryTests {
    /// A demo database with a reply queued on a new phone ticket; the reply's outbox id.
    static func queuedSMS(_ body: String = "Dana sudah kami kembalikan.") throws -> (db: String, store: SupportStore, number: Int64, outbox: Int64) {
        let db = try Harness.demoDatabase()
        let store = try SupportStore(path: db, create: false)
        let wallet = try store.customer(id: 4).walletId
        let made = try Harness.run(["ticket", "new", "--db", db, "--as", "sari", "--customer", wallet, "--subject", "Saldo terpotong",
                                    "--body", "Saldo terpotong dua kali", "--category", "payment", "--priority", "p2", "--channel", "phone"])
        let number = try #require(TicketNumber.parse(made.stdout.trimmingCharacters(in: .whitespacesAndNewlines)), "\(made.stderr)")
        let replied = try Harness.run(["ticket", "reply", String(number), "--body", body, "--db", db, "--as", "sari"])
        #expect(replied.status == 0, "\(replied.stderr)")
        let outbox = try #require(try store.outboxList(pendingOnly: true).first { $0.channel == .sms && $0.body == body })
        return (db, store, number, outbox.id)
    }

    static func admin(_ store: SupportStore) throws -> Agent { try #require(try store.agent(login: "ops")) }

    @Test func aGatewayThatFailsTwiceGetsTheMessageOnceUnderOneKey() throws {
        let dir = try Harness.tempDir()
        let (_, store, number, outbox) = try Self.queuedSMS()
        let secret = try LoopbackServer.secretFile(in: dir)
        let log = dir.appendingPathComponent("gateway.log").path
        let gateway = try LoopbackServer.gateway(secretFile: secret, log: log, failing: 2, in: dir)
        // No wait between attempts, so three passes make three attempts.
        let options = DeliveryOptions(gateways: [.sms: HTTPGateway(url: "http://127.0.0.1:\(gateway.port)/send",
                                                                   secret: try GatewaySignature.readSecret(secret), timeout: 5)],
                                      firstRetry: 0)
        let ops = try Self.admin(store)
        #expect(try store.deliver(options, by: ops).retrying == [outbox])
        #expect(try store.deliveryStatuses(ticket: number).values.first?.summary.contains("HTTP 503") == true)
        #expect(try store.deliver(options, by: ops).retrying == [outbox])
        #expect(try store.deliver(options, by: ops).sent == [outbox])
        #expect(try store.deliver(options, by: ops).sent.isEmpty)

        let requests = LoopbackServer.lines(log)
        #expect(requests.count == 3)
        #expect(requests.allSatisfy { $0["good"] as? Bool == true })
        #expect(Set(requests.compactMap { $0["key"] as? String }) == [String(outbox)])
        #expect(requests.filter { $0["sent"] as? Bool == true }.count == 1)
        let body = try #require(requests.last?["body"] as? [String: Any])
        #expect(body["text"] as? String == "Dana sudah kami kembalikan." && body["ticket"] as? Int == Int(number))
        let status = try #require(try store.deliveryStatuses(ticket: number).values.first)
        #expect(status.state == .sent && status.messageId == "prov-\(outbox)" && status.attempts == 3)
    }

    @Test func aGatewayDownPastTheWindowFailsIsListedAndARetryIsAudited() throws {
        let dir = try Harness.tempDir()
        let (db, store, number, outbox) = try Self.queuedSMS()
        let secret = try LoopbackServer.secretFile(in: dir)
        let down = DeliveryOptions(gateways: [.sms: HTTPGateway(url: "http://127.0.0.1:\(LoopbackServer.closedPort())/send",
                                                                secret: try GatewaySignature.readSecret(secret), timeout: 5)],
                                   giveUpAfter: 0, firstRetry: 0)
        #expect(try store.deliver(down, by: Self.admin(store)).failed == [outbox])
        let status = try #require(try store.deliveryStatuses(ticket: number).values.first)
        #expect(status.state == .failed && status.lastError?.contains("gateway unreachable") == true)
        // Failed is not pending: the listing says so, and --pending leaves it out.
        #expect(try store.outboxList().first { $0.id == outbox }?.state == .failed)
        #expect(try store.outboxList(pendingOnly: true).contains { $0.id == outbox } == false)

        let agent = try Harness.run(["outbox", "failures", "--db", db, "--as", "budi"])
        #expect(agent.status == 4)
        let listed = try Harness.run(["outbox", "failures", "--json", "--db", db, "--as", "sari"])
        #expect(listed.status == 0, "\(listed.stderr)")
        let rows = try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]] ?? []
        #expect(rows.contains { ($0["id"] as? Int).map(Int64.init) == outbox && $0["ticket"] as? Int == Int(number) })
        #expect(try Harness.run(["outbox", "retry", String(outbox), "--db", db, "--as", "budi"]).status == 4)
        let retried = try Harness.run(["outbox", "retry", String(outbox), "--db", db, "--as", "sari"])
        #expect(retried.status == 0, "\(retried.stderr)")
        #expect(try store.auditRecords(entity: "outbox").contains { $0.action == "outbox.retry_failed" && $0.actor == "sari" })

        let log = dir.appendingPathComponent("gateway.log").path
        let gateway = try LoopbackServer.gateway(secretFile: secret, log: log, failing: 0, in: dir)
        let up = DeliveryOptions(gateways: [.sms: HTTPGateway(url: "http://127.0.0.1:\(gateway.port)/send",
                                                              secret: try GatewaySignature.readSecret(secret), timeout: 5)])
        #expect(try store.deliver(up, by: Self.admin(store)).sent == [outbox])
        #expect(LoopbackServer.lines(log).count == 1)
        #expect(try store.deliveryStatuses(ticket: number).values.first?.state == .sent)
    }

    @Test func aCrashBetweenSendingAndMarkingResendsUnderTheSameKey() throws {
        let dir = try Harness.tempDir()
        let (db, store, _, outbox) = try Self.queuedSMS()
        let secret = try LoopbackServer.secretFile(in: dir)
        let log = dir.appendingPathComponent("gateway.log").path
        let gateway = try LoopbackServer.gateway(secretFile: secret, log: log, failing: 0, in: dir)
        let options = DeliveryOptions(gateways: [.sms: HTTPGateway(url: "http://127.0.0.1:\(gateway.port)/send",
                                                                   secret: try GatewaySignature.readSecret(secret), timeout: 5)])
        #expect(try store.deliver(options, by: Self.admin(store)).sent == [outbox])
        // As if the deliverer died after the gateway accepted and before the mark
        // committed: the row is still queued, its claim lapsed.
        try DatabaseQueue(path: db).write { db in
            try db.execute(sql: "UPDATE outbox SET delivered_at = NULL, provider_id = NULL, claimed_until = 1 WHERE id = ?",
                           arguments: [outbox])
        }
        #expect(try store.deliver(options, by: Self.admin(store)).sent == [outbox])
        let requests = LoopbackServer.lines(log)
        #expect(requests.count == 2)
        #expect(Set(requests.compactMap { $0["key"] as? String }) == [String(outbox)])
        // The gateway recognised the key: the customer got one message.
        #expect(requests.filter { $0["sent"] as? Bool == true }.count == 1)
    }
}
