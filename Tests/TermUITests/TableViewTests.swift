import Testing
@testable import TermUI

private let tickets: [[String]] = [
    ["#1041", "王小明", "Payment failed", "P1"],
    ["#1042", "Budi Santoso", "Password reset", "P3"],
    ["#1043", "김민준", "账户被盗 stolen account", "P1"],
    ["#1044", "Siti 👍", "Refund", "P2"],
]

private let columns = [
    TableColumn("No", width: .fixed(5)),
    TableColumn("Customer", width: .fixed(8)),
    TableColumn("Subject", width: .flex(1)),
    TableColumn("P", width: .fixed(2), alignment: .right),
]

@Suite struct TableViewTests {
    @Test func headerRowsAndColumnRulesLineUpWithCJK() {
        let state = ListState(count: tickets.count, viewportHeight: 4)
        let table = TableView(columns: columns, state: state, separator: "│") { tickets[$0] }
        var screen = Screen(width: 34, height: 5)
        table.draw(into: &screen, in: screen.bounds)
        #expect(screen.lines() == [
            "No   │Customer│Subject         │ P",
            "#1041│王小明  │Payment failed  │P1",
            "#1042│Budi Sa…│Password reset  │P3",
            "#1043│김민준  │账户被盗 stolen…│P1",
            "#1044│Siti 👍 │Refund          │P2",
        ])
        // Every rule sits in the same screen column on every row, whatever the script.
        for y in 0..<5 {
            #expect(screen[5, y].grapheme == "│" && screen[14, y].grapheme == "│" && screen[31, y].grapheme == "│")
        }
    }

    @Test func selectedRowUsesFocusedOrUnfocusedStyle() {
        var state = ListState(count: tickets.count, viewportHeight: 4)
        state.select(1)
        let style = TableStyle(selected: Style(bg: .cyan), selectedUnfocused: Style(bg: .brightBlack))
        var table = TableView(columns: columns, state: state, style: style) { tickets[$0] }
        var screen = Screen(width: 30, height: 5)
        table.draw(into: &screen, in: screen.bounds)
        #expect((0..<30).allSatisfy { screen[$0, 2].style.bg == .cyan })
        #expect(screen[0, 1].style.bg == .default)
        table.focused = false
        table.draw(into: &screen, in: screen.bounds)
        #expect((0..<30).allSatisfy { screen[$0, 2].style.bg == .brightBlack })
    }

    @Test func rowAndCellStylesApplyExceptOnTheSelection() {
        let state = ListState(count: tickets.count, viewportHeight: 4)
        var table = TableView(columns: columns, state: state) { tickets[$0] }
        table.rowStyle = { $0 == 2 ? Style(fg: .red) : nil }
        table.cellStyle = { row, column in column == 3 && tickets[row][3] == "P1" ? Style(bold: true) : nil }
        var screen = Screen(width: 30, height: 5)
        table.draw(into: &screen, in: screen.bounds)
        #expect(screen[0, 3].style.fg == .red)           // row 2 is screen row 3
        #expect(screen[29, 3].style.bold)                 // its P1 cell
        #expect(!screen[29, 1].style.bold)                // row 0 is selected: selection style wins
        #expect(screen[29, 1].style.reverse)
    }

    @Test func onlyTheVisibleWindowIsRequested() {
        var state = ListState(count: 1_000_000, viewportHeight: 3)
        state.select(500_000)
        final class Requests: @unchecked Sendable { var rows: [Int] = [] }
        let requests = Requests()
        let table = TableView(columns: [TableColumn("Row", width: .flex(1))], state: state) { index in
            requests.rows.append(index)
            return ["row \(index)"]
        }
        var screen = Screen(width: 20, height: 4)
        table.draw(into: &screen, in: screen.bounds)
        #expect(requests.rows == [499_998, 499_999, 500_000])
        #expect(screen.lines() == ["Row", "row 499998", "row 499999", "row 500000"])
    }

    @Test func emptyTableShowsItsMessage() {
        let table = TableView(columns: columns, state: ListState(count: 0), emptyMessage: "No tickets match") { _ in [] }
        var screen = Screen(width: 30, height: 3)
        table.draw(into: &screen, in: screen.bounds)
        #expect(screen.lines()[1] == " No tickets match")
    }

    @Test func clicksMapToRows() {
        var state = ListState(count: 10, viewportHeight: 3)
        state.end()
        let table = TableView(columns: columns, state: state) { _ in [] }
        let rect = Rect(x: 0, y: 5, width: 30, height: 4)
        #expect(table.rowIndex(atY: 5, in: rect) == nil)       // header
        #expect(table.rowIndex(atY: 6, in: rect) == 7)
        #expect(table.rowIndex(atY: 8, in: rect) == 9)
        #expect(table.rowIndex(atY: 9, in: rect) == nil)
        #expect(TableView.bodyHeight(for: rect) == 3)
    }

    @Test func untrustedCellsAreSanitised() {
        let table = TableView(columns: [TableColumn("Name", width: .flex(1))], state: ListState(count: 1)) { _ in
            ["Evil\u{1B}]0;pwned\u{07}\u{202E}Name"]
        }
        var screen = Screen(width: 12, height: 2)
        table.draw(into: &screen, in: screen.bounds)
        #expect(screen.lines()[1] == "EvilName")
    }
}
