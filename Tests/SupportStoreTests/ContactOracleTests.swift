import Foundation
import SupportCore
import Testing
@testable import SupportStore

/// Issue 17, finding 1: masked phone and email could be recovered without a reveal by
/// extending a `customer:` prefix digit by digit (122 calls), or confirmed by `account
/// show <phone>`. Contact data is now matched only exactly, with a reason, audited.
@Suite struct ContactOracleTests {
    static let phone = "+6281234567890"
    static let email = "wang@example.com"

    private func count(_ t: TempStore, _ text: String, as actor: Agent) throws -> Int {
        let query = try QueryParser.parse(text, schema: .tickets, now: TempStore.fixedNow, timeZone: TimeText.zone)
        return try t.store.queueCount(QueueSpec(view: .all, query: query, actor: actor))
    }

    @Test func prefixOracleDigitWalkOnTheQueueFilterLearnsNothing() throws {
        let t = try TempStore()
        let c = try t.cast()
        _ = try t.security(c.customer)
        let other = try t.store.insertCustomerForTesting(name: "Siti", phone: "+6289900001111", email: "siti@example.org")
        _ = try t.security(other)
        let before = try t.store.auditRecords(limit: 1_000).count

        // The attack: at each step try every next digit and keep the one that still matches.
        var known = "+62"
        var calls = 0
        for _ in 0..<(Self.phone.count - known.count) {
            var hits: [Character: Int] = [:]
            for digit in "0123456789" {
                hits[digit] = try count(t, "customer:\(known)\(digit)", as: c.sup)
                calls += 1
            }
            // The answer must not depend on the digit; if it did, the walk would advance.
            #expect(Set(hits.values).count == 1, "digit after \(known) is distinguishable: \(hits)")
            guard let next = hits.first(where: { $0.value > 0 })?.key else { break }
            known.append(next)
        }
        #expect(known == "+62", "the walk recovered \(known) in \(calls) calls")
        // Email: the whole local part and domain are unmatched too; the national form as well.
        for probe in ["wang@", "wang@example.com", "example.com", "081234567890", "1234567890", "siti@"] {
            #expect(try count(t, "customer:\(probe)", as: c.sup) == 0, "customer:\(probe) matched contact data")
        }
        // Name and wallet id still work, so the filter is not simply broken.
        #expect(try count(t, "customer:王小", as: c.sup) == 1)
        #expect(try count(t, "customer:WLT-T0000002", as: c.sup) == 1)
        #expect(try t.store.auditRecords(limit: 1_000).count == before)
    }

    @Test func exactLookupWithoutReasonIsNoOracle() throws {
        let t = try TempStore()
        _ = try t.cast()
        // The true and a wrong number give the same refusal: nothing is learnt.
        let real = refusal { _ = try t.store.findCustomer("0812-3456-7890") }
        let wrong = refusal { _ = try t.store.findCustomer("0812-3456-7899") }
        #expect(real?.kind == .invalid && wrong?.kind == .invalid)
        #expect(real?.message.replacingOccurrences(of: "0812-3456-7890", with: "N")
            == wrong?.message.replacingOccurrences(of: "0812-3456-7899", with: "N"))
        #expect(refusal { _ = try t.store.findCustomer(Self.email) }?.kind == .invalid)
        #expect(refusal { _ = try t.store.findCustomer("WANG@example.com") }?.kind == .invalid)
        // Id and wallet id still find the customer.
        #expect(try t.store.findCustomer("WLT-T0000001").phone == Self.phone)
    }

    @Test func searchByContactIsExactNeedsReasonAndIsAudited() throws {
        let t = try TempStore()
        let c = try t.cast()
        #expect(refusal { _ = try t.store.findCustomer(contact: Self.phone, reason: " ", by: c.a) }?.kind == .invalid)

        // The digit walk through the exact search: every prefix that is a plausible number
        // is a miss, and every attempt is on record with the searcher and the reason.
        var attempts = 0
        for length in 11..<Self.phone.count {
            let prefix = String(Self.phone.prefix(length))
            let error = refusal { _ = try t.store.findCustomer(contact: prefix, reason: "caller on the line", by: c.a) }
            #expect(error?.kind == .notFound || error?.kind == .invalid, "\(prefix) answered")
            if error?.kind == .notFound { attempts += 1 }
        }
        #expect(attempts > 0)
        let found = try t.store.findCustomer(contact: "0812 3456 7890", reason: "caller on the line", by: c.a)
        #expect(found.id == c.customer)
        #expect(try t.store.findCustomer(contact: "Wang@Example.com", reason: "email from customer", by: c.a).id == c.customer)

        let searches = try t.store.auditRecords(limit: 1_000).filter { $0.action == "customer.search" }
        #expect(searches.count == attempts + 2)
        #expect(searches.allSatisfy { $0.actor == "budi" && $0.reason?.isEmpty == false })
        #expect(searches.filter { $0.after?.contains("result=none") == true }.count == attempts)
        // The log keeps the searched value masked, not a list of numbers.
        #expect(searches.allSatisfy { !($0.after ?? "").contains("34567890") && !($0.after ?? "").contains("wang@") })

        // Without the reveal permission the search is refused and that is audited too.
        try t.store.setAgentActive(login: "dewi", active: false, by: c.admin)
        #expect(refusal { _ = try t.store.findCustomer(contact: Self.phone, reason: "x", by: c.b) }?.kind == .forbidden)
        #expect(try t.store.auditRecords(limit: 1_000).contains { $0.actor == "dewi" && $0.action == "refused:customer.search" })
    }
}
