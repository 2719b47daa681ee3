import Foundation
import GRDB
import SupportCore
import Testing
@testable import SupportStore

@Suite struct DemoDataTests {
    @Test func demoDataCoversTheDomain() throws {
        let t = try TempStore(demo: true)
        #expect(t.store.isDemo)
        try t.store.pool.read { db in
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM customers")! >= 50)
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM transactions")! >= 2_000)
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM tickets")! >= 120)
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM agents WHERE role = 'agent'")! == 3)
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM agents WHERE role = 'supervisor'")! == 1)
            // Every type and status of transaction, every category, channel, priority and status of ticket.
            #expect(Set(try String.fetchAll(db, sql: "SELECT DISTINCT type FROM transactions")) == Set(TransactionType.allCases.map(\.rawValue)))
            #expect(Set(try String.fetchAll(db, sql: "SELECT DISTINCT status FROM transactions")) == Set(TransactionStatus.allCases.map(\.rawValue)))
            #expect(Set(try String.fetchAll(db, sql: "SELECT DISTINCT category FROM tickets")) == Set(Category.allCases.map(\.rawValue)))
            #expect(Set(try String.fetchAll(db, sql: "SELECT DISTINCT channel FROM tickets")) == Set(Channel.allCases.map(\.rawValue)))
            #expect(Set(try String.fetchAll(db, sql: "SELECT DISTINCT priority FROM tickets")) == Set(Priority.allCases.map(\.rawValue)))
            #expect(Set(try String.fetchAll(db, sql: "SELECT DISTINCT status FROM tickets")) == Set(TicketStatus.allCases.map(\.rawValue)))
            // Failed transactions carry a reason; others do not.
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM transactions WHERE status = 'failed' AND failure_code IS NULL") == 0)
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM transactions WHERE status != 'failed' AND failure_code IS NOT NULL") == 0)
            // Indonesian phone numbers, some frozen accounts, Chinese and mixed-script names.
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM customers WHERE phone NOT LIKE '+628%'") == 0)
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM customers WHERE status = 'frozen'")! > 0)
            let names = try String.fetchAll(db, sql: "SELECT name FROM customers")
            #expect(names.contains { $0.unicodeScalars.contains { $0.value >= 0x4E00 && $0.value <= 0x9FFF } })
            #expect(names.contains { $0.unicodeScalars.allSatisfy { $0.isASCII } })
            // Messages in Chinese, Indonesian and English.
            let bodies = try String.fetchAll(db, sql: "SELECT body FROM ticket_events WHERE kind = 'customer_message'")
            #expect(bodies.contains { $0.contains("我") })
            #expect(bodies.contains { $0.contains("saya") })
            #expect(bodies.contains { $0.contains(" my ") })
            // Unassigned tickets are never shown as owned; active ones have a deadline.
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM tickets WHERE status = 'new' AND assignee_id IS NOT NULL") == 0)
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM tickets WHERE status IN ('new','open') AND sla_due_at = ?", arguments: [Schema.noDeadline]) == 0)
        }
        // The generation itself, then the activity made through the services: all chained.
        guard case .ok(let records) = try t.store.verifyAuditChain() else { Issue.record("audit chain broken"); return }
        #expect(records > 20)
        #expect(try t.store.approvals().count == 1)
        let counts = try t.store.pool.read { db in
            [try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM ticket_tags WHERE tag = 'escalated'") ?? 0,
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM customer_sessions") ?? 0,
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM csat_responses") ?? 0]
        }
        #expect(counts[0] == 2)
        #expect(counts[1] > 0)
        #expect(counts[2] > 0)
    }

    @Test func sameSeedGivesSameData() throws {
        let a = try TempStore(demo: true)
        let b = try TempStore(demo: true)
        let query = "SELECT group_concat(reference || amount || counterparty, ',') FROM (SELECT * FROM transactions ORDER BY id)"
        let x = try a.store.pool.read { db in try String.fetchOne(db, sql: query) }
        let y = try b.store.pool.read { db in try String.fetchOne(db, sql: query) }
        #expect(x != nil && x == y)
    }

    @Test func demoRefusesToFillADatabaseWithTickets() throws {
        let t = try TempStore(demo: true)
        #expect { try t.store.generateDemo() } throws: { ($0 as? StoreError)?.kind == .conflict }
    }
}
