import Foundation
import GRDB
import Synchronization

/// The transaction pane's footer (count, money in and out) per filter. A filter without
/// type or status (`status:failed`, `amount:>=1jt`) has no index that answers it, so its
/// total reads every matching row of the account — tens of milliseconds on a merchant
/// with 430k transactions — and the console asks again each time the agent applies one of
/// the same few filters. Kept until the database changes (the engine's `changeVersion`),
/// so a figure is never older than the last write.
public final class TotalsMemo: Sendable {
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
    /// How many totals were computed rather than reused, for tests.
    let computations = Mutex<Int>(0)

    public init() {}

    func totals(_ key: Key, version: () throws -> Int64, compute: () throws -> TransactionTotals) throws -> TransactionTotals {
        // Read before computing: a commit in between leaves a result newer than its version
        // says, which the next ask (seeing the newer version) recomputes anyway.
        let version = try version()
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
