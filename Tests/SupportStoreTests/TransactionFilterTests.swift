import Foundation
import GRDB
import SupportCore
import Testing
@testable import SupportStore

/// Ten transactions of one customer, written down by hand so every expectation below
/// can be checked by reading the table, plus one of another customer that no filter of
/// the first may ever return. Times are Jakarta wall-clock (UTC+7); amounts are minor
/// units (IDR has two minor digits, so 5_000_000 is Rp50.000).
struct FixedTransactions {
    struct Row {
        var reference: String, type: String, status: String, amount: Int64, counterparty: String
        var channel: String, failure: String?, wib: (Int, Int, Int, Int), flagged: Bool
    }

    static let rows: [Row] = [
        Row(reference: "TXA001", type: "payment", status: "success", amount: 5_000_000, counterparty: "Tokopedia",
            channel: "merchant_api", failure: nil, wib: (11, 1, 9, 0), flagged: false),
        Row(reference: "TXA002", type: "topup", status: "success", amount: 100_000_000, counterparty: "BCA Virtual Account",
            channel: "bank_va", failure: nil, wib: (11, 2, 10, 0), flagged: false),
        Row(reference: "TXA003", type: "qr_payment", status: "failed", amount: 2_500_000, counterparty: "Warung Bu Sri",
            channel: "qris", failure: "INSUFFICIENT_FUNDS", wib: (11, 3, 12, 30), flagged: false),
        Row(reference: "TXA004", type: "p2p_out", status: "success", amount: 15_000_000, counterparty: "Sri Hidayat",
            channel: "app", failure: nil, wib: (11, 5, 20, 15), flagged: true),
        Row(reference: "TXA005", type: "p2p_in", status: "pending", amount: 7_500_000, counterparty: "Budi Santoso",
            channel: "app", failure: nil, wib: (11, 10, 8, 0), flagged: false),
        Row(reference: "TXB006", type: "withdrawal", status: "reversed", amount: 200_000_000, counterparty: "Mandiri ****8802",
            channel: "bank_transfer", failure: nil, wib: (11, 15, 16, 45), flagged: false),
        Row(reference: "TXB007", type: "bill_payment", status: "failed", amount: 30_000_000, counterparty: "PLN Token Listrik",
            channel: "biller", failure: "SERVICE_UNAVAILABLE", wib: (11, 20, 7, 5), flagged: true),
        Row(reference: "TXB008", type: "refund", status: "success", amount: 5_000_000, counterparty: "Tokopedia",
            channel: "merchant_api", failure: nil, wib: (11, 24, 23, 59), flagged: false),
        Row(reference: "TXB009", type: "cashback", status: "success", amount: 1_000_000, counterparty: "Promo Cashback",
            channel: "promo", failure: nil, wib: (11, 25, 0, 0), flagged: false),
        Row(reference: "TXC010", type: "payment", status: "failed", amount: 10_000_000, counterparty: "Toko 王记",
            channel: "merchant_api", failure: "NETWORK_TIMEOUT", wib: (11, 25, 9, 30), flagged: false),
    ]

    /// Every reference, newest first (the order every list and export uses).
    static let allNewestFirst = rows.map(\.reference).reversed().map { $0 }

    static func epoch(_ wib: (Int, Int, Int, Int)) -> Int64 {
        var components = DateComponents(year: 2026, month: wib.0, day: wib.1, hour: wib.2, minute: wib.3)
        components.timeZone = TimeZone(identifier: "Asia/Jakarta")
        return Int64(Calendar(identifier: .gregorian).date(from: components)!.timeIntervalSince1970)
    }

    let temp: TempStore
    let customer: Int64
    let other: Int64

    init() throws {
        temp = try TempStore()
        customer = try temp.store.insertCustomerForTesting(name: "王小明", phone: "+6281234567890", email: "wang@example.com")
        other = try temp.store.insertCustomerForTesting(name: "Siti Aminah", phone: "+6285711112222", email: "siti@example.com")
        let (customer, other) = (customer, other)
        try temp.store.pool.write { db in
            for row in Self.rows {
                try db.execute(sql: """
                    INSERT INTO transactions (reference, customer_id, type, status, amount, currency, counterparty, channel,
                                              failure_code, at, flagged)
                    VALUES (?, ?, ?, ?, ?, 'IDR', ?, ?, ?, ?, ?)
                    """, arguments: [row.reference, customer, row.type, row.status, row.amount, row.counterparty,
                                     row.channel, row.failure, Self.epoch(row.wib), row.flagged])
            }
            // Another customer's transaction that matches many of the filters below.
            try db.execute(sql: """
                INSERT INTO transactions (reference, customer_id, type, status, amount, currency, counterparty, channel, at, flagged)
                VALUES ('TXA999', ?, 'payment', 'failed', 10000000, 'IDR', 'Tokopedia', 'app', ?, 1)
                """, arguments: [other, Self.epoch((11, 3, 12, 0))])
        }
    }

    var store: SupportStore { temp.store }

    func query(_ text: String) throws -> Query {
        try QueryParser.parse(text, schema: .transactions, now: TempStore.fixedNow, timeZone: TimeText.zone)
    }

    func references(_ text: String) throws -> [String] {
        try store.transactions(customerId: customer, query: query(text), limit: 1_000).map(\.reference)
    }
}

@Suite struct TransactionFilterTests {
    /// Expected references in the fixed table's newest-first order.
    func expect(_ f: FixedTransactions, _ text: String, _ expected: Set<String>,
                sourceLocation: SourceLocation = #_sourceLocation) throws {
        let ordered = FixedTransactions.allNewestFirst.filter(expected.contains)
        #expect(try f.references(text) == ordered, "filter \(text)", sourceLocation: sourceLocation)
        #expect(try f.store.transactionTotals(customerId: f.customer, query: f.query(text)).count == expected.count,
                "count of \(text)", sourceLocation: sourceLocation)
    }

    @Test func noFilterListsTheCustomersRowsNewestFirstOnly() throws {
        let f = try FixedTransactions()
        #expect(try f.references("") == FixedTransactions.allNewestFirst)
        #expect(try !f.references("").contains("TXA999"))
    }

    @Test func typeAndStatus() throws {
        let f = try FixedTransactions()
        try expect(f, "type:payment", ["TXA001", "TXC010"])
        try expect(f, "type:payment,topup", ["TXA001", "TXA002", "TXC010"])
        try expect(f, "type:p2p", ["TXA004", "TXA005"])              // alias for p2p_in, p2p_out
        try expect(f, "type:qr", ["TXA003"])
        try expect(f, "status:failed", ["TXA003", "TXB007", "TXC010"])
        try expect(f, "status:failed,pending", ["TXA003", "TXA005", "TXB007", "TXC010"])
        try expect(f, "status:reversed", ["TXB006"])
    }

    @Test func negation() throws {
        let f = try FixedTransactions()
        let all = Set(FixedTransactions.allNewestFirst)
        try expect(f, "-type:payment", all.subtracting(["TXA001", "TXC010"]))
        try expect(f, "-status:success", ["TXA003", "TXA005", "TXB006", "TXB007", "TXC010"])
        try expect(f, "-flagged:yes", all.subtracting(["TXA004", "TXB007"]))
        try expect(f, "-tokopedia", all.subtracting(["TXA001", "TXB008"]))
        try expect(f, "-date:2026-11-01..2026-11-10", ["TXB006", "TXB007", "TXB008", "TXB009", "TXC010"])
        try expect(f, "-cp:tokopedia,toko", all.subtracting(["TXA001", "TXB008", "TXC010"]))
    }

    @Test func amountsAreMajorUnitsWithRangesAndComparisons() throws {
        let f = try FixedTransactions()
        try expect(f, "amount:>=100000", ["TXA002", "TXA004", "TXB006", "TXB007", "TXC010"])
        try expect(f, "amount:50000..150000", ["TXA001", "TXA004", "TXA005", "TXB008", "TXC010"])
        try expect(f, "amount:<50k", ["TXA003", "TXB009"])
        try expect(f, "amount:>1jt", ["TXB006"])
        try expect(f, "amount:75000", ["TXA005"])
        try expect(f, "amount:<=10000,>=2jt", ["TXB009", "TXB006"])   // comma: either bound
    }

    @Test func datesAreJakartaDaysAndRelativeToNow() throws {
        let f = try FixedTransactions()
        try expect(f, "date:2026-11-01..2026-11-05", ["TXA001", "TXA002", "TXA003", "TXA004"])
        // 23:59 on the 24th is that day; midnight starting the 25th is the next.
        try expect(f, "date:2026-11-24", ["TXB008"])
        try expect(f, "date:2026-11-25", ["TXB009", "TXC010"])
        try expect(f, "date:today", ["TXB009", "TXC010"])              // now is 2026-11-25 10:00 WIB
        try expect(f, "date:7d", ["TXB007", "TXB008", "TXB009", "TXC010"])
        try expect(f, "date:2026-11-01,2026-11-25", ["TXA001", "TXB009", "TXC010"])
        try expect(f, "date:..2026-11-02", ["TXA001", "TXA002"])
        try expect(f, "date:2026-11-20..", ["TXB007", "TXB008", "TXB009", "TXC010"])
    }

    @Test func counterpartyReferenceFlaggedChannel() throws {
        let f = try FixedTransactions()
        try expect(f, "cp:tokopedia", ["TXA001", "TXB008"])            // any case
        try expect(f, "cp:王", ["TXC010"])
        try expect(f, "cp:\"warung bu\"", ["TXA003"])
        try expect(f, "cp:100%", [])                                   // wildcards are literal
        try expect(f, "ref:TXB", ["TXB006", "TXB007", "TXB008", "TXB009"])
        try expect(f, "ref:txa00", ["TXA001", "TXA002", "TXA003", "TXA004", "TXA005"])
        try expect(f, "ref:A001", [])                                  // a prefix, not a substring
        try expect(f, "flagged:yes", ["TXA004", "TXB007"])
        try expect(f, "flagged:no", Set(FixedTransactions.allNewestFirst).subtracting(["TXA004", "TXB007"]))
        try expect(f, "channel:app", ["TXA004", "TXA005"])
        try expect(f, "channel:merchant_api,qris", ["TXA001", "TXA003", "TXB008", "TXC010"])
    }

    @Test func bareWordsSearchCounterpartyReferenceFailureAndType() throws {
        let f = try FixedTransactions()
        try expect(f, "tokopedia", ["TXA001", "TXB008"])
        try expect(f, "insufficient", ["TXA003"])
        try expect(f, "bill", ["TXB007"])
        try expect(f, "TXC", ["TXC010"])
        try expect(f, "toko pedia", ["TXA001", "TXB008"])               // every word must appear
        try expect(f, "\"warung bu sri\"", ["TXA003"])
    }

    @Test func combinationsAreAnded() throws {
        let f = try FixedTransactions()
        try expect(f, "status:failed amount:>=100000", ["TXB007", "TXC010"])
        try expect(f, "type:payment,qr status:failed", ["TXA003", "TXC010"])
        try expect(f, "date:2026-11-01..2026-11-20 status:failed,pending -flagged:yes", ["TXA003", "TXA005"])
        try expect(f, "cp:tokopedia type:refund date:7d", ["TXB008"])
        try expect(f, "channel:app flagged:yes amount:100k..200k", ["TXA004"])
    }

    @Test func totalsAddSuccessfulMoneyOnly() throws {
        let f = try FixedTransactions()
        let all = try f.store.transactionTotals(customerId: f.customer, query: f.query(""))
        // In: topup 1.000.000 + refund 50.000 + cashback 10.000; the pending p2p_in is left out.
        // Out: payment 50.000 + p2p_out 150.000; failed and reversed rows are left out.
        #expect(all == TransactionTotals(count: 10, moneyIn: 106_000_000, moneyOut: 20_000_000))
        let failed = try f.store.transactionTotals(customerId: f.customer, query: f.query("status:failed"))
        #expect(failed == TransactionTotals(count: 3, moneyIn: 0, moneyOut: 0))
    }

    @Test func keysetPagesAndTheStreamAgreeWithOneBigPage() throws {
        let f = try FixedTransactions()
        for text in ["", "status:success", "-type:payment"] {
            let query = try f.query(text)
            let whole = try f.store.transactions(customerId: f.customer, query: query, limit: 1_000)
            var paged: [Transaction] = []
            var page = try f.store.transactions(customerId: f.customer, query: query, limit: 3)
            while !page.isEmpty {
                paged += page
                page = try f.store.transactions(customerId: f.customer, query: query, after: page.last, limit: 3)
            }
            #expect(paged == whole, "paging \(text)")
            var streamed: [Transaction] = []
            try f.store.forEachTransaction(customerId: f.customer, query: query) { streamed.append($0); return true }
            #expect(streamed == whole, "streaming \(text)")
            // Paging back up from the oldest page gives the rows before it.
            let oldest = try f.store.oldestTransactions(customerId: f.customer, query: query, limit: 2)
            #expect(oldest == Array(whole.suffix(2)))
        }
    }
}
