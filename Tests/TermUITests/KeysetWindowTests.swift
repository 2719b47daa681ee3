import Testing
@testable import TermUI

/// The paged list over a list fetched by key: it holds at most `maxRows` rows, every page
/// is asked for by key (the source counts what it was asked for), and walking the whole
/// list either way sees every row once, in order.
@Suite struct KeysetWindowTests {
    struct Item: Identifiable, Sendable, Equatable { var id: Int }

    /// 2,000 rows and a record of the pages asked for.
    final class Store: @unchecked Sendable {
        let items: [Item]
        var fetched = 0
        var calls = 0
        init(size: Int = 2000) { items = (0..<size).map(Item.init) }

        var source: KeysetWindow<Item>.Source {
            .init(after: { key, n in
                self.calls += 1
                let from = key.map { $0.id + 1 } ?? 0
                let page = Array(self.items[min(from, self.items.count)..<min(from + n, self.items.count)])
                self.fetched += page.count
                return page
            }, before: { key, n in
                self.calls += 1
                let page = Array(self.items[max(0, key.id - n)..<key.id])
                self.fetched += page.count
                return page
            }, last: { n in
                self.calls += 1
                let page = Array(self.items.suffix(n))
                self.fetched += page.count
                return page
            }, count: { self.calls += 1; return self.items.count })
        }
    }

    @Test func walkingDownAndUpSeesEveryRowOnceWithABoundedWindow() throws {
        let store = Store()
        var window = KeysetWindow<Item>()
        try window.reload(store.source, resetToTop: true)
        var seen: [Int] = []
        for _ in 0..<store.items.count {
            seen.append(try #require(window.selectedRow).id)
            #expect(window.rows.count <= KeysetWindow<Item>.maxRows)
            try window.move(by: 1, store.source)
        }
        #expect(seen == Array(0..<2000))
        #expect(window.selected == 1999, "the last row stays selected past the end")
        var back: [Int] = []
        for _ in 0..<store.items.count {
            back.append(try #require(window.selectedRow).id)
            #expect(window.rows.count <= KeysetWindow<Item>.maxRows)
            try window.move(by: -1, store.source)
        }
        #expect(back == Array((0..<2000).reversed()))
        // Paging, not re-reading: a walk both ways fetches each row a few times at most.
        #expect(store.fetched < 4 * store.items.count, "fetched \(store.fetched) rows")
    }

    @Test func endAndHomeJumpWithoutWalkingAndFindLooksAhead() throws {
        let store = Store()
        var window = KeysetWindow<Item>()
        try window.reload(store.source, resetToTop: true)
        try window.end(store.source)
        #expect(window.selectedRow == Item(id: 1999) && window.total == 2000)
        #expect(window.row(at: 1999 - KeysetWindow<Item>.pageSize) == nil, "only the last page is held")
        try window.home(store.source)
        #expect(window.selectedRow == Item(id: 0))
        // The search pages forward past the first page, within its limit of rows read.
        #expect(try window.select(firstWhere: { $0.id == 500 }, store.source))
        #expect(window.selectedRow == Item(id: 500))
        #expect(try !window.select(firstWhere: { $0.id == 5000 }, store.source))
        #expect(window.selectedRow == Item(id: 500), "a failed search leaves the selection")
        window.keepVisible(height: 20)
        #expect(window.scroll <= 500 && 500 < window.scroll + 20)
    }

    /// Home and End within the rows held ask nothing: through the service each ask is a
    /// round trip. Away from them, Home reads the top again and End the last page.
    @Test func homeAndEndWithinTheHeldRowsAskNothing() throws {
        let store = Store()
        var window = KeysetWindow<Item>()
        try window.reload(store.source, resetToTop: true)
        try window.move(by: 2, store.source)
        store.calls = 0
        try window.home(store.source)
        #expect(window.selectedRow == Item(id: 0) && window.scroll == 0)
        #expect(store.calls == 0, "the top is held: \(store.calls) calls")
        try window.end(store.source)
        #expect(window.selectedRow == Item(id: 1999))
        #expect(store.calls == 2, "the last page was not held")
        try window.move(by: -3, store.source)
        store.calls = 0
        try window.end(store.source)
        #expect(window.selectedRow == Item(id: 1999) && store.calls == 0, "the last row is held: \(store.calls) calls")
        try window.home(store.source)
        #expect(window.selectedRow == Item(id: 0) && window.start == 0)
        #expect(store.calls == 2, "the top was not held: count and first page")
        // Walking down from the top past the first page still sees every row in order.
        var seen: [Int] = []
        for _ in 0..<400 {
            seen.append(try #require(window.selectedRow).id)
            try window.move(by: 1, store.source)
        }
        #expect(seen == Array(0..<400))
    }

    /// End reads the count and one page (its extra first row is the anchor); walking up from
    /// the end sees every row once, so the anchor is right, and a reload after End stays on
    /// the last page. A list shorter than a page has no anchor and walks to its top.
    @Test func endReadsOnePageAndItsAnchorWalksBackThroughEveryRow() throws {
        for size in [2000, KeysetWindow<Item>.pageSize, KeysetWindow<Item>.pageSize + 1, 7] {
            let store = Store(size: size)
            var window = KeysetWindow<Item>()
            try window.reload(store.source, resetToTop: true)
            store.calls = 0
            try window.end(store.source)
            // A list the first page holds whole moves without asking.
            let asks = size <= KeysetWindow<Item>.pageSize ? 0 : 2
            #expect(store.calls == asks, "\(asks) calls (count and one page), not \(store.calls) (size \(size))")
            #expect(window.selectedRow == Item(id: size - 1))
            #expect(window.rows.count == min(size, KeysetWindow<Item>.pageSize))
            try window.reload(store.source)
            #expect(window.selectedRow == Item(id: size - 1), "a reload keeps the last page (size \(size))")
            #expect(window.rows.first == Item(id: max(0, size - KeysetWindow<Item>.pageSize)))
            var back: [Int] = []
            for _ in 0..<size {
                back.append(try #require(window.selectedRow).id)
                try window.move(by: -1, store.source)
            }
            #expect(back == Array((0..<size).reversed()), "size \(size)")
        }
    }
}
