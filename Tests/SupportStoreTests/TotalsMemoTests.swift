import Foundation
import GRDB
import SupportCore
import Testing
@testable import SupportStore

/// A filter's footer totals are read once per database change and filter; never stale
/// past a commit, this process's or another's.
@Suite struct TotalsMemoTests {
    func computations(_ t: TempStore) -> Int { t.store.totalsMemo.computations.withLock { $0 } }

    func query(_ text: String) throws -> Query {
        try QueryParser.parse(text, schema: .transactions, now: TempStore.fixedNow, timeZone: TimeText.zone)
    }

    /// The customer with the most transactions, and its first successful one.
    func heaviest(_ t: TempStore) throws -> (customer: Int64, reference: String) {
        let row = try #require(try t.store.pool.read { db in
            try Row.fetchOne(db, sql: """
                SELECT customer_id, (SELECT reference FROM transactions y WHERE y.customer_id = x.customer_id
                                     AND y.status = 'success' AND y.flagged = 0 ORDER BY id LIMIT 1) AS reference
                FROM transactions x GROUP BY customer_id ORDER BY COUNT(*) DESC LIMIT 1
                """)
        })
        return (row["customer_id"], row["reference"])
    }

    @Test func theSameFilterAgainComputesNothing() throws {
        let t = try TempStore(demo: true)
        let (customer, _) = try heaviest(t)
        let failed = try query("status:failed"), success = try query("status:success")
        let first = try t.store.transactionTotals(customerId: customer, query: failed)
        #expect(try t.store.transactionTotals(customerId: customer, query: failed) == first)
        #expect(computations(t) == 1)
        let other = try t.store.transactionTotals(customerId: customer, query: success)
        #expect(computations(t) == 2)
        #expect(other != first)
        // The unfiltered footer reads the kept counters, not the memo.
        _ = try t.store.transactionTotals(customerId: customer)
        #expect(computations(t) == 2)
    }

    @Test func aWriteInThisProcessIsSeenAtOnce() throws {
        let t = try TempStore(demo: true)
        let (customer, reference) = try heaviest(t)
        let flagged = try query("flagged:yes")
        let before = try t.store.transactionTotals(customerId: customer, query: flagged)
        let agent = try #require(try t.store.agent(login: "budi"))
        _ = try t.store.flagTransaction(reference: reference, reason: "customer does not know it", by: agent)
        let after = try t.store.transactionTotals(customerId: customer, query: flagged)
        #expect(after.count == before.count + 1)
        #expect(computations(t) == 2)
    }

    @Test func aCommitByAnotherConnectionIsSeenAtOnce() throws {
        let t = try TempStore(demo: true)
        let (customer, reference) = try heaviest(t)
        let failed = try query("status:failed")
        let before = try t.store.transactionTotals(customerId: customer, query: failed)
        let other = try DatabaseQueue(path: t.store.path)
        try other.write { db in
            try db.execute(sql: "UPDATE transactions SET status = 'failed' WHERE reference = ?", arguments: [reference])
        }
        let after = try t.store.transactionTotals(customerId: customer, query: failed)
        #expect(after.count == before.count + 1)
        #expect(computations(t) == 2)
    }
}
