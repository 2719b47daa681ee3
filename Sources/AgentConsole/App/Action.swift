import SupportCore
import SupportStore
import TermUI

/// Everything the console can be asked to do. Keys, mouse clicks, the command palette
/// and timers all become actions; `ConsoleController.update` is the only place that
/// performs them.
enum Action: Equatable, Sendable {
    case quit
    case focusNext, focusPrevious
    case focus(PaneID)
    case moveUp, moveDown, pageUp, pageDown, home, end
    case open
    case openNumber(Int64)
    case promptOpenNumber
    case back
    case help
    case startFilter
    case startPalette
    case refresh
    // Queue
    case nextView
    case setView(QueueView)
    case cycleSort
    case setSort(QueueSort)
    case claim
    case release
    case give(String)
    case setStatus(TicketStatus)
    case setPriority(Priority)
    case setCategory(Category, String?)
    case tag(String)
    case applyFilter(PaneID, String)
    // Ticket
    case compose(ComposerState.Kind)
    case send
    case discardDraft
    case note(String)
    case escalate(String)
    case link(Int64, TicketLinkKind)
    case merge(Int64)
    case confirmMerge(Int64)
    case confirmClose
    case openMacroPicker
    case nextMacroLanguage
    case applyMacro(String)
    case openPlaybook
    case skipStep(String)
    /// A playbook step's finding, typed in its dialog ("none suspicious: …").
    case stepFinding(String)
    case addEvidence(EvidenceKind, String)
    case complaintDecision(String)
    case escalateComplaint(ComplaintLevel, String)
    /// `:complaint-open`: asks the statement, then (`.openComplaint`) what the customer expects.
    case askComplaintOpen, complaintStatement
    case openComplaint(String)
    /// `:new KEY CATEGORY[/SUB]`: a ticket from a phone call, asked step by step.
    case newCall(NewCallStep)
    case askSecurity
    case askSecurityKind(AccountSecurityAction)
    case runSecurityAction(AccountSecurityAction, Int64?, String?)
    case decideRequest(Int64, approve: Bool, String)
    case setTheme(String)
    case toggleSupervisor
    /// `5`: a complaint's record in place of its timeline, and back (narrow screens).
    case toggleComplaint
    case supervisor(SupervisorAction)
    case externalEditor
    /// Composer: put the reply aside to export another file for it; drop the newest file.
    case holdReplyForExport, dropNewestFile
    case editorReturned(String)
    // Account
    case reveal(field: String, reason: String)
    case askReveal
    case openInvestigation
    case investigation(InvestigationAction)
    case setCustomerLanguage(ContentLanguage)
    case setUILanguage(ContentLanguage)
    // Transactions
    case exportTransactions
    case openFilterForm
    case attachTransaction
    // Keyword rules (`:rules`)
    case openRules
    case rules(RulesAction)
    // Dialogs
    case confirmDialog
    case cancelDialog
    case status(String)
    /// A key of a modal context (a dialog, a prompt, a form): what it means there is the
    /// binding's help text, and the mode's own handler performs it.
    case mode(ModeKey)
}

/// What a key does inside a mode that has the keyboard. One vocabulary for every mode, so
/// that each mode's handler reads its keys from `KeyMap` rather than matching raw keys.
enum ModeKey: Equatable, Sendable {
    /// Enter: apply, run, confirm, press the focused button.
    case confirm
    /// Esc: close without doing anything.
    case cancel
    /// Tab / S-Tab / ←→ in a dialog or form: the next or previous field or button.
    case nextFocus, previousFocus, moveButton
    /// Tab at a prompt: complete the word.
    case complete
    /// ↑ / ↓ at a prompt or picker: the previous or next suggestion or history entry.
    case previous, next
    /// Scroll the help screen by this many lines.
    case scroll(Int)
    /// Playbook: tick the step, skip it (asks why), investigate (stolen-account).
    case done, skip, investigate
    /// The composer's "discard?" question: throw the text away, or keep writing.
    case discard, keep
}

/// Where a key binding applies. `.global` works everywhere in normal mode.
package enum KeyContext: String, Sendable, CaseIterable {
    case global = "Everywhere"
    case list = "Lists"
    case queue = "Queue"
    case ticket = "Open ticket"
    case account = "Account"
    case transactions = "Transactions"
    case security = "Security"
    case investigation = "Investigation"
    case composer = "Composer"
    case macroPicker = "Macro picker"
    case supervisor = "Supervisor"
    case rules = "Keyword rules"
    // Modes that take the keyboard from the panes
    case help = "Help"
    case dialog = "Dialog"
    case filterPrompt = "Filter prompt"
    case palette = "Command palette"
    case discardDraft = "Discard the draft?"
    case playbook = "Playbook"
    case exportDialog = "Export dialog"
    case exporting = "Exporting"
    case filterForm = "Filter form"
    /// The rules screen's filter line, its try-it line and its add form.
    case rulesFilter = "Rules filter"
    case rulesTry = "Rules try-it line"
    case ruleForm = "New rule form"
    /// The investigation's questions: why the chosen transactions are flagged; the appeal.
    case flagReason = "Flag reason"
    case appealForm = "Appeal form"
    /// A complaint's record shown in its timeline's place (narrow screens, `5`).
    case complaintRecord = "Complaint record"
}

extension KeyContext {
    /// The group's heading on the `?` screen.
    var title: MessageID {
        switch self {
        case .global: .contextGlobal
        case .list: .contextList
        case .queue: .contextQueue
        case .ticket: .contextTicket
        case .account: .contextAccount
        case .transactions: .contextTransactions
        case .security: .contextSecurity
        case .investigation: .contextInvestigation
        case .composer: .contextComposer
        case .macroPicker: .contextMacroPicker
        case .supervisor: .contextSupervisor
        case .rules: .contextRules
        case .help: .contextHelp
        case .dialog: .contextDialog
        case .filterPrompt: .contextFilterPrompt
        case .palette: .contextPalette
        case .discardDraft: .contextDiscardDraft
        case .playbook: .contextPlaybook
        case .exportDialog: .contextExportDialog
        case .exporting: .contextExporting
        case .filterForm: .contextFilterForm
        case .rulesFilter: .contextRulesFilter
        case .rulesTry: .contextRulesTry
        case .ruleForm: .contextRuleForm
        case .flagReason: .contextFlagReason
        case .appealForm: .contextAppealForm
        case .complaintRecord: .contextComplaintRecord
        }
    }
}

enum HintCondition: Sendable {
    case always
    /// The open complaint's record has a tab of its own and the timeline is shown.
    case complaintTab
    /// The reply in the composer carries files (exported statements).
    case replyHasFiles
    /// The supervisor screen's Approvals box has the focus (a and r act there only).
    case approvalsBox
}

package struct KeyBinding: Sendable {
    package var keys: [Key]
    package var context: KeyContext
    var action: Action
    /// What the key does, in the catalogue (English is the README's text).
    var help: MessageID
    /// Keys only a supervisor can use are left off an agent's `?` screen.
    var minimumRole: Role = .agent
    /// The footer's hint for this key (its text starts with the key), or nil to leave it
    /// to `?`. The footer shows the hints of the active contexts by `rank`, lowest first.
    var hint: MessageID? = nil
    var rank = 50
    /// A hint that only makes sense in some states (`5 complaint` where the record has a
    /// tab of its own).
    var hintWhen: HintCondition = .always

    var englishHelp: String { Catalogue.text(help, .en) }
}

/// The steps of `:new`: find the caller (with a reason for a phone or email), then the
/// subject, then what the customer said.
enum NewCallStep: Equatable, Sendable {
    case start(NewCall)
    case lookup(NewCall)
    case subject(NewCall)
    case body(NewCall)
}
