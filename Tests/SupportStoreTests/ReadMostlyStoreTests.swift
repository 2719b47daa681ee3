import Foundation
import GRDB
import SupportCore
import Testing
@testable import SupportStore

/// A store opened to read (`readMostly`, what `tx list` opens) reads through one read-only
/// connection and opens the writer only to write: a listing leaves the file as it was, even
/// with an empty `-wal` (where opening GRDB's pool writes), and a refusal is still audited,
/// by a writer opened for it, with the reads after it seeing the record.
@Suite struct ReadMostlyStoreTests {
    /// `PRAGMA data_version` on a connection of the test's own: it moves with any other
    /// connection's commit.
    private func dataVersion(_ observer: DatabaseQueue) throws -> Int64 {
        try observer.inDatabase { db in try Int64.fetchOne(db, sql: "PRAGMA data_version") ?? 0 }
    }

    private func walSize(_ path: String) -> Int {
        (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? 0
    }

    @Test func aListingWritesNothingAndARefusalIsStillAudited() throws {
        let t = try TempStore(demo: true)
        let customer = try #require(try t.store.read { db in
            try Int64.fetchOne(db, sql: "SELECT customer_id FROM transactions GROUP BY customer_id ORDER BY COUNT(*) DESC LIMIT 1")
        })
        // Empty the -wal, as a checkpoint after an outbox drain does: a pool opened now writes.
        t.store.logCheckpointer.quiesce()   // its own checkpoint running would make TRUNCATE busy
        _ = try t.store.pool.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
        #expect(walSize(t.path) == 0)
        var config = Configuration()
        config.readonly = true
        let observer = try DatabaseQueue(path: t.path, configuration: config)
        let before = try dataVersion(observer)

        let reader = try SupportStore(path: t.path, create: false, readMostly: true, clock: { TempStore.fixedNow })
        _ = try reader.resolveActor(caller: "root", asLogin: "sari")
        var listed = 0
        let count = try reader.listTransactions(customerId: customer, query: Query(source: "", terms: []),
                                                afterReference: nil, limit: 50) { _ in listed += 1 }
        #expect(count > 0 && count == listed)
        #expect(try reader.transactionTotals(customerId: customer).count >= count)
        #expect(try dataVersion(observer) == before, "opening the store and listing committed something")
        #expect(walSize(t.path) == 0, "the listing wrote to the -wal")

        // A refusal needs the writer: opened now, the record committed and read back.
        let refusals = "SELECT COUNT(*) FROM audit_log WHERE action = 'refused:identity.unknown' AND entity_id = 'nobody'"
        #expect(throws: StoreError.self) { try reader.resolveActor(caller: "root", asLogin: "nobody") }
        #expect(try reader.read { db in try Int.fetchOne(db, sql: refusals) } == 1)
        #expect(try dataVersion(observer) != before)
        #expect(try t.store.read { db in try Int.fetchOne(db, sql: refusals) } == 1)
    }
}
