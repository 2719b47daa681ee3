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

    /// After a change only the entries that differ are wrapped again, and the result is the
    /// fresh layout's at every step: an entry added, one edited, a delivery's state, the width.
    @Test func onlyChangedEntriesAreWrappedAgain() {
        var events = (1...200).map { Self.event(Int64($0), [.customerMessage, .note, .reply, .statusChange][$0 % 4],
                                                 "entry \($0): " + String(repeating: "kata panjang ", count: $0 % 17)) }
        var memo: TimelineLayout.EntryMemo?
        var key = TimelineLayout.LinesKey(events: events, width: 70, theme: .defaultDark, deliveries: [:], language: .en)
        func step(_ expectedWraps: Int, _ name: String) {
            let (lines, wrapped) = TimelineLayout.layOut(key, reusing: &memo)
            #expect(wrapped == expectedWraps, "\(name)")
            let fresh = TicketPane.timelineLines(key.events, width: key.width, theme: key.theme, deliveries: key.deliveries,
                                                 language: key.language)
            #expect(Self.flat(lines) == Self.flat(fresh), "\(name)")
        }
        step(200, "first layout")
        step(0, "the same again")
        events.append(Self.event(201, .transactionAttached, "attached TX1"))
        key.events = events
        step(1, "one entry added")
        events[17].body = "edited"
        key.events = events
        step(1, "one entry edited")
        key.deliveries = [3: DeliveryStatus(outboxId: 9, channel: .email, state: .sent, attempts: 1, at: Self.start, messageId: "m")]
        step(1, "a delivery's state")
        key.events = Array(events.dropFirst(50))
        step(0, "older entries gone")
        key.events = events
        step(50, "the older entries back")
        key.width = 71
        step(201, "another width")
        key.language = .zh
        step(201, "another language")
    }
}
