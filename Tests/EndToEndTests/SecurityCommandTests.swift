import Foundation
import SupportCore
import SupportStore
import Testing

/// The security commands through the real binary: exit codes of the refusals, the
/// maker-checker round trip, and a one-time code that only the outbox drain reveals.
@Suite struct SecurityCommandTests {
    static func run(_ db: String, _ login: String, _ args: String...) throws -> Harness.Result {
        try Harness.run(args + ["--db", db, "--as", login])
    }

    static func json(_ text: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(text.utf8))
    }

    /// The whole database as SQL text, one statement per line, read with the database's own
    /// dump tool so that nothing goes through paydesk's own (redacting) services.
    static func dump(_ db: String) throws -> [String] {
        try StoreUnderTest.dump(db)
    }

    static func customerWithTicket(_ db: String) throws -> (customer: Int64, ticket: String) {
        let store = try SupportStore(path: db, create: false)
        let customer = try #require(try (1...60).map(Int64.init).first { try store.customer(id: $0).status == .active })
        let created = try Harness.run(["ticket", "new", "--db", db, "--as", "budi", "--customer", String(customer),
                                       "--subject", "HP hilang", "--body", "Tolong blokir akun saya",
                                       "--category", "security", "--subcategory", "stolen_account", "--priority", "p1"])
        #expect(created.status == 0, "\(created.stderr)")
        return (customer, created.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    @Test func refusalsExitWithTheirCodes() throws {
        let db = try Harness.demoDatabase()
        let (customer, ticket) = try Self.customerWithTicket(db)
        let id = String(customer)
        #expect(try Self.run(db, "budi", "account", "freeze", id, "--reason", "stolen phone", "--ticket", ticket).status == 0)
        // conflict: already frozen
        let twice = try Self.run(db, "dewi", "account", "freeze", id, "--reason", "again")
        #expect(twice.status == 5)
        #expect(twice.stderr.contains("already frozen by budi"))
        // usage: no reason, an empty reason
        #expect(try Self.run(db, "budi", "account", "revoke-sessions", id).status == 2)
        #expect(try Self.run(db, "budi", "account", "revoke-sessions", id, "--reason", " ").status == 2)
        // not found: customer, request, transaction
        #expect(try Self.run(db, "budi", "account", "freeze", "WLT-NOPE", "--reason", "x").status == 3)
        #expect(try Self.run(db, "sari", "approvals", "approve", "99999", "--reason", "x").status == 3)
        #expect(try Self.run(db, "budi", "tx", "flag", "TX-NOPE", "--reason", "x").status == 3)
        // forbidden: approving one's own request, an agent approving
        let request = try Self.run(db, "sari", "account", "unfreeze", id, "--reason", "identity checked", "--ticket", ticket)
        #expect(request.status == 0, "\(request.stderr)")
        let pending = try #require(try Self.json(try Self.run(db, "sari", "approvals", "list", "--json").stdout) as? [[String: Any]])
        let requestId = try #require(pending.first { ($0["customerId"] as? Int).map(Int64.init) == customer }?["id"] as? Int)
        let own = try Self.run(db, "sari", "approvals", "approve", String(requestId), "--reason", "ok")
        #expect(own.status == 4)
        #expect(own.stderr.contains("own request"))
        let agent = try Self.run(db, "dewi", "approvals", "approve", String(requestId), "--reason", "ok")
        #expect(agent.status == 4)
        #expect(agent.stderr.hasPrefix("paydesk: ") && agent.stderr.split(separator: "\n").count == 1)
        // conflict: closing while the wallet holds money
        let store = try SupportStore(path: db, create: false)
        let rich = try #require(try (1...60).map(Int64.init).first { try store.customer(id: $0).balance > 0 && store.customer(id: $0).status != .closed })
        let close = try Self.run(db, "budi", "account", "close", String(rich), "--reason", "customer asks")
        #expect(close.status == 5)
        #expect(close.stderr.contains(Money.format(try store.customer(id: rich).balance)))
        // usage: a bad filter
        #expect(try Self.run(db, "budi", "tx", "list", "--customer", id, "--query", "type:bogus").status == 2)
        // The refusals are audited and the chain still holds.
        #expect(try Harness.run(["audit", "verify", "--db", db, "--as", "sari"]).status == 0)
        let refusals = try Self.run(db, "sari", "audit", "list", "--json", "--entity", "security_action", "--id", String(requestId))
        #expect(refusals.stdout.contains("refused:security.approve"))
    }

    @Test func approvalAppliesAndLandsOnTheTicket() throws {
        let db = try Harness.demoDatabase()
        let (customer, ticket) = try Self.customerWithTicket(db)
        let id = String(customer)
        #expect(try Self.run(db, "budi", "account", "freeze", id, "--reason", "takeover", "--ticket", ticket).status == 0)
        let asked = try Self.run(db, "budi", "account", "unfreeze", id, "--reason", "new SIM verified", "--ticket", ticket)
        #expect(asked.status == 0)
        let requestId = try #require(asked.stdout.split(separator: " ").first { $0.hasPrefix("#") }).dropFirst()
        let approved = try Self.run(db, "sari", "approvals", "approve", String(requestId), "--reason", "KTP matches")
        #expect(approved.status == 0, "\(approved.stderr)")
        let shown = try #require(try Self.json(try Self.run(db, "budi", "account", "show", id, "--json").stdout) as? [String: Any])
        let account = try #require(shown["customer"] as? [String: Any])
        #expect(account["status"] as? String == "active")
        #expect(account["statusChangedBy"] as? String == "sari")
        #expect((account["phone"] as? String)?.contains("****") == true)
        let history = try #require(shown["history"] as? [[String: Any]])
        #expect(history.map { $0["kind"] as? String } == ["unfreeze", "freeze"])
        let timeline = try #require((try Self.json(try Self.run(db, "budi", "ticket", "show", ticket, "--json").stdout) as? [String: Any])?["timeline"] as? [[String: Any]])
        #expect(timeline.contains { $0["kind"] as? String == "security_action" && ($0["body"] as? String)?.contains("Froze") == true })
        let last = try #require(timeline.last)
        #expect(last["kind"] as? String == "approval")
        #expect((last["body"] as? String)?.contains("Approved request #\(requestId)") == true)
        let pending = try #require(try Self.json(try Self.run(db, "sari", "approvals", "list", "--json").stdout) as? [[String: Any]])
        #expect(!pending.contains { $0["id"] as? Int == Int(requestId) })
    }

    @Test func theCodeIsReadableOnlyThroughTheDrain() throws {
        let db = try Harness.demoDatabase()
        let (customer, ticket) = try Self.customerWithTicket(db)
        let id = String(customer)
        let before = Set(try Self.dump(db))
        let reset = try Self.run(db, "budi", "account", "reset-credentials", id, "--reason", "forgot password", "--ticket", ticket)
        #expect(reset.status == 0, "\(reset.stderr)")
        let afterReset = try Self.dump(db)
        let listed = try Self.run(db, "budi", "outbox", "list")
        let shown = try Self.run(db, "budi", "account", "show", id, "--json")
        let timeline = try Self.run(db, "budi", "ticket", "show", ticket, "--json")
        #expect(listed.stdout.contains("••••••"))
        // Only an admin drains.
        let dir = try Harness.tempDir().appendingPathComponent("deliveries").path
        #expect(try Self.run(db, "sari", "outbox", "drain", "--dir", dir).status == 4)
        let drained = try Self.run(db, "ops", "outbox", "drain", "--dir", dir)
        #expect(drained.status == 0, "\(drained.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir)
        #expect(files.count == 1)
        let file = dir + "/" + (try #require(files.first))
        let perms = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
        #expect(perms == 0o600)
        let text = try String(contentsOfFile: file, encoding: .utf8)
        let code = String(try #require(text.split(whereSeparator: { !$0.isNumber }).first { $0.count == 6 }))
        // Before delivery: not even the outbox row held it in plain (it is sealed to the
        // delivery key, beside the database); nothing an agent ran showed it.
        let leaks = afterReset.filter { $0.contains(code) && !before.contains($0) }
        #expect(leaks.isEmpty, "code in the database before delivery: \(leaks)")
        #expect(afterReset.contains { $0.hasPrefix("INSERT INTO outbox") && $0.contains("••••••") })
        for output in [listed.stdout, shown.stdout, timeline.stdout, reset.stdout, drained.stdout] {
            #expect(!output.contains(code))
        }
        // After delivery: nowhere in the database.
        let afterDrain = try Self.dump(db).filter { $0.contains(code) && !before.contains($0) }
        #expect(afterDrain.isEmpty, "code still in the database: \(afterDrain)")
        // The customer reads it out; an agent may not type it in (a permission of its own),
        // a supervisor may, once, with the code on stdin so that it stays out of `ps`.
        let wrong = code == "000000" ? "000001" : "000000"
        let why = "customer read it out on the recorded line"
        #expect(try Self.run(db, "budi", "account", "verify-code", id, code, "--reason", why).status == 4)
        #expect(try Self.run(db, "sari", "account", "verify-code", id, wrong, "--reason", why).status == 4)
        #expect(try Self.run(db, "sari", "account", "verify-code", id, "12345", "--reason", why).status == 2)
        #expect(try Self.run(db, "sari", "account", "verify-code", id, code).status == 2)
        let entered = try Harness.run(["account", "verify-code", id, "-", "--reason", why, "--db", db, "--as", "sari"],
                                      stdin: code + "\n")
        #expect(entered.status == 0, "\(entered.stderr)")
        let again = try Self.run(db, "sari", "account", "verify-code", id, code, "--reason", why)
        #expect(again.status == 5)
        #expect(again.stderr.contains("already used"))
        // The hourly limit: two more codes, then the fourth is refused.
        for _ in 0..<2 {
            #expect(try Self.run(db, "dewi", "account", "reset-credentials", id, "--reason", "retry", "--channel", "email").status == 0)
        }
        let fourth = try Self.run(db, "dewi", "account", "reset-credentials", id, "--reason", "retry")
        #expect(fourth.status == 5)
        #expect(fourth.stderr.contains("last hour"))
    }

    @Test func transactionsListFlagDisputeAndRefund() throws {
        let db = try Harness.demoDatabase()
        let (customer, ticket) = try Self.customerWithTicket(db)
        let id = String(customer)
        let listed = try Self.run(db, "budi", "tx", "list", "--customer", id, "--query", "type:payment status:success", "--json", "--limit", "3")
        #expect(listed.status == 0, "\(listed.stderr)")
        let rows = try #require(try Self.json(listed.stdout) as? [[String: Any]])
        #expect(rows.count <= 3 && rows.allSatisfy { $0["type"] as? String == "payment" })
        let ref = try #require(rows.first?["reference"] as? String)
        #expect(try Self.run(db, "budi", "tx", "flag", ref, "--reason", "not me", "--ticket", ticket).status == 0)
        #expect(try Self.run(db, "budi", "tx", "flag", ref, "--reason", "again").status == 5)
        let flagged = try Self.run(db, "budi", "tx", "list", "--customer", id, "--query", "flagged:yes")
        #expect(flagged.stdout.contains(ref) && flagged.stdout.contains("flagged"))
        #expect(try Self.run(db, "budi", "tx", "refund", ref, "--reason", "no dispute yet").status == 5)
        #expect(try Self.run(db, "budi", "tx", "dispute", ref, "--reason", "unauthorised", "--ticket", ticket).status == 0)
        #expect(try Self.run(db, "budi", "tx", "refund", ref, "--reason", "merchant confirmed").status == 0)
        let pending = try #require(try Self.json(try Self.run(db, "sari", "approvals", "list", "--json").stdout) as? [[String: Any]])
        let refund = try #require(pending.first { $0["kind"] as? String == "refund_dispute" }?["id"] as? Int)
        #expect(try Self.run(db, "budi", "approvals", "approve", String(refund), "--reason", "ok").status == 4)
        #expect(try Self.run(db, "sari", "approvals", "approve", String(refund), "--reason", "evidence attached").status == 0)
        let refunds = try Self.run(db, "budi", "tx", "list", "--customer", id, "--query", "type:refund channel:support")
        #expect(refunds.stdout.contains("RF-" + ref), "\(refunds.stdout)\(refunds.stderr)")
    }

    /// `--after REF` continues a listing by keyset: the pages join up with nothing lost or
    /// repeated, and a cursor from another customer's listing names nothing.
    @Test func aListingContinuesFromItsCursor() throws {
        let db = try Harness.demoDatabase()
        let (customer, _) = try Self.customerWithTicket(db)
        let id = String(customer)
        func refs(_ r: Harness.Result) throws -> [String] {
            try #require(try Self.json(r.stdout) as? [[String: Any]]).compactMap { $0["reference"] as? String }
        }
        let all = try refs(try Self.run(db, "budi", "tx", "list", "--customer", id, "--limit", "12", "--json"))
        try #require(all.count == 12, "the demo customer has at least 12 transactions")
        let first = try Self.run(db, "budi", "tx", "list", "--customer", id, "--limit", "5")
        #expect(first.stdout.contains("More: add --after \(all[4])"), "\(first.stdout)")
        let second = try refs(try Self.run(db, "budi", "tx", "list", "--customer", id, "--limit", "5", "--after", all[4], "--json"))
        let third = try refs(try Self.run(db, "budi", "tx", "list", "--customer", id, "--limit", "2", "--after", all[9], "--json"))
        #expect(second == Array(all[5..<10]) && third == Array(all[10..<12]))
        // Another customer's reference is not a cursor here: not found (exit 3), nothing listed.
        let others = try Self.run(db, "budi", "tx", "list", "--customer", String(customer + 1), "--limit", "1", "--json")
        let foreign = try #require(try refs(others).first)
        let refused = try Self.run(db, "budi", "tx", "list", "--customer", id, "--after", foreign)
        #expect(refused.status == 3 && refused.stdout.isEmpty, "\(refused.stdout)\(refused.stderr)")
    }
}
