import Foundation
import SupportCore
import SupportStore
import Testing
import TermUI
@testable import AgentConsole

@Suite struct ConsoleViewTests {
    @Test func mainScreenShowsFourPanesFromTheDatabase() throws {
        let c = try HeadlessConsole(width: 120, height: 40)
        let first = try #require(c.state.queue.window.selectedRow)
        let lines = c.lines
        #expect(lines.count == 40)
        #expect(lines[0].contains("paydesk") && lines[0].contains("sari (supervisor)"))
        for title in ["1 Queue: Team", "2 Account", "3 Transactions", "4 Security actions"] {
            #expect(c.text.contains(title), "missing \(title)")
        }
        #expect(c.text.contains(String(first.number)))
        let customer = try c.store.customer(id: first.customerId)
        #expect(c.text.contains(customer.walletId))
        // Phone and email are masked unless revealed.
        #expect(!c.text.contains(customer.phone))
        #expect(c.text.contains(MaskedPhone(customer.phone).description))
        #expect(lines[39].contains("Sari Wulandari") && lines[39].contains("Queue"))
    }

    /// A message longer than the line is cut with "…" at the last column, so the agent sees
    /// there is more; one that fits is shown whole.
    @Test func aLongMessageEndsInAnEllipsis() throws {
        let c = try HeadlessConsole(width: 80, height: 24)
        let long = "'supervisorDashboard' could not be computed on this store right now; nothing was done, try again."
        c.controller.warn(long)
        let line = c.lines[22]
        #expect(DisplayWidth.of(line) == 80 && line.hasSuffix("…"), "\(line)")
        #expect(line.hasPrefix(" 'supervisorDashboard' could not be computed"), "\(line)")
        c.controller.say("Account frozen.")
        #expect(c.lines[22].hasPrefix(" Account frozen.") && !c.lines[22].contains("…"), "\(c.lines[22])")
    }

    @Test func movingTheSelectionMovesTheOtherPanes() throws {
        let c = try HeadlessConsole()
        let rows = try c.store.queuePage(c.controller.queueSpec, limit: 3)
        c.press(.char("j"))
        #expect(c.state.queue.window.selectedRow?.id == rows[1].id)
        #expect(c.state.account.customer?.id == rows[1].customerId)
        #expect(c.state.transactions.customerId == rows[1].customerId)
        #expect(c.text.contains(try c.store.customer(id: rows[1].customerId).walletId))
    }

    @Test func paneBordersAlignWithCJKText() throws {
        let c = try HeadlessConsole(width: 200, height: 60)
        let frame = c.loop.frame
        // Find the queue's right border column from the top border, then check every body
        // row has a vertical line there, whatever characters the row holds.
        let top = frame.lines(trimmingTrailingSpaces: false)[1]
        let column = try #require(Self.columnOf("┓", in: top))
        var checked = 0
        for y in 2..<58 {
            let cell = frame[column, y]
            #expect(["┃", "┛"].contains(cell.grapheme), "row \(y) has '\(cell.grapheme)' at the border column \(column)")
            checked += 1
        }
        #expect(checked > 50)
        #expect(c.text.unicodeScalars.contains { $0.value >= 0x4E00 && $0.value <= 0x9FFF })
    }

    static func columnOf(_ s: Character, in line: String) -> Int? {
        var col = 0
        for ch in line {
            if ch == s { return col }
            col += DisplayWidth.of(ch)
        }
        return nil
    }

    @Test func narrowTerminalsUseTabsAndTinyOnesSaySo() throws {
        let c = try HeadlessConsole(width: 80, height: 24)
        #expect(c.lines[1].contains("1 Queue") && c.lines[1].contains("4 Security"))
        #expect(!c.text.contains("2 Account ·"))
        c.press(.char("2"))
        #expect(c.text.contains("Balance"))
        c.resize(79, 24)
        #expect(c.text.contains("terminal too small (need 80x24, have 79x24)"))
        c.resize(120, 40)
        #expect(c.text.contains("4 Security actions"))
    }

    @Test func helpIsDrawnFromTheKeyTable() throws {
        let c = try HeadlessConsole()
        c.press(.char("?"))
        // The focused pane's keys come first (the global ones follow, further down).
        for binding in KeyMap.bindings where binding.context == .queue {
            #expect(c.text.contains(binding.englishHelp), "help lacks '\(binding.englishHelp)'")
        }
        c.press(.escape)
        guard case .normal = c.state.mode else { Issue.record("help should close on Esc"); return }
    }

    @Test func readmeKeyTableMatchesTheKeyMap() throws {
        var root = URL(fileURLWithPath: #filePath)
        while !FileManager.default.fileExists(atPath: root.appendingPathComponent("Package.swift").path) { root.deleteLastPathComponent() }
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let begin = try #require(readme.range(of: "<!-- keys:begin -->\n"))
        let end = try #require(readme.range(of: "\n<!-- keys:end -->"))
        #expect(String(readme[begin.upperBound..<end.lowerBound]) == KeyMap.markdownTable())
    }

    @Test func countdownsTickWithoutAQuery() throws {
        let c = try HeadlessConsole()
        let row = try #require(c.state.queue.window.selectedRow)
        let due = try #require(row.slaDueAt)
        let before = QueuePane.slaCell(row, now: c.state.now).0
        c.controller.state.now = c.state.now.addingTimeInterval(61)
        let after = QueuePane.slaCell(row, now: c.state.now).0
        #expect(before != after)
        #expect(after == DurationText.format(due.timeIntervalSince(c.state.now)))
    }

    @Test func untrustedTextCannotReachTheTerminal() throws {
        let c = try HeadlessConsole()
        let customer = try c.store.insertCustomerForTesting(name: "Evil\u{1b}]0;pwned\u{07}\u{202e}Name", phone: "+6281100000000",
                                                            email: "e@example.com")
        let ticket = try c.store.createTicket(NewTicket(customerId: customer, subject: "Hi \u{1b}[31mred\u{1b}[0m \u{9b}2J",
                                                        body: "x\u{1b}]52;c;ZXZpbA==\u{07}y", category: .payment, channel: .web,
                                                        priority: .p1), by: nil)
        c.controller.update(.applyFilter(.queue, "number:\(ticket.number)"))
        c.press(.enter)
        let frame = c.loop.frame
        for y in 0..<frame.height {
            for x in 0..<frame.width {
                let g = frame[x, y].grapheme
                #expect(!g.unicodeScalars.contains { $0.value < 0x20 || (0x7f...0x9f).contains($0.value) || $0.value == 0x202e },
                        "control character at \(x),\(y)")
            }
        }
        #expect(c.text.contains("Hi red"))
    }
}

@Suite struct ConsoleMouseAndPresenceTests {
    @Test func aClickFocusesAPaneAndSelectsARow() throws {
        let c = try HeadlessConsole(width: 120, height: 40)
        let rows = try c.store.queuePage(c.controller.queueSpec, limit: 5)
        // Queue rows start below the header line, the border and the column header: y = 3.
        c.controller.handle(.mouse(MouseEvent(x: 5, y: 3 + 2, button: .left)))
        #expect(c.state.queue.window.selectedRow?.id == rows[2].id)
        // A click in the transactions pane focuses it.
        let layout = ConsoleLayout(width: 120, height: 40, tabs: false, focus: .queue)
        let tx = try #require(layout.rect(for: .transactions))
        c.controller.handle(.mouse(MouseEvent(x: tx.x + 3, y: tx.y + 3, button: .left)))
        #expect(c.state.focus == .transactions)
        #expect(c.state.transactions.window.selected == 1)
        c.controller.handle(.mouse(MouseEvent(x: tx.x + 3, y: tx.y + 3, button: .wheelDown)))
        #expect(c.state.transactions.window.selected == 2)
    }

    @Test func presenceShowsWhoElseIsOnTheTicket() throws {
        let c = try HeadlessConsole(login: "sari")
        let row = try #require(c.state.queue.window.selectedRow)
        let dewi = try #require(try c.store.agent(login: "dewi"))
        c.store.setPresence(agent: dewi, ticketNumber: row.number, state: .typing)
        c.press(.enter)
        #expect(c.state.ticket?.presence.map(\.login) == ["dewi"])
        #expect(c.text.contains("dewi is typing"))
    }

    @Test func closingAsksFirst() throws {
        let c = try HeadlessConsole(login: "sari")
        c.controller.update(.applyFilter(.queue, "status:solved"))
        c.controller.update(.setView(.all))
        c.controller.update(.applyFilter(.queue, "status:solved"))
        let row = try #require(c.state.queue.window.selectedRow)
        c.controller.update(.setStatus(.closed))
        guard case .dialog(let d) = c.state.mode else { Issue.record("closing must ask first"); return }
        #expect(d.danger)
        #expect(try c.store.ticket(number: row.number).status == .solved)
        // Cancel has the focus: a stray Enter leaves the ticket as it was.
        c.press(.enter)
        #expect(try c.store.ticket(number: row.number).status == .solved)
        c.controller.update(.setStatus(.closed))
        c.press(.left, .enter)
        #expect(try c.store.ticket(number: row.number).status == .closed)
    }
}
