import Foundation
import SupportCore
import SupportStore
import Testing
import TermUI
@testable import AgentConsole

/// The timeline's laid-out lines are reused while the layout's inputs are equal
/// (`TimelineLayout.lines`). Whatever changes — an entry added or edited, the width, the
/// theme, a delivery's state, the language — the lines must be those a fresh layout gives.
@Suite struct TimelineLayoutMemoTests {
    static let start = Date(timeIntervalSince1970: 1_795_575_600)

    static func event(_ id: Int64, _ kind: TicketEventKind, _ body: String) -> TicketEvent {
        TicketEvent(id: id, ticketId: 1, kind: kind, author: kind == .customerMessage ? "customer" : "budi", body: body,
                    at: start.addingTimeInterval(Double(id) * 60))
    }

    static func flat(_ lines: [(String, Style)]) -> [String] { lines.map { "\($0.0)|\($0.1)" } }

    @Test func everyChangeOfInputGivesTheFreshLayout() {
        let long = (1...30).map { "line \($0) of what the customer says happened at the merchant" }.joined(separator: "\n")
        var events = [Self.event(1, .customerMessage, long), Self.event(2, .note, "checked the ledger"),
                      Self.event(3, .reply, "We are looking into it.")]
        let sent = DeliveryStatus(outboxId: 9, channel: .email, state: .sent, attempts: 1, at: Self.start, messageId: "m1")
        let failed = DeliveryStatus(outboxId: 9, channel: .email, state: .failed, attempts: 3, at: Self.start, lastError: "refused")
        var key = TimelineLayout.LinesKey(events: events, width: 80, theme: .defaultDark, deliveries: [:], language: .en)
        var steps: [TimelineLayout.LinesKey] = [key, key]
        key.width = 41; steps += [key, key]
        events.append(Self.event(4, .note, "another note"))
        key.events = events; steps.append(key)
        events[0].body = "edited: " + long
        key.events = events; steps.append(key)
        key.deliveries = [3: sent]; steps.append(key)
        key.deliveries = [3: failed]; steps += [key, key]
        key.theme = .monochrome; steps.append(key)
        key.language = .id; steps.append(key)
        key.language = .zh; steps += [key, key]
        steps.append(steps[0])
        for (i, step) in steps.enumerated() {
            let fresh = TicketPane.timelineLines(step.events, width: step.width, theme: step.theme, deliveries: step.deliveries,
                                                 language: step.language)
            #expect(Self.flat(TimelineLayout.lines(step)) == Self.flat(fresh), "step \(i)")
        }
        // The steps lay out differently, so a memo that kept its first lines would fail above.
        #expect(Set(steps.map { Self.flat(TimelineLayout.lines($0)) }).count > 5)
    }
}
