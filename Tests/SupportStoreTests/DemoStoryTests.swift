import Foundation
import GRDB
import SupportCore
import Testing
@testable import SupportStore

/// The demo tells the truth: every ticket's text is borne out by its customer's data,
/// every complaint statement is its own ticket's, and nothing happened after now.
@Suite struct DemoStoryTests {
    /// A demo in a file on disk, generated at `now`.
    static func demo(seed: UInt64, now: Date) throws -> SupportStore {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("paydesk-story-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let store = try SupportStore(path: dir.appendingPathComponent("demo.sqlite").path, clock: { now })
        try store.generateDemo(seed: seed)
        return store
    }

    static func findings(_ store: SupportStore) throws -> [String] {
        let now = Int64(store.clock().timeIntervalSince1970)
        return try store.pool.read { db in try DemoStoryAudit(db: db, now: now).findings() }
    }

    /// The tests' usual morning, a night in Jakarta (02:30, when "this morning" is not yet),
    /// and a spring day, when October is months back.
    static let moments: [(seed: UInt64, now: Date)] = [
        (7, TempStore.fixedNow), (42, TempStore.fixedNow),
        (42, Date(timeIntervalSince1970: 1_796_412_600)),   // 2026-12-04 19:30 UTC = 02:30 in Jakarta
        (3, Date(timeIntervalSince1970: 1_805_511_600)),    // 2027-03-20 03:00 UTC
    ]

    @Test(arguments: 0..<moments.count) func everyTicketsStoryIsInItsData(moment: Int) throws {
        let store = try Self.demo(seed: Self.moments[moment].seed, now: Self.moments[moment].now)
        #expect(try Self.findings(store) == [])
        // Every text and every investigation story is among the tickets checked.
        let subjects = Set(try store.pool.read { db in try String.fetchAll(db, sql: "SELECT subject FROM tickets") })
        #expect(Set(DemoContent.tickets.map(\.subject)).isSubset(of: subjects))
        #expect(try store.pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM complaints") } ?? 0 > 0)
    }

    // Each corruption below breaks one kind of promise; the audit must name it.

    @Test func aFailedPaymentMovedToAnotherCustomerIsReported() throws {
        let store = try Self.demo(seed: 7, now: TempStore.fixedNow)
        try store.pool.write { db in
            try db.execute(sql: """
                UPDATE transactions SET customer_id = (SELECT MAX(id) FROM customers WHERE id != transactions.customer_id)
                WHERE counterparty = 'Warung Bu Sri' AND status = 'failed' AND amount = 4500000
                """)
        }
        let found = try Self.findings(store)
        #expect(found.contains { $0.contains("qrisFailedButCharged") && $0.contains("Warung Bu Sri") })
    }

    @Test func transfersAfterTheTicketDoNotCountForThisMorning() throws {
        let store = try Self.demo(seed: 7, now: TempStore.fixedNow)
        try store.pool.write { db in
            try db.execute(sql: """
                UPDATE transactions SET at = (SELECT created_at + 60 FROM tickets t WHERE t.customer_id = transactions.customer_id
                                              AND t.subject = '账户被盗，有陌生转账！' ORDER BY t.created_at DESC LIMIT 1)
                WHERE type = 'p2p_out' AND customer_id IN (SELECT customer_id FROM tickets WHERE subject = '账户被盗，有陌生转账！')
                AND at > (SELECT MIN(created_at) - 86400 FROM tickets WHERE subject = '账户被盗，有陌生转账！')
                """)
        }
        #expect(try Self.findings(store).contains { $0.contains("morningTakeover") && $0.contains("two transfers this morning") })
    }

    @Test func anotherComplaintsStatementIsReported() throws {
        let store = try Self.demo(seed: 7, now: TempStore.fixedNow)
        try store.pool.write { db in
            try db.execute(sql: "UPDATE complaints SET statement = 'The refund we were promised has not arrived.' WHERE rowid = (SELECT MIN(rowid) FROM complaints)")
        }
        #expect(try Self.findings(store).contains { $0.hasPrefix("complaint on #") })
    }

    @Test func anEventInTheFutureIsReportedButADeadlineIsNot() throws {
        let store = try Self.demo(seed: 7, now: TempStore.fixedNow)
        let now = Int64(TempStore.fixedNow.timeIntervalSince1970)
        #expect(try Self.findings(store) == [])
        try store.pool.write { db in
            try db.execute(sql: "UPDATE devices SET last_seen_at = ? WHERE id = (SELECT MIN(id) FROM devices)", arguments: [now + 60])
        }
        #expect(try Self.findings(store) == ["devices.last_seen_at: 1 rows later than now"])
    }

    @Test func aPaymentBeforeTheAccountWasOpenedIsReported() throws {
        let store = try Self.demo(seed: 7, now: TempStore.fixedNow)
        try store.pool.write { db in
            try db.execute(sql: """
                UPDATE transactions SET at = (SELECT created_at - 60 FROM customers c WHERE c.id = transactions.customer_id)
                WHERE id = (SELECT MIN(id) FROM transactions)
                """)
        }
        #expect(try Self.findings(store) == ["transactions: 1 rows before their customer's account was opened"])
    }

    @Test func aTicketNoStoryExplainsIsReported() throws {
        let store = try Self.demo(seed: 7, now: TempStore.fixedNow)
        try store.pool.write { db in
            try db.execute(sql: "UPDATE tickets SET subject = 'Something else entirely' WHERE number = 1001")
        }
        #expect(try Self.findings(store).contains("#1001 Something else entirely: no story explains this ticket"))
    }
}
