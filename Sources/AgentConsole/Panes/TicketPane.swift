import Foundation
import SupportCore
import SupportStore
import TermUI

/// The open ticket in place of the queue: a header with every SLA clock, the timeline
/// (customer, reply and note entries styled apart; customer text sanitised), the
/// presence line, and the composer when writing.
enum TicketPane {
    static func render(_ state: ConsoleState, _ view: TicketViewState, rect: Rect, focused: Bool,
                       into screen: inout Screen) {
        let chrome = PaneChrome(rect: rect, focused: focused, theme: state.theme)
        let t = view.ticket
        chrome.drawFrame(into: &screen, title: "1 \(TicketNumber.format(t.number)) \(t.subject)")
        let inner = chrome.inner
        let theme = state.theme
        let layout = TimelineLayout(state, view, rect: rect)
        for (i, line) in layout.header.enumerated() { chrome.line(into: &screen, line.0, row: i, style: line.1) }
        screen.horizontalLine(at: inner.x, inner.y + layout.header.count, length: inner.width, style: theme.style("pane.border"))
        // Clamp a local copy: the stored offset stays the agent's, so a resize that
        // shortens the timeline and grows it back returns them to the same line.
        let top = min(max(0, view.scroll), layout.maxScroll)
        for (i, line) in layout.lines.dropFirst(top).prefix(max(0, layout.timelineHeight)).enumerated() {
            chrome.line(into: &screen, line.0, row: layout.timelineTop + i, style: line.1, indent: 1)
        }
        let composerHeight = layout.composerHeight
        if case .composer(let composer) = state.mode {
            let box = Rect(x: inner.x, y: inner.maxY - composerHeight, width: inner.width, height: composerHeight)
            let title = state.t(composer.macro != nil ? .composerMacro : composer.kind == .reply ? .composerReply : .composerNote)
            screen.box(box, style: theme.style(composer.kind == .reply ? "composer.reply" : "composer.note"), title: title, border: .rounded)
            var area = box.inset(by: 1)
            if let macro = composer.macro {
                // The changes C-s will make, where the agent is looking, before they happen.
                let chips = MacroPickerOverlay.chips(macro).map { "[\($0)]" }
                let line = state.t(.composerPending, chips.isEmpty ? state.t(.composerNoChanges) : chips.joined(separator: " "))
                screen.put(line, at: area.x, area.y, style: theme.style("warning"), maxWidth: area.width)
                area = Rect(x: area.x, y: area.y + 1, width: area.width, height: max(0, area.height - 1))
            }
            if !composer.attachments.isEmpty {
                // The chips in the order added (C-x drops the last), wrapped so every name
                // is whole; at most three lines, so the text keeps its room.
                let names = composer.attachments.map { ($0 as NSString).lastPathComponent }.joined(separator: "  📎 ")
                for line in Wrap.lines(state.t(.composerAttachment, names), width: max(1, area.width)).prefix(3) {
                    screen.put(line, at: area.x, area.y, style: theme.style("warning"), maxWidth: area.width)
                    area = Rect(x: area.x, y: area.y + 1, width: area.width, height: max(0, area.height - 1))
                }
            }
            screen.fill(area, style: theme.style("input"))
            composer.area.draw(into: &screen, in: area, style: TextFieldStyle(text: theme.style("input"), placeholder: theme.style("input.placeholder")), focused: true)
        }
    }

    /// The header lines: status line, every SLA clock, tags, merge pointer, presence.
    static func headerLines(_ state: ConsoleState, _ view: TicketViewState) -> [(String, Style)] {
        let t = view.ticket
        let theme = state.theme
        let presence = view.presence
        var header: [(String, Style)] = []
        header.append(("\(t.status.rawValue.uppercased())  \(t.priority.rawValue.uppercased())  \(t.untriaged ? state.t(.ticketUntriaged) : "\(t.category.rawValue)/\(t.subcategory)")  "
                       + state.t(.ticketVia, t.channel.rawValue) + "  " + state.t(.ticketOwner, view.assignee ?? "—") + "  v\(t.version)",
                       theme.style("pane.title")))
        for clock in view.clocks {
            header.append(("  " + state.slaSummary(clock), theme.style(slaKey(clock.state))))
        }
        if !t.tags.isEmpty { header.append(("  " + state.t(.ticketTags, t.tags.joined(separator: ", ")), theme.style("muted"))) }
        if let merged = t.mergedInto { header.append(("  " + state.t(.ticketMergedInto, TicketNumber.format(merged)), theme.style("warning"))) }
        if !presence.isEmpty {
            let who = presence.map { state.t($0.state == .typing ? .presenceTyping : .presenceViewing, $0.login) }.joined(separator: ", ")
            header.append(("  ● " + who, theme.style("presence")))
        }
        return header
    }

    static func slaKey(_ state: SLAState) -> String {
        switch state {
        case .breached, .missed: "sla.breached"
        case .warning: "sla.warning"
        case .paused: "sla.paused"
        default: "sla.ok"
        }
    }

    /// Each entry as a heading line and its wrapped body, styled by kind.
    static func timelineLines(_ events: [TicketEvent], width: Int, theme: Theme,
                              deliveries: [Int64: DeliveryStatus] = [:], language: ContentLanguage = .en) -> [(String, Style)] {
        events.flatMap { entryLines($0, width: width, theme: theme, delivery: deliveries[$0.id], language: language) }
    }

    /// One entry's lines: they depend on nothing but the entry, its delivery and the layout's
    /// width, theme and language, so a long timeline can reuse every entry that did not change.
    static func entryLines(_ e: TicketEvent, width: Int, theme: Theme, delivery: DeliveryStatus?,
                           language: ContentLanguage) -> [(String, Style)] {
        func t(_ id: MessageID, _ arguments: String...) -> String { Catalogue.text(id, language, arguments) }
        var lines: [(String, Style)] = []
        let (label, key): (String, String)
        switch e.kind {
        case .customerMessage: (label, key) = (t(.timelineCustomer), "ticket.customer")
        case .reply: (label, key) = (t(.timelineReply, e.author), "ticket.reply")
        case .note: (label, key) = (t(.timelineNote, e.author), "ticket.note")
        default: (label, key) = (t(.timelineEvent, EventText.kindID(e.kind).map { t($0) } ?? e.kind.rawValue, e.author), "ticket.system")
        }
        let isMessage = [.customerMessage, .reply, .note].contains(e.kind)
        if isMessage {
            lines += wrapped(label, then: TimeText.clock(e.at), width: width, style: theme.style(key + ".heading"))
            if let delivery {
                // The delivery state under the heading: queued, sent or why it failed.
                let style = delivery.state == .failed ? "warning" : "muted"
                lines.append(("  ✉ " + TextSanitizer.cleanMultiline(delivery.summary), theme.style(style)))
            }
            // Web forms and gateways send `&amp;` and `&#8220;`: decoded, then made inert.
            for paragraph in TextSanitizer.cleanMultiline(HTMLEntities.decode(e.body)).split(separator: "\n", omittingEmptySubsequences: false) {
                for wrapped in Wrap.lines(String(paragraph), width: max(10, width - 2)) {
                    lines.append(("  " + wrapped, theme.style(key)))
                }
            }
            lines.append(("", theme.style("pane")))
        } else {
            // Long events wrap rather than losing their end (the date) at the pane's edge.
            lines += wrapped("\(label): \(EventText.localize(e.body, language))", then: TimeText.clock(e.at), width: width, style: theme.style(key))
            // The satisfaction survey is a message to the customer too: its state shows.
            if let delivery {
                let style = delivery.state == .failed ? "warning" : "muted"
                lines.append(("  ✉ " + TextSanitizer.cleanMultiline(delivery.summary), theme.style(style)))
            }
        }
        return lines
    }

    /// One timeline entry wrapped to the pane, its continuation lines indented under it,
    /// and its time kept whole at the end (on a line of its own when it does not fit).
    static func wrapped(_ text: String, then time: String, width: Int, style: Style) -> [(String, Style)] {
        let width = max(10, width)
        var lines = Wrap.lines(TextSanitizer.clean(text), width: width)
        if lines.count > 1 {
            lines = [lines[0]] + Wrap.lines(lines.dropFirst().joined(separator: " "), width: width - 2).map { "  " + $0 }
        }
        let last = (lines.last ?? "") + " · " + time
        if DisplayWidth.of(last) <= width {
            lines[lines.count - 1] = last
        } else {
            lines.append("  · " + time)
        }
        return lines.map { ($0, style) }
    }
}
