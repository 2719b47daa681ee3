import Foundation
import SupportAPI
import SupportCore
import SupportStore
import TermUI

// The mouse: a click on a tab focuses it, on a list row selects it (what a row is, the
// pane says: `PaneController.click`), the wheel moves as ↑↓ do.
extension ConsoleController {
    func handleMouse(_ m: MouseEvent) {
        guard case .normal = state.mode else { return }
        let layout = ConsoleLayout(width: state.width, height: state.height, tabs: state.usesTabs, focus: state.focus,
                                   language: state.agentLanguage, complaintTab: state.complaintTab)
        if layout.complaintTabHit(x: m.x, y: m.y) {
            state.focus = .queue
            state.ticket?.showsComplaint = true
            return
        }
        if let tab = layout.tabHit(x: m.x, y: m.y) {
            state.focus = tab
            if tab == .queue { state.ticket?.showsComplaint = false }
            return
        }
        guard let pane = layout.pane(atX: m.x, y: m.y), let rect = layout.rect(for: pane) else { return }
        switch m.button {
        case .wheelUp:
            state.focus = pane
            update(.moveUp)
        case .wheelDown:
            state.focus = pane
            update(.moveDown)
        case .left:
            state.focus = pane
            // Row 0 is the border, row 1 the column header.
            let row = m.y - rect.y - 2
            guard row >= 0 else { return }
            KeyDispatch.pane(pane, self).click(row: row)
        default:
            break
        }
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
