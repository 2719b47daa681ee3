import Foundation
import SupportCore
import SupportStore
import TermUI

/// The complaint record of the open ticket: where it sits on the escalation ladder, its
/// working-day deadline clock, what the customer says and expects, the evidence, and the
/// latest decision and escalation (or the outcome once closed). A pure function of its
/// inputs, so it renders headless in tests like every other pane.
///
/// When the rectangle is short, the evidence list gives up rows first (older items fold
/// into "… N earlier"; the newest stays whole, its text wrapped), then the latest
/// escalation and decision, then the expected outcome and the statement; the ladder and the deadline always stay, since they decide what the
/// agent does next.
enum ComplaintPanel {
    /// One line of the panel: a label column and styled pieces after it.
    struct Line {
        var label: String
        var pieces: [(text: String, style: Style)]
    }

    static let labelWidth = 9

    static func render(_ complaint: ComplaintRecord?, rect: Rect, theme: Theme, now: Date, language: ContentLanguage = .en,
                       into screen: inout Screen) {
        guard rect.width >= 4, rect.height >= 3 else { return }
        func t(_ id: MessageID, _ arguments: String...) -> String { Catalogue.text(id, language, arguments) }
        screen.fill(rect, style: theme.style("pane"))
        let title = t(.complaintTitle) + (complaint.map { " " + TicketNumber.format($0.ticketNumber) } ?? "")
        screen.box(rect, style: theme.style("pane.border"), title: title, titleStyle: theme.style("pane.title"))
        let inner = rect.inset(by: 1)
        guard inner.width > 0, inner.height > 0 else { return }
        guard let c = complaint else {
            for (i, line) in Wrap.lines(t(.complaintNoRecord),
                                        width: max(1, inner.width - 1)).enumerated() where i < inner.height {
                screen.put(line, at: inner.x + 1, inner.y + i, style: theme.style("muted"), maxWidth: inner.width - 1)
            }
            return
        }

        let text = theme.style("pane")
        let muted = theme.style("muted")
        let clock = c.clock(now: now)
        let ladder = ladderPieces(c.level, width: inner.width - labelWidth, theme: theme)
        // With the year: complaints can run past New Year, and regulators count in dates.
        let fullDue = TimeText.clock(c.dueAt) + "  "
        let dueText = labelWidth + DisplayWidth.of(fullDue + clock.text) <= inner.width ? fullDue : TimeText.day(c.dueAt) + "  "
        let due = Line(label: t(.complaintDue), pieces: [(dueText, text),
                                              (clock.text, theme.style(clockStyleKey(clock.state)))])
        var top = [Line(label: t(.complaintLevel), pieces: ladder), due]
        if let outcome = c.outcome {
            let accepted = c.accepted == true
            top.append(Line(label: t(.complaintOutcome), pieces: [
                (t(accepted ? .complaintAccepted : .complaintNotAccepted), theme.style(accepted ? "success" : "warning")),
                (outcome, text)]))
        }
        var optionalTop = [Line(label: t(.complaintClaim), pieces: [(c.statement, text)]),
                           Line(label: t(.complaintExpects), pieces: [(c.expectedOutcome, text)])]
        var bottom: [Line] = []
        if let decision = c.decisions.last {
            bottom.append(Line(label: t(.complaintDecided), pieces: [("\(decision.decidedBy): ", muted), (decision.text, text)]))
        }
        if let step = c.escalations.last {
            bottom.append(Line(label: t(.complaintRaised), pieces: [("\(step.by) → \(step.to.rawValue): ", muted), (step.reason, text)]))
        }

        // Fit: evidence needs its header and one whole entry (its heading and a line of
        // text) to be worth showing.
        let height = inner.height
        let need = c.evidence.isEmpty ? 2 : 3
        var evidenceRows = height - top.count - optionalTop.count - bottom.count
        while evidenceRows < need && !bottom.isEmpty { bottom.removeLast(); evidenceRows += 1 }
        while evidenceRows < need && !optionalTop.isEmpty { optionalTop.removeLast(); evidenceRows += 1 }
        let lines = top + optionalTop

        var y = inner.y
        for line in lines where y < inner.maxY {
            draw(line, y: y, in: inner, theme: theme, into: &screen)
            y += 1
        }
        if evidenceRows >= need {
            let header = c.evidence.isEmpty ? t(.complaintNoEvidence) : t(.complaintEvidence, String(c.evidence.count))
            screen.put(header, at: inner.x, y, style: theme.style("section"), maxWidth: inner.width)
            y += 1
            // The newest evidence matters most, each item whole (its text wrapped); older
            // items fold into one "… N earlier" row when a row is left for it (the header
            // already gives the count).
            var room = evidenceRows - 1
            var blocks: [[(String, Style)]] = []
            for item in c.evidence.reversed() {
                let block = evidenceLines(item, width: inner.width, theme: theme)
                if block.count <= room {
                    blocks.append(block)
                    room -= block.count
                } else {
                    if blocks.isEmpty { blocks.append(Array(block.prefix(room))); room = 0 }
                    break
                }
            }
            if c.evidence.count > blocks.count && room > 0 {
                screen.put(t(.complaintEarlier, String(c.evidence.count - blocks.count)), at: inner.x + 1, y, style: muted, maxWidth: inner.width - 1)
                y += 1
            }
            for (line, style) in blocks.reversed().joined() where y < inner.maxY {
                screen.put(line, at: inner.x + 1, y, style: style, maxWidth: inner.width - 1)
                y += 1
            }
            // Leave the bottom lines at the foot of the pane.
            y = max(y, inner.maxY - bottom.count)
        }
        for line in bottom where y < inner.maxY {
            draw(line, y: y, in: inner, theme: theme, into: &screen)
            y += 1
        }
    }

    /// `agent › supervisor › management › regulator`, the current level emphasised and
    /// levels already passed muted; when it does not fit, `management (3/4)`.
    static func ladderPieces(_ level: ComplaintLevel, width: Int, theme: Theme) -> [(text: String, style: Style)] {
        let full = ComplaintLevel.allCases.map(\.rawValue).joined(separator: " › ")
        guard DisplayWidth.of(full) <= width else {
            return [(level.rawValue, theme.style(level == .agent ? "pane" : "warning").bolded()),
                    (" (\(level.rank + 1)/\(ComplaintLevel.allCases.count))", theme.style("muted"))]
        }
        var pieces: [(text: String, style: Style)] = []
        for (i, step) in ComplaintLevel.allCases.enumerated() {
            if i > 0 { pieces.append((" › ", theme.style("muted"))) }
            let style: Style
            if step == level {
                style = theme.style(level == .agent ? "pane" : "warning").bolded().underlined()
            } else {
                style = theme.style("muted")
            }
            pieces.append((step.rawValue, style))
        }
        return pieces
    }

    static func clockStyleKey(_ state: SLAState) -> String {
        switch state {
        case .ok, .met, .paused: "sla.ok"
        case .warning: "sla.warning"
        case .breached, .missed: "sla.breached"
        }
    }

    private static func draw(_ line: Line, y: Int, in inner: Rect, theme: Theme, into screen: inout Screen) {
        screen.put(DisplayWidth.pad(line.label, toWidth: labelWidth), at: inner.x, y, style: theme.style("muted"),
                   maxWidth: inner.width)
        var x = inner.x + labelWidth
        for piece in line.pieces where x < inner.maxX {
            // Untrusted text is cleaned before it is measured, so the cut lands where it shows.
            let clean = TextSanitizer.clean(piece.text)
            let room = inner.maxX - x
            let fitted = DisplayWidth.truncate(clean, toWidth: room)
            x += screen.put(fitted, at: x, y, style: piece.style, maxWidth: room)
        }
    }

    /// One evidence item: what it is, when (with the year) and who added it, then its text
    /// wrapped under it, so nothing the customer sent is cut at the pane's edge.
    static func evidenceLines(_ item: ComplaintEvidence, width: Int, theme: Theme) -> [(String, Style)] {
        let head = "\(item.kind.label) · \(TimeText.clock(item.addedAt)) · \(item.addedBy)"
        let body = Wrap.lines(TextSanitizer.cleanMultiline(item.text), width: max(1, width - 3)).map { ("  " + $0, theme.style("pane")) }
        return [(head, theme.style("muted"))] + body
    }
}
