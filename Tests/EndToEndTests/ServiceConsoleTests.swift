import Foundation
import SupportCore
import SupportStore
import Testing

/// The console as a client of the service, in a real terminal: changes pushed from other
/// agents, a service that goes away and comes back, and an agent disabled mid-shift.
@Suite(.serialized) struct ServiceConsoleTests {
    @Test func theConsoleFollowsOtherAgentsAndSurvivesARestart() throws {
        let db = try Harness.demoDatabase()
        var service = try ServiceEndToEndTests.RunningService(db: db)
        let socket = service.socket
        let console = try TmuxSession(command: "\(Harness.binary) --server \(socket) --as sari")
        #expect(try console.waitFor("Queue: Team").found)
        let store = try SupportStore(path: db, create: false)
        let ticket = try #require(try store.queuePage(QueueSpec(view: .unassigned, actor: store.agent(login: "wei")!), limit: 1).first)
        let row = String(ticket.number)
        #expect(try console.waitForScreen { $0.split(separator: "\n").contains { $0.contains(row) && $0.contains("—") } }.found)

        // Another agent claims through the service: the row shows the owner without a key press.
        #expect(try service.cli(["ticket", "claim", row], as: "wei").status == 0)
        let pushed = try console.waitForScreen { $0.split(separator: "\n").contains { $0.contains(row) && $0.contains(" wei ") } }
        #expect(pushed.found, "\(pushed.screen)")

        // The service goes away: the console says so and keeps running.
        #expect(service.stop().status == 0)
        let offline = try console.waitFor("offline — reconnecting")
        #expect(offline.found, "\(offline.screen)")
        // Writes are refused with a sentence, not a crash.
        try console.send("c")
        #expect(try console.waitFor("not answering").found)
        // Back again: it reconnects by itself and refreshes.
        service = try ServiceEndToEndTests.RunningService(db: db, socket: socket)
        let back = try console.waitFor("Reconnected to the paydesk service")
        #expect(back.found, "\(back.screen)")
        #expect(!back.screen.contains("offline — reconnecting"))
        try console.send("q")
        #expect(console.waitForExit() == 0)
        service.stop()
    }

    @Test func anAgentDisabledWhileTheConsoleIsOpenIsRefusedAtTheNextAction() throws {
        let db = try Harness.demoDatabase()
        let service = try ServiceEndToEndTests.RunningService(db: db)
        let console = try TmuxSession(command: "\(Harness.binary) --server \(service.socket) --as budi")
        #expect(try console.waitFor("Queue:").found)
        let disable = try service.cli(["agent", "disable", "budi"], as: "ops")
        #expect(disable.status == 0, "\(disable.stderr)")
        try console.send("u")   // any action: release the selected ticket
        let refused = try console.waitFor("Agent 'budi' is disabled")
        #expect(refused.found, "\(refused.screen)")
        service.stop()
    }

    /// A supervisor's bulk give through the service moves the ticket budi has open: the
    /// change event reaches his console and its message line names the ticket and who
    /// gave it to whom.
    @Test func aBulkGiveTellsTheAgentWhoHasTheTicketOpen() throws {
        let db = try Harness.demoDatabase()
        let service = try ServiceEndToEndTests.RunningService(db: db)
        let store = try SupportStore(path: db, create: false)
        let ticket = try #require(try store.queuePage(QueueSpec(view: .mine, actor: store.agent(login: "budi")!), limit: 1).first)
        let console = try TmuxSession(command: "\(Harness.binary) --server \(service.socket) --as budi")
        #expect(try console.waitFor("Queue:").found)
        try console.send(":")
        try console.type("open \(ticket.number)")
        try console.send("Enter")
        #expect(try console.waitFor("#\(ticket.number) ").found)
        let give = try service.cli(["bulk", "assign", "dewi", String(ticket.number)], as: "sari")
        #expect(give.status == 0, "\(give.stderr)")
        let told = try console.waitFor("sari gave #\(ticket.number) to dewi (was budi).")
        #expect(told.found, "\(told.screen)")
        try console.send("q")
        #expect(console.waitForExit() == 0)
        service.stop()
    }

    /// The panes of the rows beside the selection are read ahead and kept; another agent's
    /// change to such a customer, once pushed, drops what was kept: the move shows it.
    @Test func aMoveAfterAnotherAgentsChangeShowsItNotWhatWasReadAhead() throws {
        let db = try Harness.demoDatabase()
        let service = try ServiceEndToEndTests.RunningService(db: db)
        let store = try SupportStore(path: db, create: false)
        let budi = try #require(try store.agent(login: "budi"))
        let rows = try store.queuePage(QueueSpec(view: .team, actor: budi), limit: 10)
        // Two rows one under the other, of two customers whose accounts are active.
        let customers = try rows.map { try store.customer(id: $0.customerId) }
        let at = try #require(rows.indices.dropLast().first {
            customers[$0].id != customers[$0 + 1].id && customers[$0].status == .active && customers[$0 + 1].status == .active
        })
        let (upper, lower) = (customers[at], customers[at + 1])
        let console = try TmuxSession(command: "\(Harness.binary) --server \(service.socket) --as budi", width: 200, height: 60)
        #expect(try console.waitFor("Queue:").found)
        try console.send(":")
        try console.type("view team")
        try console.send("Enter")
        #expect(try console.waitFor("Queue: Team").found)
        for _ in 0..<at { try console.send("j") }
        #expect(try console.waitFor("Account · \(upper.walletId)").found)
        // Both rows' panes seen (and kept), the upper row selected again.
        try console.send("j")
        let seen = try console.waitFor("Account · \(lower.walletId)")
        #expect(seen.found && seen.screen.contains("ACTIVE"), "\(seen.screen)")
        try console.send("k")
        #expect(try console.waitFor("Account · \(upper.walletId)").found)
        // Another agent freezes the lower row's customer, then the upper's: once the upper's
        // pane shows it, the change to the lower has reached this console too.
        for customer in [lower, upper] {
            let freeze = try service.cli(["account", "freeze", customer.walletId, "--reason", "stolen phone"], as: "wei")
            #expect(freeze.status == 0, "\(freeze.stderr)")
        }
        #expect(try console.waitFor("FROZEN").found)
        try console.send("j")
        #expect(try console.waitFor("Account · \(lower.walletId)").found)
        let frozen = try console.waitFor("FROZEN", timeout: 3)
        #expect(frozen.found && !frozen.screen.contains("ACTIVE"), "the move showed the panes kept from before the freeze: \(frozen.screen)")
        try console.send("q")
        #expect(console.waitForExit() == 0)
        service.stop()
    }

    /// Presence travels on the event stream: dewi opening the ticket budi has open shows
    /// on his screen without a key, her leaving for another ticket takes it away, and the
    /// supervisor's workload table follows her.
    @Test func anotherAgentOnTheOpenTicketShowsAndLeaves() throws {
        let db = try Harness.demoDatabase()
        let service = try ServiceEndToEndTests.RunningService(db: db)
        let store = try SupportStore(path: db, create: false)
        let rows = try store.queuePage(QueueSpec(view: .team, actor: try #require(try store.agent(login: "sari"))), limit: 2)
        #expect(rows.count == 2)
        let (ticket, other) = (rows[0].number, rows[1].number)
        func open(_ console: TmuxSession, _ number: Int64) throws {
            try console.send(":")
            try console.type("open \(number)")
            try console.send("Enter")
        }
        let budi = try TmuxSession(command: "\(Harness.binary) --server \(service.socket) --as budi")
        let dewi = try TmuxSession(command: "\(Harness.binary) --server \(service.socket) --as dewi")
        #expect(try budi.waitFor("Queue:").found)
        #expect(try dewi.waitFor("Queue:").found)
        try open(budi, ticket)
        #expect(try budi.waitFor("#\(ticket) ").found)
        #expect(!(try budi.waitFor("dewi is viewing", timeout: 0).found))
        try open(dewi, ticket)
        let shown = try budi.waitFor("dewi is viewing")
        #expect(shown.found, "\(shown.screen)")
        // The supervisor's workload table says where dewi is, and follows her.
        let sari = try TmuxSession(command: "\(Harness.binary) --server \(service.socket) --as sari", width: 200, height: 60)
        #expect(try sari.waitFor("Queue:").found)
        try sari.send("S")
        func dewisRow(_ screen: String, shows number: Int64) -> Bool {
            screen.split(separator: "\n").contains { $0.contains("│dewi ") && $0.contains("#\(number) ") }
        }
        let where1 = try sari.waitForScreen { dewisRow($0, shows: ticket) }
        #expect(where1.found, "\(where1.screen)")
        try open(dewi, other)
        #expect(try dewi.waitFor("#\(other) ").found)
        let gone = try budi.waitForScreen { !$0.contains("dewi is viewing") }
        #expect(gone.found, "dewi left for #\(other): \(gone.screen)")
        #expect(gone.screen.contains("#\(ticket) "), "budi's ticket stays open")
        let where2 = try sari.waitForScreen { dewisRow($0, shows: other) }
        #expect(where2.found, "\(where2.screen)")
        for console in [budi, dewi, sari] {
            try console.send("q")
            #expect(console.waitForExit() == 0)
        }
        service.stop()
    }
}
