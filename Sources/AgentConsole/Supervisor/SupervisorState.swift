import Foundation
import SupportCore
import SupportStore
import TermUI

/// The supervisor screen's boxes, in focus order: what needs attention comes first.
package enum SupervisorPanel: Int, CaseIterable, Sendable {
    case attention, sla, backlog, aging, volume, workload, csat, deliveries, approvals

    var titleID: MessageID {
        switch self {
        case .attention: .boxAttention
        case .sla: .boxSLA
        case .backlog: .boxBacklog
        case .aging: .boxAging
        case .volume: .boxVolume
        case .workload: .boxWorkload
        case .csat: .boxCSAT
        case .approvals: .boxApprovals
        case .deliveries: .boxDeliveries
        }
    }

    /// The English name (logs, benchmarks).
    var title: String { Catalogue.text(titleID, .en) }
}

/// What is behind a figure: Enter shows those tickets as a queue (or opens the one ticket).
enum SupervisorDrill: Equatable, Sendable {
    /// A filter that names exactly the set, and stays live.
    case query(String)
    /// A computed set (breached clocks, an age band…), named by ticket number.
    case tickets([Int64])
    case ticket(Int64)
    /// A maker-checker request: opens the ticket it was made on.
    case approval(Int64)
}

/// Everything the supervisor does besides moving around, as one action family.
enum SupervisorAction: Equatable, Sendable {
    case nextPanel, previousPanel
    case moveRow(Int), moveCell(Int)
    case drill
    case cyclePeriod
    case askDecision(approve: Bool)
    case decide(Int64, approve: Bool)
    /// Puts a message delivery gave up on back in the queue (audited by the store).
    case retryDelivery(Int64)
    case export
    // Multi-select in the queue, and bulk changes on the selection.
    case toggleSelect
    case selectRange
    case selectAll
    case clearSelection
    case bulkMenu
    case runBulk(BulkChange)
    case dismiss
}

struct SupervisorCursor: Equatable, Sendable {
    var row = 0
    /// Index among the row's drillable cells.
    var cell = 0
}

/// What the supervisor screen shows; counted by `SupervisorFiguresJob`, swapped in by
/// `takeSupervisorFigures`, drawn by `SupervisorScreen`.
package struct SupervisorState {
    /// The figures on screen, with the period they are for and when they were counted;
    /// nil until the first count lands (each box then says its figures are being counted).
    var figures: SupervisorFigures?
    /// A count runs or waits on the worker; the screen keeps drawing `figures` meanwhile.
    package var counting = false
    /// Counts asked for before this request are dropped when they land: they were read
    /// before a decision made here, and would show the decided request as waiting again.
    var freshFrom = 0
    var data: SupervisorDashboard? { figures?.dashboard }
    /// Messages delivery gave up on, newest first, for the Deliveries box.
    var failures: [OutboxMessage] { figures?.failures ?? [] }
    /// When the figures on screen were counted (the store's clock).
    package var measuredAt: Date? { figures?.measuredAt }
    /// Whether the figures held are for the period chosen: Workload and CSAT, the boxes
    /// the period changes, say they are being counted until they are.
    var figuresForPeriod: Bool { figures?.periodDays == periodDays }
    var panel: SupervisorPanel = .attention
    var cursors: [SupervisorPanel: SupervisorCursor] = [:]
    /// Window of the handling times and satisfaction: 1 (today), 7 or 30 days.
    var periodDays = 7
    /// Tickets picked in the queue, with the version each had when picked: a bulk change
    /// is compare-and-set on that version, so a ticket someone changed since is refused.
    var selection: [Int64: Int64] = [:]
    /// The last row toggled (absolute queue index), where a range starts.
    var anchor: Int?
    var lastBulk: BulkOutcome?
    /// Where the last export went, for the status line and tests.
    var lastExport: String?
    /// The files the last export wrote, in that folder.
    var lastExportFiles: [String] = []
    /// Overrides where `E` writes reports (tests); nil uses $PAYDESK_REPORTS or the data folder.
    var exportDirectory: String?

    var selectedTickets: Set<Int64> { Set(selection.keys) }

    var cursor: SupervisorCursor {
        get { cursors[panel] ?? SupervisorCursor() }
        set { cursors[panel] = newValue }
    }

    static let periods = [1, 7, 30]

    var periodLabel: String { periodDays == 1 ? "today" : "\(periodDays) days" }
}
