import Foundation
import Testing
@testable import SupportCore

/// Every problem in a filter at once, each where it is.
@Suite struct QueryProblemsTests {
    let now = Date(timeIntervalSince1970: 1_795_575_600)

    func problems(_ text: String, _ schema: QuerySchema = .tickets) -> [QueryError] {
        QueryParser.problems(text, schema: schema, now: now)
    }

    @Test func eachBadTermIsReportedAtItsOwnPlace() {
        let text = "prio:urgent refund cat:nope age:5"
        let found = problems(text)
        #expect(found.count == 3, "\(found)")
        #expect(found.map(\.position) == [5, 23, 32])
        #expect(found[0].message.contains("p1"))
        #expect(found[1].message.contains("payment"))
        // The first is the one `parse` throws: the two agree.
        do throws(QueryError) { _ = try QueryParser.parse(text, schema: .tickets, now: now); Issue.record("parsed") } catch {
            #expect(error == found[0])
        }
    }

    @Test func noProblemsExactlyWhenTheFilterParses() {
        let inputs = ["", "status:open prio:p1,p2", "cat:payment -tag:vip \"two words\"", "prio:", "-", ":x", "\"open",
                      "age:>2h sla:breached", "status:open status:nope", "amount:>=100000", "number:1,2,3",
                      String(repeating: "a ", count: 20), "tag:" + String(repeating: "x,", count: 40) + "y",
                      "\u{202E}prio:p1", "status:open\u{0}", "資金 cat:security"]
        for input in inputs {
            let parsed: Bool
            do throws(QueryError) { _ = try QueryParser.parse(input, schema: .tickets, now: now); parsed = true } catch { parsed = false }
            #expect(problems(input).isEmpty == parsed, "\(input.debugDescription)")
        }
    }

    /// An open quote or a text over the limit is one problem for the whole filter.
    @Test func wholeFilterProblemsAreReportedOnce() {
        #expect(problems("prio:urgent \"open").count == 1)
        #expect(problems(String(repeating: "x", count: QueryParser.maxLength + 1)).count == 1)
        let many = (1...20).map { "tag:t\($0)" }.joined(separator: " ")
        let tooMany = problems(many)
        #expect(tooMany.count == 1 && tooMany[0].message.contains("at most"))
    }

    @Test func transactionFiltersToo() {
        let found = problems("date:yesterdayish type:payment amount:lots", .transactions)
        #expect(found.count == 2, "\(found)")
        #expect(found.map(\.position) == [5, 38])
    }
}
