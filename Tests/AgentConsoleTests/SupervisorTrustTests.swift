import Foundation
import SupportCore
import SupportStore
import Testing
import TermUI
@testable import AgentConsole

/// Figures a supervisor can trust: one meaning of "open", and a 0m median that says why.
@Suite struct SupervisorTrustTests {
    /// The header's My open and the Workload box's OPEN count the same tickets, agent by agent.
    @Test func myOpenAndWorkloadOpenAgree() throws {
        let c = try HeadlessConsole(width: 200, height: 60)
        c.openSupervisor()
        let rows = try #require(c.state.supervisor.data?.agents.rows)
        #expect(!rows.isEmpty)
        for row in rows {
            let agent = try #require(try c.store.agent(login: row.login))
            let counts = try c.store.queueCounts(for: agent)
            #expect(counts[.mine] == row.open, "\(row.login): My open \(counts[.mine] ?? -1), Workload OPEN \(row.open)")
        }
        // Pending tickets are not "open": they are the PEND column (and the Pending view).
        let budi = try #require(try c.store.agent(login: "budi"))
        let mine = try c.store.queuePage(QueueSpec(view: .mine, actor: budi), limit: 500)
        #expect(mine.allSatisfy { TicketStatus.openForWork.contains($0.status) })
    }

    /// Saturday work only: the median is 0 working minutes, and the box says no working
    /// time elapsed rather than showing a bare "0m".
    @Test func aZeroMedianSaysNoWorkingTimeElapsed() throws {
        final class Clock: @unchecked Sendable { var now = HeadlessConsole.now }
        let clock = Clock()
        let store = try SupportStore(path: HeadlessConsole.demoPath(), clock: { clock.now })
        try store.generateDemo(seed: 42)
        let admin = try #require(try store.agents().first { $0.role == .admin })
        let nina = try store.addAgent(login: "nina", name: "Nina Weekend", role: .agent, by: admin)
        // Saturday 2026-11-21, 09:00 and 09:40 in Jakarta: outside the team's working days.
        let saturday = Date(timeIntervalSince1970: 1_795_226_400)
        clock.now = saturday.addingTimeInterval(40 * 60)
        let customerId = try store.ticket(number: 1074).customerId
        let ticket = try store.createTicket(NewTicket(customerId: customerId, subject: "Saldo tidak bertambah", body: "Top-up belum masuk.",
                                                      category: .payment, channel: .appChat, priority: .p3, at: saturday), by: nil)
        try store.claim(ticket: ticket.number, by: nina)
        try store.reply(ticket: ticket.number, body: "Kami cek dulu ya.", by: nina)
        clock.now = HeadlessConsole.now
        let loop = try EventLoop(store: store, actor: try #require(try store.agent(login: "sari")),
                                 terminal: HeadlessTerminal(width: 200, height: 60), theme: .defaultDark)
        loop.controller.handle(.key(.char("S")))
        loop.controller.handle(.key(.char("p")))     // today → 7 days
        #expect(loop.controller.waitForSupervisorFigures(timeout: 60))
        let row = try #require(loop.controller.state.supervisor.data?.agents.rows.first { $0.login == "nina" })
        #expect(row.medianFirstResponseMinutes == 0)
        let model = SupervisorPanels.model(.workload, loop.controller.state)
        let cells = model.rows.flatMap { $0 }.compactMap { cell -> String? in
            if case .text(let s) = cell.content { return s } else { return nil }
        }
        #expect(cells.contains("0m*"))
        #expect(cells.contains(SupervisorPanels.noWorkingTime))
        #expect(SupervisorPanels.workingMinutes(0.2) == "0m*" && SupervisorPanels.workingMinutes(45) == "45m")
        #expect(SupervisorPanels.workingMinutes(nil) == "–")
    }
}
