import Testing
@testable import TermUI

@Suite struct TabsTests {
    @Test func activeTabIsStyledAndClickable() {
        let tabs = Tabs(titles: ["Queue", "客户", "Tx"], active: 1)
        var screen = Screen(width: 24, height: 1)
        tabs.draw(into: &screen, in: screen.bounds)
        #expect(screen.lines() == [" Queue   客户   Tx"])
        #expect(screen[8, 0].style.reverse && !screen[1, 0].style.reverse)
        #expect(tabs.tabIndex(atX: 2, in: screen.bounds) == 0)
        #expect(tabs.tabIndex(atX: 10, in: screen.bounds) == 1)
        #expect(tabs.tabIndex(atX: 7, in: screen.bounds) == nil)      // the gap
        #expect(tabs.tabIndex(atX: 20, in: screen.bounds) == nil)
    }

    @Test func titlesShrinkWhenTheyDoNotFit() {
        let tabs = Tabs(titles: ["Ticket queue", "Customer account", "Transactions"], active: 0)
        var screen = Screen(width: 20, height: 1)
        tabs.draw(into: &screen, in: screen.bounds)
        // Three tabs share 18 columns (two gaps): 6 each, title cut to 4 plus padding.
        #expect(screen.lines() == [" Tic…   Cus…   Tra…"])
    }
}

@Suite struct StatusBarTests {
    @Test func leftAndRightSegments() {
        let bar = StatusBar(left: [StatusSegment("NORMAL"), StatusSegment(" queue")], right: [StatusSegment("budi 09:41")])
        var screen = Screen(width: 30, height: 1)
        bar.draw(into: &screen, in: screen.bounds)
        #expect(screen.lines() == ["NORMAL queue        budi 09:41"])
        #expect((0..<30).allSatisfy { screen[$0, 0].style.reverse })
    }

    @Test func leftSideIsCutFirst() {
        let bar = StatusBar(left: [StatusSegment("Queue › #1041 › timeline")], right: [StatusSegment("budi")])
        var screen = Screen(width: 16, height: 1)
        bar.draw(into: &screen, in: screen.bounds)
        #expect(screen.lines() == ["Queue › #1… budi"])
    }

    @Test func keyHints() {
        let hints = StatusBar.hints([("q", "Quit"), ("?", "Help")], keyStyle: Style(bold: true), labelStyle: .plain)
        var screen = Screen(width: 20, height: 1)
        StatusBar(left: hints, style: .plain).draw(into: &screen, in: screen.bounds)
        #expect(screen.lines() == ["q Quit  ? Help"])
        #expect(screen[0, 0].style.bold && !screen[2, 0].style.bold && screen[8, 0].style.bold)
    }
}

@Suite struct ChartTests {
    @Test func barsScaleToTheLargestValue() {
        let chart = BarChart(items: [.init("open", 40), .init("pending", 10), .init("solved", 25)])
        var screen = Screen(width: 21, height: 3)
        chart.draw(into: &screen, in: screen.bounds)
        // Labels 7 columns, values 2, bars 10 (each cell is 8 eighths: 10 of 40 is 20 eighths).
        #expect(screen.lines() == [
            "open    ██████████ 40",
            "pending ██▌        10",
            "solved  ██████▎    25",
        ])
        var narrow = Screen(width: 20, height: 1)
        chart.draw(into: &narrow, in: narrow.bounds)
        #expect(narrow.lines() == ["open   ██████████ 40"])     // labels capped at a third
    }

    @Test func partialBlocks() {
        #expect(BarChart.bar(1, maximum: 8, width: 1) == "▏")
        #expect(BarChart.bar(4, maximum: 8, width: 1) == "▌")
        #expect(BarChart.bar(4, maximum: 8, width: 2) == "█")
        #expect(BarChart.bar(8, maximum: 8, width: 2) == "██")
        #expect(BarChart.bar(0, maximum: 8, width: 5) == "")
        #expect(BarChart.bar(-3, maximum: 8, width: 5) == "")
        #expect(BarChart.bar(100, maximum: 8, width: 3) == "███")
        #expect(BarChart.bar(.nan, maximum: 8, width: 3) == "")
    }

    @Test func sparklineLevels() {
        #expect(Sparkline(values: [0, 1, 2, 3, 4, 5, 6, 7]).render() == "▁▂▃▄▅▆▇█")
        #expect(Sparkline(values: [0, 0, 0]).render() == "▁▁▁")
        #expect(Sparkline(values: [5, 5]).render() == "██")
        #expect(Sparkline(values: [1, 2, 3, 4], range: 0...8).render() == "▂▃▄▅")
        #expect(Sparkline(values: [9, 9, 0, 7]).render(width: 2) == "▁█")
        #expect(Sparkline(values: []).render() == "")
    }

    @Test func sparklineDrawsTheMostRecentValuesRightAligned() {
        var screen = Screen(width: 6, height: 1)
        Sparkline(values: [7, 0, 7]).draw(into: &screen, in: screen.bounds)
        #expect(screen.lines() == ["   █▁█"])
    }
}

@Suite struct WrapTests {
    @Test func wrapsAtSpaces() {
        #expect(Wrap.lines("the quick brown fox", width: 10) == ["the quick", "brown fox"])
        #expect(Wrap.lines("a  b", width: 1) == ["a", "b"])
        #expect(Wrap.lines("", width: 5) == [""])
        #expect(Wrap.lines("x", width: 0) == [])
    }

    @Test func keepsHardBreaksAndEmptyLines() {
        #expect(Wrap.lines("one\n\ntwo", width: 10) == ["one", "", "two"])
        #expect(Wrap.lines("crlf\r\nline", width: 10) == ["crlf", "line"])
    }

    @Test func breaksLongWordsAtTheEdge() {
        #expect(Wrap.lines("0812345678901234", width: 6) == ["081234", "567890", "1234"])
    }

    @Test func cjkBreaksAnywhereAndNeverSplitsAWideCharacter() {
        #expect(Wrap.lines("您好我的账户被盗了", width: 7) == ["您好我", "的账户", "被盗了"])
        #expect(Wrap.lines("王小明说hello world", width: 10) == ["王小明说", "hello", "world"])
        for width in 1...12 {
            for line in Wrap.lines("支付失败 payment failed 😀😀 again", width: width) {
                #expect(line.displayWidth <= max(width, 2))
            }
        }
    }
}
