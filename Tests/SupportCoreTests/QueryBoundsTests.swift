import Foundation
import Testing
@testable import SupportCore

/// Issue 17, finding 10: 900 negated `-tag:` terms ran past 120 s on 20k tickets, and
/// 1,000 terms or 450 values failed inside SQLite ("Expression tree is too large").
/// The parser now bounds a filter and says so where the excess starts.
@Suite struct QueryBoundsTests {
    private func parse(_ text: String) throws(QueryError) -> Query {
        try QueryParser.parse(text, schema: .tickets, now: Date(timeIntervalSince1970: 1_795_575_600))
    }

    @Test func filterDenialOfServiceIsRefusedByTheParser() throws {
        let sixteen = (1...QueryParser.maxTerms).map { "-tag:t\($0)" }.joined(separator: " ")
        #expect(try parse(sixteen).terms.count == 16)

        let nineHundred = (1...900).map { "-tag:t\($0)" }.joined(separator: " ")
        let attack = #expect(throws: QueryError.self) { try parse(nineHundred) }
        #expect(attack?.message.contains("at most 16 terms") == true)
        let tooLong = #expect(throws: QueryError.self) { try parse("customer:" + String(repeating: "a", count: 16_000)) }
        #expect(tooLong?.message.contains("at most 16000 characters") == true)

        let seventeen = sixteen + " -tag:t17"
        let tooMany = #expect(throws: QueryError.self) { try parse(seventeen) }
        #expect(tooMany?.message.contains("at most 16 terms") == true)
        #expect(tooMany?.position == sixteen.count + 1, "the error points at the 17th term")

        let values = "tag:" + (1...33).map { "v\($0)" }.joined(separator: ",")
        let wide = #expect(throws: QueryError.self) { try parse(values) }
        #expect(wide?.message == "tag lists at most 32 values; this has 33")
        #expect(wide?.position == 4)

        // Ticket numbers (the supervisor's drill-down) are one indexed lookup: long lists pass.
        let drill = "number:" + (1001...1500).map(String.init).joined(separator: ",")
        #expect(try parse(drill).terms.first?.valueCount == 1)

        let spread = (1...3).map { n in "tag:" + (1...30).map { "v\(n)x\($0)" }.joined(separator: ",") }.joined(separator: " ")
        let total = #expect(throws: QueryError.self) { try parse(spread) }
        #expect(total?.message.contains("at most 64 values in all") == true)
    }
}
