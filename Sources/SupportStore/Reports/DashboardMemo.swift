import Foundation
import GRDB
import Synchronization

/// The supervisor screen's figures are the costliest read in paydesk, and every
/// supervisor's console asks for them again after every commit it hears of. This memo
/// computes them once per change of the database (the engine's `changeVersion`: on SQLite
/// any process's commit, seen through `PRAGMA data_version` on one fixed connection; on
/// PostgreSQL this instance's commits and its peers' announced ones) and shares the result
/// with every caller of this store — in `paydesk serve`, with every supervisor at once. The boxes that move
/// with the clock alone (breaching within the hour, aging) are recomputed when the entry
/// is older than `freshSeconds`; the SLA rates, which measure every clock of the period,
/// are reused for `slaSeconds` whatever commits, as each console used to do for itself,
/// and so are the volume's days before today (only today's tickets are counted again).
public final class DashboardMemo: Sendable {
    static let freshSeconds: TimeInterval = 10
    static let slaSeconds: TimeInterval = 20

    struct Key: Hashable, Sendable {
        var periodDays: Int
        var complaintWorkingDays: Int
    }
    private struct Entry: Sendable {
        var version: Int64
        var at: Date
        var dashboard: SupervisorDashboard
    }
    private struct SLAEntry: Sendable {
        var at: Date
        var reuse: DashboardReuse
    }

    /// Held while computing, so that supervisors asking at once wait for one computation
    /// instead of each running their own.
    private let computing = Mutex<Void>(())
    private let entries = Mutex<[Key: Entry]>([:])
    private let sla = Mutex<SLAEntry?>(nil)
    /// How many times the figures were computed, for tests and benchmarks.
    let computations = Mutex<Int>(0)

    /// The memoised dashboard for `key`, or `compute`'s (handed the SLA reports to reuse).
    public init() {}

    func dashboard(_ key: Key, version: () throws -> Int64, now: Date,
                   compute: (DashboardReuse?) throws -> SupervisorDashboard) throws -> SupervisorDashboard {
        try computing.withLock { _ in
            let version = try version()
            if let entry = entries.withLock({ $0[key] }), entry.version == version,
               now >= entry.at, now.timeIntervalSince(entry.at) < Self.freshSeconds {
                return entry.dashboard
            }
            let reuse = sla.withLock { entry -> DashboardReuse? in
                guard let entry, now >= entry.at, now.timeIntervalSince(entry.at) < Self.slaSeconds else { return nil }
                return entry.reuse
            }
            let dashboard = try compute(reuse)
            computations.withLock { $0 += 1 }
            if reuse == nil || reuse?.today != dashboard.slaToday {
                sla.withLock { $0 = SLAEntry(at: now, reuse: DashboardReuse(today: dashboard.slaToday, week: dashboard.slaWeek,
                                                                             volume: dashboard.volume)) }
            }
            entries.withLock { $0[key] = Entry(version: version, at: now, dashboard: dashboard) }
            return dashboard
        }
    }
}

/// What a computation of the figures may take from one less than `slaSeconds` old: the SLA
/// rates while they are for today, and the volume's counts of the days before today.
struct DashboardReuse: Sendable {
    var today: SLAReport
    var week: SLAReport
    var volume: VolumeReport
}
