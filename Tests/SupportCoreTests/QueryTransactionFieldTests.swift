import Foundation
import Testing
@testable import SupportCore

@Suite struct QueryTransactionFieldTests {
    func term(_ text: String) throws -> QueryTerm { try onlyTerm(text, schema: .transactions) }

    func amount(_ text: String) throws -> QueryCondition { try term("amount:\(text)").condition }

    @Test func briefExample() throws {
        let query = try QueryParser.parse(
            "date:2026-11-01..2026-11-26 type:payment,topup status:failed amount:>=100000 cp:tokopedia",
            schema: .transactions, now: jakarta(2026, 11, 26, 14))
        #expect(query.terms.map(\.field) == ["date", "type", "status", "amount", "cp"])
        #expect(query.terms[0].condition == .dates([DateRange(from: jakarta(2026, 11, 1), to: jakarta(2026, 11, 27))]))
        #expect(query.terms[1].condition == .oneOf(["payment", "topup"]))
        #expect(query.terms[2].condition == .oneOf(["failed"]))
        #expect(query.terms[3].condition == .numbers([NumberBound(lower: 10_000_000, upper: nil)]))
        #expect(query.terms[4].condition == .text(["tokopedia"]))
    }

    @Test func typeAliases() throws {
        #expect(try term("type:qr").condition == .oneOf(["qr_payment"]))
        #expect(try term("type:p2p").condition == .oneOf(["p2p_in", "p2p_out"]))
        #expect(try term("type:bill,p2p_in,p2p").condition == .oneOf(["bill_payment", "p2p_in", "p2p_out"]))
        #expect(try term("type:bill-payment").condition == .oneOf(["bill_payment"]))
    }

    @Test func statusUsesTransactionVocabulary() throws {
        #expect(try term("status:reversed,ok").condition == .oneOf(["reversed", "success"]))
        #expect(throws: QueryError.self) { try term("status:open") }
    }

    @Test func amountsBecomeMinorUnits() throws {
        #expect(try amount("100000") == .numbers([.exactly(10_000_000)]))
        #expect(try amount("100.000") == .numbers([.exactly(10_000_000)]))
        #expect(try amount("Rp100.000") == .numbers([.exactly(10_000_000)]))
        #expect(try amount("12.50") == .numbers([.exactly(1_250)]))
        // The comma is the OR separator, so a decimal comma only works inside quotes.
        #expect(try amount("\"1.234.567,50\"") == .numbers([.exactly(123_456_750)]))
        #expect(try amount("\"12,50\"") == .numbers([.exactly(1_250)]))
        #expect(try amount("12,50") == .numbers([.exactly(1_200), .exactly(5_000)]))
        #expect(try amount("50k") == .numbers([.exactly(5_000_000)]))
        #expect(try amount("50rb") == .numbers([.exactly(5_000_000)]))
        #expect(try amount("1jt") == .numbers([.exactly(100_000_000)]))
        #expect(try amount("\"1,5jt\"") == .numbers([.exactly(150_000_000)]))
        #expect(try amount("1.5JT") == .numbers([.exactly(150_000_000)]))
        #expect(try amount("2m") == .numbers([.exactly(200_000_000)]))
    }

    @Test func amountRangesAndComparisons() throws {
        #expect(try amount("50k..1jt") == .numbers([NumberBound(lower: 5_000_000, upper: 100_000_000)]))
        #expect(try amount("..50k") == .numbers([NumberBound(lower: nil, upper: 5_000_000)]))
        #expect(try amount("<10k,>1jt") == .numbers([
            NumberBound(lower: nil, upper: 1_000_000, upperInclusive: false),
            NumberBound(lower: 100_000_000, lowerInclusive: false, upper: nil),
        ]))
    }

    @Test func amountExponentIsAParameter() throws {
        let yen = try onlyTerm("amount:1000", schema: .transactions(currencyExponent: 0))
        #expect(yen.condition == .numbers([.exactly(1_000)]))
        #expect(throws: QueryError.self) {
            try onlyTerm("amount:10.5", schema: .transactions(currencyExponent: 0))
        }
    }

    @Test func amountsWithTooManyDecimalsOrJunkFail() {
        for bad in ["0.001", "\"0,001\"", "5x", "k", "1..2..3", "12.", "1.2.3", "99999999999999999999", "-5"] {
            #expect(throws: QueryError.self, "amount:\(bad)") { try self.amount(bad) }
        }
    }

    @Test func counterpartyIsSubstringWithQuotes() throws {
        let cp = try term("cp:\"toko abadi\",tokopedia")
        #expect(cp.condition == .text(["toko abadi", "tokopedia"]))
        #expect(try term("counterparty:Gojek").field == "cp")
    }

    @Test func commaInsideQuotesIsLiteral() throws {
        #expect(try term("cp:\"PT Maju, Tbk\"").condition == .text(["PT Maju, Tbk"]))
    }

    @Test func referenceIsPrefix() throws {
        #expect(try term("ref:TX2611").condition == .prefix(["TX2611"]))
        #expect(try term("reference:TX1,TX2").field == "ref")
    }

    @Test func flagged() throws {
        #expect(try term("flagged:yes").condition == .bool(true))
        #expect(try term("flagged:true").condition == .bool(true))
        #expect(try term("flagged:No").condition == .bool(false))
        #expect(try term("flagged:false").condition == .bool(false))
        let negated = try term("-flagged:yes")
        #expect(negated.negated && negated.condition == .bool(true))
    }

    @Test func transactionChannelIsUnvalidatedKeyword() throws {
        #expect(try term("ch:QR,merchant_api").condition == .oneOf(["qr", "merchant_api"]))
    }

    @Test func ticketFieldsAreUnknownHere() {
        #expect(throws: QueryError.self) { try self.term("prio:p1") }
    }
}
