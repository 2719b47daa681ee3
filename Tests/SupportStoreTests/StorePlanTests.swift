import Foundation
import GRDB
import SupportCore
import Testing
@testable import SupportStore

/// The queue, the SLA report and intake's customer lookup must reach their rows through
/// an index at a million tickets: planned with the statistics of a large seed, both with
/// and without statistics for the v8-perf-indexes indexes (an existing database migrated
/// to v8 has none until its next ANALYZE).
@Suite struct StorePlanTests {
    static let ticketAliases = ["t", "tickets"]

    func store(_ perfIndexStatistics: Bool) throws -> TempStore {
        let t = try TempStore(demo: true)
        try SeededStatistics.apply(to: t.store, perfIndexes: perfIndexStatistics)
        return t
    }

    /// The "all" view has no status term: before v8 its SLA order sorted every ticket, and
    /// End sorted them again the other way.
    @Test(arguments: [false, true])
    func theAllViewWalksAnIndexInEverySort(perfIndexStatistics: Bool) throws {
        let t = try store(perfIndexStatistics)
        let sari = try t.agent("sari")
        for sort in QueueSort.allCases {
            let plans = try t.store.queuePagePlans(QueueSpec(view: .all, sort: sort, actor: sari))
            for (end, plan) in [("first", plans.first), ("last", plans.last)] {
                #expect(SeededStatistics.sorts(plan).isEmpty, "all/\(sort)/\(end): \(plan)")
                #expect(SeededStatistics.fullScans(plan, of: Self.ticketAliases).isEmpty, "all/\(sort)/\(end): \(plan)")
            }
        }
    }

    /// Every other view and sort, for a supervisor and an agent: never a pass over the
    /// whole table (a sort of the few open tickets a view holds is allowed).
    @Test(arguments: [false, true])
    func noViewReadsTheWholeTable(perfIndexStatistics: Bool) throws {
        let t = try store(perfIndexStatistics)
        for login in ["sari", "budi"] {
            let actor = try t.agent(login)
            for view in QueueView.allCases {
                for sort in QueueSort.allCases {
                    let plans = try t.store.queuePagePlans(QueueSpec(view: view, sort: sort, actor: actor))
                    for plan in [plans.first, plans.last] {
                        #expect(SeededStatistics.fullScans(plan, of: Self.ticketAliases).isEmpty, "\(login) \(view)/\(sort): \(plan)")
                    }
                }
            }
        }
    }

    static let slaArguments: StatementArguments = [1_795_000_000, 1_795_000_000, 1_795_600_000, 1_795_000_000,
                                                   1_795_000_000, 1_795_575_600, 1_795_000_000]

    /// The SLA report's tickets: three indexed sets, never the million tickets one by one.
    @Test(arguments: [false, true])
    func slaOutcomesReachTicketsThroughIndexes(perfIndexStatistics: Bool) throws {
        let t = try store(perfIndexStatistics)
        let sql = "SELECT * FROM tickets t WHERE \(SupportStore.slaReachable) \(SupportStore.slaCandidates)"
        let plan = try SeededStatistics.plan(t.store, sql, Self.slaArguments)
        #expect(SeededStatistics.fullScans(plan, of: Self.ticketAliases).isEmpty, "\(plan)")
        #expect(plan.contains { $0.contains("tickets_clock_running") }, "\(plan)")
        #expect(plan.contains { $0.contains("tickets_first_response_at") }, "\(plan)")
        #expect(plan.contains { $0.contains("tickets_solved_at") }, "\(plan)")
    }

    /// The indexed form finds exactly the tickets the plain condition does, for periods
    /// across the demo's history.
    @Test func theIndexedSLASetIsTheSameSet() throws {
        let t = try TempStore(demo: true)
        let now = TempStore.fixedNow
        for days in [1, 7, 30, 400] {
            let period = ReportPeriod.lastDays(days, endingAt: now)
            let args: StatementArguments = [period.end.epoch, period.start.epoch, period.start.epoch, now.epoch, period.start.epoch]
            let (plain, indexed) = try t.store.pool.read { db in
                (try Int64.fetchAll(db, sql: "SELECT t.id FROM tickets t WHERE \(SupportStore.slaCandidates) ORDER BY t.id", arguments: args),
                 try Int64.fetchAll(db, sql: "SELECT t.id FROM tickets t WHERE \(SupportStore.slaReachable) \(SupportStore.slaCandidates) ORDER BY t.id",
                                    arguments: [period.start.epoch, period.start.epoch] + args))
            }
            #expect(!plain.isEmpty)
            #expect(indexed == plain, "\(days) days")
        }
    }

    /// Intake looks the wallet id up inside its write transaction: a seek on the unique
    /// index, not a comparison with every customer.
    @Test(arguments: [false, true])
    func walletLookupSeeksTheUniqueIndex(perfIndexStatistics: Bool) throws {
        let t = try store(perfIndexStatistics)
        let plan = try SeededStatistics.plan(t.store, SupportStore.walletLookup, ["WLT-10000007"])
        #expect(plan.count == 1 && plan[0].hasPrefix("SEARCH customers") && plan[0].contains("(wallet_id=?)"), "\(plan)")
        // The old form could not seek: it read the whole index (a SCAN, not a SEARCH).
        let old = try SeededStatistics.plan(t.store, "SELECT id FROM customers WHERE wallet_id = ? COLLATE NOCASE", ["WLT-10000007"])
        #expect(old.contains { $0.hasPrefix("SCAN customers") }, "\(old)")
    }

    /// Attach, flag and dispute find the transaction inside their write transaction: a seek
    /// on the unique reference index, not a pass over every transaction.
    @Test(arguments: [false, true])
    func referenceLookupSeeksTheUniqueIndex(perfIndexStatistics: Bool) throws {
        let t = try store(perfIndexStatistics)
        let plan = try SeededStatistics.plan(t.store, SupportStore.transactionByReference, ["TX4100000001"])
        #expect(plan.count == 1 && plan[0].hasPrefix("SEARCH transactions") && plan[0].contains("(reference=?)"), "\(plan)")
        let old = try SeededStatistics.plan(t.store, "SELECT * FROM transactions WHERE reference = ? COLLATE NOCASE", ["TX4100000001"])
        #expect(old.contains { $0.hasPrefix("SCAN transactions") }, "\(old)")
    }

    @Test func referencesAreFoundWhateverTheirCase() throws {
        let t = try TempStore(demo: true)
        let row = try #require(try t.store.pool.read { db in
            try Row.fetchOne(db, sql: "SELECT reference, customer_id FROM transactions WHERE status = 'success' LIMIT 1") })
        let reference: String = row["reference"]
        let agent = try #require(try t.store.agent(login: "budi"))
        let flagged = try t.store.flagTransaction(reference: " " + reference.lowercased(), reason: "customer does not know it", by: agent)
        #expect(flagged.kind == .flagTransaction)
        #expect(try t.store.transaction(reference: reference).flagged)
        #expect(throws: StoreError.self) { try t.store.flagTransaction(reference: "tx-no-such", reason: "typo", by: agent) }
    }

    @Test func walletIdsAreFoundWhateverTheirCase() throws {
        let t = try TempStore(demo: true)
        let wallet = try #require(try t.store.pool.read { db in try String.fetchOne(db, sql: "SELECT wallet_id FROM customers LIMIT 1") })
        let expected = try t.store.findCustomer(wallet).id
        #expect(try t.store.findCustomer(" " + wallet.lowercased()).id == expected)
        #expect(try t.store.findCustomer(wallet.prefix(1).lowercased() + wallet.dropFirst()).id == expected)
    }

    /// v8 stores wallet ids upper case: a lower-case id written before it is converted,
    /// and one that would collide with an existing id is left alone rather than failing.
    @Test func theMigrationUpperCasesWalletIds() throws {
        let t = try TempStore()
        let (_, _, _, _, customer) = try t.cast()
        let other = try t.store.insertCustomerForTesting(name: "Dua", phone: "+6281234567891", email: "dua@example.com")
        let clash = try t.store.insertCustomerForTesting(name: "Tiga", phone: "+6281234567892", email: "tiga@example.com")
        try t.store.pool.write { db in
            try db.execute(sql: "UPDATE customers SET wallet_id = 'wlt-lower1' WHERE id = ?", arguments: [customer])
            try db.execute(sql: "UPDATE customers SET wallet_id = 'WLT-SAME' WHERE id = ?", arguments: [other])
            try db.execute(sql: "UPDATE customers SET wallet_id = 'wlt-same' WHERE id = ?", arguments: [clash])
            try PerfIndexSchema.normalizeWalletIds(db)
        }
        let ids = try t.store.pool.read { db in try String.fetchAll(db, sql: "SELECT wallet_id FROM customers ORDER BY id") }
        #expect(ids == ["WLT-LOWER1", "WLT-SAME", "wlt-same"])
        #expect(try t.store.findCustomer("Wlt-Lower1").id == customer)
    }
}
