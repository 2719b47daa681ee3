import Foundation
import SupportAPI
import SupportCore
import SupportExport
import SupportReports
import SupportStore
import TermUI

/// `x` on the transactions pane: the export dialog's behaviour (drawn by `ExportDialog`,
/// state `ExportDialogState`): choose a format and a path, give a reason; Enter hands the
/// filtered rows to a worker thread (`ExportJob`).
struct ExportDialogController: ModeController {
    let console: ConsoleController

    func handle(_ key: Key) -> Outcome {
        guard case .exportDialog(var dialog) = state.mode else { return .ignored }
        // The attach box takes Space and x; the path and reason fields take any text.
        let typing = key.isText && dialog.focus != .format
        switch typing ? nil : KeyMap.action(for: key, in: [.exportDialog]) {
        case .help: return .run(.help)
        case .mode(.cancel):
            state.mode = .normal
            say(state.t(.expCancelled))
            return .handled
        case .mode(.confirm):
            startExport(&dialog)
            return .handled
        case .mode(.nextFocus):
            dialog.moveFocus(by: 1)
        case .mode(.previousFocus):
            dialog.moveFocus(by: -1)
        default:
            switch dialog.focus {
            case .format: dialog.handleFormatKey(key)
            case .path: if dialog.path.handle(key) { dialog.pathEdited = true }
            case .reason: dialog.reason.handle(key)
            case .attach: if key == .char(" ") || key == .char("x") { dialog.attach.toggle() }
            }
        }
        // Any change means the next Enter is a fresh decision, not an overwrite consent.
        dialog.confirmOverwrite = false
        dialog.error = nil
        state.mode = .exportDialog(dialog)
        return .handled
    }

    /// Checks the path, then hands the export to a worker. An existing file is only
    /// replaced after a second Enter.
    private func startExport(_ dialog: inout ExportDialogState) {
        guard let customerId = state.transactions.customerId else { state.mode = .normal; return }
        let reason = dialog.reason.text.trimmingCharacters(in: .whitespaces)
        guard !reason.isEmpty else {
            dialog.error = state.t(.expReasonRequired)
            dialog.focus = .reason
            state.mode = .exportDialog(dialog)
            return
        }
        let path = TransactionExport.expandingTilde(dialog.path.text)
        guard !path.isEmpty, !path.hasSuffix("/") else {
            dialog.error = state.t(.expTypeFile)
            state.mode = .exportDialog(dialog)
            return
        }
        let url = URL(fileURLWithPath: path)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) {
            if isDirectory.boolValue {
                dialog.error = state.t(.expIsFolder, path)
                state.mode = .exportDialog(dialog)
                return
            }
            if !dialog.confirmOverwrite {
                dialog.confirmOverwrite = true
                dialog.error = state.t(.expExists, url.lastPathComponent)
                state.mode = .exportDialog(dialog)
                return
            }
        }
        do {
            try TransactionExport.prepareDirectory(for: url)
        } catch let error as StoreError {
            dialog.error = error.message
            state.mode = .exportDialog(dialog)
            return
        } catch {
            dialog.error = "\(error)"
            state.mode = .exportDialog(dialog)
            return
        }
        var export = TransactionExport(customerId: customerId, query: state.transactions.query, format: dialog.format,
                                       destination: url, actor: state.actor, reason: reason)
        // Made with the customer's ticket open: the statement goes on that ticket's timeline.
        export.ticket = dialog.attachTicket
        let job = ExportJob(export: export, expectedRows: dialog.matching, attachTo: dialog.attach ? dialog.attachTicket : nil,
                            onFinish: console.wakeLoop)
        state.mode = .exporting(job)
        state.status = StatusMessage(text: state.t(.expExporting, String(dialog.matching), path), kind: .info)
        let client = client
        console.afterNextFrame { job.start(client: client) }
    }
}

/// While a file job runs (an export, the supervisor's reports): a progress bar, Esc to
/// cancel, a status message at the end.
struct ExportingController: ModeController {
    let console: ConsoleController

    func handle(_ key: Key) -> Outcome {
        let action = KeyMap.action(for: key, in: [.exporting])
        switch state.mode {
        case .exporting(let job):
            if action == .help { return .run(.help) }
            if action == .mode(.cancel) && job.outcome == nil {
                job.cancel()
                state.status = StatusMessage(text: state.t(.expCancelling), kind: .info)
            }
        case .exportingReports(let job):
            if action == .help { return .run(.help) }
            if action == .mode(.cancel) && job.outcome == nil {
                job.cancel()
                state.status = StatusMessage(text: state.t(.rptCancelling), kind: .info)
            }
        default:
            return .ignored
        }
        console.pollExport()
        return .handled
    }
}

extension ConsoleController {
    func openExportDialog() {
        guard state.transactions.customerId != nil, let wallet = state.account.customer?.walletId else {
            return warn(state.t(.expSelectFirst))
        }
        guard state.actor.role.can(.exportTransactions) else {
            return warn(state.t(.expNotAllowed, state.actor.login, state.t(state.actor.role.titleID)))
        }
        var dialog = ExportDialogState(walletId: wallet, matching: state.transactions.totals.count,
                                       filterText: state.transactions.filterText, now: client.now(), language: state.agentLanguage)
        // Only the open ticket's own customer: the statement must not reach someone else.
        if let open = state.ticket?.ticket, open.customerId == state.transactions.customerId { dialog.attachTicket = open.number }
        state.mode = .exportDialog(dialog)
    }

    /// Called on every tick, key and wake-up of the loop while a file job runs: takes the
    /// worker's outcome once there is one and tells the agent how it went. True when it
    /// took one (the frame changes).
    @discardableResult
    func pollExport() -> Bool {
        if case .exportingReports(let job) = state.mode, let outcome = job.outcome {
            finishReports(job, outcome)
            return true
        }
        guard case .exporting(let job) = state.mode, let outcome = job.outcome else { return false }
        state.mode = .normal
        switch outcome {
        case .finished(let path, let rows) where job.attachTo != nil:
            openComposerWithAttachment(path, ticket: job.attachTo!, rows: rows)
        case .finished(let path, let rows):
            say(state.t(rows == 1 ? .expDoneOne : .expDone, String(rows), path, job.export.format.rawValue.uppercased()))
        case .failed(let message):
            warn(state.t(.expFailed, message))
        case .cancelled:
            say(state.t(.expCancelledNoFile))
        }
        return true
    }

    /// After an export chosen to go with a reply: the composer opens on that ticket with a
    /// reply in the customer's language and the file as a pending chip; C-s sends both.
    private func openComposerWithAttachment(_ path: String, ticket number: Int64, rows: Int) {
        perform {
            if state.ticket?.ticket.number != number { try openTicket(number: number) }
            state.focus = .queue
            let name = (path as NSString).lastPathComponent
            // A reply already holding files (put aside with C-o) gets this one as another chip.
            if var held = takeHeldReply(for: number) {
                let added = adding(path, to: &held)
                state.mode = .composer(held)
                announcePresence(on: number, .typing)
                if added { say(state.t(.msgFileAdded, name, String(held.attachments.count), TicketNumber.format(number))) }
                return
            }
            let language = state.account.customer?.language ?? .id
            var area = TextArea()
            if let draft = state.ticket?.draft, !draft.body.isEmpty {
                area.text = draft.body
            } else {
                area.text = StatementReplyText.body(fileName: name, language)
            }
            state.mode = .composer(ComposerState(kind: .reply, area: area, attachments: [path]))
            announcePresence(on: number, .typing)
            say(state.t(.statusExportAttached, String(rows), path, TicketNumber.format(number)))
        }
    }
}
