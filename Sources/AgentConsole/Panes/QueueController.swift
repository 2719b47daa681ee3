import Foundation
import SupportAPI
import SupportCore
import SupportStore
import TermUI

/// The queue pane's state: which view, sort and filter, and the keyset window over it.
package struct QueuePaneState {
    package var view: QueueView = .mine
    var sort: QueueSort = .slaDue
    var filterText = ""
    var query = Query(source: "", terms: [])
    package var window = KeysetWindow<TicketSummary>()
    package var counts: [QueueView: Int] = [:]
    /// An agent's own part of `counts`, while every change since it was read is known to
    /// have left it as it was (`ConsoleController.headerCounts`); nil: not known.
    var ownCounts: OwnQueueCounts?
}

/// The queue pane's behaviour (drawn by `QueuePane`, or `TicketPane` while a ticket is
/// open, whose timeline the moving keys then scroll). The queue's views, sorts and
/// filter are `update`'s (`setView`, `setSort`, `applyFilter`): the palette reaches them too.
struct QueueController: PaneController {
    let console: ConsoleController

    func handle(_ action: Action) -> Outcome {
        if let delta = step(action) {
            if state.ticket != nil {
                console.scrollTimeline(by: delta)
                return .handled
            }
            perform {
                try state.queue.window.move(by: delta, console.queueSource)
                try console.followSelection()
            }
            console.readAheadInQueue(after: delta)
            return .handled
        }
        switch action {
        case .home, .end:
            let toEnd = action == .end
            if state.ticket != nil {
                if toEnd {
                    console.scrollTimelineToLatest()
                } else {
                    // Home at the top of the entries held reads the page before them.
                    if state.ticket?.scroll == 0 { perform { try console.loadEarlierEntries() } }
                    state.ticket?.scroll = 0
                }
                return .handled
            }
            perform {
                let source = console.queueSourceForJump(toEnd: toEnd)
                if toEnd { try state.queue.window.end(source) } else { try state.queue.window.home(source) }
                try console.followSelection()
            }
            console.readAheadInQueue(after: 0)
        case .open:
            guard let row = state.queue.window.selectedRow else { break }
            perform { try console.openTicket(number: row.number) }
            // Others learn who is looking once the ticket is on screen.
            console.announcePresence(on: row.number, .viewing)
        default:
            return .ignored
        }
        return .handled
    }

    /// The list's `row`th visible row, counted from the scroll offset kept in state.
    func click(row: Int) {
        guard state.ticket == nil else { return }
        perform {
            try state.queue.window.select(state.queue.window.scroll + row, console.queueSource)
            try console.followSelection()
        }
    }
}
