import Foundation
import SupportAPI
import SupportCore
import SupportStore
import Testing
@testable import AgentConsole

/// The ticket pane's one request (`ticketView`) answers what its nine parts answer, on the
/// wire as in process, with the asking agent left out of the presence; the console opens a
/// ticket with it alone.
@Suite struct TicketViewRequestTests {
    /// The view as the console assembled it from nine requests.
    static func assembled(_ client: any SupportClient, _ number: Int64) throws -> TicketView {
        let ticket = try client.ticket(number: number)
        return TicketView(ticket: ticket, assignee: try ticket.assigneeId.flatMap { try client.agent(id: $0)?.login },
                          events: try client.timeline(ticketNumber: number), clocks: try client.slaClocks(ticket: number),
                          links: try client.links(ticket: number), presence: try client.presence(ticketNumber: number),
                          complaint: ticket.category == .complaint ? try client.complaint(ticket: number) : nil,
                          deliveries: try client.deliveryStatuses(ticket: number),
                          draft: try client.draft(ticketNumber: number))
    }

    @Test func everyTicketOfTheDemoIsWhatItsPartsSay() throws {
        // Someone else on a ticket, a link and a reply waiting, which the demo has none of.
        let (_, budi, numbers, owned) = try TicketViewSamples.demoWithPaneParts()
        try budi.reply(ticket: owned, body: "Kami sedang memeriksa transaksi Anda.")
        var seen = (complaints: 0, links: 0, deliveries: 0, owned: 0, presence: 0, drafts: 0)
        for number in numbers {
            let view = try budi.ticketView(number: number)
            #expect(view == (try Self.assembled(budi, number)), "#\(number)")
            // What the service sends is what it read.
            let wire = try WireJSON.encoder().encode(view)
            #expect(try WireJSON.encoder().encode(try WireJSON.decoder().decode(TicketView.self, from: wire)) == wire, "#\(number)")
            if view.complaint != nil { seen.complaints += 1 }
            if !view.links.isEmpty { seen.links += 1 }
            if !view.deliveries.isEmpty { seen.deliveries += 1 }
            if view.assignee != nil { seen.owned += 1 }
            if !view.presence.isEmpty { seen.presence += 1 }
            if let draft = view.draft {
                seen.drafts += 1
                #expect(draft.body == "Mohon tunggu sebentar.", "budi's own draft, never dewi's")
            }
        }
        #expect(numbers.count > 100 && seen.complaints > 0 && seen.links > 0 && seen.deliveries > 0 && seen.owned > 0 && seen.presence == 1
                && seen.drafts == 1,
                "\(numbers.count) tickets, \(seen)")
    }

    /// A demo store, its first ticket's number and an empty presence book, as the service holds one.
    private static func demoWithBook() throws -> (SupportStore, Int64, PresenceBook) {
        let store = try SupportStore(path: HeadlessConsole.demoPath(), clock: { HeadlessConsole.now })
        try store.generateDemo(seed: 42)
        let number = try #require(try store.reading { db in try db.fetchValues("SELECT MIN(number) FROM tickets", [], as: Int64.self) }.first)
        return (store, number, PresenceBook(clock: { HeadlessConsole.now }))
    }

    /// In the service the presence book answers, and the asker is not among those shown.
    @Test func theServicesPresenceBookAnswersWithoutTheAsker() throws {
        let (store, number, book) = try Self.demoWithBook()
        _ = book.set(login: "dewi", ticket: number, state: .typing)
        _ = book.set(login: "budi", ticket: number, state: .viewing)
        let budi = try #require(try store.agent(login: "budi"))
        let view = try TicketViewRequest(number: number).run(store: store, actor: budi, presence: book)
        #expect(view.presence.map(\.login) == ["dewi"] && view.presence.first?.state == .typing, "\(view.presence)")
        #expect(view.presence == (try PresenceRequest(ticketNumber: number).run(store: store, actor: budi, presence: book)))
    }

    /// The supervisor's workload table says who views what: in the service, from the book.
    @Test func theSupervisorsViewingColumnComesFromTheBook() throws {
        let (store, number, book) = try Self.demoWithBook()
        _ = book.set(login: "budi", ticket: number, state: .viewing)
        let sari = try #require(try store.agent(login: "sari"))
        let request = SupervisorDashboardRequest(periodDays: 7, complaintWorkingDays: 15)
        #expect(try request.run(store: store, actor: sari, presence: book).viewing == ["budi": number])
        _ = book.set(login: "budi", ticket: nil, state: .viewing)
        #expect(try request.run(store: store, actor: sari, presence: book).viewing.isEmpty, "budi left the ticket")
    }

    @Test func theConsoleOpensATicketWithOneRequestForItsPane() throws {
        let (_, client, loop) = try CountingClient.sarisConsole()
        _ = client.take()
        loop.controller.handle(.key(.enter))
        let sent = client.take()
        #expect(loop.controller.state.ticket != nil)
        #expect(sent.filter { $0 == "ticketView" }.count == 1, "\(sent)")
        let parts: Set = ["ticket", "timeline", "agentById", "slaClocks", "links", "presence", "complaint", "deliveryStatuses"]
        #expect(sent.allSatisfy { !parts.contains($0) }, "\(sent)")
    }
}
