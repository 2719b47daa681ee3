import Testing
@testable import SupportCore

/// Every macro and playbook in every support language, and the language guesses that
/// choose among them.
@Suite struct LanguageContentTests {
    @Test func everyMacroExistsInEveryLanguageWithTheSameChanges() {
        for key in Set(Macro.builtIn.map(\.key)) {
            let en = Macro.builtIn.first { $0.key == key && $0.locale == .en }!
            for language in ContentLanguage.allCases {
                let m = Macro.builtIn.first { $0.key == key && $0.locale == language }
                #expect(m != nil, "\(key) has no \(language.rawValue) version")
                guard let m else { continue }
                #expect(m.setStatus == en.setStatus && m.setPriority == en.setPriority && m.addTags == en.addTags, "\(m.id)")
                #expect(Set(m.placeholders) == Set(en.placeholders), "\(m.id) fills other placeholders than \(en.id)")
                #expect(Set(m.placeholders).isSubset(of: Macro.knownPlaceholders), "\(m.id)")
            }
        }
        #expect(Macro.builtIn.count == Set(Macro.builtIn.map(\.id)).count, "one macro per key and language")
    }

    @Test func indonesianMacrosAreIndonesian() {
        for m in Macro.builtIn where m.locale == .id {
            #expect(LanguageDetection.detect([m.body]) == .id, "\(m.key) does not read as Indonesian")
            #expect(m.body.contains("Bapak/Ibu"), "\(m.key): the polite address")
            #expect(!m.body.lowercased().contains("pin anda"), "\(m.key) must never ask for a PIN")
        }
    }

    @Test func everyPlaybookTextExistsInEveryLanguage() {
        for playbook in Playbook.builtIn {
            for text in [playbook.title] + playbook.steps.map(\.text) {
                #expect(!text.id.isEmpty && text.id != text.en, "\(playbook.key): \(text.en)")
                #expect(!text.zh.isEmpty && text.zh != text.en, "\(playbook.key): \(text.en)")
            }
        }
    }

    @Test func detectsTheCustomersLanguage() {
        #expect(LanguageDetection.detect(["saldo saya kepotong tapi pembayaran gagal, tolong dicek kak"]) == .id)
        #expect(LanguageDetection.detect(["Selamat pagi, uang belum masuk ke rekening"]) == .id)
        #expect(LanguageDetection.detect(["My payment failed but the money left my balance"]) == .en)
        #expect(LanguageDetection.detect(["付款失败了,钱被扣了"]) == .zh)
        #expect(LanguageDetection.detect(["Top-up Rp50.000 via BCA"]) == nil)
        #expect(LanguageDetection.detect([]) == nil)
    }

    @Test func languageFromLocale() {
        #expect(ContentLanguage(locale: "id_ID.UTF-8") == .id)
        #expect(ContentLanguage(locale: "zh_CN.UTF-8") == .zh)
        #expect(ContentLanguage(locale: "en_US") == .en)
        #expect(ContentLanguage(locale: "C.UTF-8") == nil)
        #expect(ContentLanguage(locale: "POSIX") == nil)
    }

    @Test func macrosForTheTicketsKindComeFirst() {
        let ranked = Macro.ranked(Macro.builtIn.filter { $0.locale == .en }, category: .security, subcategory: "stolen_account")
        #expect(ranked.prefix(2).map(\.key).sorted() == ["account-secured", "appeal-details-request"])
        #expect(ranked.last?.topic?.category != .security)
        let payment = Macro.ranked(Macro.builtIn.filter { $0.locale == .en }, category: .payment, subcategory: "transaction_query")
        #expect(payment.first?.key == "transaction-history-export")
        #expect(payment.prefix(3).allSatisfy { $0.topic?.category == .payment })
    }
}
