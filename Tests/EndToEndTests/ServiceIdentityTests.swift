import Foundation
import SupportCore
import SupportStore
import Testing

/// The trust boundary, tried with real operating-system users: the database belongs to
/// the service's account; agents reach the data only through the socket, as themselves.
/// Creates throwaway users, so it runs as root (CI does).
@Suite(.serialized) struct ServiceIdentityTests {
    struct Users {
        let prefix = "pdt\(UInt16.random(in: 1000...9999))"
        var agent: String { prefix + "_agent" }
        var supervisor: String { prefix + "_sup" }
        var admin: String { prefix + "_adm" }
        var stranger: String { prefix + "_x" }
        var all: [String] { [agent, supervisor, admin, stranger] }

        func create() throws {
            for login in all {
                let r = try Spawn.run("/usr/sbin/useradd", ["-M", "-N", "-s", "/usr/sbin/nologin", login])
                #expect(r.status == 0, "useradd \(login): \(r.stderr)")
            }
        }

        func remove() {
            for login in all { _ = try? Spawn.run("/usr/sbin/userdel", [login]) }
        }

        func uid(_ login: String) -> uid_t { getpwnam(login)?.pointee.pw_uid ?? 0 }
    }

    /// A world-reachable folder with a private data folder inside and a copy of the binary
    /// every user may run (the build folder may sit under root's home).
    struct Site {
        let root: URL
        let db: String
        let socket: String
        let binary: String
        let out: URL

        init() throws {
            root = URL(fileURLWithPath: "/tmp/paydesk-identity-\(UUID().uuidString.prefix(8))")
            for (sub, mode) in [("", 0o755), ("data", 0o700), ("run", 0o755), ("bin", 0o755), ("out", 0o755)] {
                let path = sub.isEmpty ? root.path : root.appendingPathComponent(sub).path
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
                chmod(path, mode_t(mode))
            }
            db = root.appendingPathComponent("data/paydesk.sqlite").path
            socket = root.appendingPathComponent("run/paydesk.sock").path
            binary = root.appendingPathComponent("bin/paydesk").path
            out = root.appendingPathComponent("out")
            try Harness.copyBinary(to: binary)
        }

        /// paydesk as `login`, through the service.
        func cli(_ login: String, _ arguments: [String]) throws -> Harness.Result {
            try Spawn.run("/usr/sbin/runuser", ["-u", login, "--", binary] + arguments + ["--server", socket],
                          environment: ["LANG": "C.UTF-8", "PATH": "/usr/bin:/bin", "HOME": "/nonexistent"])
        }
    }

    @Test func agentsWorkThroughTheServiceAndCannotOpenTheFile() throws {
        try #require(geteuid() == 0, "creates operating-system users: run as root (CI does)")
        let users = Users()
        try users.create()
        defer { users.remove() }
        let site = try Site()
        defer { try? FileManager.default.removeItem(at: site.root) }

        // The data: a demo file, the agents added, then made an ordinary (non-demo) database
        // so that only the kernel's word names the caller.
        #expect(try Harness.run(["demo", "--db", site.db, "--no-open"]).status == 0)
        for (login, role) in [(users.agent, "agent"), (users.supervisor, "supervisor"), (users.admin, "admin")] {
            let added = try Harness.run(["agent", "add", login, "--role", role, "--db", site.db, "--as", "ops"])
            #expect(added.status == 0, "\(added.stderr)")
        }
        let sql = try Spawn.run("/usr/bin/sqlite3", [site.db, "UPDATE meta SET value = '0' WHERE key = 'demo'"])
        #expect(sql.status == 0, "\(sql.stderr)")

        let service = try ServiceEndToEndTests.RunningService(db: site.db, socket: site.socket)
        defer { service.stop() }

        // The agent's journey: claim, reply, freeze, ask for an unfreeze.
        let store = try SupportStore(path: site.db, create: false)
        // A ticket whose account is open, so that the agent can freeze it.
        let ticket = try #require(try store.queuePage(QueueSpec(view: .unassigned, actor: store.agent(login: users.agent)!), limit: 50)
            .first { try store.customer(id: $0.customerId).status == .active })
        let wallet = try store.customer(id: ticket.customerId).walletId
        let claim = try site.cli(users.agent, ["ticket", "claim", String(ticket.number)])
        #expect(claim.status == 0, "\(claim.stderr)")
        #expect(claim.stdout.contains("claimed by \(users.agent)"))
        #expect(try store.ticket(number: ticket.number).assigneeId == store.agent(login: users.agent)!.id)
        let reply = try site.cli(users.agent, ["ticket", "reply", String(ticket.number), "--body", "Kami sedang memeriksa."])
        #expect(reply.status == 0, "\(reply.stderr)")
        let freeze = try site.cli(users.agent, ["account", "freeze", wallet, "--reason", "customer reports a stolen phone"])
        #expect(freeze.status == 0, "\(freeze.stderr)")
        #expect(try store.customer(id: ticket.customerId).status == .frozen)
        let unfreeze = try site.cli(users.agent, ["account", "unfreeze", wallet, "--reason", "phone recovered"])
        #expect(unfreeze.status == 0, "\(unfreeze.stderr)")
        let request = try #require(try store.approvals().first { $0.customerId == ticket.customerId })
        // Four eyes: the agent cannot approve it, the supervisor can.
        #expect(try site.cli(users.agent, ["approvals", "approve", String(request.id), "--reason", "mine"]).status == 4)
        let approve = try site.cli(users.supervisor, ["approvals", "approve", String(request.id), "--reason", "checked the ID on a call"])
        #expect(approve.status == 0, "\(approve.stderr)")
        #expect(try store.customer(id: ticket.customerId).status == .active)
        // The export is written by the agent's own process, into the agent's own folder.
        chown(site.out.path, users.uid(users.agent), gid_t(0))
        let file = site.out.appendingPathComponent("statement.csv").path
        let export = try site.cli(users.agent, ["tx", "export", "--customer", wallet, "--format", "csv", "--out", file,
                                                "--reason", "statement the customer asked for"])
        #expect(export.status == 0, "\(export.stderr)")
        let attributes = try FileManager.default.attributesOfItem(atPath: file)
        #expect((attributes[.ownerAccountID] as? NSNumber)?.uint32Value == users.uid(users.agent))
        // CSV lines end in CRLF (RFC 4180): a header and at least one transaction.
        #expect(try String(contentsOfFile: file, encoding: .utf8).unicodeScalars.filter { $0 == "\n" }.count > 1)

        // The same agent cannot touch the file itself.
        let direct = try Spawn.run("/usr/sbin/runuser", ["-u", users.agent, "--", "/usr/bin/sqlite3", site.db, "SELECT COUNT(*) FROM agents"])
        #expect(direct.status != 0)
        #expect(direct.stderr.lowercased().contains("unable to open") || direct.stderr.lowercased().contains("permission denied"), "\(direct.stderr)")
        let embedded = try Spawn.run("/usr/sbin/runuser", ["-u", users.agent, "--", site.binary, "ticket", "list", "--db", site.db],
                                     environment: ["LANG": "C.UTF-8", "HOME": "/nonexistent"])
        #expect(embedded.status != 0, "the embedded mode needs the file, which the agent cannot read")

        // `--as` means nothing on a real database, even through the service.
        let pretend = try site.cli(users.agent, ["ticket", "list", "--as", users.supervisor])
        #expect(pretend.status == 4)
        #expect(pretend.stderr.contains("demo database"), "\(pretend.stderr)")
    }

    @Test func strangersAreRefusedAndDisabledAgentsStopAtTheirNextAction() throws {
        try #require(geteuid() == 0, "creates operating-system users: run as root (CI does)")
        let users = Users()
        try users.create()
        defer { users.remove() }
        let site = try Site()
        defer { try? FileManager.default.removeItem(at: site.root) }
        #expect(try Harness.run(["demo", "--db", site.db, "--no-open"]).status == 0)
        for (login, role) in [(users.agent, "agent"), (users.admin, "admin")] {
            #expect(try Harness.run(["agent", "add", login, "--role", role, "--db", site.db, "--as", "ops"]).status == 0)
        }
        _ = try Spawn.run("/usr/bin/sqlite3", [site.db, "UPDATE meta SET value = '0' WHERE key = 'demo'"])
        let service = try ServiceEndToEndTests.RunningService(db: site.db, socket: site.socket)
        defer { service.stop() }
        let store = try SupportStore(path: site.db, create: false)

        let stranger = try site.cli(users.stranger, ["ticket", "list"])
        #expect(stranger.status == 4)
        #expect(stranger.stderr.contains("'\(users.stranger)' is not a paydesk agent"), "\(stranger.stderr)")
        let refusals = try store.auditRecords(entity: "agent", entityId: users.stranger, limit: 10)
        #expect(refusals.contains { $0.action == "refused:identity.unknown" || $0.action.contains("identity.unknown") }, "\(refusals.map(\.action))")

        #expect(try site.cli(users.agent, ["ticket", "list", "--limit", "1"]).status == 0)
        let disable = try site.cli(users.admin, ["agent", "disable", users.agent])
        #expect(disable.status == 0, "\(disable.stderr)")
        let after = try site.cli(users.agent, ["ticket", "list", "--limit", "1"])
        #expect(after.status == 4)
        #expect(after.stderr.contains("disabled"), "\(after.stderr)")
        #expect(try store.auditRecords(entity: "agent", entityId: users.agent, limit: 10).contains { $0.action.contains("identity.disabled") })
    }
}
