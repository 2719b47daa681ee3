import Foundation
import SupportAPI
import SupportCore
import SupportStore
import Testing

/// Ticket panes for the hand-written reply's tests (`TicketViewJSONTests`,
/// `TicketViewJSONPropertyTests`, `TicketViewRequestTests`): hostile text, and the demo with
/// every part a pane can show.
enum TicketViewSamples {
    static func decoded(_ data: Data) -> TicketView? { try? WireJSON.decoder().decode(TicketView.self, from: data) }

    /// Text a customer or an import could put in any field: every ASCII character, the
    /// escapes JSON has, separators JSON leaves alone, combining marks, emoji sequences,
    /// terminal and bidi controls, the last code point, and text that looks like an escape.
    static let hostile: [String] = [
        String(String.UnicodeScalarView((0..<0x80).map { Unicode.Scalar(UInt8($0)) })),
        "\"quoted\" \\ back\\slash /slash //", "line\nbreak\r\n\ttab\u{8}\u{C}", "\u{0}nul\u{0}",
        "\u{2028}\u{2029}\u{85}\u{A0}\u{FEFF}", "e\u{301} é", "🍜👨‍👩‍👧 🇮🇩", "\u{1B}[31mred\u{1B}[0m \u{202E}bidi",
        "</script><b>&amp;", "\\u0041 \\n not escapes", "", "\u{FFFD}\u{10FFFF}\u{7F}", "应用更新失败，一直闪退",
        String(repeating: "Saldo terpotong tapi transfer gagal. ", count: 300),
    ]

    static func clock(_ metric: SLAMetric, _ state: SLAState, due: Date, warningAt: Date, target: Int, elapsed: Int,
                      stoppedAt: Date?) -> SLAClockStatus {
        SLAClockStatus(metric: metric, state: state, targetMinutes: target, due: due, warningAt: warningAt, elapsedMinutes: elapsed,
                       stoppedAt: stoppedAt)
    }

    static func link(from: Int64, to: Int64, kind: TicketLinkKind) -> TicketLink { TicketLink(from: from, to: to, kind: kind) }

    /// The demo with what it has none of for a pane: dewi on the first ticket, a link between
    /// the second and third, and one of budi's tickets (`owned`) for replies waiting.
    static func demoWithPaneParts() throws -> (store: SupportStore, budi: EmbeddedClient, numbers: [Int64], owned: Int64) {
        let store = try SupportStore(path: HeadlessConsole.demoPath(), clock: { HeadlessConsole.now })
        try store.generateDemo(seed: 42)
        let dewi = try #require(try store.agent(login: "dewi"))
        let numbers = try store.reading { db in try db.fetchValues("SELECT number FROM tickets ORDER BY number", [], as: Int64.self) }
        store.setPresence(agent: dewi, ticketNumber: numbers[0], state: .viewing)
        let budi = EmbeddedClient(store: store, actingAs: "budi")
        try budi.link(ticket: numbers[1], to: numbers[2], kind: .relatesTo)
        // A draft of budi's, and dewi's on the same ticket, which budi's pane must not carry.
        try store.saveDraft(ticketNumber: numbers[3], agent: dewi, kind: "note", body: "dewi's note")
        try budi.saveDraft(ticketNumber: numbers[3], kind: "reply", body: "Mohon tunggu sebentar.")
        let owned = try #require(try numbers.first { try store.ticket(number: $0).assigneeId == (try store.agent(login: "budi"))?.id })
        return (store, budi, numbers, owned)
    }

    /// A pane with every part and every optional field present, `text` in each text field.
    static func full(_ text: String, at: Date = Date(timeIntervalSince1970: 1_795_575_600)) -> TicketView {
        var ticket = Ticket(id: 7, number: 1_007, customerId: 42, subject: text, category: .complaint, subcategory: text,
                            channel: .appChat, priority: .p2, status: .open, assigneeId: 3, tags: [text, "vip"],
                            createdAt: at, updatedAt: at.addingTimeInterval(60), updatedBy: text,
                            firstResponseAt: at.addingTimeInterval(30), solvedAt: at.addingTimeInterval(90),
                            mergedInto: 1_001, version: 4)
        ticket.untriaged = true
        let complaint = ComplaintRecord(ticketNumber: 1_007, subject: text, customerId: 42, statement: text,
                                        expectedOutcome: text, level: .supervisor, receivedAt: at, openedAt: at,
                                        openedBy: text, workingDays: 20, dueAt: at.addingTimeInterval(86_400 * 28),
                                        evidence: [ComplaintEvidence(id: 1, kind: .chatExcerpt, text: text, addedBy: "sari", addedAt: at)],
                                        outcome: text, accepted: false, closedAt: at, closedBy: text,
                                        calendar: BusinessCalendar(holidays: ["2026-12-25"]))
        return TicketView(
            ticket: ticket, assignee: text,
            events: TicketEventKind.allCases.enumerated().map { i, kind in
                TicketEvent(id: 100 + Int64(i), ticketId: 7, kind: kind, author: text, body: text, at: at.addingTimeInterval(Double(i)))
            },
            clocks: [clock(.firstResponse, .met, due: at, warningAt: at, target: 30, elapsed: 12, stoppedAt: at),
                     clock(.resolution, .warning, due: at, warningAt: at, target: 1_440, elapsed: -5, stoppedAt: nil)],
            links: [link(from: 1_007, to: 1_001, kind: .duplicateOf)],
            presence: [PresenceEntry(login: text, state: .typing, since: at)],
            complaint: complaint,
            deliveries: [101: DeliveryStatus(outboxId: 9, channel: .email, state: .queued, attempts: 2, at: at,
                                             messageId: text, lastError: text, nextAttemptAt: at)],
            draft: Draft(kind: "reply", body: text, updatedAt: at), hasEarlier: true)
    }
}
