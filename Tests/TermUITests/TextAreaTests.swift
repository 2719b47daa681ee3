import Testing
@testable import TermUI

private func type(_ text: String, into area: inout TextArea) {
    for character in text {
        area.handle(character == "\n" ? .enter : .char(character))
    }
}

private func render(_ area: TextArea, width: Int, height: Int) -> Screen {
    var screen = Screen(width: width, height: height)
    area.draw(into: &screen, in: screen.bounds, focused: true)
    return screen
}

@Suite struct TextAreaTests {
    @Test func typingWithLineBreaks() {
        var area = TextArea()
        type("Dear customer,\nyour refund\nis on its way", into: &area)
        #expect(area.text == "Dear customer,\nyour refund\nis on its way")
        #expect(area.lineCount == 3)
        #expect(area.cursor == TextPosition(line: 2, column: 13))
    }

    @Test func backspaceAndDeleteJoinLines() {
        var area = TextArea(text: "ab\ncd")
        area.cursor = TextPosition(line: 1, column: 0)
        area.handle(.backspace)
        #expect(area.text == "abcd" && area.cursor == TextPosition(line: 0, column: 2))
        area.handle(.enter)
        #expect(area.text == "ab\ncd" && area.cursor == TextPosition(line: 1, column: 0))
        area.handle(.up)
        area.handle(.end)
        area.handle(.delete)
        #expect(area.text == "abcd" && area.cursor == TextPosition(line: 0, column: 2))
    }

    @Test func leftAndRightCrossLineEnds() {
        var area = TextArea(text: "ab\ncd")
        area.cursor = TextPosition(line: 1, column: 0)
        area.handle(.left)
        #expect(area.cursor == TextPosition(line: 0, column: 2))
        area.handle(.right)
        #expect(area.cursor == TextPosition(line: 1, column: 0))
    }

    @Test func killCommandsWorkOnTheCurrentLine() {
        var area = TextArea(text: "first line\nsecond line")
        area.cursor = TextPosition(line: 0, column: 5)
        area.handle(.ctrl("k"))
        #expect(area.text == "first\nsecond line")
        area.handle(.ctrl("k"))                       // at the end: joins the next line
        #expect(area.text == "firstsecond line")
        area.handle(.ctrl("u"))
        #expect(area.text == "second line" && area.cursor.column == 0)
        area.handle(.end)
        area.handle(.ctrl("w"))
        #expect(area.text == "second ")
    }

    @Test func upAndDownKeepTheDisplayColumn() {
        var area = TextArea(text: "王小明 logged in\nshort\n支付失败 again")
        area.cursor = TextPosition(line: 0, column: 4)   // after "王小明 ", display column 7
        area.handle(.down)
        #expect(area.cursor == TextPosition(line: 1, column: 5))   // short line: its end
        area.handle(.down)
        // Display column 7 falls inside 败 (columns 6-7): the cursor stops before it, at column 6.
        #expect(area.cursor == TextPosition(line: 2, column: 3))
        area.handle(.up)
        area.handle(.up)
        #expect(area.cursor == TextPosition(line: 0, column: 4))   // preferred column remembered
    }

    @Test func softWrapMovesByScreenRow() {
        var area = TextArea(text: "the quick brown fox jumps", viewportWidth: 11, viewportHeight: 5)
        // Wrapped at 10 columns (one kept for the cursor): "the quick ", "brown fox ", "jumps".
        let screen = render(area, width: 11, height: 4)
        #expect(screen.lines() == ["the quick", "brown fox", "jumps", ""])
        #expect(screen.cursor == Point(x: 5, y: 2))
        area.handle(.up)
        #expect(area.cursor == TextPosition(line: 0, column: 15))  // "brown" + cursor at col 5
        area.handle(.up)
        #expect(area.cursor == TextPosition(line: 0, column: 5))
        area.handle(.end)
        #expect(render(area, width: 11, height: 4).cursor == Point(x: 5, y: 2))
    }

    @Test func wideCharactersWrapWithoutSplitting() {
        let area = TextArea(text: "王小明王小明")
        let screen = render(area, width: 6, height: 3)
        // 5 usable columns: two wide chars per row.
        #expect(screen.lines() == ["王小", "明王", "小明"])
        #expect(screen.cursor == Point(x: 4, y: 2))
    }

    @Test func scrollsToKeepTheCursorVisible() {
        var area = TextArea(text: (1...10).map { "line \($0)" }.joined(separator: "\n"), viewportWidth: 20, viewportHeight: 3)
        var screen = render(area, width: 20, height: 3)
        #expect(screen.lines() == ["line 8", "line 9", "line 10"])
        area = area.scrolledToCursor()
        #expect(area.scrollRow == 7)
        area.handle(.pageUp)
        screen = render(area, width: 20, height: 3)
        #expect(area.cursor.line == 6)
        #expect(screen.lines() == ["line 7", "line 8", "line 9"])
        #expect(screen.cursor == Point(x: 6, y: 0))
    }

    @Test func pasteKeepsLinesAndSanitises() {
        var area = TextArea(text: "Hello ,")
        area.cursor = TextPosition(line: 0, column: 6)
        area.insert("Budi\r\nplease \u{1B}[31mcheck\u{1B}[0m")
        #expect(area.text == "Hello Budi\nplease check,")
        #expect(area.cursor == TextPosition(line: 1, column: 12))
    }

    @Test func placeholderWhenEmpty() {
        let area = TextArea(placeholder: "Write a reply to the customer")
        let screen = render(area, width: 12, height: 3)
        #expect(screen.lines() == ["Write a", "reply to the", "customer"])
        #expect(screen.cursor == Point(x: 0, y: 0))
        #expect(screen[0, 0].style.dim)
    }

    @Test func tabIsLeftToTheApp() {
        var area = TextArea()
        let handled = area.handle(.tab)
        #expect(!handled && area.isEmpty)
    }
}
