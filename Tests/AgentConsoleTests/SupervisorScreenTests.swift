import Foundation
import SupportCore
import SupportStore
import Testing
import TermUI
@testable import AgentConsole

/// The supervisor screen drawn headless on the demo database at the pinned clock.
@Suite struct SupervisorScreenTests {
    static let titles = ["Attention", "SLA breach rate", "Backlog", "Aging", "Volume per channel", "Workload", "Satisfaction", "Deliveries", "Approvals"]

    func openSupervisor(_ c: HeadlessConsole) {
        c.openSupervisor()
        #expect(c.state.screen == .supervisor)
    }

    /// Every line is exactly as wide as the terminal: nothing spills past a border.
    func expectFits(_ c: HeadlessConsole) {
        for (i, line) in c.loop.frame.lines(trimmingTrailingSpaces: false).enumerated() {
            #expect(DisplayWidth.of(line) == c.state.width, "line \(i) is \(DisplayWidth.of(line)) wide")
        }
    }

    @Test func everyBoxIsOnScreenAt200x60() throws {
        let c = try HeadlessConsole(width: 200, height: 60)
        openSupervisor(c)
        for title in Self.titles { #expect(c.text.contains(title), "missing \(title)") }
        let d = try #require(c.state.supervisor.data)
        let store = c.store
        #expect(d.backlog.total == (try store.queueCount(QueueSpec(view: .team, actor: c.state.actor))))
        #expect(c.text.contains("Backlog: \(d.backlog.total) unsolved"))
        for login in ["budi", "dewi", "wei", "sari"] { #expect(c.lines.contains { $0.contains("│\(login) ") }) }
        #expect(c.text.contains("█"), "the aging histogram draws bars")
        #expect(Sparkline.levels.contains { c.text.contains($0) }, "volume draws sparklines")
        #expect(c.text.contains("Today") && c.text.contains("7 days") && c.text.contains("Within 1h"))
        // The SLA box lists each ticket that breaches within the hour.
        for t in d.breachingSoon { #expect(c.text.contains("#\(t.number)")) }
        #expect(c.lines.last!.contains("Enter drill"))
        expectFits(c)
    }

    @Test func tabsAndSummaryAt80x24() throws {
        let c = try HeadlessConsole(width: 80, height: 24)
        openSupervisor(c)
        #expect(c.lines.count == 24)
        #expect(c.lines[1].contains("Attention") && c.lines[1].contains("Backlog"))
        #expect(c.lines[2].contains("SLA") && c.lines[2].contains("Work"))
        #expect(c.lines[3].contains("Attention:"), "what needs attention is the first box")
        expectFits(c)
        // Tab walks every box; each one draws inside the screen.
        for (i, title) in Self.titles.enumerated().dropFirst() {
            c.press(.tab)
            #expect(c.state.supervisor.panel.rawValue == i)
            #expect(c.lines[3].contains(title), "box \(title) not drawn: \(c.lines[3])")
            expectFits(c)
        }
        c.press(.tab)
        #expect(c.state.supervisor.panel == .attention)
        c.press(.backTab)
        #expect(c.state.supervisor.panel == .approvals)
        c.press(.escape)
        #expect(c.state.screen == .main)
    }

    @Test func agentsCannotOpenIt() throws {
        let c = try HeadlessConsole(login: "budi")
        c.press(.char("S"))
        #expect(c.state.screen == .main)
        #expect(c.state.status?.text.contains("supervisors") == true)
    }

    @Test func drillingIntoABacklogCountShowsExactlyThoseTickets() throws {
        let c = try HeadlessConsole()
        openSupervisor(c)
        c.press(.tab, .tab)                       // Backlog
        c.press(.char("j"))                       // the "open" row, its count first
        let shown = try #require(c.state.supervisor.data?.backlog.backlog("status", "open"))
        c.press(.enter)
        #expect(c.state.screen == .main)
        #expect(c.state.queue.view == .all)
        #expect(c.state.queue.filterText == "status:open")
        #expect(c.state.queue.window.total == shown)
        // The category figure in the same row: two cells to the right.
        c.openSupervisor()
        c.press(.char("l"), .enter)
        #expect(c.state.queue.filterText == "status:unsolved cat:payment")
        #expect(c.state.queue.window.total == c.state.supervisor.data?.backlog.backlog("category", "payment"))
    }

    @Test func drillingIntoAComputedFigureListsItsTickets() throws {
        let c = try HeadlessConsole()
        openSupervisor(c)
        c.press(.tab, .tab, .tab)                 // Aging
        c.press(.char("j"), .char("j"))           // 4–24h
        let bucket = try #require(c.state.supervisor.data?.aging[2])
        #expect(bucket.count > 0)
        c.press(.enter)
        #expect(c.state.queue.filterText.hasPrefix("number:"))
        #expect(c.state.queue.window.total == bucket.count)
        let numbers = Set(try c.store.queuePage(c.controller.queueSpec, limit: 500).map(\.number))
        #expect(numbers == Set(bucket.tickets))
    }

    @Test func periodCyclesAndExportWritesFiveFiles() throws {
        let c = try HeadlessConsole()
        openSupervisor(c)
        c.press(.char("p"))
        #expect(c.state.supervisor.periodDays == 30)
        c.press(.char("p"))
        #expect(c.state.supervisor.periodDays == 1)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("paydesk-export-\(UUID().uuidString)").path
        c.controller.state.supervisor.exportDirectory = dir
        c.press(.char("E"))
        // Written on a worker: its outcome is taken on the loop's next tick.
        guard case .exportingReports(let job) = c.state.mode else { Issue.record("E should start the reports"); return }
        #expect(job.wait(timeout: 30) != nil, "the reports were not written")
        c.controller.handle(.tick)
        let files = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        #expect(files.count == 5, "\(files)")
        #expect(files.allSatisfy { $0.hasSuffix(".xlsx") && $0.contains("2026-11-25") })
        #expect(c.state.status?.text.contains("Exported 5 reports") == true)
    }

    @Test func escalatedAndComplaintsComeFirstAndTheScreenRefreshesLive() throws {
        let c = try HeadlessConsole(width: 200, height: 60)
        openSupervisor(c)
        let before = c.state.supervisor.data?.attention.count ?? 0
        // Another agent escalates a ticket in another process (here: another connection).
        let other = try SupportStore(path: c.store.path, clock: { HeadlessConsole.now })
        let budi = try #require(try other.agent(login: "budi"))
        let mine = try other.queuePage(QueueSpec(view: .mine, actor: budi), limit: 1)
        let ticket = try #require(mine.first)
        try other.escalate(ticket: ticket.number, reason: "customer threatens to go to the regulator", by: budi)
        c.controller.refreshFromDatabase()
        c.awaitFigures()
        let attention = try #require(c.state.supervisor.data?.attention)
        #expect(attention.count == before + 1)
        #expect(attention.contains { $0.number == ticket.number && $0.escalated })
        #expect(c.lines[1].contains("Attention: \(before + 1 - attention.filter { $0.complaintLevel != nil && !$0.escalated }.count) escalated"))
        #expect(c.lines.prefix(10).contains { $0.contains(String(ticket.number)) && $0.contains("ESC") })
        // Enter on it opens the ticket.
        c.press(.enter)
        #expect(c.state.screen == .main)
        #expect(c.state.ticket != nil)
    }
}
