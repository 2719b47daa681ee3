import Foundation
import SupportCore
import SupportStore
import TermUI

/// The four panes of the main screen, in focus order.
public enum PaneID: Int, Sendable, CaseIterable {
    case queue, account, transactions, security

    var titleID: MessageID {
        switch self {
        case .queue: .paneQueue
        case .account: .paneAccount
        case .transactions: .paneTransactions
        case .security: .paneSecurity
        }
    }

    /// The English name, for benchmarks' and logs' records.
    package var title: String { Catalogue.text(titleID, .en) }
}

/// A one-line message in the status bar, coloured by how it turned out.
package struct StatusMessage: Equatable {
    enum Kind { case info, success, error }
    package var text: String
    var kind: Kind
    /// How many times in a row this same message was given: a key that gets the same
    /// answer again (a second refusal, a second reload) shows "×2", so the agent sees
    /// that the key was taken.
    var repeats = 1

    /// The message to show after `previous`.
    func following(_ previous: StatusMessage?) -> StatusMessage {
        guard let previous, previous.text == text, previous.kind == kind else { return self }
        var next = self
        next.repeats = previous.repeats + 1
        return next
    }

    var shown: String { repeats > 1 ? "\(text) ×\(repeats)" : text }
}

/// What has the keyboard besides the panes.
package enum Mode {
    case normal
    case filter(FilterPrompt)
    case palette(PalettePrompt)
    /// The key list, over the mode it explains (which has the keyboard again on close).
    indirect case help(scroll: Int, over: Mode)
    case dialog(DialogState)
    case composer(ComposerState)
    case macroPicker(MacroPickerState)
    case playbook(PlaybookViewState)
    case exportDialog(ExportDialogState)
    case exporting(ExportJob)
    /// The supervisor's five reports being written (`E`): the same progress dialog and Esc.
    case exportingReports(ReportsJob)
    case filterForm(TransactionFilterForm)
    case investigation(InvestigationViewState)
    case rules(RulesViewState)
}

/// Work the loop does outside `update`, because it needs the terminal (Elm's commands).
enum Effect: Equatable {
    /// Suspend the console, edit the composer's text in $EDITOR, come back.
    case editExternally(String)
}

/// The open ticket: header, timeline and SLA clocks.
struct TicketViewState {
    var ticket: Ticket
    var assignee: String?
    var events: [TicketEvent]
    var clocks: [SLAClockStatus]
    var links: [TicketLink]
    /// Other agents viewing or typing on this ticket.
    var presence: [PresenceEntry] = []
    /// The complaint record, on complaint tickets that have one.
    var complaint: ComplaintRecord?
    var scroll = 0
    /// A complaint's record in place of its timeline (`5`, or the Complaint tab), where
    /// the screen is too narrow to show it beside.
    var showsComplaint = false
    /// The last timeline entry on screen when the agent started writing ("traffic cop").
    var seenEventId: Int64
    /// Where each reply stands on its way to the customer, by timeline entry id.
    var deliveries: [Int64: DeliveryStatus] = [:]
    /// The agent's draft on this ticket: read with the pane, then kept by this console as
    /// it writes it, so `r` and `n` open on it without asking.
    var draft: Draft?
    /// `events` is the newest part of the timeline: older entries are read a page at a
    /// time as the agent scrolls up past the first held (`loadEarlierEntries`).
    var hasEarlier = false
}

/// The console's top-level screens.
package enum ScreenID: Equatable {
    case main
    case supervisor
}

/// Everything the screen shows. `render` reads only this.
package struct ConsoleState {
    package var actor: Agent
    package var screen: ScreenID = .main
    package var supervisor = SupervisorState()
    var width = 80
    var height = 24
    /// The clock of the store (or the service) the console talks to, read at each tick.
    var now: Date
    package var focus: PaneID = .queue
    package var mode: Mode = .normal
    package var queue = QueuePaneState()
    var account = AccountPaneState()
    package var transactions = TransactionPaneState()
    var security = SecurityPaneState()
    var ticket: TicketViewState?
    /// A reply put aside (`C-o`) while another statement is exported for it.
    var heldReply: HeldReply?
    package var status: StatusMessage?
    /// Set while the service cannot be reached ("disconnected — reconnecting").
    var connectionProblem: String?
    var filterHistory: [String] = []
    /// Each customer's transaction filter, by customer id, while another is on screen.
    var keptTransactionFilters: [Int64: KeptTransactionFilter] = [:]
    var running = true
    var theme: Theme
    /// The language agent-facing content (playbook steps) is shown in: the agent's
    /// locale at launch, English when it names none paydesk has.
    var agentLanguage: ContentLanguage = .en
    var pendingEffect: Effect?
    /// When time alone next changes what the last frame showed (the tick draws only then).
    let timeWatch = RelativeTimeWatch()

    init(actor: Agent, theme: Theme, now: Date) {
        self.actor = actor
        self.theme = theme
        self.now = now
        queue.view = actor.role.can(.viewAllQueues) ? .team : .mine
    }

    /// Below 100 columns the panes become tabs, one at a time.
    var usesTabs: Bool { width < 100 }

    /// A complaint ticket is open and its record does not fit beside the timeline: it
    /// gets a tab of its own (`5`).
    var complaintTab: Bool {
        guard ticket?.ticket.category == .complaint else { return false }
        let layout = ConsoleLayout(width: width, height: height, tabs: usesTabs, focus: .queue)
        return !TimelineLayout.complaintBeside(layout.rect(for: .queue))
    }

    /// The complaint record takes the queue pane's place.
    var showingComplaint: Bool { complaintTab && ticket?.showsComplaint == true && focus == .queue }
    var tooSmall: Bool { width < 80 || height < 24 }
}
