import Foundation
import GRDB
import SupportAPI
import SupportCore
import SupportStore
import Testing

/// `paydesk serve` as a team would run it: one service owns the file; consoles and commands
/// reach it on its socket and are identified by the kernel.
@Suite(.serialized) struct ServiceEndToEndTests {
    /// A running service on its own socket, stopped (SIGTERM) when the test ends.
    final class RunningService {
        let db: String
        let socket: String
        let process: Spawn.Running
        private(set) var result: Harness.Result?

        init(db: String, socket: String? = nil, arguments: [String] = []) throws {
            self.db = db
            let chosen = try socket ?? Harness.tempDir().appendingPathComponent("paydesk.sock").path
            self.socket = chosen
            // On the PostgreSQL pass, the file's copy in the test cluster (the same one each
            // time the file is served again).
            let store = try ServiceRouting.postgresDatabase(for: db).map { ServiceRouting.serveOnPostgres(db, $0) }
            process = try Spawn.start(Harness.binary, (store ?? ["serve", "--db", db]) + ["--socket", self.socket] + arguments)
            let path = self.socket
            let up = Harness.waitUntil(timeout: 20) { ServiceRouting.isSocket(path) && (try? RawHTTP.request(path, "GET", "/v1/health"))?.status == 200 }
            if !up {
                kill(process.pid, SIGKILL)
                let failed = Spawn.wait(process)
                Issue.record("paydesk serve did not start: \(failed.stderr)")
            }
        }

        @discardableResult
        func stop(signal: Int32 = SIGTERM) -> Harness.Result {
            if let result { return result }
            kill(process.pid, signal)
            let done = Spawn.wait(process)
            result = done
            return done
        }

        deinit { stop(signal: SIGKILL) }

        func cli(_ arguments: [String], as login: String? = nil, stdin: String? = nil) throws -> Harness.Result {
            try Spawn.run(Harness.binary, arguments + ["--server", socket] + (login.map { ["--as", $0] } ?? []),
                          environment: ["LANG": "C.UTF-8", "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"],
                          stdin: stdin)
        }
    }

    @Test func aSecondServiceOnTheSameDatabaseRefusesAndNamesTheHolder() throws {
        let db = try Harness.demoDatabase()
        let first = try RunningService(db: db)
        let second = try Harness.run(["serve", "--db", db, "--socket", try Harness.tempDir().appendingPathComponent("b.sock").path])
        #expect(second.status == 1)
        #expect(second.stderr.contains("pid \(first.process.pid)"), "\(second.stderr)")
        let stopped = first.stop()
        #expect(stopped.status == 0, "SIGTERM drains and exits 0: \(stopped.stderr)")
        #expect(!ServiceRouting.isSocket(first.socket), "the socket is removed on the way out")
    }

    @Test func commandsGiveTheSameAnswerThroughTheService() throws {
        let db = try Harness.demoDatabase()
        let service = try RunningService(db: db)
        let embedded = try Harness.run(["ticket", "list", "--db", db, "--as", "sari", "--json", "--limit", "20"])
        let remote = try service.cli(["ticket", "list", "--json", "--limit", "20"], as: "sari")
        #expect(embedded.status == 0 && remote.status == 0, "\(embedded.stderr) \(remote.stderr)")
        #expect(embedded.stdout == remote.stdout)
        #expect(remote.stdout.contains("\"number\""))
        // A change made through the service is what the file holds.
        let number = try #require(try SupportStore(path: db, create: false).queuePage(
            QueueSpec(view: .unassigned, actor: try SupportStore(path: db, create: false).agent(login: "budi")!), limit: 1).first).number
        let claim = try service.cli(["ticket", "claim", String(number)], as: "budi")
        #expect(claim.status == 0, "\(claim.stderr)")
        #expect(claim.stdout.contains("claimed by budi"))
        let store = try SupportStore(path: db, create: false)
        #expect(try store.ticket(number: number).assigneeId == store.agent(login: "budi")!.id)
        // Refusals keep their exit codes and sentences.
        let again = try service.cli(["ticket", "claim", String(number)], as: "dewi")
        #expect(again.status == 5)
        #expect(again.stderr.contains("already claimed by budi"), "\(again.stderr)")
        let missing = try service.cli(["ticket", "show", "999999"], as: "sari")
        #expect(missing.status == 3)
    }

    @Test func malformedUnknownAndOversizedRequestsAreRefusedInOneSentence() throws {
        let db = try Harness.demoDatabase()
        let service = try RunningService(db: db)
        let headers = ["X-Paydesk-As": "sari"]
        let broken = try RawHTTP.request(service.socket, "POST", "/v1/ticket", body: Data("{\"number\": ".utf8), headers: headers)
        #expect(broken.status == 400)
        #expect(broken.body.contains("not valid JSON"))
        let unknown = try RawHTTP.request(service.socket, "POST", "/v1/ticket", body: Data("{\"number\": 1, \"numbr\": 2}".utf8), headers: headers)
        #expect(unknown.status == 400)
        #expect(unknown.body.contains("'numbr' is not a field of ticket"), "\(unknown.body)")
        let wrongType = try RawHTTP.request(service.socket, "POST", "/v1/ticket", body: Data("{\"number\": \"one\"}".utf8), headers: headers)
        #expect(wrongType.status == 400)
        let huge = Data("{\"number\": 1, \"pad\": \"".utf8) + Data(repeating: 0x61, count: 15 << 20) + Data("\"}".utf8)
        let tooLarge = try RawHTTP.request(service.socket, "POST", "/v1/ticket", body: huge, headers: headers)
        #expect(tooLarge.status == 413)
        let ok = try RawHTTP.request(service.socket, "POST", "/v1/whoAmI", body: Data("{}".utf8), headers: headers)
        #expect(ok.status == 200)
        #expect(ok.body.contains("\"login\":\"sari\""))
        let noSuch = try RawHTTP.request(service.socket, "POST", "/v1/dropTables", body: Data("{}".utf8), headers: headers)
        #expect(noSuch.status == 404)
        // The service is still whole after all that.
        #expect(try RawHTTP.request(service.socket, "GET", "/v1/health").status == 200)
    }

    @Test func anotherAgentsClaimIsPushedOnTheEventStream() throws {
        let db = try Harness.demoDatabase()
        let service = try RunningService(db: db)
        let stream = try RawHTTP(socket: service.socket)
        stream.send("GET /v1/events HTTP/1.1\r\nHost: paydesk\r\nX-Paydesk-As: sari\r\nAccept: text/event-stream\r\n\r\n")
        let hello = stream.read { $0.contains("paydesk events for sari") }
        #expect(hello.contains("200"), "\(hello)")
        let store = try SupportStore(path: db, create: false)
        let number = try #require(try store.queuePage(QueueSpec(view: .unassigned, actor: store.agent(login: "budi")!), limit: 1).first).number
        let started = Date()
        #expect(try service.cli(["ticket", "claim", String(number)], as: "budi").status == 0)
        let pushed = stream.read { $0.contains("\"tickets\":[\(number)]") }
        #expect(pushed.contains("\"tickets\":[\(number)]"), "\(pushed)")
        print("event for a claim reached the stream \(Int(Date().timeIntervalSince(started) * 1000)) ms after the command started")
        // The event names the ticket's owner after the commit, for every console at once.
        #expect(Self.lastChange(in: pushed)?.owners == [TicketOwner(number: number, assignee: "budi")], "\(pushed)")
        #expect(try service.cli(["ticket", "release", String(number)], as: "budi").status == 0)
        let released = stream.read { Self.lastChange(in: $0)?.owners == [TicketOwner(number: number, assignee: nil)] }
        #expect(Self.lastChange(in: released)?.owners == [TicketOwner(number: number, assignee: nil)], "\(released)")
    }

    /// A flag or a dispute changes a customer's transactions, not a ticket: the event names the
    /// customer, so another console showing that account re-reads it (it named nothing).
    @Test func aFlagOrADisputeIsPushedWithItsCustomer() throws {
        let db = try Harness.demoDatabase()
        let service = try RunningService(db: db)
        let stream = try RawHTTP(socket: service.socket)
        stream.send("GET /v1/events HTTP/1.1\r\nHost: paydesk\r\nX-Paydesk-As: budi\r\nAccept: text/event-stream\r\n\r\n")
        #expect(stream.read { $0.contains("paydesk events for budi") }.contains("200"))
        var readOnly = Configuration()
        readOnly.readonly = true
        let rows = try DatabaseQueue(path: db, configuration: readOnly).read { db in
            try Row.fetchAll(db, sql: """
                SELECT reference, customer_id FROM transactions WHERE flagged = 0 AND status = 'success'
                AND type IN ('payment', 'p2p_out') ORDER BY id LIMIT 2
                """)
        }
        try #require(rows.count == 2)
        let steps: [([String], Row)] = [(["tx", "flag", rows[0]["reference"], "--reason", "customer does not know it"], rows[0]),
                                        (["tx", "dispute", rows[1]["reference"], "--reason", "merchant never delivered"], rows[1])]
        for (arguments, row) in steps {
            let customer: Int64 = row["customer_id"]
            let result = try service.cli(arguments, as: "sari")
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            let pushed = stream.read { Self.lastChange(in: $0)?.customers == [customer] }
            #expect(Self.lastChange(in: pushed)?.customers == [customer], "\(arguments): \(pushed)")
        }
    }

    /// The last `data:` line of an event stream, decoded.
    static func lastChange(in text: String) -> ChangeSet? {
        guard let line = text.split(separator: "\n").last(where: { $0.hasPrefix("data: ") }) else { return nil }
        return try? JSONDecoder().decode(ChangeSet.self, from: Data(line.dropFirst(6).utf8))
    }

    @Test func theOpenAPIDocumentIsServedAndCommitted() throws {
        let db = try Harness.demoDatabase()
        let service = try RunningService(db: db)
        let served = try RawHTTP.request(service.socket, "GET", "/v1/openapi.json")
        #expect(served.status == 200)
        let committed = try String(contentsOf: Harness.packageRoot.appendingPathComponent("docs/openapi.json"), encoding: .utf8)
        let servedJSON = try JSONSerialization.jsonObject(with: Data(served.body.utf8)) as? [String: Any]
        let committedJSON = try JSONSerialization.jsonObject(with: Data(committed.utf8)) as? [String: Any]
        #expect(NSDictionary(dictionary: servedJSON ?? [:]).isEqual(to: committedJSON ?? [:]),
                "docs/openapi.json is out of date: run `paydesk serve --openapi > docs/openapi.json`")
        // Every documented operation is served: none answers 404.
        let paths = (committedJSON?["paths"] as? [String: Any]) ?? [:]
        #expect(paths.count > 100)
        for (path, value) in paths {
            // The webhook routes live on their own TCP listener (ServiceChannelTests).
            guard !path.hasPrefix("/v1/hooks/"), let post = (value as? [String: Any])?["post"] != nil ? path : nil else { continue }
            let reply = try RawHTTP.request(service.socket, "POST", post, body: Data("{}".utf8), headers: ["X-Paydesk-As": "nobody-here"])
            // Routed, and the caller is checked before the body is even decoded.
            #expect(reply.status == 403, "\(path) answered \(reply.status)")
        }
    }

    @Test func configTomlNamesTheServiceAndBackupIsAnAdminsOnlineCopy() throws {
        let db = try Harness.demoDatabase()
        let service = try RunningService(db: db)
        let config = try Harness.tempDir()
        try FileManager.default.createDirectory(at: config.appendingPathComponent("paydesk"), withIntermediateDirectories: true)
        try "server = \"\(service.socket)\"\n".write(to: config.appendingPathComponent("paydesk/config.toml"), atomically: true, encoding: .utf8)
        // No --server and no --db: config.toml sends the command to the service.
        let viaConfig = try Spawn.run(Harness.binary, ["ticket", "list", "--as", "sari", "--limit", "1", "--json"],
                                      environment: ["LANG": "C.UTF-8", "XDG_CONFIG_HOME": config.path, "HOME": config.path])
        #expect(viaConfig.status == 0, "\(viaConfig.stderr)")
        #expect(viaConfig.stdout.contains("\"number\""))
        // A typo in the file is a usage error that names the line.
        try "server = /no/quotes\n".write(to: config.appendingPathComponent("paydesk/config.toml"), atomically: true, encoding: .utf8)
        let typo = try Spawn.run(Harness.binary, ["ticket", "list", "--as", "sari"],
                                 environment: ["LANG": "C.UTF-8", "XDG_CONFIG_HOME": config.path, "HOME": config.path])
        #expect(typo.status == 2)
        #expect(typo.stderr.contains("config.toml:1"), "\(typo.stderr)")

        // Backups: admins only, a new file, a consistent copy, audited.
        let target = try Harness.tempDir().appendingPathComponent("copy.sqlite").path
        let refused = try service.cli(["backup", target], as: "budi")
        #expect(refused.status == 4)
        #expect(!FileManager.default.fileExists(atPath: target))
        let made = try service.cli(["backup", target], as: "ops")
        #expect(made.status == 0, "\(made.stderr)")
        let copy = try SupportStore(path: target, create: false)
        #expect(try copy.integrityCheck() == "ok")
        #expect(try copy.customerCount() == SupportStore(path: db, create: false).customerCount())
        #expect(try service.cli(["backup", target], as: "ops").status == 5, "an existing file is never overwritten")
        #expect(try SupportStore(path: db, create: false).auditRecords(entity: "database", limit: 5).contains { $0.action == "store.backup" })
        // --check validates and exits without serving.
        let demo = try Harness.demoDatabase(), socket = try Harness.tempDir().appendingPathComponent("c.sock").path
        let check = try Harness.run(["serve", "--check", "--db", demo, "--socket", socket])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdout.hasPrefix("OK: database"))
        #expect(check.stdout.contains("Codes: sealed to the delivery key \(demo).delivery-key"), "\(check.stdout)")
        // A service that would deliver without the delivery key fails the check, naming it.
        try FileManager.default.moveItem(atPath: demo + ".delivery-key", toPath: demo + ".aside")
        let blind = try Harness.run(["serve", "--check", "--db", demo, "--socket", socket,
                                     "--from", "support@wallet.example", "--sendmail", "/bin/true"])
        #expect(blind.status != 0 && blind.stderr.contains("delivery key \(demo).delivery-key is missing"), "\(blind.stderr)")
    }

    @Test func noRequestHandsOutContactDataUnmaskedWithoutAReason() throws {
        let db = try Harness.demoDatabase()
        let service = try RunningService(db: db)
        let store = try SupportStore(path: db, create: false)
        let raw = try store.customer(id: 1)
        let headers = ["X-Paydesk-As": "budi"]
        for (op, body) in [("customer", "{\"id\": 1}"), ("findCustomer", "{\"key\": \"\(raw.walletId)\"}"),
                           ("customerView", "{\"id\": 1}")] {
            let reply = try RawHTTP.request(service.socket, "POST", "/v1/\(op)", body: Data(body.utf8), headers: headers)
            #expect(reply.status == 200, "\(op): \(reply.body)")
            #expect(!reply.body.contains(raw.phone.dropFirst()) && !reply.body.contains(raw.email), "\(op) leaked contact data")
        }
        // The one way to the plain values asks why and leaves a record.
        let reveal = try RawHTTP.request(service.socket, "POST", "/v1/revealContact",
                                         body: Data("{\"customerId\": 1, \"reason\": \"customer on the phone asks to confirm the email\"}".utf8), headers: headers)
        #expect(reveal.status == 200)
        #expect(reveal.body.contains(raw.email))
        #expect(try store.auditRecords(entity: "customer", entityId: "1", limit: 5).contains { $0.actor == "budi" })
    }
}
