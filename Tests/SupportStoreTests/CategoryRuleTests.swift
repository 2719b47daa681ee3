import Foundation
import GRDB
import SupportCore
import Testing
@testable import SupportStore

/// Writes one RFC 5322 message as a customer's mail program would, with no category header.
private func eml(_ id: String, subject: String, body: String, from: String = "wang@example.com",
                 date: String = "Wed, 25 Nov 2026 09:15:00 +0700") -> String {
    """
    From: Wang <\(from)>\r
    To: support@paydesk.example\r
    Subject: =?UTF-8?B?\(Data(subject.utf8).base64EncodedString())?=\r
    Date: \(date)\r
    Message-ID: <\(id)@mail.example>\r
    MIME-Version: 1.0\r
    Content-Type: text/plain; charset=UTF-8\r
    Content-Transfer-Encoding: base64\r
    \r
    \(Data(body.utf8).base64EncodedString())\r

    """
}

private func rule(_ id: Int64, _ keyword: String, _ category: Category = .payment, _ sub: String = "failed_payment",
                  _ language: ContentLanguage = .en) -> CategoryRule {
    CategoryRule(id: id, keyword: keyword, language: language, category: category, subcategory: sub)
}

@Suite struct CategoryRuleTests {
    @Test func latinKeywordsMatchWholeWordsInAnyCaseAndChineseAnywhere() {
        let rules = [rule(1, "pin", .account, "password_reset", .id), rule(2, "gagal bayar", .payment, "failed_payment", .id),
                     rule(3, "闪退", .technical, "app_crash", .zh), rule(4, "Crash", .technical, "app_crash")]
        #expect(CategoryRules.match(rules, subject: "", body: "Mau pinjam uang") == nil)           // pin is not in pinjam
        #expect(CategoryRules.match(rules, subject: "Lupa PIN saya", body: "")?.id == 1)
        #expect(CategoryRules.match(rules, subject: "", body: "Kemarin GAGAL\n  bayar di Indomaret")?.id == 2)
        #expect(CategoryRules.match(rules, subject: "", body: "gagal bayaran")  == nil)
        #expect(CategoryRules.match(rules, subject: "应用一打开就闪退了", body: "")?.id == 3)  // no spaces in Chinese
        #expect(CategoryRules.match(rules, subject: "", body: "the app crashed")?.id == nil)
        #expect(CategoryRules.match(rules, subject: "", body: "(crash!)")?.id == 4)
    }

    @Test func theLongestKeywordWinsAndTiesGoToTheOlderRule() {
        let rules = [rule(1, "saldo", .payment, "transaction_query", .id), rule(2, "saldo terpotong", .payment, "failed_payment", .id),
                     rule(3, "hacked", .security, "stolen_account"), rule(4, "hacked", .complaint, "complaint")]
        #expect(CategoryRules.match(rules, subject: "Saldo terpotong", body: "")?.id == 2)
        #expect(CategoryRules.match(rules, subject: "", body: "cek saldo")?.id == 1)
        #expect(CategoryRules.match(rules, subject: "I was hacked", body: "")?.id == 3)
    }

    @Test func keywordsAreTextNeverPatterns() {
        let naughty = ["a.*b", "(", "[a-z]+", "\\d", "^$", "' OR 1=1 --", "%", "_", "${jndi:ldap://x}", "<script>"]
        let rules = naughty.enumerated().map { rule(Int64($0.offset + 1), $0.element) }
        #expect(CategoryRules.match(rules, subject: "axxb", body: "hello 123 abc") == nil)
        #expect(CategoryRules.match(rules, subject: "", body: "I typed ' OR 1=1 -- in the app")?.keyword == "' OR 1=1 --")
        #expect(CategoryRules.match(rules, subject: "", body: "literally a.*b here")?.keyword == "a.*b")
        // A long text with no match finishes; a keyword's cost is one pass per occurrence.
        #expect(CategoryRules.match(rules, subject: "", body: String(repeating: "aaaa(", count: 10_000)) != nil)
    }

    @Test func editingRulesIsForSupervisorsAndAdminsAndEveryRefusalIsAudited() throws {
        let t = try TempStore()
        let c = try t.cast()
        let before = try t.store.categoryRules()
        #expect(before.count == CategoryRules.defaults.count)
        #expect(Set(before.map(\.language)) == [.en, .id, .zh])
        #expect(throws: StoreError.self) {
            try t.store.addCategoryRule(keyword: "tarik tunai", language: .id, category: .payment, subcategory: nil, by: c.a)
        }
        #expect(try t.store.auditRecords(entity: "category_rule").first?.action == "refused:category_rule.add")
        #expect(throws: StoreError.self) { try t.store.removeCategoryRule(id: before[0].id, by: c.b) }
        #expect(try t.store.auditRecords(entity: "category_rule").first?.action == "refused:category_rule.remove")
        #expect(try t.store.categoryRules() == before)

        for bad in ["", "   ", "\u{1B}[31m", "x\u{202E}y", String(repeating: "k", count: 81), "!!!"] {
            #expect { try t.store.addCategoryRule(keyword: bad, language: .en, category: .payment, subcategory: nil, by: c.sup) }
                throws: { ($0 as? StoreError)?.kind == .invalid }
        }
        #expect { try t.store.addCategoryRule(keyword: "topup", language: .en, category: .payment, subcategory: "app_crash", by: c.sup) }
            throws: { ($0 as? StoreError)?.kind == .invalid }
        let added = try t.store.addCategoryRule(keyword: "  a.*b (refund)  ", language: .en, category: .payment,
                                                subcategory: "transaction_query", by: c.sup)
        #expect(added.keyword == "a.*b (refund)" && added.createdBy == "sari")
        #expect { try t.store.addCategoryRule(keyword: "a.*b (refund)", language: .en, category: .payment,
                                              subcategory: "transaction_query", by: c.admin) }
            throws: { ($0 as? StoreError)?.kind == .conflict }
        #expect(try t.store.auditRecords(entity: "category_rule").first?.after?.contains("a.*b (refund)") == true)
        try t.store.removeCategoryRule(id: added.id, by: c.admin)
        #expect(try t.store.categoryRules() == before)
        #expect(try t.store.auditRecords(entity: "category_rule", entityId: String(added.id)).first?.action == "category_rule.remove")
        #expect(try t.store.verifyAuditChain() == .ok(records: try t.store.auditRecords(limit: 1000).count))
    }

    @Test func mailWithoutACategoryIsCategorisedByRuleInEachLanguageOrLandsUntriaged() throws {
        let t = try TempStore()
        let c = try t.cast()
        let dir = t.dir.appendingPathComponent("inbox")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let mails = [
            ("001", "Saldo terpotong", "Saya bayar di Indomaret tapi gagal, saldo terpotong Rp50.000."),
            ("002", "App problem", "The app CRASHES every time I open the QR scanner."),
            ("003", "账号问题", "我的账号被盗了，请马上冻结。"),
            ("004", "Halo", "Mau tanya jam buka kantor."),
        ]
        for (i, mail) in mails.enumerated() {
            let date = "Wed, 25 Nov 2026 09:1\(i):00 +0700"
            try Data(eml(mail.0, subject: mail.1, body: mail.2, date: date).utf8)
                .write(to: dir.appendingPathComponent("\(mail.0).eml"))
        }
        let batch = try IntakeReader.read(path: dir.path, now: TempStore.fixedNow)
        #expect(batch.rejections.isEmpty)
        #expect(batch.contacts.allSatisfy { $0.category == nil })
        let report = try t.store.importContacts(batch, channel: .email, by: c.admin)
        #expect(report.summary == "created 4, threaded 0, duplicates 0, rejected 0")
        let tickets = try report.items.map { try t.store.ticket(number: $0.ticket) }
        #expect(tickets.map { "\($0.category.rawValue)/\($0.subcategory)" }
                == ["payment/failed_payment", "technical/app_crash", "security/stolen_account", tickets[3].category.rawValue + "/" + tickets[3].subcategory])
        #expect(tickets.map(\.untriaged) == [false, false, false, true])
        let note = try t.store.timeline(ticketNumber: tickets[0].number).first { $0.kind == .categoryChange }
        #expect(note?.author == "intake" && note?.body.contains("\"saldo terpotong\" (id) → payment/failed_payment") == true)
        let zh = try t.store.timeline(ticketNumber: tickets[2].number).first { $0.kind == .categoryChange }
        #expect(zh?.body.contains("(zh)") == true)
        #expect(try t.store.timeline(ticketNumber: tickets[3].number).contains { $0.body == "no keyword rule matched: untriaged" })

        // The Untriaged view and `is:untriaged` list it; `cat:` of its placeholder does not.
        let untriaged = QueueSpec(view: .untriaged, actor: c.sup)
        #expect(try t.store.queuePage(untriaged).map(\.number) == [tickets[3].number])
        let filter = try QueryParser.parse("is:untriaged", schema: .tickets, now: TempStore.fixedNow)
        #expect(try t.store.queuePage(QueueSpec(view: .all, query: filter, actor: c.sup)).map(\.number) == [tickets[3].number])
        let placeholder = try QueryParser.parse("cat:\(tickets[3].category.rawValue)", schema: .tickets, now: TempStore.fixedNow)
        #expect(try !t.store.queuePage(QueueSpec(view: .all, query: placeholder, actor: c.sup)).map(\.number).contains(tickets[3].number))

        // Setting a category triages it, on the timeline and in the audit log.
        let triaged = try t.store.setCategory(ticket: tickets[3].number, to: .account, subcategory: "registration", by: c.a)
        #expect(!triaged.untriaged && triaged.category == .account)
        #expect(try t.store.queuePage(untriaged).isEmpty)
        #expect(try t.store.timeline(ticketNumber: triaged.number).last?.body == "untriaged → account/registration")
        #expect(try t.store.auditRecords(entity: "ticket", entityId: String(triaged.number)).first?.action == "ticket.category")
        #expect { try t.store.setCategory(ticket: triaged.number, to: .account, subcategory: "registration", by: c.a) }
            throws: { ($0 as? StoreError)?.kind == .conflict }
    }

    @Test func aRuleAddedAtRunTimeDecidesTheNextMail() throws {
        let t = try TempStore()
        let c = try t.cast()
        _ = try t.store.addCategoryRule(keyword: "kartu kredit", language: .id, category: .payment,
                                        subcategory: "transaction_query", by: c.sup)
        let path = t.dir.appendingPathComponent("m.eml").path
        try Data(eml("k1", subject: "Tagihan", body: "Bisa bayar pakai KARTU  KREDIT?").utf8).write(to: URL(fileURLWithPath: path))
        let report = try t.store.importContacts(try IntakeReader.read(path: path, now: TempStore.fixedNow), channel: .email, by: c.admin)
        let ticket = try t.store.ticket(number: report.items[0].ticket)
        #expect(ticket.subcategory == "transaction_query" && !ticket.untriaged)
    }

    /// The console's "try it" asks `matchCategoryRule`: it names the rule intake applies to
    /// the same mail (and nil where intake leaves the mail untriaged), and anyone may ask.
    @Test(arguments: [("Tagihan", "Bisa bayar pakai KARTU  KREDIT?"), ("Halo", "apa kabar"), ("Akun", "hp hilang kemarin")])
    func tryingASampleNamesTheRuleIntakeApplies(subject: String, body: String) throws {
        let t = try TempStore()
        let c = try t.cast()
        let added = try t.store.addCategoryRule(keyword: "kartu kredit", language: .id, category: .payment,
                                                subcategory: "transaction_query", by: c.sup)
        // Asked first (by an agent's store call: reading needs no permission), then the mail.
        let tried = try t.store.matchCategoryRule(subject: subject, body: body)
        let path = t.dir.appendingPathComponent("s.eml").path
        try Data(eml("s1", subject: subject, body: body).utf8).write(to: URL(fileURLWithPath: path))
        let report = try t.store.importContacts(try IntakeReader.read(path: path, now: TempStore.fixedNow), channel: .email, by: c.admin)
        let item = try #require(report.items.first, "\(report.rejections)")
        let ticket = try t.store.ticket(number: item.ticket)
        #expect(ticket.untriaged == (tried == nil), "\(subject)")
        if let tried { #expect(ticket.category == tried.category && ticket.subcategory == tried.subcategory) }
        switch subject {
        case "Tagihan": #expect(tried?.id == added.id)
        case "Halo": #expect(tried == nil)
        default: #expect(tried?.keyword == "hp hilang")
        }
    }
}
