import Foundation
import SupportCore
import SupportStore
import Testing
import TermUI
@testable import AgentConsole

/// The open ticket reads whole: long events wrap instead of losing their date at the
/// edge, emoji sequences and Indic conjuncts keep every part, HTML references are decoded.
@Suite struct TimelineReadabilityTests {
    static let reason = "the customer has waited three days for the refund of a failed QRIS payment at Indomaret and asks for a supervisor"
    static let note = "Keluarga 👨‍👩‍👧‍👦 lengkap; nama జ్ఞ‌ాన్ utuh; Saya &amp; istri &#8220;sudah&#8221; cek &lt;3"

    /// Budi's ticket with a freeze (a long one-line event) and the note above, open at its
    /// newest entry.
    static func console(_ size: (Int, Int)) throws -> HeadlessConsole {
        let c = try HeadlessConsole(width: size.0, height: size.1, login: "budi")
        let budi = try #require(try c.store.agent(login: "budi"))
        let customer = try c.store.ticket(number: 1074).customerId
        _ = try c.store.freeze(customerId: customer, reason: reason, ticket: 1074, by: budi)
        try c.store.note(ticket: 1074, body: note, by: budi)
        c.controller.update(.openNumber(1074))
        c.press(.char("1"), .end)
        return c
    }

    @Test(arguments: [(80, 24), (200, 60)])
    func longEventsWrapAndKeepTheirDate(size: (Int, Int)) throws {
        let c = try Self.console(size)
        let pane = try #require(TimelineLayout.ticketRect(c.state))
        // The ticket pane's own text, row by row (at 200 columns the account pane is beside it).
        let frame = c.loop.frame
        let rows = ((pane.y + 1)..<(pane.maxY - 1)).map { y in
            ((pane.x + 1)..<(pane.maxX - 1)).map { frame[$0, y].grapheme }.joined()
        }
        let words = rows.joined(separator: " ").split(separator: " ").joined(separator: " ")
        // The freeze, wrapped: every word of its reason, and its time whole at the end.
        let stamp = TimeText.clock(HeadlessConsole.now)
        #expect(words.contains("Reason: " + Self.reason + " · " + stamp), "the event is cut:\n\(c.text)")
        #expect(rows.contains { $0.contains(stamp) })
        // Every row of the ticket pane still ends at its border: nothing overflows.
        for y in (pane.y + 1)..<(pane.maxY - 1) {
            #expect(frame[pane.maxX - 1, y].grapheme == "┃", "row \(y) overflows its pane")
        }
    }

    @Test(arguments: [(80, 24), (200, 60)])
    func emojiSequencesConjunctsAndEntitiesAreShownWhole(size: (Int, Int)) throws {
        let c = try Self.console(size)
        let frame = c.loop.frame
        let family = "👨‍👩‍👧‍👦", conjunct = "జ్ఞ‌ా"
        // One cell each, holding every scalar; the row's width is unchanged (border in place).
        let cells = (0..<frame.height).flatMap { y in (0..<frame.width).map { frame[$0, y].grapheme } }
        #expect(cells.contains(family))
        #expect(cells.contains(conjunct))
        #expect(DisplayWidth.of(conjunct) == 2, "a conjunct of two letters takes two columns, as terminals draw it")
        #expect(c.text.contains("Saya & istri “sudah” cek <3"))
        #expect(!c.text.contains("&amp;"))
    }

    /// The whole ticket pane at 80x24, every line.
    @Test func ticketPaneAt80x24() throws {
        let c = try Self.console((80, 24))
        #expect(c.lines == Self.expected80x24, "\n\(c.text)")
    }

    static let expected80x24: [String] = [
        " paydesk  My open 11  Unassigned 45  Breaching 19            budi (agent) 10:00",
        "  1 Queue   2 Account   3 Transactions   4 Security",
        "┏ 1 #1074 Transaksi mencurigakan tengah malam ━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┓",
        "┃OPEN  P1  security/abnormal_transaction  via app_chat  owner budi  v3         ┃",
        "┃  first response met (target 30m)                                             ┃",
        "┃  resolution ok, due 2026-11-25 11:21 (1h 21m)                                ┃",
        "┃──────────────────────────────────────────────────────────────────────────────┃",
        "┃ ▶ reply by budi · 2026-11-25 07:42                                           ┃",
        "┃   Thanks for reaching out. I have checked your account and escalated the     ┃",
        "┃   payment to our settlement team.                                            ┃",
        "┃                                                                              ┃",
        "┃ ✎ note by budi · 2026-11-25 07:53                                            ┃",
        "┃   Customer verified via registered email. Do not discuss balance on social   ┃",
        "┃   channel.                                                                   ┃",
        "┃                                                                              ┃",
        "┃ · security action by budi: Froze the account (action #2). Reason: the        ┃",
        "┃   customer has waited three days for the refund of a failed QRIS payment at  ┃",
        "┃   Indomaret and asks for a supervisor · 2026-11-25 10:00                     ┃",
        "┃ ✎ note by budi · 2026-11-25 10:00                                            ┃",
        "┃   Keluarga 👨‍👩‍👧‍👦 lengkap; nama జ్ఞ‌ాన్ utuh; Saya & istri “sudah” cek <3            ┃",
        "┃                                                                              ┃",
        "┗━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┛",
        "",
        " Budi Hartono · agent · Ticket  r reply · n note · Esc back · ? help · m macro",
    ]
}
