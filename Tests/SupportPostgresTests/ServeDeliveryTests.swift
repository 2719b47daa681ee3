import Foundation
import TestSupport
import SupportAPI
import SupportCore
import SupportPostgres
import SupportRemote
import SupportStore
import Testing

/// Delivery and one-time codes on PostgreSQL: two `paydesk serve --store` instances on one
/// database, both delivering mail (msmtp to a loopback SMTP server) from the one outbox.
/// A message queued through one is sent once, whichever claims it; a code sent through one
/// arrives by mail, verifies once through the other, and the hourly limit holds while both
/// send codes to one customer at the same moment.
@Suite struct ServeDeliveryTests {
    /// Both instances deliver mail with the demo's delivery key (the file beside the SQLite
    /// database the demo was migrated from).
    static func serveDelivering(_ demo: MigratedDemo, socket: String, msmtprc: URL) throws -> ServePostgresTests.Instance {
        let running = try ProgramRun.start(PaydeskBinary.path, [
            "serve", "--store", demo.location.uri, "--audit-key", demo.keyPath,
            "--delivery-key", demo.source.store.deliveryKeyPath, "--socket", socket, "--log-level", "warning",
            "--from", "Wallet Support <support@wallet.example>", "--sendmail", "/usr/bin/msmtp -C \(msmtprc.path) -t -i"])
        return ServePostgresTests.Instance(running: running, socket: socket)
    }

    /// Two delivering instances on a migrated demo, and the loopback mail server they send to.
    struct Pair {
        let demo: MigratedDemo
        let smtp: LoopbackSMTPServer
        let a: ServePostgresTests.Instance
        let b: ServePostgresTests.Instance

        static func start() async throws -> Pair {
            let demo = try await MigratedDemo.make()
            let smtp = try LoopbackSMTPServer(in: demo.source.dir)
            let msmtprc = try LoopbackServer.msmtpConfig(port: smtp.port, in: demo.source.dir)
            let a = try serveDelivering(demo, socket: demo.source.dir.appendingPathComponent("a.sock").path, msmtprc: msmtprc)
            let b = try serveDelivering(demo, socket: demo.source.dir.appendingPathComponent("b.sock").path, msmtprc: msmtprc)
            try ServePostgresTests.waitUntilServing(a)
            try ServePostgresTests.waitUntilServing(b)
            return Pair(demo: demo, smtp: smtp, a: a, b: b)
        }

        func stop() -> [Int32] {
            for instance in [a, b] { kill(instance.running.pid, SIGTERM) }
            return [a, b].map { ProgramRun.wait($0.running).status }
        }
    }

    /// Each received mail's outbox id (its `X-Paydesk-Outbox` header).
    static func outboxIds(_ mails: [Data]) -> [Int64] {
        mails.compactMap { mail in
            String(decoding: mail, as: UTF8.self).split(whereSeparator: \.isNewline)
                .first { $0.lowercased().hasPrefix("x-paydesk-outbox:") }
                .flatMap { Int64($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) }
        }
    }

    /// Polls until `done` holds (mail goes out on the delivery thread), or 30 s pass.
    static func waitFor(_ what: String, _ done: () throws -> Bool) throws {
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if try done() { return }
            usleep(50_000)
        }
        throw ClusterError("timed out waiting for \(what)")
    }

    @Test func repliesQueuedThroughOneInstanceAreMailedOnceWhileBothDeliver() async throws {
        let pair = try await Pair.start()
        defer { pair.demo.source.remove() }
        var stopped = false
        defer { if !stopped { for i in [pair.a, pair.b] { kill(i.running.pid, SIGKILL); _ = ProgramRun.wait(i.running) } } }
        let engine = try await PostgresEngine.open(pair.demo.location, auditKeyPath: pair.demo.keyPath, maximumConnections: 2)
        let outcome = Result { try Self.replyThroughA(pair, engine) }
        stopped = true
        let statuses = pair.stop()
        let records = try? engine.reading { try $0.fetchValue("SELECT COUNT(*) FROM audit_log", as: Int.self) }
        let verified = try? await engine.store.verifyAuditChain()
        await engine.close()
        let queued = try outcome.get()
        #expect(statuses == [0, 0])
        // Both instances stopped: nothing more can arrive, so the count below is final.
        let received = Self.outboxIds(pair.smtp.received())
        #expect(received.count == Set(received).count, "a message was mailed twice: \(received.sorted())")
        #expect(Set(queued).isSubset(of: Set(received)), "queued \(queued), received \(received.sorted())")
        #expect(verified == .ok(records: try #require(records)))
    }

    /// Twelve replies through A; waits until all are delivered and checks one send each in
    /// the audit; returns their outbox ids.
    static func replyThroughA(_ pair: Pair, _ engine: PostgresEngine) throws -> [Int64] {
        let numbers = try engine.reading { db in
            try db.fetchValues("""
                SELECT t.number FROM tickets t JOIN customers c ON c.id = t.customer_id
                 WHERE t.channel IN ('email', 'web') AND t.assignee_id IS NULL AND t.status IN ('new', 'open') AND c.email != ''
                 ORDER BY t.number LIMIT 12
                """, as: Int64.self)
        }
        try #require(numbers.count == 12)
        let before = try engine.reading { try $0.fetchValue("SELECT COALESCE(MAX(id), 0) FROM outbox", as: Int64.self) } ?? 0
        // Twelve replies at once through instance A, from four agents' clients; each commit
        // rings A's delivery and, through the change notice, B's.
        let logins = ["budi", "dewi", "budi", "dewi"]
        let clients = logins.map { RemoteClient(socketPath: pair.a.socket, asLogin: $0) }
        for client in clients { _ = try client.whoAmI() }
        let replied = ServeSecurityTests.together(numbers.enumerated().map { i, number in
            { ServeSecurityTests.attempt { try clients[i % clients.count].reply(ticket: number, body: "Dana Anda sudah kami cek (\(number)).").status.rawValue } }
        })
        #expect(replied.allSatisfy { !$0.contains(":") }, "\(replied)")
        let queued = try engine.reading { db in
            try db.fetchValues("""
                SELECT o.id FROM outbox o JOIN tickets t ON t.id = o.ticket_id
                 WHERE t.number IN (\(numbers.map(String.init).joined(separator: ","))) AND o.channel = 'email' AND o.id > ? ORDER BY o.id
                """, [before], as: Int64.self)
        }
        try #require(queued.count == numbers.count)

        try waitFor("every reply delivered") {
            try engine.reading { db in
                try db.fetchValue("SELECT COUNT(*) FROM outbox WHERE id IN (\(queued.map(String.init).joined(separator: ","))) AND delivered_at IS NOT NULL",
                                  as: Int.self)
            } == queued.count
        }
        let sends = try engine.reading { db in
            try db.fetchValues("""
                SELECT entity_id FROM audit_log WHERE action = 'outbox.deliver' AND entity_id IN (\(queued.map { "'\($0)'" }.joined(separator: ",")))
                """, as: String.self)
        }
        #expect(sends.sorted() == queued.map(String.init).sorted())
        return queued
    }

    /// The claim itself, without the service: two engines running delivery passes over one
    /// backlog at the same moment, into two folders, send disjoint sets that together are
    /// the whole backlog.
    @Test func twoEnginesDeliveringOneBacklogAtOnceSendEachMessageOnce() async throws {
        let demo = try await MigratedDemo.make()
        defer { demo.source.remove() }
        let a = try await PostgresEngine.open(demo.location, auditKeyPath: demo.keyPath, maximumConnections: 6)
        let b = try await PostgresEngine.open(demo.location, auditKeyPath: demo.keyPath, maximumConnections: 6)
        // The engines are closed whatever happens (a connection dropped open traps).
        let outcome = Result { try Self.raceTwoDeliverers(demo, a, b) }
        await a.close()
        await b.close()
        try outcome.get()
    }

    static func raceTwoDeliverers(_ demo: MigratedDemo, _ a: PostgresEngine, _ b: PostgresEngine) throws {
        let budi = try #require(try a.agent(login: "budi"))
        let numbers = try a.reading { db in
            try db.fetchValues("""
                SELECT number FROM tickets WHERE assignee_id IS NULL AND status IN ('new', 'open') ORDER BY number LIMIT 30
                """, as: Int64.self)
        }
        try #require(numbers.count == 30)
        for number in numbers { try a.reply(ticket: number, body: "Kami sedang memeriksa (\(number)).", by: budi) }
        let pending = try a.reading { db in
            try db.fetchValues("SELECT id FROM outbox WHERE delivered_at IS NULL AND discarded_at IS NULL AND failed_at IS NULL", as: Int64.self)
        }
        try #require(pending.count >= numbers.count)

        let service = Agent(id: 0, login: "paydesk-service", name: "paydesk service", role: .admin)
        let folders = ["a", "b"].map { demo.source.dir.appendingPathComponent("out-\($0)").path }
        var options = [DeliveryOptions(folder: folders[0]), DeliveryOptions(folder: folders[1])]
        for i in options.indices { options[i].batch = 4 }
        let reports = ServeSecurityTests.together([a, b].enumerated().map { i, engine in
            { Result { try engine.deliver(options[i], by: service) } }
        })
        let sent = try reports.map { try $0.get().sent }
        #expect(Set(sent[0]).isDisjoint(with: Set(sent[1])), "both sent \(Set(sent[0]).intersection(Set(sent[1])).sorted())")
        #expect((sent[0] + sent[1]).sorted() == pending.sorted())
        let files = folders.map { (try? FileManager.default.contentsOfDirectory(atPath: $0))?.count ?? 0 }
        #expect(files.reduce(0, +) == pending.count)
    }
}
