import SupportCore
import SupportStore
import Synchronization
import TermUI

/// Where the open ticket's header, timeline and composer fall in its pane. Drawing and
/// scrolling both read it, so the keys move by exactly the lines the agent sees.
struct TimelineLayout {
    var header: [(String, Style)]
    var lines: [(String, Style)]
    var timelineTop: Int
    var timelineHeight: Int
    var composerHeight: Int

    init(_ state: ConsoleState, _ view: TicketViewState, rect: Rect) {
        let inner = rect.inset(by: 1)
        header = TicketPane.headerLines(state, view)
        if case .composer = state.mode { composerHeight = max(5, inner.height / 3) } else { composerHeight = 0 }
        timelineTop = header.count + 1
        timelineHeight = max(0, inner.height - timelineTop - composerHeight)
        lines = Self.lines(LinesKey(events: view.events, width: inner.width - 2, theme: state.theme, deliveries: view.deliveries,
                                    language: state.agentLanguage))
        // Older entries are not held: a line above the first says so, and scrolling past it
        // reads them (`ConsoleController.scrollTimeline`).
        if view.hasEarlier { lines.insert((state.t(.ticketEarlierEntries), state.theme.style("muted")), at: 0) }
    }

    /// What the laid-out timeline depends on.
    struct LinesKey: Equatable, Sendable {
        var events: [TicketEvent]
        var width: Int
        var theme: Theme
        var deliveries: [Int64: DeliveryStatus]
        var language: ContentLanguage
    }

    /// The last layout's lines, reused while its inputs are equal. Each event lays the
    /// timeline out three times (where the reader stood, where the key left them, the
    /// frame), and most keys change none of its inputs; wrapping every entry of a long
    /// ticket again was most of a frame (10–40 ms at 500 entries). Comparing the inputs
    /// is a pass over the events without any wrapping or measuring.
    private static let memo = Mutex<(key: LinesKey, lines: [(String, Style)])?>(nil)

    /// Each entry's lines from the last layout, by event id, for its width, theme and
    /// language. When the timeline changes — an entry added, a note sent, a delivery's state
    /// — only the entries that differ are wrapped again: on a ticket of hundreds of entries,
    /// re-wrapping all of them after a change was two thirds of the key's time.
    struct EntryMemo {
        var width: Int
        var theme: Theme
        var language: ContentLanguage
        var entries: [Int64: (event: TicketEvent, delivery: DeliveryStatus?, lines: [(String, Style)])] = [:]
    }

    private static let entryMemo = Mutex<EntryMemo?>(nil)

    static func lines(_ key: LinesKey) -> [(String, Style)] {
        if let hit = memo.withLock({ $0?.key == key ? $0?.lines : nil }) { return hit }
        let lines = entryMemo.withLock { layOut(key, reusing: &$0).lines }
        memo.withLock { $0 = (key, lines) }
        return lines
    }

    /// The timeline's lines, reusing `memo`'s entries that are unchanged, and how many
    /// entries had to be wrapped. Only this timeline's entries are kept in `memo` afterwards.
    static func layOut(_ key: LinesKey, reusing memo: inout EntryMemo?) -> (lines: [(String, Style)], wrapped: Int) {
        if memo?.width != key.width || memo?.theme != key.theme || memo?.language != key.language {
            memo = EntryMemo(width: key.width, theme: key.theme, language: key.language)
        }
        let previous = memo?.entries ?? [:]
        var kept: [Int64: (event: TicketEvent, delivery: DeliveryStatus?, lines: [(String, Style)])] = [:]
        kept.reserveCapacity(key.events.count)
        var lines: [(String, Style)] = []
        var wrapped = 0
        for event in key.events {
            let delivery = key.deliveries[event.id]
            let entry: [(String, Style)]
            if let old = previous[event.id], old.delivery == delivery, old.event == event {
                entry = old.lines
            } else {
                entry = TicketPane.entryLines(event, width: key.width, theme: key.theme, delivery: delivery, language: key.language)
                wrapped += 1
            }
            kept[event.id] = (event, delivery, entry)
            lines += entry
        }
        memo?.entries = kept
        return (lines, wrapped)
    }

    /// The offset that shows the newest entry on the last row.
    var maxScroll: Int { max(0, lines.count - timelineHeight) }

    /// The timeline's layout on the current screen, or nil when its pane is not shown
    /// (another tab is in front at 80 columns).
    static func current(_ state: ConsoleState) -> TimelineLayout? {
        guard let view = state.ticket, let rect = ticketRect(state) else { return nil }
        return TimelineLayout(state, view, rect: rect)
    }

    /// The ticket's own part of the queue pane: a complaint's record takes the right
    /// side when there is room.
    static func ticketRect(_ state: ConsoleState) -> Rect? {
        let layout = ConsoleLayout(width: state.width, height: state.height, tabs: state.usesTabs, focus: state.focus)
        guard let rect = layout.rect(for: .queue) else { return nil }
        guard state.ticket?.ticket.category == .complaint, complaintBeside(rect) else { return rect }
        return rect.splitHorizontally([.flex(1), .fixed(complaintWidth(rect))])[0]
    }

    /// A complaint's record sits beside the timeline from 90 columns of pane.
    static func complaintBeside(_ rect: Rect?) -> Bool { (rect?.width ?? 0) >= 90 }

    static func complaintWidth(_ rect: Rect) -> Int { max(40, min(60, rect.width * 2 / 5)) }
}
