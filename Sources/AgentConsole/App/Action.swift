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
}

/// Where a key binding applies. `.global` works everywhere in normal mode.
enum KeyContext: String, Sendable, CaseIterable {
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
        }
    }
}

struct KeyBinding: Sendable {
    var keys: [Key]
    var context: KeyContext
    var action: Action
    /// What the key does, in the catalogue (English is the README's text).
    var help: MessageID
    /// Keys only a supervisor can use are left off an agent's `?` screen.
    var minimumRole: Role = .agent

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
