import Foundation
import SupportCore
import Testing
import TermUI
@testable import AgentConsole

/// A click selects the row drawn under the pointer, also after the list scrolled: the
/// scroll offset is state kept by `update`, not worked out on a copy while drawing.
@Suite struct MouseAfterScrollTests {
    /// The ticket number drawn on screen line `y` of the queue (its first column).
    static func numberDrawn(_ c: HeadlessConsole, y: Int) -> Int64? {
        let line = c.lines[y].dropFirst()   // the pane's left border
        return Int64(line.drop { !$0.isNumber }.prefix { $0.isNumber })
    }

    @Test func aClickAfterScrollingPastAPageSelectsTheClickedRow() throws {
        let c = try HeadlessConsole(width: 120, height: 40)
        c.controller.update(.setView(.all))
        c.press(.pageDown, .pageDown)
        let scroll = c.state.queue.window.scroll
        #expect(scroll > 0, "two pages down must scroll the queue")
        // Queue rows start below the header line, the border and the column header: y = 3.
        let y = 3 + 4
        let drawn = try #require(Self.numberDrawn(c, y: y))
        #expect(drawn != c.state.queue.window.selectedRow?.number)

        c.controller.handle(.mouse(MouseEvent(x: 5, y: y, button: .left)))
        #expect(c.state.queue.window.selectedRow?.number == drawn)
        // Selecting a visible row does not move the view: the same row stays under the pointer.
        #expect(c.state.queue.window.scroll == scroll)
        #expect(Self.numberDrawn(c, y: y) == drawn)
    }
}
