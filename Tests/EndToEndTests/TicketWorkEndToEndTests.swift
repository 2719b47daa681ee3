import Foundation
import SupportCore
import SupportStore
import Testing

/// Working tickets in the real console, each step checked afterwards through the command
/// line (`ticket show --json`), so the same checks hold on every store the service runs on.
@Suite(.serialized) struct TicketWorkEndToEndTests {
    /// A fresh unassigned ticket with a unique subject, made through the command line.
    func newTicket(_ db: String, subject: String) throws -> Int64 {
        let store = try SupportStore(path: db, create: false)
        let wallet = try store.customer(id: 2).walletId
        let r = try Harness.run(["ticket", "new", "--db", db, "--as", "sari", "--customer", wallet, "--subject", subject,
                                 "--body", "Pembayaran gagal di Indomaret", "--category", "payment", "--priority", "p2"])
        #expect(r.status == 0, "\(r.stderr)")
        return try #require(TicketNumber.parse(r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
    }

    /// The console on `db`, or on the service the command-line suites run through.
    func openConsole(_ db: String, as login: String) throws -> TmuxSession {
        let arguments = try ServiceRouting.route(["--db", db, "--as", login])
        let s = try TmuxSession(command: ([Harness.binary] + arguments).map(TmuxSession.quote).joined(separator: " "), width: 140, height: 40)
        #expect(try s.waitFor("Queue").found)
        return s
    }

    /// A ticket as `ticket show --json` prints it: the ticket, its owner's login, its timeline.
    func shown(_ db: String, _ number: Int64) throws -> (ticket: [String: Any], assignee: String?, timeline: [[String: Any]]) {
        let r = try Harness.run(["ticket", "show", String(number), "--json", "--db", db, "--as", "sari"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        return (try #require(json["ticket"] as? [String: Any]), json["assignee"] as? String,
                try #require(json["timeline"] as? [[String: Any]]))
    }

    @Test func filterOpenClaimNoteReplyAndStatus() throws {
        let db = try Harness.demoDatabase()
        let number = try newTicket(db, subject: "QRIS double charge zeta")
        let s = try openConsole(db, as: "budi")
        try s.send(":"); try s.type("view unassigned"); try s.send("Enter")
        #expect(try s.waitFor("Queue: Unassigned").found)
        try s.send("/"); try s.type("zeta cat:payment"); try s.send("Enter")
        #expect(try s.waitFor("1 tickets match").found)
        try s.send("Enter")
        #expect(try s.waitFor("Pembayaran gagal di Indomaret").found)
        try s.send("c")
        #expect(try s.waitFor("Claimed #\(number)").found)
        try s.send("n"); try s.type("checked the switch log"); try s.send("C-s")
        #expect(try s.waitFor("Note added to #\(number)").found)
        try s.send("r"); try s.type("Mohon tunggu, kami proses refund."); try s.send("C-s")
        #expect(try s.waitFor("Reply queued on #\(number)").found)
        try s.send(":"); try s.type("status pending"); try s.send("Enter")
        #expect(try s.waitFor("is now pending").found)
        try s.send("q")
        #expect(s.waitForExit() == 0)

        let after = try shown(db, number)
        #expect(after.ticket["status"] as? String == "pending")
        #expect(after.assignee == "budi")
        #expect(after.ticket["firstResponseAt"] != nil)
        #expect(after.timeline.contains { $0["kind"] as? String == "note" && $0["body"] as? String == "checked the switch log" })
        #expect(after.timeline.contains { $0["kind"] as? String == "reply" && $0["body"] as? String == "Mohon tunggu, kami proses refund." })
    }

    @Test func aClaimInOneConsoleShowsInAnotherWithinASecond() throws {
        let db = try Harness.demoDatabase()
        let number = try newTicket(db, subject: "Second console sees this")
        let watcher = try openConsole(db, as: "sari")
        try watcher.send(":"); try watcher.type("view all"); try watcher.send("Enter")
        try watcher.send("/"); try watcher.type("number:\(number)"); try watcher.send("Enter")
        let before = try watcher.waitFor("Second console sees this")
        #expect(before.found)
        #expect(before.screen.contains("—"), "the ticket starts unassigned")
        let claimer = try openConsole(db, as: "dewi")
        try claimer.send(":"); try claimer.type("view unassigned"); try claimer.send("Enter")
        try claimer.send("/"); try claimer.type("number:\(number)"); try claimer.send("Enter")
        #expect(try claimer.waitFor("1 tickets match").found)
        try claimer.send("c")
        #expect(try claimer.waitFor("Claimed #\(number)").found)
        let started = Date()
        let seen = try watcher.waitForScreen(timeout: 3) { screen in
            screen.split(separator: "\n").contains { $0.contains("Second console sees this") && $0.contains("dewi") }
        }
        let elapsed = Date().timeIntervalSince(started)
        #expect(seen.found, "the other console never showed the claim:\n\(seen.screen)")
        #expect(elapsed < 1.5, "took \(elapsed) s")
        try watcher.send("q"); try claimer.send("q")
        #expect(watcher.waitForExit() == 0)
        #expect(claimer.waitForExit() == 0)
    }

    @Test func aReplyIsStoppedWhenSomeoneRepliedSinceOpening() throws {
        let db = try Harness.demoDatabase()
        let number = try newTicket(db, subject: "Traffic cop case")
        #expect(try Harness.run(["ticket", "claim", String(number), "--db", db, "--as", "budi"]).status == 0)
        let s = try openConsole(db, as: "budi")
        try s.send("/"); try s.type("number:\(number)"); try s.send("Enter")
        #expect(try s.waitFor("1 tickets match").found)
        try s.send("Enter")
        #expect(try s.waitFor("Traffic cop case").found)
        try s.send("r"); try s.type("Refund approved")
        // Meanwhile a supervisor replies from the command line.
        #expect(try Harness.run(["ticket", "reply", String(number), "--body", "Refund refused: fraud", "--db", db, "--as", "sari"]).status == 0)
        try s.send("C-s")
        let refused = try s.waitFor("Not sent: sari replied")
        #expect(refused.found, "\(refused.screen)")
        #expect(try s.waitFor("Refund refused: fraud").found, "the new reply is shown")
        #expect(!(try shown(db, number)).timeline.contains { $0["body"] as? String == "Refund approved" })
        try s.send("Escape")
        #expect(try s.waitFor("Throw this reply away?").found)
        try s.send("y")
        try s.send("q")
        #expect(s.waitForExit() == 0)
    }
}
