import Testing
@testable import TermUI

private func type(_ text: String, into field: inout TextField) {
    for character in text { field.handle(.char(character)) }
}

@Suite struct TextFieldTests {
    @Test func typingAndCursorMovement() {
        var field = TextField()
        type("helo", into: &field)
        field.handle(.left)
        type("l", into: &field)
        #expect(field.text == "hello" && field.cursor == 4)
        field.handle(.ctrl("a"))
        #expect(field.cursor == 0)
        field.handle(.end)
        #expect(field.cursor == 5)
        let movedPastEnd = field.handle(.right)
        let tookTab = field.handle(.tab)
        let tookEnter = field.handle(.enter)
        #expect(!movedPastEnd && !tookTab && !tookEnter)   // nothing to do / not editing keys
    }

    @Test func deletion() {
        var field = TextField(text: "status:open prio:p1")
        field.handle(.backspace)
        #expect(field.text == "status:open prio:p")
        field.handle(.home)
        field.handle(.delete)
        #expect(field.text == "tatus:open prio:p")
        field.handle(.ctrl("d"))
        #expect(field.text == "atus:open prio:p")
        var empty = TextField()
        let deleted = empty.handle(.backspace)
        #expect(!deleted)
    }

    @Test func killCommands() {
        var field = TextField(text: "status:open prio:p1 sla:breached")
        field.handle(.ctrl("w"))
        #expect(field.text == "status:open prio:p1 ")
        field.handle(.ctrl("w"))
        #expect(field.text == "status:open ")
        field.handle(.home)
        field.handle(.alt("f"))
        #expect(field.cursor == 6)
        field.handle(.ctrl("k"))
        #expect(field.text == "status" && field.cursor == 6)
        field.handle(.left)
        field.handle(.ctrl("u"))
        #expect(field.text == "s" && field.cursor == 0)
    }

    @Test func wordMoves() {
        var field = TextField(text: "cp:tokopedia amount:>=100000")
        field.handle(.alt("b"))
        #expect(field.cursor == 22)                    // start of 100000
        field.handle(.alt("b"))
        #expect(field.cursor == 13)                    // start of amount
        field.handle(.alt("d"))
        #expect(field.text == "cp:tokopedia :>=100000")
        field.handle(.home)
        field.handle(.alt("f"))
        field.handle(.alt("f"))
        #expect(field.cursor == 12)
    }

    @Test func wideCharactersAndCombiningInput() {
        var field = TextField()
        type("王小明", into: &field)
        field.handle(.backspace)
        #expect(field.text == "王小" && field.cursor == 2)
        field.handle(.char("e"))
        field.handle(.char("\u{301}"))               // a combining mark typed on its own joins the e
        #expect(field.text == "王小e\u{301}" && field.cursor == 3)
        #expect(field.cursorPosition(in: Rect(x: 0, y: 0, width: 20, height: 1)).x == 5)
    }

    @Test func pasteIsSanitisedToOneLineAndLimited() {
        var field = TextField(maxLength: 10)
        field.insert("ab\ncd\u{1B}[31mef\u{1B}[0m")
        #expect(field.text == "ab cdef")
        field.insert("0123456789")
        #expect(field.text == "ab cdef012")
        let inserted = field.insert("x")
        #expect(!inserted)
        var unlimited = TextField(text: "x\u{202E}y")
        #expect(unlimited.text == "xy")
        unlimited.text = "new\ttext"
        #expect(unlimited.text == "new text" && unlimited.cursor == 8)
    }

    @Test func drawsPlaceholderAndCursor() {
        var screen = Screen(width: 12, height: 1)
        let field = TextField(placeholder: "filter…")
        field.draw(into: &screen, in: Rect(x: 2, y: 0, width: 8, height: 1), focused: true)
        #expect(screen.lines() == ["  filter…"])
        #expect(screen.cursor == Point(x: 2, y: 0))
        #expect(screen[2, 0].style.dim)
    }

    @Test func scrollsToKeepTheCursorVisible() {
        var screen = Screen(width: 6, height: 1)
        var field = TextField(text: "abcdefghij")
        field.draw(into: &screen, in: screen.bounds, focused: true)
        #expect(screen.lines() == ["fghij"])           // the cursor sits after j, in column 5
        #expect(screen.cursor == Point(x: 5, y: 0))
        field.handle(.home)
        field.draw(into: &screen, in: screen.bounds, focused: true)
        #expect(screen.lines() == ["abcdef"])
        #expect(screen.cursor == Point(x: 0, y: 0))
    }

    @Test func storedScrollStopsTheViewFromJumping() {
        var field = TextField(text: "abcdefghij")
        field = field.scrolledToCursor(width: 6)
        #expect(field.scroll == 5)
        field.handle(.left)
        field.handle(.left)
        #expect(field.visibleScroll(width: 6) == 5)    // moving inside the view does not scroll
        for _ in 0..<4 { field.handle(.left) }
        #expect(field.visibleScroll(width: 6) == 4)    // cursor at column 4 pulls the view left
    }

    @Test func horizontalScrollNeverShowsHalfAWideCharacter() {
        var screen = Screen(width: 5, height: 1)
        var field = TextField(text: "王小明王小")         // 10 columns
        field.scroll = 3
        field.handle(.left)
        field.handle(.left)
        field.draw(into: &screen, in: screen.bounds, focused: true)
        // Columns 3..<8: the right half of 小 shows as a space, then 明 and 王.
        #expect(screen.lines(trimmingTrailingSpaces: false) == [" 明王"])
        #expect(screen.cursor == Point(x: 3, y: 0))
    }
}
