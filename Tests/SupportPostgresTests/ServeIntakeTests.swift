import Foundation
import TestSupport
import SupportAPI
import SupportCore
import SupportPostgres
import SupportRemote
import SupportStore
import Testing

/// Intake across service instances: two `paydesk serve --store postgresql://…` on one
/// database importing overlapping contacts at the same moment. Each message is stored
/// once, each customer gets one ticket (the other messages thread into it), and nothing
/// is refused: the instance that comes second finds the first one's work, it does not
/// race it.
@Suite struct ServeIntakeTests {
    /// Three messages each from `wallets`, as a channel export would hand them over.
    static func contacts(_ wallets: [(index: Int, wallet: String)], round: Int) throws -> IntakeBatch {
        let at = ISO8601DateFormatter().string(from: Date())
        var lines: [String] = []
        for (i, wallet) in wallets {
            for k in 0..<3 {
                let fields = ["id": "race-\(round)-\(i)-\(k)", "wallet_id": wallet, "at": at, "subject": "Top-up \(i) belum masuk",
                              "body": "Saldo belum masuk, pesan ke-\(k + 1)", "category": "payment"]
                lines.append(String(decoding: try JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys]), as: UTF8.self))
            }
        }
        return IntakeReader.read(data: Data(lines.joined(separator: "\n").utf8), name: "race.jsonl", format: .jsonl,
                                 defaults: IntakeDefaults(category: .payment), now: Date())
    }

    @Test func twoInstancesImportingOverlappingContactsOpenOneTicketPerCustomerAndStoreEachMessageOnce() async throws {
        try await ServePostgresTests.twoInstances { a, b, engine, _ in
            // Several rounds, each on customers of its own: one race may miss the moment
            // the two instances meet on one customer; B takes its contacts in reverse, so
            // the two cross somewhere in every round.
            for round in 0..<3 { try race(a, b, engine, round: round) }
            let verified = try engine.verifyAuditChain()
            if case .ok = verified {} else { Issue.record("the audit chain does not verify: \(verified)") }
        }
    }

    func race(_ a: ServePostgresTests.Instance, _ b: ServePostgresTests.Instance, _ engine: PostgresEngine, round: Int) throws {
        // Customers with no payment ticket that a message could join, so each needs a new one.
        let wallets = try engine.reading { db in
            try db.fetchValues("""
                SELECT wallet_id FROM customers c WHERE status = 'active'
                   AND NOT EXISTS (SELECT 1 FROM tickets t WHERE t.customer_id = c.id AND t.category = 'payment'
                                                               AND t.status != 'closed')
                 ORDER BY id LIMIT 10
                """, as: String.self)
        }
        try #require(wallets.count == 10)
        let numbered = Array(wallets.enumerated()).map { (index: $0.offset, wallet: $0.element) }
        // A imports the first eight customers' messages, B all ten, last first: 24 messages overlap.
        let batchA = try Self.contacts(Array(numbered.prefix(8)), round: round)
        var batchB = try Self.contacts(numbered, round: round)
        batchB.contacts.reverse()
        try #require(batchA.contacts.count == 24 && batchB.contacts.count == 30 && batchB.rejections.isEmpty)
        let ticketsBefore = try #require(try engine.reading { try $0.fetchValue("SELECT MAX(number) FROM tickets", as: Int64.self) })
        let untouched = try Self.otherTickets(engine, wallets)

        let opsA = RemoteClient(socketPath: a.socket, asLogin: "ops"), opsB = RemoteClient(socketPath: b.socket, asLogin: "ops")
        _ = try opsA.whoAmI(); _ = try opsB.whoAmI()
        let reports = ServeSecurityTests.together([
            { Result { try opsA.importContacts(batchA, channel: .appChat) } },
            { Result { try opsB.importContacts(batchB, channel: .appChat) } },
        ]).map { result -> IntakeReport? in
            switch result {
            case .success(let report): return report
            case .failure(let error): Issue.record("an import failed: \(error)"); return nil
            }
        }
        let (reportA, reportB) = (try #require(reports[0]), try #require(reports[1]))
        print("two instances importing, round \(round): A \(reportA.summary); B \(reportB.summary)")
        #expect(reportA.rejected + reportB.rejected == 0, "\(reportA.rejections + reportB.rejections)")
        #expect(reportA.created + reportB.created == 10, "A \(reportA.summary); B \(reportB.summary)")
        #expect(reportA.created + reportA.threaded + reportB.created + reportB.threaded == 30)
        #expect(reportA.duplicates + reportB.duplicates == 24)
        // Both reports name the same ticket for every message they share.
        let ticketOf = Dictionary(reportB.items.map { ($0.sourceId, $0.ticket) }, uniquingKeysWith: { $1 })
        #expect(reportA.items.allSatisfy { ticketOf[$0.sourceId] == $0.ticket })

        let perCustomer = try engine.reading { db in
            try db.fetchRows("""
                SELECT c.wallet_id, COUNT(DISTINCT t.id) AS tickets, COUNT(e.id) AS messages
                FROM customers c JOIN tickets t ON t.customer_id = c.id
                JOIN ticket_events e ON e.ticket_id = t.id AND e.kind = 'customer_message'
                WHERE t.number > ? GROUP BY c.wallet_id ORDER BY c.wallet_id
                """, [ticketsBefore]).map { "\($0["wallet_id"] as String) \($0["tickets"] as Int) \($0["messages"] as Int)" }
        }
        #expect(perCustomer == wallets.sorted().map { "\($0) 1 3" })
        let stored = try engine.reading { db in
            try db.fetchValue("SELECT COUNT(*) FROM intake_messages WHERE source_id LIKE ?", ["race-\(round)-%"], as: Int.self)
        }
        #expect(stored == 30)
        // Their older (closed) tickets were left alone.
        #expect(try Self.otherTickets(engine, wallets) == untouched)
    }

    static func otherTickets(_ engine: PostgresEngine, _ wallets: [String]) throws -> [String] {
        try engine.reading { db in
            try db.fetchRows("""
                SELECT t.number, t.status, t.version FROM tickets t JOIN customers c ON c.id = t.customer_id
                WHERE c.wallet_id IN (\(wallets.map { "'\($0)'" }.joined(separator: ","))) AND t.subject NOT LIKE 'Top-up % belum masuk'
                ORDER BY t.number
                """).map { "\($0["number"] as Int64) \($0["status"] as String) \($0["version"] as Int64)" }
        }
    }
}
