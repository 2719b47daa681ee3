import Foundation
import GRDB
import Synchronization

/// The transaction pane's footer (count, money in and out) per filter. A filter without
/// type or status (`status:failed`, `amount:>=1jt`) has no index that answers it, so its
/// total reads every matching row of the account — tens of milliseconds on a merchant
/// with 430k transactions — and the console asks again each time the agent applies one of
/// the same few filters. Kept until the database changes (any commit: `DataVersionProbe`),
/// so a figure is never older than the last write.
final class TotalsMemo: Sendable {
    /// Filters kept per database version; past this the memo starts over.
    static let capacity = 64

    struct Key: Hashable, Sendable {
        var sql: String
        var arguments: [DatabaseValue]
    }
    private struct State: Sendable {
        var version: Int64 = -1
        var totals: [Key: TransactionTotals] = [:]
    }
    private let state = Mutex(State())
    let probe = DataVersionProbe()
    /// How many totals were computed rather than reused, for tests.
    let computations = Mutex<Int>(0)

    func totals(_ key: Key, path: String, compute: () throws -> TransactionTotals) throws -> TransactionTotals {
        // Read before computing: a commit in between leaves a result newer than its version
        // says, which the next ask (seeing the newer version) recomputes anyway.
        let version = try probe.version(path: path)
        if let hit = state.withLock({ $0.version == version ? $0.totals[key] : nil }) { return hit }
        let totals = try compute()
        computations.withLock { $0 += 1 }
        state.withLock { state in
            if state.version != version || state.totals.count >= Self.capacity { state = State(version: version) }
            state.totals[key] = totals
        }
        return totals
    }
}
