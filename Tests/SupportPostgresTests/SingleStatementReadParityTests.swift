import Foundation
import GRDB
import SupportCore
@testable import SupportPostgres
@testable import SupportStore
import Testing

/// A customer's transaction pages are read as one statement (`readingOneStatement`): on
/// PostgreSQL without BEGIN and COMMIT around it. On the demo and its PostgreSQL copy the
/// pages — filtered, dated, paged both ways, the far end — are the same on both stores and
/// the same as the one statement read inside a transaction, and so are the queue's header
/// counts (one statement for every view, each count what its view's own statement gives);
/// on PostgreSQL the statement really runs outside the read's REPEATABLE READ transaction,
/// and one that fails leaves its connection fit for the next read and write (no
/// transaction left open or aborted).
@Suite struct SingleStatementReadParityTests {
    static let filters = ["", "type:payment,qr_payment status:success amount:>=10000",
                          "date:2026-01-01..2026-12-31 status:failed", "type:bill_payment", "amount:1..50000 -type:topup",
                          "flagged:yes", "flagged:yes -type:topup", "-flagged:yes status:success"]

    static func script(_ e: any StoreEngine) throws -> [String] {
        var log: [String] = []
        func step<T: Encodable>(_ name: String, _ body: () throws -> T) { log.append(name + " → " + EngineParityTests.outcome(body)) }
        let customers = try e.reading { db in
            try db.fetchColumn("SELECT customer_id FROM transactions GROUP BY customer_id ORDER BY COUNT(*) DESC, customer_id LIMIT 3", [])
                .compactMap(Int64.fromDatabaseValue)
        }
        #expect(customers.count == 3)
        var flaggedShown = 0
        for customer in customers {
            for text in Self.filters {
                let query = try QueryParser.parse(text, schema: .transactions, now: EngineParityTests.now)
                let first = try e.transactions(customerId: customer, query: query, limit: 7)
                // The same statement inside a read transaction: what the page was read as before.
                let page = e.transactionPage(customerId: customer, query: query, anchor: nil, forward: true, limit: 7,
                                             dialect: try e.reading { $0.dialect })
                let inTransaction = try e.reading { try $0.fetch(TransactionDecoder.self, page.sql, page.arguments) }
                #expect(first == inTransaction, "customer \(customer), \(text): alone and in a transaction differ")
                if text == "flagged:yes" { flaggedShown += first.count }
                step("\(customer) \(text): first") { first }
                step("\(customer) \(text): next") { try e.transactions(customerId: customer, query: query, after: first.last, limit: 7) }
                step("\(customer) \(text): back") { try e.transactions(customerId: customer, query: query, before: first.last, limit: 7) }
                step("\(customer) \(text): oldest") { try e.oldestTransactions(customerId: customer, query: query, limit: 7) }
                step("\(customer) \(text): totals") { try e.transactionTotals(customerId: customer, query: query) }
            }
        }
        // The flagged rows' own index is read only if there are flagged rows to read.
        #expect(flaggedShown > 0)
        // The queue's header counts, every view's count in one statement.
        // A supervisor's header counts every view; an agent's not Team and All.
        for login in ["sari", "budi"] {
            let actor = try #require(try e.agent(login: login))
            let shown = QueueView.counted(canViewAll: actor.role.can(.viewAllQueues))
            #expect(shown.count == (login == "sari" ? QueueView.allCases.count : 5))
            for query in ["", "prio:p1,p2", "cat:payment"] {
                let parsed = try QueryParser.parse(query, schema: .tickets, now: EngineParityTests.now)
                let counts = try e.queueCounts(for: actor, query: parsed)
                // One statement for all views: each view's count as its own statement gives.
                if query.isEmpty { #expect(counts.values.filter { $0 > 0 }.count >= 3, "\(counts)") }
                #expect(Set(counts.keys) == Set(shown), "\(login) \(query)")
                for view in shown {
                    #expect(counts[view] == (try e.queueCount(QueueSpec(view: view, query: parsed, actor: actor))), "\(login) \(view) \(query)")
                }
                step("queue counts \(login) \(query)") { QueueView.allCases.map { "\($0.rawValue)=\(counts[$0] ?? -1)" } }
            }
        }
        #expect(log.contains { $0.contains("\"failureCode\":\"") }, "no failed transaction was read")
        #expect(log.filter { $0.hasSuffix(" → []") }.count < log.count / 2, "most pages were empty: the script tests little")
        return log
    }

    @Test func pagesReadAloneAreTheSameOnBothStores() async throws {
        let (onSQLite, onPostgres) = try await EngineParityTests.run(Self.script)
        EngineParityTests.expectSame(onSQLite, onPostgres)
    }

    @Test func aStatementAloneRunsOutsideTheReadTransactionAndLeavesNoneOpen() async throws {
        let demo = try await MigratedDemo.make()
        defer { demo.source.remove() }
        // One connection, so every read and write below goes through the same backend.
        let postgres = try await PostgresEngine.open(demo.location, auditKeyPath: demo.keyPath, maximumConnections: 1,
                                                     clock: { EngineParityTests.now })
        let outcome = Result { () throws -> [String] in
            let isolation = "SELECT current_setting('transaction_isolation') AS level"
            func read(_ alone: Bool) throws -> String {
                let body = { (db: any SQLSession) throws -> String in
                    let row = try #require(try db.fetchRow(isolation, []))
                    return row["level"] as String
                }
                return alone ? try postgres.readingOneStatement(body) : try postgres.reading(body)
            }
            var seen = [try read(true), try read(false)]
            // A failing statement alone: refused in PostgreSQL's words, and the connection
            // is not left in an aborted transaction for the next read or write.
            do {
                _ = try postgres.readingOneStatement { try $0.fetchColumn("SELECT no_such_column FROM transactions", []) }
                seen.append("the bad statement was not refused")
            } catch {
                seen.append("refused")
            }
            seen.append(try read(true))
            seen.append(try postgres.writing { db in try db.fetchRow(isolation, []).map { "\($0["level"] as String)" } ?? "" })
            return seen
        }
        await postgres.close()
        let seen = try outcome.get()
        #expect(seen == ["read committed", "repeatable read", "refused", "read committed", "read committed"], "\(seen)")
    }
}
