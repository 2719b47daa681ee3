import Foundation
import SupportCore
import SupportStore
import Testing

/// The real binary, the real ncurses driver, a real terminal (tmux), a real database (on
/// the file, or through the service the command-line suites run through).
@Suite(.serialized) struct ConsoleEndToEndTests {
    /// The queue's first rows for the demo supervisor, straight from the database.
    func firstQueueRows(_ db: String, login: String = "sari") throws -> [TicketSummary] {
        let store = try SupportStore(path: db, create: false)
        let actor = try store.agent(login: login)!
        return try store.queuePage(QueueSpec(view: .team, actor: actor), limit: 5)
    }

    @Test func fourPanesFollowTheSelectionAndQuitCleanly() throws {
        let db = try Harness.demoDatabase()
        let rows = try firstQueueRows(db)
        #expect(rows.count >= 2)
        let store = try SupportStore(path: db, create: false)
        let firstWallet = try store.customer(id: rows[0].customerId).walletId
        let session = try TmuxSession(command: try ServiceRouting.consoleCommand(db, as: "sari"), width: 200, height: 60)
        // The whole first screen: the first ticket (from the database) in the queue, its
        // customer's wallet in the account pane, and the four panes' titles. (Waiting for the
        // ticket alone could read the screen while the frame was still being written.)
        let titles = ["Queue", "Account", "Transactions", "Security"]
        let first = try session.waitForScreen { screen in
            screen.contains(String(rows[0].number)) && screen.contains(firstWallet) && titles.allSatisfy { screen.contains($0) }
        }
        #expect(first.found, "the first screen never showed ticket \(rows[0].number), wallet \(firstWallet) and the four panes:\n\(first.screen)")
        // Moving the selection moves the account pane to the next ticket's customer.
        let secondWallet = try store.customer(id: rows[1].customerId).walletId
        try session.send("j")
        let moved = try session.waitFor(secondWallet)
        #expect(moved.found, "account pane did not follow the selection:\n\(moved.screen)")
        try session.send("q")
        #expect(session.waitForExit() == 0)
    }

    @Test func paneBordersStayInTheirColumnsWithCJKText() throws {
        let db = try Harness.demoDatabase()
        let session = try TmuxSession(command: try ServiceRouting.consoleCommand(db, as: "sari"), width: 200, height: 60)
        let (found, screen) = try session.waitForScreen { $0.contains("Transactions") && $0.contains("#") && $0.contains("TIME") }
        #expect(found)
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // Every body row has the queue's right border and the right column's left border at the
        // same display columns, whatever script the row holds.
        let borderColumns = lines.dropFirst(2).prefix(50).compactMap { line -> [Int]? in
            var columns: [Int] = []
            var col = 0
            for ch in line {
                if "│┃".contains(ch) { columns.append(col) }
                col += ch.unicodeScalars.first.map { $0.value >= 0x1100 && isWide($0) ? 2 : 1 } ?? 1
            }
            return columns.isEmpty ? nil : columns
        }
        #expect(borderColumns.count > 20)
        let reference = borderColumns.first!
        for (i, cols) in borderColumns.enumerated() where cols.count == reference.count {
            #expect(cols == reference, "row \(i) borders at \(cols), expected \(reference)")
        }
        #expect(screen.unicodeScalars.contains { $0.value >= 0x4E00 && $0.value <= 0x9FFF }, "expected CJK text on screen")
        try session.send("q")
        #expect(session.waitForExit() == 0)
    }

    @Test func narrowTerminalUsesTabsAndTinyOneSaysSo() throws {
        let db = try Harness.demoDatabase()
        let session = try TmuxSession(command: try ServiceRouting.consoleCommand(db, as: "sari"), width: 80, height: 24)
        let tabs = try session.waitFor("2 Account")
        #expect(tabs.found, "expected tabs at 80x24:\n\(tabs.screen)")
        try session.send("2")
        let account = try session.waitForScreen { $0.contains("Balance") }
        #expect(account.found, "tab 2 should show the account:\n\(account.screen)")
        try session.resize(width: 60, height: 20)
        let small = try session.waitFor("terminal too small")
        #expect(small.found, "\(small.screen)")
        try session.resize(width: 100, height: 30)
        let back = try session.waitFor("Security")
        #expect(back.found, "\(back.screen)")
        try session.send("q")
        #expect(session.waitForExit() == 0)
    }

    @Test func helpIsBuiltFromTheKeyTable() throws {
        let db = try Harness.demoDatabase()
        let session = try TmuxSession(command: try ServiceRouting.consoleCommand(db, as: "sari"), width: 120, height: 40)
        _ = try session.waitFor("Queue")
        try session.send("?")
        // Wait for the help's entries, not only its title: a capture can land while the
        // frame is still being written, with the box's first lines on screen and the rest not.
        let help = try session.waitForScreen { $0.contains("Keys") && $0.contains("claim the ticket") }
        #expect(help.found, "the help should list the queue's keys:\n\(help.screen)")
        try session.send("Escape")
        // Esc followed at once by a key reads as Alt-key in any terminal: wait for the
        // help to close, as a person would, before the next key.
        let closed = try session.waitForScreen { !$0.contains("Keys — Esc closes") }
        #expect(closed.found)
        try session.send("q")
        #expect(session.waitForExit() == 0)
    }

    @Test func interruptRestoresTheTerminal() throws {
        let db = try Harness.demoDatabase()
        let session = try TmuxSession(command: try ServiceRouting.consoleCommand(db, as: "sari"), width: 120, height: 40)
        _ = try session.waitFor("Queue")
        try session.send("C-c")
        let status = session.waitForExit()
        #expect(status == 130)
    }
}

private func isWide(_ s: Unicode.Scalar) -> Bool {
    let v = s.value
    return (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
        || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
        || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1FAFF).contains(v) || (0x20000...0x3FFFD).contains(v)
}
