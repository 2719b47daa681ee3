import Foundation
import SupportAPI
import SupportCore
import SupportStore
import TermUI

/// The account pane's state: the customer, devices, logins and tickets, and what was revealed.
struct AccountPaneState {
    var customer: Customer?
    var devices: [Device] = []
    var logins: [LoginEvent] = []
    var tickets: [TicketSummary] = []
    /// Fields revealed for this view only, after a reason was given and audited.
    var revealed: Set<String> = []
    var scroll = 0
}

/// The account pane's behaviour: the moving keys scroll it. Its reveal (`askReveal`,
/// `reveal`) and the customer's reply language are `update`'s: the palette reaches them too.
struct AccountController: PaneController {
    let console: ConsoleController

    func handle(_ action: Action) -> Outcome {
        if let delta = step(action) {
            state.account.scroll = max(0, state.account.scroll + delta)
            return .handled
        }
        switch action {
        case .home, .end, .open: return .handled   // taken, and nothing to do
        default: return .ignored
        }
    }
}
