import Foundation
import GRDB
import SupportCore
@testable import SupportPostgres
@testable import SupportStore
import Testing

/// The hot reads decode rows by position (`SQLRowDecoder`), finding each column once per
/// statement. On both stores, against the demo and its PostgreSQL copy: the pages, tickets,
/// timelines and queue lines they return are the same on SQLite and PostgreSQL and the same
/// as the rows read by name; a statement that lists the columns in another order decodes
/// to the same records (positions are the statement's, not the table's); a repeated name
/// reads the leftmost column; a statement that lacks a column is refused, not misread.
@Suite struct RowDecodingParityTests {
    static let page = "SELECT x.* FROM transactions x WHERE x.customer_id = ? ORDER BY x.at DESC, x.id DESC LIMIT 40"
    static let reordered = """
        SELECT x.flagged, x.at, 7 AS ignored, x.failure_code, x.channel, x.counterparty, x.currency, x.amount, x.status,
               x.type, x.customer_id, x.reference, x.id
        FROM transactions x WHERE x.customer_id = ? ORDER BY x.at DESC, x.id DESC LIMIT 40
        """

    /// The rows read by name, column by column, as the test's own oracle.
    static func byName(_ session: any SQLSession, customer: Int64) throws -> [String] {
        try session.fetchRows(page, [customer]).map { row in
            let failure: String? = row["failure_code"]
            return "\(row["id"] as Int64) \(row["reference"] as String) \(row["type"] as String) \(row["status"] as String) "
                + "\(row["amount"] as Int64) \(row["at"] as Int64) \(failure ?? "-") \(row["flagged"] as Bool)"
        }
    }

    static func line(_ t: Transaction) -> String {
        "\(t.id) \(t.reference) \(t.type.rawValue) \(t.status.rawValue) \(t.amount) \(t.at.epoch) \(t.failureCode ?? "-") \(t.flagged)"
    }

    static func script(_ e: any StoreEngine) throws -> [String] {
        let sari = try #require(try e.agent(login: "sari"))
        var log: [String] = []
        func step<T: Encodable>(_ name: String, _ body: () throws -> T) { log.append(name + " → " + EngineParityTests.outcome(body)) }
        // The busiest account, and one with failed transactions (their failure codes are the nullable column).
        let (busiest, failing) = try e.reading { db in
            (try #require(try db.fetchValue("SELECT customer_id FROM transactions GROUP BY customer_id ORDER BY COUNT(*) DESC, customer_id LIMIT 1", as: Int64.self)),
             try #require(try db.fetchValue("SELECT MIN(customer_id) FROM transactions WHERE failure_code IS NOT NULL", as: Int64.self)))
        }
        for customer in [busiest, failing] {
            let decoded = try e.reading { try $0.fetch(TransactionDecoder.self, Self.page, [customer]) }
            let named = try e.reading { try byName($0, customer: customer) }
            #expect(!decoded.isEmpty)
            #expect(decoded.map(line) == named, "positional and by-name reads differ for customer \(customer)")
            let inOtherOrder = try e.reading { try $0.fetch(TransactionDecoder.self, Self.reordered, [customer]) }
            #expect(inOtherOrder == decoded, "a statement's own column order was not followed")
            step("transactions of \(customer)") { decoded }
            let first = try e.transactions(customerId: customer, limit: 5)
            step("first page") { first }
            step("next page") { try e.transactions(customerId: customer, after: first.last, limit: 5) }
            step("back up") { try e.transactions(customerId: customer, before: first.last, limit: 5) }
            step("oldest") { try e.oldestTransactions(customerId: customer, query: Query(source: "", terms: []), limit: 5) }
            step("account's tickets") { try e.tickets(customerId: customer, limit: 10) }
        }
        #expect(log.contains { $0.contains("\"failureCode\":\"") }, "no failed transaction was read")
        // A repeated name: the leftmost column is the one read, as GRDB reads by name.
        step("repeated id") { try e.reading { try $0.fetch(TransactionDecoder.self, "SELECT x.*, -1 AS id FROM transactions x WHERE x.customer_id = ? ORDER BY x.id LIMIT 3", [busiest]) }.map(\.id) }
        // A column missing from the statement: refused in words, never a crash or a wrong value.
        step("missing column") { try e.reading { try $0.fetch(TransactionDecoder.self, "SELECT id, reference FROM transactions WHERE customer_id = ?", [busiest]) } }
        step("no rows, any columns") { try e.reading { try $0.fetch(TransactionDecoder.self, "SELECT id FROM transactions WHERE id < 0", []) } }
        // Tickets, their timelines and queue lines.
        let lines = try e.queuePage(QueueSpec(view: .all, actor: sari), limit: 12)
        step("queue page") { lines }
        step("queue end") { try e.queueLastPage(QueueSpec(view: .all, actor: sari), limit: 12) }
        for number in lines.prefix(6).map(\.number) {
            step("ticket \(number)") { try e.ticket(number: number) }
            step("timeline \(number)") { try e.timeline(ticketNumber: number) }
        }
        step("breaching within a day") { try e.breachingWithin(seconds: 86_400, limit: 10) }
        return log
    }

    @Test func positionalReadsAnswerTheSameOnSQLiteAndPostgreSQL() async throws {
        let (onSQLite, onPostgres) = try await EngineParityTests.run(Self.script)
        EngineParityTests.expectSame(onSQLite, onPostgres)
        func line(_ name: String) -> String { onPostgres.first { $0.hasPrefix(name + " → ") } ?? "" }
        #expect(line("missing column").contains("refused other: The statement has no column customer_id"))
        #expect(line("no rows, any columns") == "no rows, any columns → []")
        #expect(!line("repeated id").contains("-1"))
        #expect(line("queue page").contains("\"customerName\""))
        #expect(onPostgres.contains { $0.hasPrefix("timeline ") && $0.contains("\"author\"") })
    }

    /// `?` becomes `$n` only outside quoted text and identifiers, whatever the text around
    /// it (multi-byte UTF-8 included).
    @Test func placeholdersAreNumberedOutsideQuotes() {
        let sql = "SELECT '?', \"a?\" FROM t WHERE x = ? AND y = 'é? 中?' AND z IN (?, ?) AND w = '它''s?'"
        #expect(PostgresSession.numbered(sql)
                == "SELECT '?', \"a?\" FROM t WHERE x = $1 AND y = 'é? 中?' AND z IN ($2, $3) AND w = '它''s?'")
        #expect(PostgresSession.numbered("中文 ?") == "中文 $1")
    }
}
