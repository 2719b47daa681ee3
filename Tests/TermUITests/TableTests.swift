import Testing
@testable import TermUI

private let tickets: [[String]] = [
    ["#1041", "王小明", "Payment failed", "P1"],
    ["#1042", "Budi Santoso", "Password reset", "P3"],
    ["#1043", "김민준", "账户被盗 stolen account", "P1"],
    ["#1044", "Siti 👍", "Refund", "P2"],
]

private let columns = [
    TableColumn("No", width: 5),
    TableColumn("Customer", width: 8),
    TableColumn("Subject", width: 0),
    TableColumn("P", width: 2, alignment: .right),
]

@Suite struct TableTests {
    func drawn(width: Int) -> Screen {
        let table = Table(columns: columns, x: 0, width: width)
        var screen = Screen(width: width, height: 5)
        table.drawHeader(into: &screen, y: 0, style: Style(bold: true))
        for (i, row) in tickets.enumerated() { table.drawRow(into: &screen, row, y: i + 1, style: .plain) }
        return screen
    }

    @Test func cellsLineUpInTheirColumnsWithCJKAndEmoji() {
        let screen = drawn(width: 34)
        #expect(screen.lines() == [
            "No    Customer Subject           P",
            "#1041 王小明   Payment failed   P1",
            "#1042 Budi Sa… Password reset   P3",
            "#1043 김민준   账户被盗 stolen… P1",
            "#1044 Siti 👍  Refund           P2",
        ])
        // Each column starts in the same screen column on every row, whatever the script.
        let subjects = ["S", "P", "P", "账", "R"]
        for y in 0..<5 { #expect(screen[15, y].grapheme == subjects[y]) }
    }

    @Test func theRestIsSharedByTheZeroWidthColumns() {
        let table = Table(columns: [TableColumn("a", width: 4), TableColumn("b", width: 0), TableColumn("c", width: 0)], x: 2, width: 30)
        // 30 less 4 fixed and 2 gaps leaves 24, 12 each.
        #expect(table.widths == [4, 12, 12])
        #expect(Table(columns: columns, x: 0, width: 10).widths == [5, 8, 0, 2])
    }

    @Test func aCellsColourShowsOnTheRowButTheSelectionBarKeepsItsOwnBackground() {
        let table = Table(columns: columns, x: 0, width: 30)
        var screen = Screen(width: 30, height: 2)
        table.drawRow(into: &screen, tickets[0], y: 0, style: .plain, cellStyles: [3: Style(fg: .red, bg: .blue, bold: true)])
        table.drawRow(into: &screen, tickets[0], y: 1, style: Style(bg: .cyan), cellStyles: [3: Style(fg: .red, bg: .blue)])
        #expect(screen[29, 0].style.fg == .red && screen[29, 0].style.bg == .blue && screen[29, 0].style.bold)
        #expect(screen[0, 0].style.fg == .default)
        #expect(screen[29, 1].style.fg == .red && screen[29, 1].style.bg == .cyan)
        #expect((0..<30).allSatisfy { screen[$0, 1].style.bg == .cyan })
    }

    @Test func untrustedCellsAreSanitised() {
        let table = Table(columns: [TableColumn("Name", width: 0)], x: 0, width: 12)
        var screen = Screen(width: 12, height: 1)
        table.drawRow(into: &screen, ["Evil\u{1B}]0;pwned\u{07}\u{202E}Name"], y: 0, style: .plain)
        #expect(screen.lines()[0] == "EvilName")
    }

    @Test func nothingIsDrawnPastItsWidth() {
        let table = Table(columns: columns, x: 2, width: 20)
        var screen = Screen(width: 30, height: 1)
        table.drawRow(into: &screen, tickets[2], y: 0, style: Style(bg: .cyan))
        #expect((22..<30).allSatisfy { screen[$0, 0].grapheme == " " && screen[$0, 0].style.bg == .default })
        #expect(screen[0, 0].style.bg == .default && screen[2, 0].style.bg == .cyan)
    }
}
