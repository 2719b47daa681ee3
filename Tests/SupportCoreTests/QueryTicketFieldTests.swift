import Foundation
import Testing
@testable import SupportCore

/// Parses against the ticket schema at a fixed Jakarta afternoon.
func ticketQuery(_ text: String) throws -> Query {
    try QueryParser.parse(text, schema: .tickets, now: jakarta(2026, 11, 26, 14))
}

/// The single term of a one-term filter.
func onlyTerm(_ text: String, schema: QuerySchema = .tickets) throws -> QueryTerm {
    let query = try QueryParser.parse(text, schema: schema, now: jakarta(2026, 11, 26, 14))
    try #require(query.terms.count == 1)
    return query.terms[0]
}

@Suite struct QueryTicketFieldTests {
    @Test func statusWithOr() throws {
        let term = try onlyTerm("status:open,pending")
        #expect(term.field == "status")
        #expect(!term.negated)
        #expect(term.range == 0..<19)
        #expect(term.condition == .oneOf(["open", "pending"]))
    }

    @Test func statusAliases() throws {
        for spelling in ["onhold", "on-hold", "On_Hold", "hold"] {
            #expect(try onlyTerm("status:\(spelling)").condition == .oneOf(["on_hold"]))
        }
        #expect(try onlyTerm("status:unsolved").condition == .oneOf(["new", "open", "pending", "on_hold"]))
        #expect(try onlyTerm("status:open,open").condition == .oneOf(["open"]))
    }

    @Test func priorityAndItsAlias() throws {
        #expect(try onlyTerm("prio:p1,p2").condition == .oneOf(["p1", "p2"]))
        let aliased = try onlyTerm("priority:P3")
        #expect(aliased.field == "prio")
        #expect(aliased.condition == .oneOf(["p3"]))
    }

    @Test func priorityComparisonsAndRanges() throws {
        #expect(try onlyTerm("prio:<=p2").condition == .oneOf(["p1", "p2"]))
        #expect(try onlyTerm("prio:<p2").condition == .oneOf(["p1"]))
        #expect(try onlyTerm("prio:>p3").condition == .oneOf(["p4"]))
        #expect(try onlyTerm("prio:>=p3").condition == .oneOf(["p3", "p4"]))
        #expect(try onlyTerm("prio:p2..p3").condition == .oneOf(["p2", "p3"]))
        #expect(try onlyTerm("prio:..p2").condition == .oneOf(["p1", "p2"]))
        #expect(try onlyTerm("prio:<p1").condition == .oneOf([]))
    }

    @Test func categoryAndSubcategory() throws {
        #expect(try onlyTerm("cat:security").condition == .oneOf(["security"]))
        #expect(try onlyTerm("category:account,payment").field == "cat")
        #expect(try onlyTerm("sub:stolen-account").condition == .oneOf(["stolen_account"]))
        #expect(try onlyTerm("subcategory:failed_payment").field == "sub")
    }

    @Test func channelAliases() throws {
        let term = try onlyTerm("ch:chat,email")
        #expect(term.field == "channel")
        #expect(term.condition == .oneOf(["app_chat", "email"]))
        #expect(try onlyTerm("channel:hotline").condition == .oneOf(["phone"]))
    }

    @Test func assignee() throws {
        #expect(try onlyTerm("assignee:me,none,Budi").condition == .assignee([.me, .none, .login("budi")]))
        #expect(try onlyTerm("assignee:unassigned").condition == .assignee([.none]))
        #expect(try onlyTerm("assignee:rina.w").condition == .assignee([.login("rina.w")]))
    }

    @Test func tagsAreLowercasedKeywords() throws {
        #expect(try onlyTerm("tag:VIP,refund").condition == .oneOf(["vip", "refund"]))
    }

    @Test func slaStates() throws {
        #expect(try onlyTerm("sla:breached,warning").condition == .oneOf(["breached", "warning"]))
        #expect(try onlyTerm("sla:ok").condition == .oneOf(["ok"]))
    }

    @Test func ageInSeconds() throws {
        #expect(try onlyTerm("age:>2h").condition
                == .numbers([NumberBound(lower: 7_200, lowerInclusive: false, upper: nil)]))
        #expect(try onlyTerm("age:<=30m").condition == .numbers([NumberBound(lower: nil, upper: 1_800)]))
        #expect(try onlyTerm("age:1h..1d").condition == .numbers([NumberBound(lower: 3_600, upper: 86_400)]))
        #expect(try onlyTerm("age:1d12h..").condition == .numbers([NumberBound(lower: 129_600, upper: nil)]))
        #expect(try onlyTerm("age:>=2w").condition == .numbers([NumberBound(lower: 1_209_600, upper: nil)]))
    }

    @Test func updatedAndCreatedAreDates() throws {
        #expect(try onlyTerm("updated:today").condition
                == .dates([DateRange(from: jakarta(2026, 11, 26), to: jakarta(2026, 11, 27))]))
        #expect(try onlyTerm("created:7d").condition
                == .dates([DateRange(from: jakarta(2026, 11, 19, 14), to: nil)]))
    }

    @Test func customerIsQuotedSubstring() throws {
        let term = try onlyTerm("customer:\"budi santoso\"")
        #expect(term.condition == .text(["budi santoso"]))
        #expect(term.range == 0..<23)
    }

    @Test func ticketNumbers() throws {
        #expect(try onlyTerm("number:>1000").condition
                == .numbers([NumberBound(lower: 1_000, lowerInclusive: false, upper: nil)]))
        #expect(try onlyTerm("#:1042").condition == .numbers([.exactly(1_042)]))
        #expect(try onlyTerm("number:#1042,1043").condition == .numbers([.exactly(1_042), .exactly(1_043)]))
        #expect(try onlyTerm("number:10..20").condition == .numbers([NumberBound(lower: 10, upper: 20)]))
        let bare = try onlyTerm("#1042")
        #expect(bare.field == "number")
        #expect(bare.condition == .numbers([.exactly(1_042)]))
    }

    @Test func negation() throws {
        let term = try onlyTerm("-status:closed,solved")
        #expect(term.negated)
        #expect(term.field == "status")
        #expect(term.condition == .oneOf(["closed", "solved"]))
        let word = try onlyTerm("-refund")
        #expect(word.negated)
        #expect(word.condition == .words(["refund"]))
    }

    @Test func bareWordsAndPhrasesAreFreeText() throws {
        let query = try ticketQuery("refund \"toko abadi\" 王小明")
        #expect(query.freeTextTerms.map(\.condition)
                == [.words(["refund"]), .words(["toko abadi"]), .words(["王小明"])])
        #expect(query.terms.allSatisfy { $0.field == QueryField.freeTextName })
        #expect(query.terms.map(\.range) == [0..<6, 7..<19, 20..<23])
        // A quoted "#1042" is text, not a ticket number.
        #expect(try onlyTerm("\"#1042\"").condition == .words(["#1042"]))
    }

    @Test func termsAreAndedInOrderWithSourceRanges() throws {
        let query = try ticketQuery("status:open,pending prio:p1,p2 cat:security assignee:me sla:breached age:>2h")
        #expect(query.terms.map(\.field) == ["status", "prio", "cat", "assignee", "sla", "age"])
        #expect(query.terms(for: "prio").count == 1)
        let spaced = try ticketQuery("  status:open   -tag:vip ")
        #expect(spaced.terms.map(\.range) == [2..<13, 16..<24])
        #expect(spaced.source == "  status:open   -tag:vip ")
    }

    @Test func repeatedFieldsStayAsSeparateTerms() throws {
        let query = try ticketQuery("tag:vip tag:refund")
        #expect(query.terms(for: "tag").map(\.condition) == [.oneOf(["vip"]), .oneOf(["refund"])])
    }

    @Test func emptyFilterIsEmptyQuery() throws {
        #expect(try ticketQuery("").isEmpty)
        #expect(try ticketQuery("   ").isEmpty)
    }

    @Test func fieldNamesIgnoreCase() throws {
        #expect(try onlyTerm("STATUS:Open").condition == .oneOf(["open"]))
    }
}
