import Testing
@testable import SupportCore

@Suite struct QueryCompletionTests {
    func complete(_ input: String, cursor: Int? = nil, schema: QuerySchema = .tickets,
                  logins: [String] = []) -> QueryCompletion {
        QueryCompletion.suggest(input: input, cursor: cursor ?? input.count, schema: schema, logins: logins)
    }

    @Test func fieldNamePrefix() {
        let completion = complete("sta")
        #expect(completion.candidates == ["status:"])
        #expect(completion.replacing == 0..<3)
        let applied = completion.applying("status:", to: "sta")
        #expect(applied.text == "status:")
        #expect(applied.cursor == 7)
    }

    @Test func emptyWordOffersEveryField() {
        let completion = complete("status:open ")
        #expect(completion.candidates.first == "status:")
        #expect(completion.candidates.contains("assignee:"))
        #expect(completion.candidates.contains("priority:"))
        #expect(!completion.candidates.contains("#:"))
        #expect(completion.replacing == 12..<12)
    }

    @Test func aliasesComplete() {
        #expect(complete("pri").candidates == ["prio:", "priority:"])
        #expect(complete("counter", schema: .transactions).candidates == ["counterparty:"])
    }

    @Test func negatedFieldKeepsTheMinus() {
        let completion = complete("-sta")
        #expect(completion.replacing == 1..<4)
        #expect(completion.applying("status:", to: "-sta").text == "-status:")
    }

    @Test func enumValues() {
        let completion = complete("status:op")
        #expect(completion.candidates == ["open"])
        #expect(completion.replacing == 7..<9)
        #expect(complete("prio:").candidates == ["p1", "p2", "p3", "p4"])
        #expect(complete("type:p", schema: .transactions).candidates == ["payment", "p2p_in", "p2p_out", "p2p"])
    }

    @Test func valuesAfterACommaSkipThoseAlreadyListed() {
        let completion = complete("status:open,o")
        #expect(completion.candidates == ["on_hold", "onhold"])
        #expect(completion.replacing == 12..<13)
        #expect(completion.applying("on_hold", to: "status:open,o").text == "status:open,on_hold")
    }

    @Test func cursorInTheMiddle() {
        let input = "status:op prio:p1"
        let completion = complete(input, cursor: 9)
        #expect(completion.candidates == ["open"])
        let applied = completion.applying("open", to: input)
        #expect(applied.text == "status:open prio:p1")
        #expect(applied.cursor == 11)
    }

    @Test func assigneeUsesLogins() {
        #expect(complete("assignee:", logins: ["budi", "sari"]).candidates == ["me", "none", "budi", "sari"])
        #expect(complete("assignee:b", logins: ["Budi", "sari"]).candidates == ["budi"])
    }

    @Test func durationsOfferComparisons() {
        #expect(complete("age:").candidates == [">1h", ">4h", ">1d", ">7d"])
        #expect(complete("age:>1").candidates == ["1h", "1d"])
        #expect(complete("age:>1").replacing == 5..<6)
    }

    @Test func datesAndRangeEnds() {
        #expect(complete("created:t").candidates == ["today"])
        let rangeEnd = complete("date:2026-11-01..y", schema: .transactions)
        #expect(rangeEnd.candidates == ["yesterday"])
        #expect(rangeEnd.replacing == 17..<18)
    }

    @Test func booleans() {
        #expect(complete("flagged:", schema: .transactions).candidates == ["yes", "no"])
    }

    @Test func nothingForUnknownFieldsFreeTextOrQuotes() {
        #expect(complete("xyz:").candidates.isEmpty)
        #expect(complete("customer:bu").candidates.isEmpty)
        #expect(complete("cp:\"toko", schema: .transactions).candidates.isEmpty)
        #expect(complete("zzz").candidates.isEmpty)
    }

    @Test func commonPrefixForASingleTab() {
        #expect(complete("prio:").commonPrefix == "p")
        #expect(complete("status:o").commonPrefix == "o")
        #expect(complete("sta").commonPrefix == "status:")
        #expect(complete("zzz").commonPrefix == "")
    }

    @Test func cursorIsClamped() {
        #expect(complete("sta", cursor: 99).candidates == ["status:"])
        #expect(complete("sta", cursor: -4).replacing == 0..<0)
    }
}
