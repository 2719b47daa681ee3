import Testing
@testable import TermUI

/// `Table.drawRow` writes a printable-ASCII cell that fits its column as the column's spaces
/// with the text over them, without building the padded string. Whatever the cells, the
/// columns, the table's place and what the row held before, the row must be what padding
/// each cleaned cell and writing it gives (the definition of a row).
@Suite struct TableRowPathTests {
    typealias Seeded = ScreenPutPathTests.Seeded

    /// Cells that fit, that just fit, that are cut, and that are not ASCII or not clean.
    static let cells = ["", "a", "1041", "P1", "Payment failed today", "王小明", "#1043 账户", "e\u{301}x", "\u{1B}[31mred",
                        "tab\there", "exactly8", "—", "12m", " lead", "trail ", "x…"]
    static let styles = [Style.plain, Style(fg: .red), Style(bg: .blue, bold: true), Style(reverse: true)]

    /// The definition: each cell cleaned, padded or cut to its column, and written there.
    static func reference(_ table: Table, into screen: inout Screen, _ cells: [String], y: Int, style: Style,
                          cellStyles: [Int: Style]) {
        let w = table.widths
        let maxX = table.x + table.width
        screen.fill(Rect(x: table.x, y: y, width: table.width, height: 1), style: style)
        var cx = table.x
        for (i, column) in table.columns.enumerated() where w[i] > 0 {
            let text = DisplayWidth.pad(TextSanitizer.clean(i < cells.count ? cells[i] : ""), toWidth: w[i], alignment: column.alignment)
            let cellStyle = cellStyles[i].map { Table.merge(style, $0) } ?? style
            screen.put(text, at: cx, y, style: cellStyle, maxWidth: min(w[i], maxX - cx))
            cx += w[i] + 1
            if cx >= maxX { break }
        }
    }

    @Test func rowsAreWhatPaddingEachCellGives() {
        for seed in UInt64(1)...1_500 {
            var rng = Seeded(state: seed &* 0x9E37_79B9_7F4A_7C15 | 1)
            let alignments: [Alignment] = [.left, .right, .center]
            let columns = (0..<Int.random(in: 1...5, using: &rng)).map { _ in
                TableColumn("h", width: [0, 1, 2, 4, 8].randomElement(using: &rng)!,
                            alignment: alignments.randomElement(using: &rng)!)
            }
            let screenWidth = Int.random(in: 1...30, using: &rng)
            let table = Table(columns: columns, x: Int.random(in: -3...10, using: &rng), width: Int.random(in: 0...30, using: &rng))
            let row = (0..<Int.random(in: 0...6, using: &rng)).map { _ in Self.cells.randomElement(using: &rng)! }
            var cellStyles: [Int: Style] = [:]
            for i in 0..<columns.count where Bool.random(using: &rng) { cellStyles[i] = Self.styles.randomElement(using: &rng)! }
            let style = Self.styles.randomElement(using: &rng)!

            // What the row held before: wide characters that the row's cells may cut.
            var before = Screen(width: screenWidth, height: 2)
            before.put(String(repeating: "王a", count: 16), at: Int.random(in: -1...1, using: &rng), 0)
            var drawn = before
            var expected = before
            table.drawRow(into: &drawn, row, y: 0, style: style, cellStyles: cellStyles)
            Self.reference(table, into: &expected, row, y: 0, style: style, cellStyles: cellStyles)
            let same = drawn == expected
            #expect(same, "seed \(seed): \(row) in \(columns.map(\.width)) at x \(table.x), width \(table.width): \(drawn.lines()) for \(expected.lines())")
            if !same { return }
        }
    }
}
