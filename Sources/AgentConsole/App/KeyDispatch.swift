import SupportAPI
import TermUI

/// What a pane or mode did with a key or an action, for the controller to finish
/// (htop's `HandlerResult`): the unit changes its own state; what crosses units, it asks for.
enum Outcome: Equatable {
    /// Taken; the next frame shows whatever changed.
    case handled
    /// Not this unit's: the controller offers it to the next (the key table's panes).
    case ignored
    /// An action for `update`: a global one (help, quit) or one that reaches other panes.
    case run(Action)
}

/// Reaches the controller's state, client and status line from a unit, so a unit's
/// behaviour reads as if it were the controller's and stays in the unit's own file.
protocol ConsoleUnit {
    var console: ConsoleController { get }
}

extension ConsoleUnit {
    var state: ConsoleState {
        get { console.state }
        nonmutating _modify { yield &console.state }
    }
    var client: SupportClient { console.client }
    func perform(_ body: () throws -> Void) { console.perform(body) }
    func say(_ text: String) { console.say(text) }
    func warn(_ text: String) { console.warn(text) }
}

/// A mode that takes the keyboard (a prompt, a dialog, a screen over the panes).
protocol ModeController: ConsoleUnit {
    func handle(_ key: Key) -> Outcome
}

/// A pane of the main screen: what the moving and opening actions mean on it, and a click
/// on its `row`th list row.
protocol PaneController: ConsoleUnit {
    func handle(_ action: Action) -> Outcome
    func click(row: Int)
}

extension PaneController {
    func click(row: Int) {}

    /// The rows `action` moves by in the focused list (a page is its height less one), or
    /// nil when it does not move by rows.
    func step(_ action: Action) -> Int? {
        let page = max(1, console.listHeight - 1)
        switch action {
        case .moveUp: return -1
        case .moveDown: return 1
        case .pageUp: return -page
        case .pageDown: return page
        default: return nil
        }
    }
}

/// The one table the controller dispatches keys through: which unit has the keyboard in
/// each mode, and which behaviour each pane has. What a unit does is in its own file.
enum KeyDispatch {
    /// The unit for a mode; nil for the panes (`normal`), which go through `pane(_:_:)`.
    static func mode(_ mode: Mode, _ console: ConsoleController) -> (any ModeController)? {
        switch mode {
        case .normal: nil
        case .help: HelpController(console: console)
        case .filter: FilterPromptController(console: console)
        case .palette: PaletteController(console: console)
        case .dialog: DialogController(console: console)
        case .composer: ComposerController(console: console)
        case .macroPicker: MacroPickerController(console: console)
        case .playbook: PlaybookController(console: console)
        case .exportDialog: ExportDialogController(console: console)
        case .exporting, .exportingReports: ExportingController(console: console)
        case .filterForm: FilterFormController(console: console)
        case .investigation: InvestigationController(console: console)
        case .rules: RulesController(console: console)
        }
    }

    static func pane(_ pane: PaneID, _ console: ConsoleController) -> any PaneController {
        switch pane {
        case .queue: QueueController(console: console)
        case .account: AccountController(console: console)
        case .transactions: TransactionsController(console: console)
        case .security: SecurityController(console: console)
        }
    }

    /// The supervisor screen takes its own keys first; what it does not use reaches the panes'.
    static func screen(_ screen: ScreenID, _ console: ConsoleController) -> (any ModeController)? {
        screen == .supervisor ? SupervisorKeys(console: console) : nil
    }
}
