import Testing
@testable import TermUI

@Suite struct RectTests {
    let area = Rect(x: 2, y: 1, width: 80, height: 24)

    @Test func containsAndInset() {
        #expect(area.contains(x: 2, y: 1))
        #expect(area.contains(x: 81, y: 24))
        #expect(!area.contains(x: 82, y: 1))
        #expect(!area.contains(x: 2, y: 25))
        #expect(area.inset(by: 1) == Rect(x: 3, y: 2, width: 78, height: 22))
        #expect(Rect(x: 0, y: 0, width: 1, height: 1).inset(by: 1).isEmpty)
        #expect(area.inset(top: 1, left: 2) == Rect(x: 4, y: 2, width: 78, height: 23))
    }

    @Test func splitByRatiosAddsUpExactly() {
        let columns = area.splitHorizontally(ratios: [1, 1, 1])
        #expect(columns.map(\.width) == [27, 27, 26])
        #expect(columns.map(\.x) == [2, 29, 56])
        #expect(columns.allSatisfy { $0.y == 1 && $0.height == 24 })
        let rows = area.splitVertically(ratios: [1, 2])
        #expect(rows.map(\.height) == [8, 16])
        #expect(rows.map(\.y) == [1, 9])
    }

    @Test func splitMixesFixedAndFlexWithSpacing() {
        let parts = area.splitHorizontally([.fixed(20), .flex(1), .flex(3)], spacing: 1)
        #expect(parts.map(\.width) == [20, 15, 43])
        #expect(parts.map(\.x) == [2, 23, 39])
        #expect(parts.last!.maxX == area.maxX)
    }

    @Test func fixedPartsAreCutWhenSpaceRunsOut() {
        let narrow = Rect(x: 0, y: 0, width: 10, height: 1)
        #expect(narrow.splitHorizontally(widths: [6, 6, 6]).map(\.width) == [6, 4, 0])
        #expect(narrow.splitHorizontally([.fixed(8), .flex(1)]).map(\.width) == [8, 2])
        #expect(narrow.splitVertically(heights: [3]).map(\.height) == [1])
    }

    @Test func distributeHandlesEdgeCases() {
        #expect(Layout.distribute(10, []) == [])
        #expect(Layout.distribute(0, [.flex(1), .flex(1)]) == [0, 0])
        #expect(Layout.distribute(7, [.flex(0), .flex(1)]) == [0, 7])
        #expect(Layout.distribute(100, [.flex(1), .flex(1), .flex(1)]).reduce(0, +) == 100)
    }

    @Test func centeredAndIntersection() {
        let screen = Rect(x: 0, y: 0, width: 80, height: 24)
        #expect(screen.centered(width: 40, height: 10) == Rect(x: 20, y: 7, width: 40, height: 10))
        #expect(screen.centered(width: 100, height: 30) == screen)
        #expect(screen.intersection(Rect(x: 70, y: 20, width: 20, height: 20)) == Rect(x: 70, y: 20, width: 10, height: 4))
        #expect(screen.intersection(Rect(x: 90, y: 0, width: 5, height: 5)).isEmpty)
    }
}
