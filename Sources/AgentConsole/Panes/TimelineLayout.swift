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

    static func lines(_ key: LinesKey) -> [(String, Style)] {
        if let hit = memo.withLock({ $0?.key == key ? $0?.lines : nil }) { return hit }
        let lines = TicketPane.timelineLines(key.events, width: key.width, theme: key.theme, deliveries: key.deliveries,
                                             language: key.language)
        memo.withLock { $0 = (key, lines) }
        return lines
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
