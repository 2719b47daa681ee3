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
/// into "… N earlier"), then the latest escalation and decision, then the expected outcome
/// and the statement; the ladder and the deadline always stay, since they decide what the
/// agent does next.
enum ComplaintPanel {
    /// One line of the panel: a label column and styled pieces after it.
    struct Line {
        var label: String
        var pieces: [(text: String, style: Style)]
    }

    static let labelWidth = 9

    static func render(_ complaint: ComplaintRecord?, rect: Rect, theme: Theme, now: Date, into screen: inout Screen) {
        guard rect.width >= 4, rect.height >= 3 else { return }
        screen.fill(rect, style: theme.style("pane"))
        let title = complaint.map { "Complaint \(TicketNumber.format($0.ticketNumber))" } ?? "Complaint"
        screen.box(rect, style: theme.style("pane.border"), title: title, titleStyle: theme.style("pane.title"))
        let inner = rect.inset(by: 1)
        guard inner.width > 0, inner.height > 0 else { return }
        guard let c = complaint else {
            screen.put("No complaint record on this ticket.", at: inner.x + 1, inner.y, style: theme.style("muted"),
                       maxWidth: inner.width - 1)
            return
        }

        let text = theme.style("pane")
        let muted = theme.style("muted")
        let clock = c.clock(now: now)
        let ladder = ladderPieces(c.level, width: inner.width - labelWidth, theme: theme)
        let due = Line(label: "Due", pieces: [(TimeText.short(c.dueAt) + "  ", text),
                                              (clock.text, theme.style(clockStyleKey(clock.state)))])
        var top = [Line(label: "Level", pieces: ladder), due]
        if let outcome = c.outcome {
            let accepted = c.accepted == true
            top.append(Line(label: "Outcome", pieces: [
                (accepted ? "accepted · " : "not accepted · ", theme.style(accepted ? "success" : "warning")),
                (outcome, text)]))
        }
        var optionalTop = [Line(label: "Claim", pieces: [(c.statement, text)]),
                           Line(label: "Expects", pieces: [(c.expectedOutcome, text)])]
        var bottom: [Line] = []
        if let decision = c.decisions.last {
            bottom.append(Line(label: "Decided", pieces: [("\(decision.decidedBy): ", muted), (decision.text, text)]))
        }
        if let step = c.escalations.last {
            bottom.append(Line(label: "Raised", pieces: [("\(step.by) → \(step.to.rawValue): ", muted), (step.reason, text)]))
        }

        // Fit: evidence needs its header and one entry to be worth showing.
        let height = inner.height
        var evidenceRows = height - top.count - optionalTop.count - bottom.count
        while evidenceRows < 2 && !bottom.isEmpty { bottom.removeLast(); evidenceRows += 1 }
        while evidenceRows < 2 && !optionalTop.isEmpty { optionalTop.removeLast(); evidenceRows += 1 }
        let lines = top + optionalTop

        var y = inner.y
        for line in lines where y < inner.maxY {
            draw(line, y: y, in: inner, theme: theme, into: &screen)
            y += 1
        }
        if evidenceRows >= 2 {
            let header = c.evidence.isEmpty ? "Evidence: none yet" : "Evidence (\(c.evidence.count))"
            screen.put(header, at: inner.x, y, style: theme.style("section"), maxWidth: inner.width)
            y += 1
            // The newest evidence matters most; older items fold into one "… N earlier" row
            // when there is room for it besides at least one item.
            let room = evidenceRows - 1
            let shown = c.evidence.count <= room ? c.evidence : Array(c.evidence.suffix(room == 1 ? 1 : room - 1))
            if c.evidence.count > shown.count && room > 1 {
                screen.put("… \(c.evidence.count - shown.count) earlier", at: inner.x + 1, y, style: muted, maxWidth: inner.width - 1)
                y += 1
            }
            for item in shown where y < inner.maxY {
                drawEvidence(item, y: y, in: inner, theme: theme, into: &screen)
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

    private static func drawEvidence(_ item: ComplaintEvidence, y: Int, in inner: Rect, theme: Theme,
                                     into screen: inout Screen) {
        let head = DisplayWidth.pad(item.kind.label, toWidth: 10) + " " + TimeText.short(item.addedAt) + " "
            + DisplayWidth.pad(item.addedBy, toWidth: 8) + " "
        let x0 = inner.x + 1
        let used = screen.put(head, at: x0, y, style: theme.style("muted"), maxWidth: inner.maxX - x0)
        let x = x0 + used
        guard x < inner.maxX else { return }
        let body = DisplayWidth.truncate(TextSanitizer.clean(item.text), toWidth: inner.maxX - x)
        screen.put(body, at: x, y, style: theme.style("pane"), maxWidth: inner.maxX - x)
    }
}
