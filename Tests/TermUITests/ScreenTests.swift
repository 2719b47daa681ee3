import Testing
@testable import TermUI

@Suite struct ScreenTests {
    @Test func putWritesTextAndReportsColumns() {
        var screen = Screen(width: 10, height: 2)
        #expect(screen.put("hello", at: 1, 0) == 5)
        #expect(screen.put("王小", at: 0, 1) == 4)
        #expect(screen.lines() == [" hello", "王小"])
        #expect(screen[1, 1].isContinuation)
        #expect(screen[0, 1].grapheme == "王")
    }

    @Test func putClipsAtTheRightEdge() {
        var screen = Screen(width: 6, height: 1)
        #expect(screen.put("abcdefgh", at: 2, 0) == 4)
        #expect(screen.lines() == ["  abcd"])
    }

    @Test func wideCharacterThatDoesNotFitLeavesASpace() {
        var screen = Screen(width: 5, height: 2)
        screen.fill(screen.bounds, char: "x")
        #expect(screen.put("王小明", at: 0, 0) == 5)
        #expect(screen.lines(trimmingTrailingSpaces: false) == ["王小 ", "xxxxx"])
        #expect(!screen[4, 0].isContinuation)
        #expect(screen[4, 0].grapheme == " ")
        // maxWidth clips the same way.
        #expect(screen.put("明明", at: 0, 1, maxWidth: 3) == 3)
        #expect(screen.lines()[1] == "明 xx")
    }

    @Test func textStartingLeftOfTheScreenIsClipped() {
        var screen = Screen(width: 4, height: 1)
        #expect(screen.put("王ab", at: -1, 0) == 3)
        #expect(screen.lines() == [" ab"])
    }

    @Test func overwritingHalfOfAWideCharacterBlanksTheOtherHalf() {
        var screen = Screen(width: 6, height: 2)
        screen.put("王小明", at: 0, 0)
        screen.put("x", at: 1, 0)              // right half of 王
        #expect(screen.lines(trimmingTrailingSpaces: false)[0] == " x小明")
        screen.put("y", at: 2, 0)              // left half of 小
        #expect(screen.lines(trimmingTrailingSpaces: false)[0] == " xy 明")
        #expect(!screen[3, 0].isContinuation)

        screen.put("ab王", at: 0, 1)
        screen.put("文", at: 1, 1)              // wide over b and left half of 王
        #expect(screen.lines(trimmingTrailingSpaces: false)[1] == "a文   ")
        for x in 0..<6 where screen[x, 1].isContinuation {
            #expect(x > 0 && DisplayWidth.of(screen[x - 1, 1].grapheme) == 2)
        }
    }

    @Test func putSanitisesUntrustedText() {
        var screen = Screen(width: 20, height: 1)
        screen.put("a\u{1B}[31mb\u{1B}]0;x\u{07}c\u{202E}d\ne", at: 0, 0)
        #expect(screen.lines() == ["abcd e"])
    }

    @Test func putDropsLoneCombiningMarksAndKeepsClusters() {
        var screen = Screen(width: 6, height: 1)
        #expect(screen.put("\u{301}e\u{301}👍", at: 0, 0) == 3)
        #expect(screen[0, 0].grapheme == "e\u{301}")
        #expect(screen[1, 0].grapheme == "👍")
    }

    @Test func fillCoversTheRectAndClips() {
        var screen = Screen(width: 5, height: 3)
        screen.fill(Rect(x: 3, y: 1, width: 10, height: 10), char: "#", style: Style(bold: true))
        #expect(screen.lines() == ["", "   ##", "   ##"])
        #expect(screen[4, 2].style.bold)
        screen.fill(Rect(x: 0, y: 0, width: 5, height: 1), char: "王")
        #expect(screen.lines()[0] == "王王")
    }

    @Test func fillOverHalfAWideCharacterBlanksTheOtherHalf() {
        var screen = Screen(width: 4, height: 1)
        screen.put("王小", at: 0, 0)
        screen.fill(Rect(x: 1, y: 0, width: 2, height: 1), char: "-")
        #expect(screen.lines(trimmingTrailingSpaces: false) == [" -- "])
    }

    @Test func lightBoxWithTitle() {
        var screen = Screen(width: 12, height: 4)
        screen.box(screen.bounds, title: "Queue")
        #expect(screen.lines() == [
            "┌ Queue ───┐",
            "│          │",
            "│          │",
            "└──────────┘",
        ])
    }

    @Test func heavyAndDoubleBoxesAndLongTitles() {
        var screen = Screen(width: 10, height: 3)
        screen.box(screen.bounds, title: "王小明的账户", border: .heavy)
        #expect(screen.lines() == [
            "┏ 王小… ━┓",
            "┃        ┃",
            "┗━━━━━━━━┛",
        ])
        var double = Screen(width: 4, height: 2)
        double.box(double.bounds, border: .double)
        #expect(double.lines() == ["╔══╗", "╚══╝"])
        var tiny = Screen(width: 1, height: 1)
        tiny.box(tiny.bounds)
        #expect(tiny.lines() == [""])
    }

    @Test func lineHelpers() {
        var screen = Screen(width: 3, height: 3)
        screen.horizontalLine(at: 0, 1, length: 3)
        screen.verticalLine(at: 1, 0, length: 3)
        #expect(screen.lines() == [" │", "─│─", " │"])
    }

    @Test func restyleKeepsText() {
        var screen = Screen(width: 3, height: 1)
        screen.put("abc", at: 0, 0)
        screen.restyle(Rect(x: 1, y: 0, width: 5, height: 1)) { $0.reversed() }
        #expect(screen.lines() == ["abc"])
        #expect(!screen[0, 0].style.reverse && screen[1, 0].style.reverse && screen[2, 0].style.reverse)
    }

    @Test func diffFindsOnlyChangedRuns() {
        var before = Screen(width: 10, height: 3)
        before.put("row one", at: 0, 0)
        before.put("row two", at: 0, 1)
        var after = before
        after.put("X", at: 4, 1)
        after.put("Y", at: 6, 1)
        after.put("Z", at: 9, 2)
        let runs = after.diff(from: before)
        #expect(runs.map { [$0.x, $0.y, $0.cells.count] } == [[4, 1, 1], [6, 1, 1], [9, 2, 1]])
        #expect(before.diff(from: before).isEmpty)
    }

    @Test func diffKeepsWideCharactersWhole() {
        var before = Screen(width: 6, height: 1)
        before.put("ab王", at: 0, 0)
        var after = before
        after.put("c", at: 3, 0)     // right half of 王: both halves change
        let runs = after.diff(from: before)
        #expect(runs.count == 1)
        #expect(runs[0].x == 2 && runs[0].cells.map(\.grapheme) == [" ", "c"])

        var wide = before
        wide.put("明", at: 2, 0)     // same place, different wide char
        let wideRuns = wide.diff(from: before)
        #expect(wideRuns.count == 1 && wideRuns[0].x == 2 && wideRuns[0].cells.count == 2)
        #expect(wideRuns[0].cells[1].isContinuation)
    }

    @Test func diffOfDifferentSizesIsEverything() {
        let small = Screen(width: 3, height: 2)
        let large = Screen(width: 4, height: 2)
        let runs = large.diff(from: small)
        #expect(runs.count == 2 && runs.allSatisfy { $0.x == 0 && $0.cells.count == 4 })
    }

    @Test func styleChangeAloneIsADifference() {
        var before = Screen(width: 4, height: 1)
        before.put("abcd", at: 0, 0)
        var after = before
        after.restyle(Rect(x: 1, y: 0, width: 2, height: 1)) { $0.bolded() }
        #expect(after.diff(from: before).map(\.x) == [1])
        #expect(after.diff(from: before)[0].cells.count == 2)
    }
}
