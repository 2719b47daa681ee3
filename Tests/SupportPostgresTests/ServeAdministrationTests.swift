import Foundation
import SupportAPI
import SupportCore
import SupportPostgres
import SupportRemote
import SupportStore
import Testing
import TestSupport

/// Agent administration across service instances: two `paydesk serve --store
/// postgresql://…` on one database, two admins acting on the same agents at the same
/// moment, one through each instance. The team never loses its last admin, one login is
/// added once, and the audit records of one agent's role follow one another.
@Suite struct ServeAdministrationTests {
    @Test func twoAdminsRacingThroughTwoInstancesKeepOneAdminAndOneChain() async throws {
        let demo = try await MigratedDemo.make()
        defer { demo.source.remove() }
        let a = try ServePostgresTests.serve(demo, socket: demo.source.dir.appendingPathComponent("a.sock").path)
        let b = try ServePostgresTests.serve(demo, socket: demo.source.dir.appendingPathComponent("b.sock").path)
        var stopped = false
        defer {
            if !stopped { for instance in [a, b] { kill(instance.running.pid, SIGKILL); _ = ProgramRun.wait(instance.running) } }
        }
        try ServePostgresTests.waitUntilServing(a)
        try ServePostgresTests.waitUntilServing(b)
        let engine = try await PostgresEngine.open(demo.location, auditKeyPath: demo.keyPath, maximumConnections: 2)
        func activeAdmins() throws -> [String] {
            try engine.reading { try $0.fetchValues("SELECT login FROM agents WHERE role = 'admin' AND active = 1 ORDER BY login", as: String.self) }
        }

        // The same login added at once through both instances: one agent, one refusal.
        for round in 0..<6 {
            let opsA = RemoteClient(socketPath: a.socket, asLogin: "ops"), opsB = RemoteClient(socketPath: b.socket, asLogin: "ops")
            _ = try opsA.whoAmI(); _ = try opsB.whoAmI()
            let login = "temp\(round)"
            let added = ServeSecurityTests.together([
                { ServeSecurityTests.attempt { try opsA.addAgent(login: login, name: "Temp A", role: .agent).login } },
                { ServeSecurityTests.attempt { try opsB.addAgent(login: login, name: "Temp B", role: .agent).login } },
            ])
            #expect(added.filter { $0 == login }.count == 1, "\(login): \(added)")
            #expect(added.filter { $0 == "conflict: An agent '\(login)' already exists." }.count == 1, "\(login): \(added)")
            let rows = try engine.reading { try $0.fetchValue("SELECT COUNT(*) FROM agents WHERE login = ?", [login], as: Int.self) }
            #expect(rows == 1)
        }

        // Two admins demoting each other at once: one demotion wins, the other is refused,
        // and one admin is left. The loser is made admin again for the next round.
        let ops = RemoteClient(socketPath: a.socket, asLogin: "ops")
        try ops.addAgent(login: "root", name: "Second Admin", role: .admin)
        for round in 0..<6 {
            let opsA = RemoteClient(socketPath: a.socket, asLogin: "ops"), rootB = RemoteClient(socketPath: b.socket, asLogin: "root")
            _ = try opsA.whoAmI(); _ = try rootB.whoAmI()
            let results = ServeSecurityTests.together([
                { ServeSecurityTests.attempt { try opsA.setAgentRole(login: "root", role: .supervisor); return "done" } },
                { ServeSecurityTests.attempt { try rootB.setAgentRole(login: "ops", role: .supervisor); return "done" } },
            ])
            #expect(results.filter { $0 == "done" }.count == 1, "round \(round): \(results)")
            #expect(results.filter { $0.hasPrefix("forbidden: ") }.count == 1, "round \(round): \(results)")
            let left = try activeAdmins()
            #expect(left.count == 1, "round \(round): \(left) after \(results)")
            let winner = try #require(left.first)
            try RemoteClient(socketPath: a.socket, asLogin: winner).setAgentRole(login: winner == "ops" ? "root" : "ops", role: .admin)
        }
        #expect(try activeAdmins() == ["ops", "root"])

        // Two admins disabling each other at once: the same.
        let opsA = RemoteClient(socketPath: a.socket, asLogin: "ops"), rootB = RemoteClient(socketPath: b.socket, asLogin: "root")
        _ = try opsA.whoAmI(); _ = try rootB.whoAmI()
        let disabled = ServeSecurityTests.together([
            { ServeSecurityTests.attempt { try opsA.setAgentActive(login: "root", active: false); return "done" } },
            { ServeSecurityTests.attempt { try rootB.setAgentActive(login: "ops", active: false); return "done" } },
        ])
        #expect(disabled.filter { $0 == "done" }.count == 1, "\(disabled)")
        #expect(try activeAdmins().count == 1)
        let admin = try #require(try activeAdmins().first)

        // Two changes of one agent's role at once, one through each instance: both are
        // kept in order, each record's "before" the other's "after".
        let other = admin == "ops" ? "root" : "ops"
        try RemoteClient(socketPath: a.socket, asLogin: admin).setAgentActive(login: other, active: true)
        for round in 0..<6 {
            let first = RemoteClient(socketPath: a.socket, asLogin: admin), second = RemoteClient(socketPath: b.socket, asLogin: other)
            _ = try first.whoAmI(); _ = try second.whoAmI()
            let results = ServeSecurityTests.together([
                { ServeSecurityTests.attempt { try first.setAgentRole(login: "wei", role: round % 2 == 0 ? .supervisor : .agent); return "done" } },
                { ServeSecurityTests.attempt { try second.setAgentRole(login: "wei", role: .admin); return "done" } },
            ])
            #expect(results == ["done", "done"], "round \(round): \(results)")
        }
        let changes = try engine.reading { db in
            try db.fetchRows("SELECT before, after FROM audit_log WHERE action = 'agent.role' AND entity_id = 'wei' ORDER BY id")
                .map { (($0["before"] as String?) ?? "", ($0["after"] as String?) ?? "") }
        }
        #expect(changes.count == 12)
        #expect(changes.first?.0 == "role=agent")
        for (earlier, later) in zip(changes, changes.dropFirst()) {
            #expect(later.0 == earlier.1, "\(changes)")
        }
        let wei: String? = try engine.reading { try $0.fetchValue("SELECT role FROM agents WHERE login = 'wei'", as: String.self) }
        #expect(wei.map { "role=\($0)" } == changes.last?.1)

        // `audit verify` through an instance walks the chain both instances wrote.
        let verified = try ServePostgresTests.paydesk(b.socket, as: admin, ["audit", "verify"])
        #expect(verified.status == 0, "\(verified.output)")
        #expect(verified.output.contains("chain intact"), "\(verified.output)")

        for instance in [a, b] { kill(instance.running.pid, SIGTERM) }
        for instance in [a, b] { #expect(ProgramRun.wait(instance.running).status == 0) }
        stopped = true
        let records = try #require(try engine.reading { try $0.fetchValue("SELECT COUNT(*) FROM audit_log", as: Int.self) })
        #expect(try engine.verifyAuditChain() == .ok(records: records))
        await engine.close()
    }

    /// The same keyword rule added at once by two supervisors through two instances: one
    /// rule, one refusal; one rule removed at once by both: one removal, one "not found";
    /// one detection rule set by two admins at once: both kept, in order.
    @Test func oneKeywordRuleAddedAtOnceThroughTwoInstancesIsAddedOnce() async throws {
        try await ServePostgresTests.twoInstances { a, b, engine, demo in
            for round in 0..<6 {
                let sari = RemoteClient(socketPath: a.socket, asLogin: "sari"), ops = RemoteClient(socketPath: b.socket, asLogin: "ops")
                _ = try sari.whoAmI(); _ = try ops.whoAmI()
                let keyword = "dompet dibobol \(round)"
                let added = ServeSecurityTests.together([
                    { ServeSecurityTests.attempt { String(try sari.addCategoryRule(keyword: keyword, language: .id, category: .security, subcategory: "stolen_account").id) } },
                    { ServeSecurityTests.attempt { String(try ops.addCategoryRule(keyword: keyword, language: .id, category: .security, subcategory: "stolen_account").id) } },
                ])
                #expect(added.filter { Int64($0) != nil }.count == 1, "\(keyword): \(added)")
                #expect(added.filter { $0.hasPrefix("conflict: A rule for \"\(keyword)\"") }.count == 1, "\(keyword): \(added)")
                let rows = try engine.reading { try $0.fetchValue("SELECT COUNT(*) FROM category_rules WHERE keyword = ?", [keyword], as: Int.self) }
                #expect(rows == 1, "\(keyword)")
                let id = try #require(added.compactMap { Int64($0) }.first)
                let removed = ServeSecurityTests.together([
                    { ServeSecurityTests.attempt { try sari.removeCategoryRule(id: id); return "done" } },
                    { ServeSecurityTests.attempt { try ops.removeCategoryRule(id: id); return "done" } },
                ])
                #expect(removed.filter { $0 == "done" }.count == 1, "\(keyword): \(removed)")
                #expect(removed.filter { $0.hasPrefix("notFound: ") }.count == 1, "\(keyword): \(removed)")
                let records = try engine.reading { db in
                    try db.fetchValue("SELECT COUNT(*) FROM audit_log WHERE action = 'category_rule.remove' AND entity_id = ?",
                                      [String(id)], as: Int.self)
                }
                #expect(records == 1, "\(keyword)")
            }

            // Two admins setting one detection rule at once, one through each instance: both
            // kept, in turn, each record's "before" the other's "after".
            try RemoteClient(socketPath: a.socket, asLogin: "ops").addAgent(login: "root", name: "Second Admin", role: .admin)
            let initial = try engine.reading { try $0.fetchValue("SELECT value FROM detection_rules WHERE name = 'large_amount'", as: Int.self) }
            for round in 0..<6 {
                let ops = RemoteClient(socketPath: a.socket, asLogin: "ops"), root = RemoteClient(socketPath: b.socket, asLogin: "root")
                _ = try ops.whoAmI(); _ = try root.whoAmI()
                let set = ServeSecurityTests.together([
                    { ServeSecurityTests.attempt { try ops.setDetectionRule(name: "large_amount", value: 2 + round, reason: "tuning"); return "done" } },
                    { ServeSecurityTests.attempt { try root.setDetectionRule(name: "large_amount", value: 20 + round, reason: "tuning"); return "done" } },
                ])
                #expect(set == ["done", "done"], "round \(round): \(set)")
            }
            let changes = try engine.reading { db in
                try db.fetchRows("SELECT before, after FROM audit_log WHERE action = 'detection_rule.set' AND entity_id = 'large_amount' ORDER BY id")
                    .map { (($0["before"] as String?) ?? "", ($0["after"] as String?) ?? "") }
            }
            #expect(changes.count == 12)
            #expect(changes.first?.0 == initial.map { "large_amount=\($0)" } ?? "")
            for (earlier, later) in zip(changes, changes.dropFirst()) {
                #expect(later.0 == earlier.1, "\(changes)")
            }
            let records = try #require(try engine.reading { try $0.fetchValue("SELECT COUNT(*) FROM audit_log", as: Int.self) })
            #expect(try engine.verifyAuditChain() == .ok(records: records))
        }
    }
}
