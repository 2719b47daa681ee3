import Testing
@testable import TermUI

@Suite struct ListStateTests {
    @Test func movingKeepsTheSelectionVisible() {
        var list = ListState(count: 100, viewportHeight: 10)
        #expect(list.selected == 0 && list.offset == 0)
        list.move(by: 9)
        #expect(list.selected == 9 && list.offset == 0)
        list.move(by: 1)
        #expect(list.selected == 10 && list.offset == 1)
        list.move(by: -5)
        #expect(list.selected == 5 && list.offset == 1)
        list.move(by: -100)
        #expect(list.selected == 0 && list.offset == 0)
        list.move(by: 1000)
        #expect(list.selected == 99 && list.offset == 90)
        #expect(list.visibleRange == 90..<100)
    }

    @Test func pagingKeepsTheScreenLineUntilTheEnd() {
        var list = ListState(count: 25, viewportHeight: 10)
        list.move(by: 3)
        list.pageDown()
        #expect(list.selected == 13 && list.offset == 10)
        list.pageDown()
        #expect(list.selected == 23 && list.offset == 15)
        list.pageDown()
        #expect(list.selected == 24 && list.offset == 15)
        list.pageUp()
        #expect(list.selected == 14 && list.offset == 5)
        list.pageUp()
        #expect(list.selected == 4 && list.offset == 0)
        list.pageUp()
        #expect(list.selected == 0 && list.offset == 0)
    }

    @Test func homeAndEnd() {
        var list = ListState(count: 50, viewportHeight: 7)
        list.end()
        #expect(list.selected == 49 && list.offset == 43)
        list.home()
        #expect(list.selected == 0 && list.offset == 0)
    }

    @Test func countChangesClampSelectionAndOffset() {
        var list = ListState(count: 100, viewportHeight: 10)
        list.select(95)
        list.setCount(50)
        #expect(list.selected == 49 && list.offset == 40)
        list.setCount(5)
        #expect(list.selected == 4 && list.offset == 0)
        list.setCount(0)
        #expect(list.selected == nil && list.offset == 0 && list.visibleRange.isEmpty)
        list.move(by: 1)
        list.pageDown()
        #expect(list.selected == nil)
        list.setCount(3)
        #expect(list.selected == 0)
    }

    @Test func growingTheListKeepsTheWindow() {
        var list = ListState(count: 30, viewportHeight: 10)
        list.select(15)
        let offset = list.offset
        list.setCount(1000)
        #expect(list.selected == 15 && list.offset == offset)
    }

    @Test func resizingTheViewportKeepsTheSelectionVisible() {
        var list = ListState(count: 100, viewportHeight: 20)
        list.select(19)
        list.viewportHeight = 5
        #expect(list.visibleRange.contains(19))
        list.viewportHeight = 0
        #expect(list.viewportHeight == 1 && list.offset == 19)
    }

    @Test func wheelScrollingDragsTheSelectionAlongOnlyWhenItLeaves() {
        var list = ListState(count: 100, viewportHeight: 10)
        list.select(5)
        list.scroll(by: 3)
        #expect(list.offset == 3 && list.selected == 5)
        list.scroll(by: 5)
        #expect(list.offset == 8 && list.selected == 8)
        list.scroll(by: -8)
        #expect(list.offset == 0 && list.selected == 8)
    }

    @Test func clickRowsMapToIndexes() {
        var list = ListState(count: 12, viewportHeight: 10)
        list.end()
        #expect(list.index(atVisibleRow: 0) == 2)
        #expect(list.index(atVisibleRow: 9) == 11)
        #expect(list.index(atVisibleRow: 10) == nil)
        #expect(list.index(atVisibleRow: -1) == nil)
    }
}
