import Foundation
import SupportCore
import Testing
import TermUI
@testable import AgentConsole

private func wib(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0) -> Date {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = BusinessCalendar.jakarta
    return calendar.date(from: DateComponents(year: year, month: month, day: day, hour: hour, minute: minute))!
}

@Suite struct ComplaintPanelTests {
    let calendar = BusinessCalendar(holidays: ["2026-12-24", "2026-12-25", "2027-01-01"])
    let theme = Theme.defaultDark

    func record(level: ComplaintLevel = .supervisor, evidence: Int = 3, closed: Bool = false) -> ComplaintRecord {
        let kinds: [EvidenceKind] = [.chatExcerpt, .screenshot, .transaction, .statement]
        let texts = ["Agent: kami cek dulu ya", "evidence/1042/struk.png", "TX-20261218-0042", "Saya tidak pernah bayar 2x"]
        return ComplaintRecord(
            ticketNumber: 1042, subject: "Saldo terpotong dua kali", customerId: 7,
            statement: "Charged twice at Indomaret for one purchase", expectedOutcome: "Refund of Rp50.000",
            level: level, receivedAt: wib(2026, 12, 18, 10), openedAt: wib(2026, 12, 18, 11), openedBy: "budi",
            workingDays: 20, dueAt: wib(2027, 1, 20, 20),
            evidence: (0..<evidence).map { i in
                ComplaintEvidence(id: Int64(i + 1), kind: kinds[i % 4], text: texts[i % 4], addedBy: "budi",
                                  addedAt: wib(2026, 12, 18, 11, 5 * i))
            },
            decisions: [ComplaintDecision(id: 1, text: "Refund approved", level: .supervisor, decidedBy: "sari",
                                          decidedAt: wib(2026, 12, 21, 9))],
            escalations: level == .agent ? [] : [ComplaintEscalationStep(id: 1, from: .agent, to: .supervisor,
                                                                       reason: "Customer insists", by: "budi",
                                                                       at: wib(2026, 12, 21, 8))],
            outcome: closed ? "Refunded Rp50.000" : nil, accepted: closed ? true : nil,
            closedAt: closed ? wib(2027, 1, 5, 12) : nil, closedBy: closed ? "sari" : nil, calendar: calendar)
    }

    func render(_ r: ComplaintRecord?, width: Int = 64, height: Int = 14, now: Date = wib(2026, 12, 21, 10)) -> Screen {
        var screen = Screen(width: width, height: height)
        ComplaintPanel.render(r, rect: screen.bounds, theme: theme, now: now, into: &screen)
        return screen
    }

    /// The style of the cell where `text` starts on row `y`.
    func style(of text: String, row y: Int, in screen: Screen) -> Style? {
        let line = screen.lines(trimmingTrailingSpaces: false)[y]
        guard let range = line.range(of: text) else { return nil }
        return screen[line.distance(from: line.startIndex, to: range.lowerBound), y].style
    }

    @Test func anOpenComplaintShowsLadderDeadlineClaimEvidenceAndLatestSteps() {
        let screen = render(record())
        #expect(screen.lines() == [
            "┌ Complaint #1042 ─────────────────────────────────────────────┐",
            "│Level    agent › supervisor › management › regulator          │",
            "│Due      2027-01-20 20:00  19 wd 10h left                     │",
            "│Claim    Charged twice at Indomaret for one purchase          │",
            "│Expects  Refund of Rp50.000                                   │",
            "│Evidence (3)                                                  │",
            "│ … 1 earlier                                                  │",
            "│ screenshot · 2026-12-18 11:05 · budi                         │",
            "│   evidence/1042/struk.png                                    │",
            "│ tx · 2026-12-18 11:10 · budi                                 │",
            "│   TX-20261218-0042                                           │",
            "│Decided  sari: Refund approved                                │",
            "│Raised   budi → supervisor: Customer insists                  │",
            "└──────────────────────────────────────────────────────────────┘",
        ])
        #expect(style(of: "19 wd 10h left", row: 2, in: screen) == theme.style("sla.ok"))
        #expect(style(of: "supervisor", row: 1, in: screen) == theme.style("warning").bolded().underlined())
        #expect(style(of: "agent", row: 1, in: screen) == theme.style("muted"))
        #expect(style(of: "Evidence", row: 5, in: screen) == theme.style("section"))
    }

    @Test func theDeadlineClockTurnsWarningThenBreached() {
        let warning = render(record(), now: wib(2027, 1, 15, 10))
        #expect(warning.lines()[2] == "│Due      2027-01-20 20:00  3 wd 10h left                      │")
        #expect(style(of: "3 wd 10h left", row: 2, in: warning) == theme.style("sla.warning"))
        let breached = render(record(), now: wib(2027, 1, 21, 9))
        #expect(breached.lines()[2] == "│Due      2027-01-20 20:00  overdue 1h                         │")
        #expect(style(of: "overdue 1h", row: 2, in: breached) == theme.style("sla.breached"))
    }

    @Test func aClosedComplaintShowsItsOutcome() {
        let screen = render(record(closed: true), now: wib(2027, 2, 1, 10))
        let lines = screen.lines()
        #expect(lines[2] == "│Due      2027-01-20 20:00  met                                │")
        #expect(lines[3] == "│Outcome  accepted · Refunded Rp50.000                         │")
        #expect(style(of: "met", row: 2, in: screen) == theme.style("sla.ok"))
        #expect(style(of: "accepted", row: 3, in: screen) == theme.style("success"))
    }

    @Test func aShortPaneKeepsTheNewestEvidenceWholeAndDropsTheRest() {
        let short = render(record(), height: 9)
        #expect(short.lines() == [
            "┌ Complaint #1042 ─────────────────────────────────────────────┐",
            "│Level    agent › supervisor › management › regulator          │",
            "│Due      2027-01-20 20:00  19 wd 10h left                     │",
            "│Claim    Charged twice at Indomaret for one purchase          │",
            "│Expects  Refund of Rp50.000                                   │",
            "│Evidence (3)                                                  │",
            "│ tx · 2026-12-18 11:10 · budi                                 │",
            "│   TX-20261218-0042                                           │",
            "└──────────────────────────────────────────────────────────────┘",
        ])
        let narrow = render(record(evidence: 4), width: 40, height: 11)
        #expect(narrow.lines() == [
            "┌ Complaint #1042 ─────────────────────┐",
            "│Level    supervisor (2/4)             │",
            "│Due      2027-01-20  19 wd 10h left   │",
            "│Claim    Charged twice at Indomaret f…│",
            "│Expects  Refund of Rp50.000           │",
            "│Evidence (4)                          │",
            "│ statement · 2026-12-18 11:15 · budi  │",
            "│   Saya tidak pernah bayar 2x         │",
            "│Decided  sari: Refund approved        │",
            "│Raised   budi → supervisor: Customer …│",
            "└──────────────────────────────────────┘",
        ])
        // Tiny: the ladder and the clock stay.
        let tiny = render(record(), height: 4)
        #expect(tiny.lines()[1].hasPrefix("│Level") && tiny.lines()[2].hasPrefix("│Due"))
    }

    @Test func untrustedTextCannotBreakOutOfThePane() {
        var r = record(evidence: 1)
        r.statement = "Tolong\u{1B}[2J\u{1B}]52;c;AAAA\u{07} refund\u{202E}gnp.exe"
        r.evidence[0].text = "line one\nline two 王小明"
        let lines = render(r).lines()
        #expect(lines[3] == "│Claim    Tolong refundgnp.exe                                 │")
        #expect(Array(lines[6...8]) == ["│ chat · 2026-12-18 11:00 · budi                               │",
                                        "│   line one                                                   │",
                                        "│   line two 王小明                                            │"])
        #expect(lines.allSatisfy { !$0.contains("\u{1B}") })
    }

    @Test func noRecordSaysSoAndHowToRecordOne() {
        #expect(render(nil, height: 4).lines() == [
            "┌ Complaint ───────────────────────────────────────────────────┐",
            "│ No complaint record yet: :complaint-open records the         │",
            "│ customer's statement and what they expect.                   │",
            "└──────────────────────────────────────────────────────────────┘",
        ])
        // Too small to draw anything but a corner: nothing is drawn, nothing traps.
        var screen = Screen(width: 3, height: 2)
        ComplaintPanel.render(record(), rect: screen.bounds, theme: theme, now: Date(), into: &screen)
        #expect(screen.lines() == ["", ""])
    }
}

extension ComplaintPanelTests {
    @Test func longEvidenceWrapsInsteadOfBeingCut() {
        var r = record(evidence: 1)
        r.evidence[0].text = "Screenshot of the promo page promising Rp25.000 cashback for every QRIS payment above Rp100.000 during 11.11"
        let lines = render(r).lines()
        let words = lines.joined(separator: " ").replacingOccurrences(of: "│", with: " ").split(separator: " ").joined(separator: " ")
        #expect(words.contains(r.evidence[0].text))
        #expect(lines.allSatisfy { DisplayWidth.of($0) == 64 })
    }
}

extension ComplaintPanelTests {
    /// In the agent's language, every label fits its column and nothing spills.
    @Test(arguments: [ContentLanguage.id, .zh])
    func theRecordSpeaksTheAgentsLanguage(language: ContentLanguage) {
        var screen = Screen(width: 64, height: 14)
        ComplaintPanel.render(record(), rect: screen.bounds, theme: theme, now: wib(2026, 12, 21, 10), language: language, into: &screen)
        let lines = screen.lines(trimmingTrailingSpaces: false)
        #expect(lines.allSatisfy { DisplayWidth.of($0) == 64 })
        for id in [MessageID.complaintLevel, .complaintDue, .complaintClaim, .complaintExpects, .complaintDecided, .complaintRaised] {
            let label = Catalogue.text(id, language)
            #expect(DisplayWidth.of(label) < ComplaintPanel.labelWidth)
            #expect(lines.contains { $0.hasPrefix("│" + label) }, "\(id.rawValue) missing")
        }
        #expect(lines[0].contains(Catalogue.text(.complaintTitle, language) + " #1042"))
    }
}
