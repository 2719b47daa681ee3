import Foundation
import SupportAPI
import SupportCore
import SupportStore
import Testing
import TermUI
@testable import AgentConsole

/// A supervisor's bulk give moves a ticket an agent has open: the agent's console says so,
/// naming the ticket and who gave it to whom. `E` lists the files it wrote.
@Suite struct BulkGiveNoticeTests {
    /// Budi's first open ticket, opened in his console.
    func budiWithTicketOpen(width: Int, height: Int, path: String?) throws -> (HeadlessConsole, Int64) {
        let budi = try HeadlessConsole(width: width, height: height, login: "budi", path: path)
        let actor = try #require(try budi.store.agent(login: "budi"))
        let number = try #require(try budi.store.queuePage(QueueSpec(view: .mine, actor: actor), limit: 1).first?.number)
        budi.perform { try budi.controller.openTicket(number: number) }
        #expect(budi.state.ticket?.assignee == "budi")
        return (budi, number)
    }

    /// Sari selects the ticket in her queue and gives it to dewi with `B`'s command.
    func sariGives(_ number: Int64, to login: String, sari: HeadlessConsole) {
        sari.press(.char("/"))
        sari.type("number:\(number)")
        sari.press(.enter, .char(" "), .char(":"))
        sari.type("give \(login)")
        sari.press(.enter)           // the confirmation, Cancel focused
        sari.press(.left, .enter)    // Confirm runs it
        sari.press(.enter)           // closes the summary
    }

    @Test(arguments: [(80, 24), (200, 60)])
    func aBulkGiveTellsTheAgentWhoHasTheTicketOpen(width: Int, height: Int) throws {
        let sari = try HeadlessConsole(width: width, height: height, login: "sari")
        let (budi, number) = try budiWithTicketOpen(width: width, height: height, path: sari.store.path)
        sariGives(number, to: "dewi", sari: sari)
        #expect(try sari.store.ticket(number: number).assigneeId == (try sari.store.agent(login: "dewi"))?.id)
        #expect(sari.state.status?.text.contains("sari gave") != true, "the one who gave is not told twice")
        // Budi's console: one turn of the loop polls the file and re-reads the open ticket.
        budi.loop.step(timeoutMilliseconds: 0)
        #expect(budi.state.ticket?.assignee == "dewi")
        let notice = "sari gave #\(number) to dewi (was budi)."
        #expect(budi.state.status == StatusMessage(text: notice, kind: .info))
        let line = budi.lines[height - 2]
        #expect(line == (" " + notice).padding(toLength: width, withPad: " ", startingAt: 0).trimmingSuffixSpaces())
    }

    /// Through the service the console gets the change as an event naming the ticket.
    @Test func aServiceChangeEventNamingTheTicketTellsToo() throws {
        let (budi, number) = try budiWithTicketOpen(width: 80, height: 24, path: nil)
        let other = try SupportStore(path: budi.store.path, clock: { HeadlessConsole.now })
        let sari = try #require(try other.agent(login: "sari"))
        let version = try other.ticket(number: number).version
        _ = try other.bulk(.assign(nil), tickets: [BulkTarget(number: number, version: version)], by: sari)
        budi.controller.refresh(ChangeSet(tickets: [number]))
        #expect(budi.state.status?.text == "sari released #\(number) (was budi); nobody owns it now.")
        // In Indonesian, through the catalogue.
        budi.controller.state.agentLanguage = .id
        let released = try other.ticket(number: number).version
        _ = try other.bulk(.assign("wei"), tickets: [BulkTarget(number: number, version: released)], by: sari)
        budi.controller.refresh(ChangeSet(tickets: [number]))
        #expect(budi.state.status?.text == "sari menyerahkan #\(number) ke wei (sebelumnya tidak ada).")
    }

    /// The agent's own give is not news to them.
    @Test func ownChangesAreNotAnnounced() throws {
        let (budi, number) = try budiWithTicketOpen(width: 80, height: 24, path: nil)
        budi.controller.state.status = nil
        let me = try #require(try budi.store.agent(login: "budi"))
        _ = try budi.store.give(ticket: number, to: "dewi", by: me)
        budi.controller.refresh(ChangeSet(tickets: [number]))
        #expect(budi.state.ticket?.assignee == "dewi")
        #expect(budi.state.status == nil)
    }
}

extension String {
    func trimmingSuffixSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
