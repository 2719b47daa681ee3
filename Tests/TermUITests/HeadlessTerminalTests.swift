import Testing
@testable import TermUI

/// The selection and scroll of a list of `count` rows, as an app keeps them in its state.
private struct MiniList {
    var count = 200
    var selected = 0
    var offset = 0
    var viewportHeight = 5 { didSet { keepVisible() } }

    mutating func select(_ index: Int) {
        selected = max(0, min(count - 1, index))
        keepVisible()
    }

    mutating func move(by delta: Int) { select(selected + delta) }

    mutating func pageDown() {
        offset = min(offset + viewportHeight, count - viewportHeight)
        select(selected + viewportHeight)
    }

    func index(atVisibleRow row: Int) -> Int? {
        row >= 0 && row < viewportHeight && offset + row < count ? offset + row : nil
    }

    private mutating func keepVisible() {
        if selected < offset { offset = selected }
        if selected >= offset + viewportHeight { offset = selected - viewportHeight + 1 }
    }
}

/// A tiny Elm-style app, the shape AgentConsole has: state, update, pure render.
private struct MiniApp {
    var list = MiniList()
    var filter = TextField(placeholder: "filter")
    var filtering = false
    var quit = false

    mutating func update(_ event: Event) {
        switch event {
        case .key(let key) where filtering:
            if key == .enter || key == .escape { filtering = false } else { filter.handle(key) }
        case .key(.char("j")), .key(.down): list.move(by: 1)
        case .key(.char("k")), .key(.up): list.move(by: -1)
        case .key(.pageDown): list.pageDown()
        case .key(.char("/")): filtering = true
        case .key(.char("q")): quit = true
        case .paste(let text) where filtering: filter.insert(text)
        case .mouse(let mouse) where mouse.button == .left:
            if let row = list.index(atVisibleRow: mouse.y - 1) { list.select(row) }
        case .resize(_, let height): list.viewportHeight = height - 2
        default: break
        }
    }

    /// A table over the whole screen but the last row, which is a status bar; while filtering,
    /// the filter field takes the table's header row.
    func render(width: Int, height: Int) -> Screen {
        var screen = Screen(width: width, height: height)
        let parts = screen.bounds.splitVertically([.flex(1), .fixed(1)])
        let table = Table(columns: [TableColumn("Ticket", width: 0)], x: 0, width: width)
        table.drawHeader(into: &screen, y: 0, style: Style(bold: true))
        for line in 0..<min(list.viewportHeight, parts[0].height - 1) {
            let index = list.offset + line
            guard index < list.count else { break }
            table.drawRow(into: &screen, ["ticket \(index)"], y: 1 + line, style: index == list.selected ? Style(reverse: true) : .plain)
        }
        StatusBar(left: [StatusSegment(filtering ? "FILTER" : "NORMAL")]).draw(into: &screen, in: parts[1])
        if filtering {
            filter.draw(into: &screen, in: Rect(x: 0, y: 0, width: width, height: 1), focused: true)
        }
        return screen
    }
}

private func run(_ app: inout MiniApp, on terminal: HeadlessTerminal) {
    terminal.present(app.render(width: terminal.size.width, height: terminal.size.height))
    while !app.quit, let event = terminal.nextEvent(timeoutMilliseconds: 100) {
        app.update(event)
        terminal.present(app.render(width: terminal.size.width, height: terminal.size.height))
    }
    terminal.shutdown()
}

@Suite struct HeadlessTerminalTests {
    @Test func scriptedEventsDriveTheLoopAndFramesAreRecorded() {
        let terminal = HeadlessTerminal(width: 20, height: 7, events: [.key(.char("j")), .key(.char("j")), .key(.char("q"))])
        var app = MiniApp()
        run(&app, on: terminal)
        #expect(terminal.presentCount == 4)
        #expect(terminal.isShutDown)
        #expect(terminal.pendingEvents.isEmpty)
        #expect(app.list.selected == 2)
        #expect(terminal.lastScreen?.lines() == ["Ticket", "ticket 0", "ticket 1", "ticket 2", "ticket 3", "ticket 4", "NORMAL"])
    }

    @Test func movingTheSelectionRewritesOnlyTwoRows() {
        let terminal = HeadlessTerminal(width: 40, height: 12, events: [.key(.down), .key(.down)])
        var app = MiniApp()
        run(&app, on: terminal)
        #expect(terminal.changedCellCounts.first == 40 * 12)
        // The old and the new selected row, nothing else.
        #expect(terminal.changedCellCounts.dropFirst().allSatisfy { $0 == 2 * 40 })
        let last = terminal.presented[terminal.presented.count - 1]
        let previous = terminal.presented[terminal.presented.count - 2]
        #expect(Set(last.diff(from: previous).map(\.y)) == [2, 3])
    }

    @Test func filteringTakesKeysAndPastesAsText() {
        let terminal = HeadlessTerminal(width: 20, height: 5, events: [
            .key(.char("/")), .key(.char("q")), .paste("status:open\nprio:p1"), .key(.enter), .key(.char("q")),
        ])
        var app = MiniApp()
        run(&app, on: terminal)
        #expect(app.filter.text == "qstatus:open prio:p1")
        #expect(terminal.presentCount == 6)
        let typing = terminal.presented[2]
        #expect(typing.lines()[0] == "q")
        #expect(typing.cursor == Point(x: 1, y: 0))
        #expect(typing.lines()[4] == "FILTER")
        #expect(terminal.lastScreen?.cursor == nil)
    }

    @Test func mouseClicksSelectRows() {
        let terminal = HeadlessTerminal(width: 20, height: 7, events: [.mouse(MouseEvent(x: 3, y: 4, button: .left))])
        var app = MiniApp()
        run(&app, on: terminal)
        #expect(app.list.selected == 3)
    }

    @Test func resizeChangesSizeQueuesAnEventAndRedrawsEverything() {
        let terminal = HeadlessTerminal(width: 20, height: 7)
        var app = MiniApp()
        terminal.present(app.render(width: 20, height: 7))
        terminal.resize(width: 30, height: 10)
        #expect(terminal.size == (30, 10) as (Int, Int))
        let event = terminal.nextEvent(timeoutMilliseconds: 0)
        #expect(event == .resize(width: 30, height: 10))
        app.update(event!)
        terminal.present(app.render(width: 30, height: 10))
        #expect(terminal.changedCellCounts == [140, 300])
        #expect(app.list.viewportHeight == 8)
        #expect(terminal.nextEvent(timeoutMilliseconds: 1000) == nil)     // script exhausted: no waiting
    }

    @Test func suspendAndResumeForceAFullRedraw() {
        let terminal = HeadlessTerminal(width: 10, height: 2)
        let screen = Screen(width: 10, height: 2)
        terminal.present(screen)
        terminal.present(screen)
        terminal.suspend()
        #expect(terminal.isSuspended)
        terminal.resume()
        terminal.present(screen)
        #expect(terminal.changedCellCounts == [20, 0, 20])
        #expect(terminal.suspendCount == 1 && terminal.resumeCount == 1 && !terminal.isSuspended)
        terminal.shutdown()
        terminal.shutdown()
        #expect(terminal.isShutDown)
    }

    @Test func historyLimitKeepsMemoryBoundedForBenchmarks() {
        let terminal = HeadlessTerminal(width: 5, height: 1, historyLimit: 3)
        for i in 0..<10 {
            var screen = Screen(width: 5, height: 1)
            screen.put("\(i)", at: 0, 0)
            terminal.present(screen)
        }
        #expect(terminal.presented.count == 3)
        #expect(terminal.presentCount == 10)
        #expect(terminal.lastScreen?.lines() == ["9"])
    }
}
