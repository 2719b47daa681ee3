import Foundation
import Testing

/// The seed's stolen-account flow, driven through the real console in tmux (on the file, or
/// on the service the command-line suites run through), then checked in the store under
/// test, with the command line and with `paydesk audit verify`.
@Suite(.serialized) struct StolenAccountEndToEndTests {
    @Test func guidedFlowFreezesResetsFlagsAndAppeals() throws {
        let db = try Harness.demoDatabase()
        let customer = try #require(try StoreUnderTest.integer(db,
            "SELECT id FROM customers WHERE status = 'active' AND two_factor = 0 ORDER BY id LIMIT 1"))
        let wallet = try #require(try StoreUnderTest.value(db, "SELECT wallet_id FROM customers WHERE id = \(customer)"))
        // Codes the customer asked for before (a demo story may hold some) are not the flow's.
        let codesBefore = try #require(try StoreUnderTest.integer(db,
            "SELECT COUNT(*) FROM verification_codes WHERE customer_id = \(customer)"))
        let created = try Harness.run(["ticket", "new", "--db", db, "--as", "budi", "--customer", wallet, "--subject", "Akun saya dibobol",
                                       "--body", "Ada transfer yang bukan saya", "--category", "security",
                                       "--subcategory", "stolen_account", "--priority", "p1"])
        #expect(created.status == 0, "\(created.stderr)")
        let number = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "#", with: "")

        let s = try TmuxSession(command: try ServiceRouting.consoleCommand(db, as: "budi"), width: 140, height: 45)
        #expect(try s.waitFor("Queue").found)
        try s.send(":")
        try s.type("view unassigned")
        try s.send("Enter")
        #expect(try s.waitFor("Queue: Unassigned").found)
        try s.send("/")
        try s.type("number:\(number)")
        try s.send("Enter")
        #expect(try s.waitFor("1 tickets match").found)
        try s.send("Enter")
        #expect(try s.waitFor("Akun saya dibobol").found)
        try s.send("c")
        #expect(try s.waitFor("Claimed #\(number)").found)

        func confirm(_ reason: String, expecting message: String) throws {
            let dialog = try s.waitFor("Reason:")
            #expect(dialog.found, "no dialog:\n\(dialog.screen)")
            try s.type(reason)
            try s.send("Enter")
            let done = try s.waitFor(message)
            #expect(done.found, "expected '\(message)':\n\(done.screen)")
        }
        // Freeze, revoke, reset: each step runs its action through a dialog.
        try s.send("p")
        #expect(try s.waitFor("Playbook").found)
        try s.send("Enter")
        try confirm("customer reports takeover", expecting: "Account frozen.")
        try s.send("Enter")
        try confirm("attacker session", expecting: "All sessions revoked.")
        try s.send("Enter")
        try confirm("new credentials needed", expecting: "Reset code queued")
        // Mark a suspicious transaction, picked in the transactions pane.
        try s.send("Escape")
        #expect(try s.waitForScreen { !$0.contains("Playbook:") }.found)
        try s.send("3")
        try s.send("j")
        try s.send(":")
        try s.type("flag")
        try s.send("Enter")
        try confirm("customer does not recognise it", expecting: "flagged as suspicious")
        // Back to the checklist: review (tick), appeal (dialog), device check (tick), 2FA (dialog).
        try s.send("1")
        try s.send("p")
        #expect(try s.waitFor("Playbook").found)
        try s.send("Enter")
        #expect(try s.waitFor("Done:").found)
        try s.send("Enter")
        try confirm("takeover since this morning", expecting: "Appeal #")
        try s.send("Enter")
        #expect(try s.waitForScreen { $0.contains("Done: Advise") || $0.contains("Done: 建议") }.found)
        try s.send("Enter")
        try confirm("protect the account", expecting: "Two-factor required.")
        try s.send("Escape")
        #expect(try s.waitForScreen { !$0.contains("Playbook:") }.found)
        try s.send("q")
        #expect(s.waitForExit() == 0)

        // The store holds every step.
        let after = try StoreUnderTest.rows(db, "SELECT status, two_factor FROM customers WHERE id = \(customer)").first
        #expect(after == ["frozen", "1"])
        let counts = try [
            "SELECT COUNT(*) FROM verification_codes WHERE customer_id = \(customer)",
            "SELECT COUNT(*) FROM disputes WHERE customer_id = \(customer) AND kind = 'appeal'",
            "SELECT COUNT(*) FROM transactions WHERE customer_id = \(customer) AND flagged = 1",
            "SELECT COUNT(*) FROM customers WHERE id = \(customer) AND sessions_revoked_at IS NOT NULL",
        ].map { try StoreUnderTest.integer(db, $0) ?? -1 }
        #expect(counts[0] - codesBefore == 1, "one reset code")
        #expect(counts[1] == 1, "one appeal")
        #expect(counts[2] >= 1, "a flagged transaction")
        #expect(counts[3] == 1, "sessions revoked")
        // The checklist as `ticket playbook` prints it: every one of its seven steps ticked.
        let checklist = try Harness.run(["ticket", "playbook", number, "stolen-account", "--db", db, "--as", "budi"])
        #expect(checklist.status == 0, "\(checklist.stderr)")
        let steps = checklist.stdout.split(separator: "\n").dropFirst()
        #expect(steps.count == 7 && steps.allSatisfy { $0.hasPrefix("[x] ") }, "\(checklist.stdout)")
        let shown = try Harness.run(["ticket", "show", number, "--json", "--db", db, "--as", "budi"])
        #expect(shown.status == 0, "\(shown.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any]
        let timeline = try #require(json?["timeline"] as? [[String: Any]])
        #expect(timeline.filter { $0["kind"] as? String == "security_action" }.count >= 5)
        let verify = try Harness.run(["audit", "verify", "--db", db, "--as", "sari"])
        #expect(verify.status == 0, "\(verify.stderr)")
        #expect(verify.stdout.contains("OK"))
    }
}
