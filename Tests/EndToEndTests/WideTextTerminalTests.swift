import Foundation
import SupportCore
import Testing

/// Wide (CJK) text through the real ncurses driver in a real terminal (tmux): the driver
/// writes a stretch of cells in one style to ncurses in one call, wide characters among
/// narrow ones, and each wide character must still take its two columns, so everything
/// after it on the row (the rest of the row, the pane's border) stays where the layout put it.
@Suite(.serialized) struct WideTextTerminalTests {
    static let subject = "退款未到账请尽快处理谢谢您的帮助退款未到账请尽快处理谢谢您的帮助退款未到账请尽快处理"
    static let name = "王小明"

    @Test func wideTextKeepsTheColumnsAfterIt() throws {
        let db = try Harness.demoDatabase()
        let number = try #require(try StoreUnderTest.integer(db, "SELECT MIN(number) FROM tickets WHERE status IN ('new', 'open')"))
        try StoreUnderTest.execute(db, "UPDATE tickets SET subject = '\(Self.subject)' WHERE number = \(number)")
        try StoreUnderTest.execute(db, """
            UPDATE customers SET name = '\(Self.name)' WHERE id = (SELECT customer_id FROM tickets WHERE number = \(number))
            """)

        let session = try TmuxSession(command: try ServiceRouting.consoleCommand(db, as: "sari"), width: 200, height: 50)
        #expect(try session.waitFor("Queue").found)
        try session.send(":"); try session.type("view all"); try session.send("Enter")
        try session.send("/"); try session.type("number:\(number)"); try session.send("Enter")
        // The subject is cut to its column, so only its start is looked for.
        let listed = try session.waitForScreen { $0.contains(String(Self.subject.prefix(8))) && $0.contains("王*") }
        #expect(listed.found, "the queue never showed the ticket:\n\(listed.screen)")

        // Every row of the queue pane has its right border at the same column, the row with
        // the wide text too.
        let rows = listed.screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let paneRows = rows.filter { Self.isBorder($0.unicodeScalars.first) }
        let borders = paneRows.compactMap(Self.secondBorderColumn)
        let wideRow = try #require(rows.first { $0.contains(String(Self.subject.prefix(8))) })
        let wideBorder = Self.secondBorderColumn(wideRow)
        #expect(wideBorder != nil && borders.filter { $0 == wideBorder }.count > borders.count / 2,
                "the row with wide text has its border at \(wideBorder.debugDescription), the pane's rows at \(borders):\n\(listed.screen)")
        try session.send("q")
        #expect(session.waitForExit() == 0)
    }

    static func isBorder(_ scalar: Unicode.Scalar?) -> Bool {
        guard let scalar else { return false }
        return "│┃╭╮╰╯┌┐└┘┏┓┗┛├┤┣┫".unicodeScalars.contains(scalar)
    }

    /// The display column of the row's second vertical border (the queue pane's right one),
    /// counting the CJK ideographs and full-width forms used here as two columns.
    static func secondBorderColumn(_ row: String) -> Int? {
        var column = 0
        var seen = 0
        for scalar in row.unicodeScalars {
            if scalar == "│" || scalar == "┃" {
                seen += 1
                if seen == 2 { return column }
            }
            let v = scalar.value
            column += (0x4E00...0x9FFF).contains(v) || (0x3000...0x303F).contains(v) || (0xFF00...0xFF60).contains(v) ? 2 : 1
        }
        return nil
    }
}
