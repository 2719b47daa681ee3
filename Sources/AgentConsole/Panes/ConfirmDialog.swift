import SupportCore
import TermUI

/// A dialog that asks for confirmation or a reason before an action runs: TermUI's
/// `Dialog` (buttons Confirm and Cancel, the reason field) and the action it confirms.
/// Dangerous actions start with the focus on Cancel, so a stray Enter cancels.
package struct DialogState {
    var widget: Dialog
    var lines: [String]
    var danger: Bool
    var inputLabel: String?
    var confirm: Action
    var error: String?
    /// A list to read (what an export wrote, a bulk change's outcome): nothing to confirm,
    /// one Close button.
    var readOnly: Bool

    init(title: String, lines: [String], danger: Bool, input: TextField?, inputLabel: String?, confirm: Action,
         error: String? = nil, readOnly: Bool = false) {
        widget = Dialog(title: title, message: "", buttons: readOnly ? ["close"] : ["confirm", "cancel"], field: input,
                        isDanger: danger, preferredWidth: 70)
        // The reason's emptiness is the console's to say (it names what is missing).
        widget.requiresFieldText = false
        self.lines = lines
        self.danger = danger
        self.inputLabel = inputLabel
        self.confirm = confirm
        self.error = error
        self.readOnly = readOnly
        if !readOnly && (danger || Self.startsOnCancel(confirm)) { widget.focus = .button(1) }
    }

    var title: String { widget.title }
    var input: TextField? {
        get { widget.field }
        set { widget.field = newValue }
    }
    var cancelFocused: Bool { !readOnly && widget.focus == .button(1) }

    /// Actions a stray Enter must not perform: security actions, reveals, approvals and
    /// rejections, bulk changes, closing and merging tickets.
    static func startsOnCancel(_ action: Action) -> Bool {
        switch action {
        case .runSecurityAction, .reveal, .confirmClose, .confirmMerge: true
        case .supervisor(.decide), .supervisor(.runBulk): true
        default: false
        }
    }

    /// What the dialog shows with the console's words on its buttons and its lines,
    /// the field's label and the last error as its message.
    func shown(_ state: ConsoleState) -> Dialog {
        var dialog = widget
        dialog.buttons = readOnly ? [state.t(.buttonClose)]
            : [state.t(.buttonConfirm), state.t(.buttonCancel)]
        var message = lines
        if let error { message.append(error) }
        if input != nil { message.append((inputLabel ?? state.t(.dialogInput)) + ":") }
        dialog.message = message.joined(separator: "\n")
        return dialog
    }

    static func render(_ state: ConsoleState, _ dialog: Dialog, into screen: inout Screen) {
        let bounds = Rect(x: 0, y: 1, width: state.width, height: max(1, state.height - 3))
        dialog.draw(into: &screen, in: bounds, style: DialogStyle(theme: state.theme, danger: dialog.isDanger))
    }
}

/// What a key did to a dialog: pressed a button, cancelled it, or moved within it.
enum DialogKeyOutcome: Equatable {
    case confirmed, cancelled, stays, help
}

extension Dialog {
    /// Reads `key` from the dialog context of the key table: Enter presses the focused
    /// button (Cancel, the last one, cancels), Esc cancels, Tab/S-Tab/←→ move the focus.
    /// A printable key while a button has the focus goes to the field, if there is one.
    mutating func handleKey(_ key: Key) -> DialogKeyOutcome {
        if key.isText, field != nil {
            focus = .field
            _ = handle(key)
            return .stays
        }
        switch KeyMap.action(for: key, in: [.dialog]) {
        case .mode(.cancel): return .cancelled
        case .help: return .help
        case .mode(.confirm):
            switch handle(.enter) {
            case .button(let index) where index < buttons.count - 1 || buttons.count == 1: return .confirmed
            case .button, .cancelled: return .cancelled
            case nil: return .stays
            }
        case .mode(.nextFocus), .mode(.previousFocus), .mode(.moveButton):
            _ = handle(key)
            return .stays
        default:
            if focus == .field { _ = handle(key) }
            return .stays
        }
    }
}

/// A dialog's behaviour: TermUI's `Dialog` takes the keys (KeyMap's dialog context);
/// what a confirmation does is `update`'s `confirmDialog`, which knows what was asked.
struct DialogController: ModeController {
    let console: ConsoleController

    func handle(_ key: Key) -> Outcome {
        guard case .dialog(var dialog) = state.mode else { return .ignored }
        switch dialog.widget.handleKey(key) {
        case .confirmed: return .run(.confirmDialog)
        case .cancelled: return .run(.cancelDialog)
        case .help: return .run(.help)
        case .stays:
            dialog.error = nil
            state.mode = .dialog(dialog)
            return .handled
        }
    }
}
