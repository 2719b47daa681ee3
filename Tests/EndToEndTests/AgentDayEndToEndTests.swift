import Foundation
import SupportCore
import SupportStore
import Testing

/// The agent's first hour in the real terminal (tmux, the ncurses driver): a long ticket
/// read from its first line, a macro that waits for C-s, a claim that keeps the customer
/// in view, and long or complex text drawn whole at 80x24. Set up and checked through the
/// command line and the store under test, so it runs on PostgreSQL too.
@Suite(.serialized) struct AgentDayEndToEndTests {
    func newTicket(_ db: String, subject: String, body: String, customer: Int64 = 2) throws -> Int64 {
        let store = try SupportStore(path: db, create: false)
        let wallet = try store.customer(id: customer).walletId
        let r = try Harness.run(["ticket", "new", "--db", db, "--as", "sari", "--customer", wallet, "--subject", subject,
                                 "--body", body, "--category", "payment", "--priority", "p2"])
        #expect(r.status == 0, "\(r.stderr)")
        return try #require(TicketNumber.parse(r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
    }

    func console(_ db: String, as login: String, width: Int = 80, height: Int = 24,
                 environment: [String: String] = [:]) throws -> TmuxSession {
        let s = try TmuxSession(command: try ServiceRouting.consoleCommand(db, as: login), width: width, height: height,
                                environment: environment)
        #expect(try s.waitFor("paydesk").found)
        return s
    }

    /// One ticket command as `login`, expected to succeed.
    func act(_ db: String, _ login: String, _ arguments: String...) throws {
        let r = try Harness.run(["ticket"] + arguments + ["--db", db, "--as", login])
        #expect(r.status == 0, "\(arguments): \(r.stderr)")
    }

    func open(_ s: TmuxSession, _ number: Int64) throws {
        try s.send(":"); try s.type("open \(number)"); try s.send("Enter")
        #expect(try s.waitFor("#\(number)").found)
    }

    /// Item 3: a ticket longer than the pane opens at its newest entry; PgUp reaches its
    /// first line, G goes back to the newest, g to the first again.
    @Test func aLongTicketIsReadFromItsFirstLine() throws {
        let db = try Harness.demoDatabase()
        let body = "AWAL-CERITA saya mulai dari sini.\n" + (1...40).map { "baris \($0) dari keluhan yang panjang" }.joined(separator: "\n")
        let number = try newTicket(db, subject: "Keluhan panjang sekali", body: body)
        for n in 1...3 { try act(db, "sari", "note", String(number), "--body", "catatan \(n): AKHIR-\(n)") }

        let s = try console(db, as: "sari")
        try open(s, number)
        let first = try s.waitFor("AKHIR-3")
        #expect(first.found, "the ticket does not open at its newest entry:\n\(first.screen)")
        #expect(!first.screen.contains("AWAL-CERITA"))
        var reached = false
        for _ in 0..<12 where !reached {
            let before = try s.capture()
            try s.send("PPage")
            let after = try s.waitForScreen(timeout: 3) { $0 != before }
            reached = after.screen.contains("AWAL-CERITA")
        }
        #expect(reached, "PgUp never reached the ticket's first line")
        try s.send("G")
        #expect(try s.waitForScreen { $0.contains("AKHIR-3") && !$0.contains("AWAL-CERITA") }.found)
        try s.send("g")
        #expect(try s.waitFor("AWAL-CERITA").found)
        try s.send("q")
        #expect(s.waitForExit() == 0)
    }

    /// Item 4: Enter in the macro picker fills the composer; nothing is sent and nothing
    /// changes until C-s, which sends the reply and applies the macro's changes.
    @Test func aMacroWaitsForCtrlS() throws {
        let db = try Harness.demoDatabase()
        let number = try newTicket(db, subject: "Pembayaran gagal macro", body: "Pembayaran saya gagal.")
        try act(db, "budi", "claim", String(number))
        let customer = try #require(try StoreUnderTest.integer(db, "SELECT customer_id FROM tickets WHERE number = \(number)"))
        func outbox() throws -> Int64? { try StoreUnderTest.integer(db, "SELECT COUNT(*) FROM outbox WHERE customer_id = \(customer)") }
        func replies() throws -> [String?] {
            try StoreUnderTest.rows(db, """
                SELECT e.body FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id
                WHERE t.number = \(number) AND e.kind = 'reply' ORDER BY e.id
                """).map { $0[0] }
        }
        func status() throws -> String? { try StoreUnderTest.value(db, "SELECT status FROM tickets WHERE number = \(number)") }
        let outboxBefore = try #require(try outbox())

        let s = try console(db, as: "budi", width: 120, height: 40)
        try open(s, number)
        try s.send("m")
        try s.type("failed-payment-checklist")
        try s.send("Enter")
        #expect(try s.waitFor("C-s").found, "the composer did not open")
        // Nothing left and nothing changed while the agent reads the reply.
        #expect(try replies().isEmpty)
        #expect(try outbox() == outboxBefore)
        #expect(try status() != "pending")
        try s.type(" Terima kasih.")
        try s.send("C-s")
        #expect(try s.waitFor("Reply queued on #\(number)").found)
        #expect(try status() == "pending")
        #expect(try StoreUnderTest.integer(db, """
            SELECT COUNT(*) FROM ticket_tags g JOIN tickets t ON t.id = g.ticket_id WHERE t.number = \(number) AND g.tag = 'failed-payment'
            """) == 1)
        let reply = try #require(try replies().last ?? nil)
        #expect(reply.hasSuffix("Terima kasih."))
        #expect(try outbox() == outboxBefore + 1)
        try s.send("q")
        #expect(s.waitForExit() == 0)
    }

    /// Item 5: claiming a ticket from Unassigned and pressing Esc keeps its customer in
    /// the account pane; the selection follows the ticket, not the row.
    @Test func aClaimFromUnassignedKeepsTheCustomerInView() throws {
        let db = try Harness.demoDatabase()
        let s = try console(db, as: "budi", width: 160, height: 40)
        try s.send(":"); try s.type("view unassigned"); try s.send("Enter")
        let initial = try s.waitFor("Queue: Unassigned")
        #expect(initial.found)
        let wallet = try #require(Self.accountWallet(initial.screen))
        try s.send("Enter")
        try s.send("c")
        let claimed = try s.waitForScreen { $0.range(of: #"Claimed #\d+"#, options: .regularExpression) != nil }
        let number = try #require(claimed.screen.range(of: #"Claimed #\d+"#, options: .regularExpression).map { claimed.screen[$0].dropFirst(9) })
        try s.send("Escape")
        // The ticket left Unassigned: the queue follows it to Mine and says so; the
        // account pane keeps its customer instead of jumping to the next row's.
        let after = try s.waitFor("#\(number) is yours now")
        #expect(after.found, "no word about the claimed ticket:\n\(after.screen)")
        #expect(Self.accountWallet(after.screen) == wallet, "the account pane switched customer:\n\(after.screen)")
        let selected = after.screen.components(separatedBy: "\n").first { $0.contains("\(number)   ") }
        #expect(selected != nil, "the claimed ticket is not in the queue:\n\(after.screen)")
        try s.send("q")
        #expect(s.waitForExit() == 0)
    }

    /// Item 7 at 80x24: a long store-written entry wraps with its time whole, an emoji ZWJ
    /// sequence and a Telugu conjunct keep the pane's right border in its column.
    @Test func longEntriesWrapAndComplexTextKeepsTheBorder() throws {
        let db = try Harness.demoDatabase()
        let number = try newTicket(db, subject: "Keluarga", body: "Akun keluarga 👨‍👩‍👧‍👦 dan nama జ్ఞా terblokir")
        try act(db, "budi", "claim", String(number))
        let reason = "pelanggan menelepon lagi dan minta ditangani supervisor karena saldonya hilang sejak pagi AKHIR-ALASAN"
        try act(db, "sari", "steal", String(number), "--reason", reason)

        for joins in ["1", "0"] {
            let s = try console(db, as: "sari", environment: ["PAYDESK_EMOJI_ZWJ": joins])
            try open(s, number)
            let screen = try s.waitFor("AKHIR-ALASAN")
            #expect(screen.found, "the end of a long entry is cut:\n\(screen.screen)")
            let lines = screen.screen.components(separatedBy: "\n")
            // The entry's time is never cut: wherever it is, it is a whole date and minute.
            let stolen = try #require(lines.firstIndex { $0.contains("stolen from budi") })
            let end = try #require(lines[stolen...].firstIndex { $0.contains("AKHIR-ALASAN") })
            // After the reason's last word: the time, whole, on that line or the next.
            let tail = lines[end].components(separatedBy: "AKHIR-ALASAN").last! + (end + 1 < lines.count ? lines[end + 1] : "")
            #expect(tail.range(of: #"· \d{4}-\d{2}-\d{2} \d{2}:\d{2}"#, options: .regularExpression) != nil,
                    "the time of the wrapped entry is cut:\n\(screen.screen)")
            // The row with the emoji and the conjunct keeps its right border at column 80.
            let row = try #require(lines.first { $0.contains("keluarga") })
            #expect(row.hasSuffix("┃") || row.hasSuffix("│"), "the border moved: '\(row)'")
            #expect(row.contains("జ్ఞా"), "the conjunct lost a mark: '\(row)'")
            #expect(row.contains(joins == "1" ? "👨\u{200D}👩" : "👨"), "the family emoji is not drawn: '\(row)'")
            if joins == "0" { #expect(!row.contains("\u{200D}"), "a terminal that does not join got the joiners") }
            try s.send("q")
            #expect(s.waitForExit() == 0)
        }
    }

    /// The wallet id in the account pane's title ("2 Account · WLT-…").
    static func accountWallet(_ screen: String) -> String? {
        guard let range = screen.range(of: #"Account · WLT-\d+"#, options: .regularExpression) else { return nil }
        return String(screen[range].dropFirst("Account · ".count))
    }
}
