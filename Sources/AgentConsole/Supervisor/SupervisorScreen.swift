import Foundation
import SupportCore
import SupportStore
import TermUI

/// What the supervisor screen shows; loaded by `loadSupervisor`, drawn by `render`.
struct SupervisorState {
    var backlog: [String: Int] = [:]
}

/// The supervisor's screen: backlog, SLA, aging, volume, workload and approvals.
enum SupervisorScreen {
    static func render(_ state: ConsoleState, rect: Rect, into screen: inout Screen) {
        let chrome = PaneChrome(rect: rect, focused: true, theme: state.theme)
        chrome.drawFrame(into: &screen, title: "Supervisor")
        for (i, (status, count)) in state.supervisor.backlog.sorted(by: { $0.key < $1.key }).enumerated() {
            chrome.line(into: &screen, DisplayWidth.pad(status, toWidth: 12) + String(count), row: i, indent: 1)
        }
    }
}

extension ConsoleController {
    func loadSupervisor() throws {
        let counts = try store.queueCounts(for: state.actor)
        state.supervisor.backlog = Dictionary(uniqueKeysWithValues: counts.map { ($0.key.title, $0.value) })
    }

    /// Keys the supervisor screen uses; false lets the global key table handle the key.
    func handleSupervisorKey(_ key: Key) -> Bool {
        if key == .escape { state.screen = .main; return true }
        return false
    }
}
