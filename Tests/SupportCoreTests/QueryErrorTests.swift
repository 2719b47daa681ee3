import Foundation
import Testing
@testable import SupportCore

@Suite struct QueryErrorTests {
    /// The error a filter raises, or a recorded issue when it parses.
    func failure(_ text: String, schema: QuerySchema = .tickets,
                 sourceLocation: SourceLocation = #_sourceLocation) -> QueryError? {
        do {
            _ = try QueryParser.parse(text, schema: schema, now: jakarta(2026, 11, 26, 14))
            Issue.record("'\(text)' parsed", sourceLocation: sourceLocation)
            return nil
        } catch {
            return error
        }
    }

    func expect(_ text: String, schema: QuerySchema = .tickets, at position: Int, length: Int,
                _ message: String, sourceLocation: SourceLocation = #_sourceLocation) {
        guard let error = failure(text, schema: schema, sourceLocation: sourceLocation) else { return }
        #expect(error.message == message, sourceLocation: sourceLocation)
        #expect(error.position == position, "position", sourceLocation: sourceLocation)
        #expect(error.length == length, "length", sourceLocation: sourceLocation)
    }

    @Test func misspeltFieldSuggestsTheRightOne() {
        expect("stauts:open", at: 0, length: 6, "unknown field 'stauts' — did you mean 'status'?")
        expect("status:open asignee:me", at: 12, length: 7, "unknown field 'asignee' — did you mean 'assignee'?")
        expect("-catgory:security", at: 1, length: 7, "unknown field 'catgory' — did you mean 'category'?")
        expect("amont:5k", schema: .transactions, at: 0, length: 5, "unknown field 'amont' — did you mean 'amount'?")
    }

    @Test func unrelatedFieldListsTheFields() {
        guard let error = failure("colour:red") else { return }
        #expect(error.message.hasPrefix("unknown field 'colour'; fields are status, prio, cat"))
        #expect(error.message.hasSuffix("customer, number and is"))
        #expect((error.position, error.length) == (0, 6))
    }

    @Test func badEnumValueNamesTheChoices() {
        expect("status:open prio:urgent", at: 17, length: 6, "'urgent' is not a priority; use p1, p2, p3 or p4")
        expect("status:open,closd", at: 12, length: 5,
               "'closd' is not a ticket status; use new, open, pending, on_hold, solved or closed")
        expect("cat:billing", at: 4, length: 7,
               "'billing' is not a category; use account, payment, security, technical or complaint")
        expect("sla:late", at: 4, length: 4, "'late' is not an SLA state; use ok, warning or breached")
        expect("type:gift", schema: .transactions, at: 5, length: 4,
               "'gift' is not a transaction type; use topup, payment, qr_payment, p2p_in, p2p_out, withdrawal, refund, cashback or bill_payment")
        expect("prio:p1..p9", at: 9, length: 2, "'p9' is not a priority; use p1, p2, p3 or p4")
    }

    @Test func missingValue() {
        expect("status:", at: 6, length: 1, "status needs a value, e.g. status:open,pending")
        expect("prio:p1 priority:", at: 16, length: 1, "priority needs a value, e.g. prio:p1,p2")
    }

    @Test func emptyListItems() {
        expect("status:open,,pending", at: 12, length: 1, "empty value in the status list")
        expect("status:open,", at: 11, length: 1, "empty value in the status list")
        expect("status:,open", at: 7, length: 1, "empty value in the status list")
        expect("cp:\"\"", schema: .transactions, at: 3, length: 2, "empty value in the cp list")
    }

    @Test func unterminatedQuote() {
        expect("status:open cp:\"toko abadi", schema: .transactions, at: 15, length: 11, "missing closing quote")
        expect("\"refund", at: 0, length: 7, "missing closing quote")
    }

    @Test func missingFieldName() {
        expect("status:open :pending", at: 12, length: 1, "expected a field name before ':'")
    }

    @Test func loneMinus() {
        expect("status:open -", at: 12, length: 1, "'-' must be followed by a field or a word to exclude")
    }

    @Test func ageNeedsAComparison() {
        expect("age:2h", at: 4, length: 2, "use a comparison or a range with age, e.g. age:>2h or age:1h..4h")
        expect("age:>2x", at: 5, length: 2, "expected a duration like 30m, 2h or 7d")
        expect("age:>", at: 4, length: 1, "'>' needs a value after it")
        expect("age:>=", at: 4, length: 2, "'>=' needs a value after it")
    }

    @Test func badNumbersAndRanges() {
        expect("number:abc", at: 7, length: 3, "expected a whole number like 1042")
        expect("number:20..10", at: 7, length: 6, "the range ends before it starts")
        expect("number:..", at: 7, length: 2, "a range needs at least one end, like number:a..b, a.. or ..b")
        expect("amount:5x", schema: .transactions, at: 7, length: 2, "expected an amount like 100000, 50k or 1.5jt")
        expect("amount:1jt..50k", schema: .transactions, at: 7, length: 8, "the range ends before it starts")
    }

    @Test func badBoolAndAssignee() {
        expect("flagged:maybe", schema: .transactions, at: 8, length: 5, "flagged is yes or no")
        expect("flagged:yes,no", schema: .transactions, at: 12, length: 2, "flagged takes one value: yes or no")
        expect("assignee:budi!", at: 9, length: 5, "expected me, none or an agent login")
    }

    @Test func firstErrorWins() {
        expect("stauts:open prio:urgent", at: 0, length: 6, "unknown field 'stauts' — did you mean 'status'?")
    }

    @Test func caretLineUnderlinesTheCulprit() throws {
        let input = "status:open prio:urgent"
        let error = try #require(failure(input))
        #expect(error.caretLine(for: input) == String(repeating: " ", count: 17) + "^~~~~~")
        #expect(error.rendered(for: input) == input + "\n" + error.caretLine(for: input) + "\n" + error.message)
        #expect(error.description.hasSuffix("(at column 18)"))
    }

    @Test func caretLineCountsWideCharactersTwice() throws {
        let input = "王小明 prio:x"
        let error = try #require(failure(input))
        #expect(error.position == 9)
        // 王小明 takes six columns, then a space and "prio:".
        #expect(error.caretLine(for: input) == String(repeating: " ", count: 12) + "^")
    }

    @Test func spellingDistanceCountsSwapsAsOne() {
        #expect(SpellingSuggestion.distance("stauts", "status") == 1)
        #expect(SpellingSuggestion.distance("prio", "prio") == 0)
        #expect(SpellingSuggestion.distance("", "abc") == 3)
        #expect(SpellingSuggestion.closest(to: "foo", among: ["tag", "sla"]) == nil)
        #expect(SpellingSuggestion.closest(to: "assig", among: ["assignee", "age"]) == "assignee")
    }
}
