import Foundation
import SupportCore
import SupportExport
import SupportReports
import TermUI

/// The export dialog's state: a format, a path, and which of the two has the keys.
package struct ExportDialogState {
    enum Focus { case format, path, reason, attach }

    var format: ExportFormat = .xlsx
    var path: TextField
    /// Once the agent types a path it is theirs; until then it follows the format.
    var pathEdited = false
    /// Exporting customer data is privileged: the reason is recorded with it.
    var reason: TextField
    var focus: Focus = .format
    var error: String?
    /// Set by an Enter that found the file existing; a second Enter replaces it.
    var confirmOverwrite = false
    /// The open ticket a finished export can go out with, as a reply's attachment.
    var attachTicket: Int64?
    var attach = false
    let walletId: String
    /// Rows the active filter matches, for the dialog text and the progress bar.
    let matching: Int
    let filterText: String
    let now: Date

    init(walletId: String, matching: Int, filterText: String, now: Date, language: ContentLanguage = .en) {
        reason = TextField(placeholder: Catalogue.text(.expWhy, language))
        self.walletId = walletId
        self.matching = matching
        self.filterText = filterText
        self.now = now
        path = TextField(placeholder: "~/" + "paydesk-exports/file.xlsx")
        path.text = defaultPath
    }

    /// Shown with `~` for the home folder: shorter, and the same on every agent's screen.
    var defaultPath: String {
        TransactionExport.defaultPath(home: "~", walletId: walletId, at: now, format: format)
    }

    mutating func select(_ format: ExportFormat) {
        self.format = format
        if !pathEdited {
            path.text = defaultPath
        } else {
            // Keep the agent's name but follow the format's extension.
            let url = URL(fileURLWithPath: path.text)
            if ExportFormat(rawValue: url.pathExtension.lowercased()) != nil {
                path.text = String(path.text.dropLast(url.pathExtension.count)) + format.fileExtension
            }
        }
    }

    /// The fields Tab walks, in order; the attach choice only when a ticket is open.
    var fields: [Focus] { attachTicket == nil ? [.format, .path, .reason] : [.format, .path, .reason, .attach] }

    mutating func moveFocus(by step: Int) {
        let all = fields
        let index = all.firstIndex(of: focus) ?? 0
        focus = all[(index + step + all.count) % all.count]
    }

    /// c / x / p (or 1 2 3) pick a format; ← → and h l step through them.
    mutating func handleFormatKey(_ key: Key) {
        let all = ExportFormat.allCases
        let index = all.firstIndex(of: format) ?? 0
        switch key {
        case .char("c"), .char("1"): select(.csv)
        case .char("x"), .char("2"): select(.xlsx)
        case .char("p"), .char("3"): select(.pdf)
        case .left, .char("h"): select(all[(index + all.count - 1) % all.count])
        case .right, .char("l"), .char(" "): select(all[(index + 1) % all.count])
        default: break
        }
    }
}

/// Draws the export dialog and, while a worker writes files (an export, the reports),
/// the progress dialog.
enum ExportDialog {
    static func render(_ state: ConsoleState, _ dialog: ExportDialogState, into screen: inout Screen) {
        let theme = state.theme
        let base = theme.style("dialog")
        let rect = screen.bounds.centered(width: min(state.width - 4, 76), height: dialog.error == nil ? 14 : 15)
        screen.fill(rect, style: base)
        screen.box(rect, style: theme.style("dialog.border"), title: state.t(.expTitle), border: .double)
        let x = rect.x + 2
        let width = rect.width - 4
        var y = rect.y + 1
        let filter = dialog.filterText.isEmpty ? state.t(.expNoFilter) : state.t(.expFilter, dialog.filterText)
        screen.put(state.t(.expRows, String(dialog.matching), dialog.walletId, filter), at: x, y, style: base, maxWidth: width)
        y += 2
        let label = theme.style(dialog.focus == .format ? "dialog.title" : "dialog")
        var cx = x + screen.put(DisplayWidth.pad(state.t(.expFormat), toWidth: 9), at: x, y, style: label)
        for format in ExportFormat.allCases {
            let chosen = format == dialog.format
            let style = theme.style(chosen ? (dialog.focus == .format ? "dialog.button.focus" : "dialog.button") : "dialog")
            cx += screen.put(" \(format.rawValue.uppercased()) ", at: cx, y, style: style) + 1
        }
        screen.put(state.t(.expFormatKeys), at: cx + 1, y, style: base.dimmed(), maxWidth: rect.maxX - 2 - cx - 1)
        y += 2
        let lx = x + screen.put(DisplayWidth.pad(state.t(.expSaveTo), toWidth: 9), at: x, y, style: theme.style(dialog.focus == .path ? "dialog.title" : "dialog"))
        dialog.path.draw(into: &screen, in: Rect(x: lx, y: y, width: rect.maxX - 2 - lx, height: 1),
                         style: TextFieldStyle(text: theme.style("dialog.input"), placeholder: theme.style("dialog.input.placeholder")),
                         focused: dialog.focus == .path)
        y += 2
        let rx = x + screen.put(DisplayWidth.pad(state.t(.labelReason), toWidth: 9), at: x, y, style: theme.style(dialog.focus == .reason ? "dialog.title" : "dialog"))
        dialog.reason.draw(into: &screen, in: Rect(x: rx, y: y, width: rect.maxX - 2 - rx, height: 1),
                           style: TextFieldStyle(text: theme.style("dialog.input"), placeholder: theme.style("dialog.input.placeholder")),
                           focused: dialog.focus == .reason)
        y += 2
        let ax = x + screen.put(DisplayWidth.pad(state.t(.exportAttachLabel), toWidth: 9), at: x, y,
                                style: theme.style(dialog.focus == .attach ? "dialog.title" : "dialog"))
        if let ticket = dialog.attachTicket {
            let box = dialog.attach ? "[x]" : "[ ]"
            let style = theme.style(dialog.focus == .attach ? "dialog.button.focus" : "dialog")
            let bx = ax + screen.put(box, at: ax, y, style: style)
            screen.put(" " + state.t(.exportAttachOption, TicketNumber.format(ticket)), at: bx, y, style: base, maxWidth: rect.maxX - 2 - bx)
        } else {
            screen.put(state.t(.exportAttachNone), at: ax, y, style: base.dimmed(), maxWidth: rect.maxX - 2 - ax)
        }
        y += 2
        if let error = dialog.error {
            screen.put(error, at: x, y, style: theme.style("toast.error"), maxWidth: width)
        }
        screen.put(state.t(.expFooter), at: x, rect.maxY - 2,
                   style: base.dimmed(), maxWidth: width)
    }

    static func renderProgress(_ state: ConsoleState, _ job: ExportJob, into screen: inout Screen) {
        let progress = job.progress
        renderProgress(state, title: state.t(.expExportingFormat, job.export.format.rawValue.uppercased()),
                       path: job.export.destination.path, fraction: progress.fraction, detail: progress.text,
                       cancelling: job.isCancelling, into: &screen)
    }

    /// The supervisor's reports: which of the five is being written, into which folder.
    static func renderProgress(_ state: ConsoleState, _ job: ReportsJob, into screen: inout Screen) {
        let progress = job.progress
        let detail = progress.current.map { state.t(.rptProgress, String(progress.done + 1), String(progress.total), $0) } ?? ""
        renderProgress(state, title: state.t(.rptTitle), path: job.folder, fraction: progress.fraction, detail: detail,
                       cancelling: job.isCancelling, into: &screen)
    }

    /// One progress dialog for every file job: where it writes, a bar, how far, Esc.
    private static func renderProgress(_ state: ConsoleState, title: String, path: String, fraction: Double, detail: String,
                                       cancelling: Bool, into screen: inout Screen) {
        let theme = state.theme
        let base = theme.style("dialog")
        let rect = screen.bounds.centered(width: min(state.width - 4, 76), height: 8)
        screen.fill(rect, style: base)
        screen.box(rect, style: theme.style("dialog.border"), title: title, border: .double)
        let x = rect.x + 2
        let width = rect.width - 4
        screen.put(path, at: x, rect.y + 1, style: base, maxWidth: width)
        screen.put(bar(fraction, width: width - 6), at: x, rect.y + 3, style: base)
        let percent = "\(Int((fraction * 100).rounded(.down)))%"
        screen.put(DisplayWidth.pad(percent, toWidth: 5, alignment: .right), at: x + width - 5, rect.y + 3, style: base.bolded())
        screen.put(detail, at: x, rect.y + 4, style: base, maxWidth: width)
        let footer = state.t(cancelling ? .expCancellingShort : .expProgressFooter)
        screen.put(footer, at: x, rect.maxY - 2, style: base.dimmed(), maxWidth: width)
    }

    /// `████████░░░░░░░░` — eighth blocks would be smoother, but many terminal fonts
    /// draw them unevenly.
    static func bar(_ fraction: Double, width: Int) -> String {
        guard width > 0 else { return "" }
        let filled = Int((min(1, max(0, fraction)) * Double(width)).rounded(.down))
        return String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
    }
}
