import SupportCore
import TermUI

/// Where each pane sits for a terminal size. From 100 columns the four panes share the
/// screen (queue left, account / transactions / security stacked right); below that
/// they become tabs and the focused one takes the whole body.
struct ConsoleLayout {
    let width: Int
    let height: Int
    let tabs: Bool
    let focus: PaneID
    /// The tabs' titles are in the agent's language, so their columns follow it.
    var language: ContentLanguage = .en
    /// An open complaint whose record does not fit beside its timeline gets a fifth tab.
    var complaintTab = false

    static let minimumWidth = 80
    static let minimumHeight = 24

    var header: Rect { Rect(x: 0, y: 0, width: width, height: 1) }
    var tabBar: Rect? { tabs ? Rect(x: 0, y: 1, width: width, height: 1) : nil }
    var messageLine: Rect { Rect(x: 0, y: height - 2, width: width, height: 1) }
    var statusBar: Rect { Rect(x: 0, y: height - 1, width: width, height: 1) }

    var body: Rect {
        let top = tabs ? 2 : 1
        return Rect(x: 0, y: top, width: width, height: max(0, height - top - 2))
    }

    func rect(for pane: PaneID) -> Rect? {
        if tabs { return pane == focus ? body : nil }
        let columns = body.splitHorizontally(ratios: width >= 160 ? [1, 1] : [11, 9])
        let left = columns[0]
        let right = columns[1]
        if pane == .queue { return left }
        // Security holds a short list; account and transactions share the rest.
        let securityHeight = max(7, right.height / 5)
        let rest = right.height - securityHeight
        let accountHeight = rest * 9 / 20
        switch pane {
        case .account: return Rect(x: right.x, y: right.y, width: right.width, height: accountHeight)
        case .transactions: return Rect(x: right.x, y: right.y + accountHeight, width: right.width, height: rest - accountHeight)
        case .security: return Rect(x: right.x, y: right.y + rest, width: right.width, height: securityHeight)
        case .queue: return left
        }
    }

    func pane(atX x: Int, y: Int) -> PaneID? {
        PaneID.allCases.first { rect(for: $0)?.contains(x: x, y: y) ?? false }
    }

    /// Tab titles and their columns, for drawing and for mouse clicks.
    var tabPositions: [(pane: PaneID, x: Int, width: Int)] {
        var x = 1
        var result: [(PaneID, Int, Int)] = []
        for pane in PaneID.allCases {
            let label = ConsoleLayout.tabLabel(pane, language)
            let width = DisplayWidth.of(label)
            result.append((pane, x, width))
            x += width + 1
        }
        return result
    }

    /// " 1 Queue ", as the tab bar draws it.
    static func tabLabel(_ pane: PaneID, _ language: ContentLanguage) -> String {
        " \(pane.rawValue + 1) \(Catalogue.text(pane.titleID, language)) "
    }

    /// " 5 Complaint ", after the four panes' tabs.
    static func complaintTabLabel(_ language: ContentLanguage) -> String {
        " 5 \(Catalogue.text(.paneComplaint, language)) "
    }

    var complaintTabPosition: (x: Int, width: Int)? {
        guard tabs, complaintTab, let last = tabPositions.last else { return nil }
        let x = last.x + last.width + 1
        let width = DisplayWidth.of(ConsoleLayout.complaintTabLabel(language))
        return x + width <= self.width ? (x, width) : nil
    }

    func complaintTabHit(x: Int, y: Int) -> Bool {
        guard let bar = tabBar, y == bar.y, let tab = complaintTabPosition else { return false }
        return x >= tab.x && x < tab.x + tab.width
    }

    func tabHit(x: Int, y: Int) -> PaneID? {
        guard let bar = tabBar, y == bar.y else { return nil }
        return tabPositions.first { x >= $0.x && x < $0.x + $0.width }?.pane
    }
}
