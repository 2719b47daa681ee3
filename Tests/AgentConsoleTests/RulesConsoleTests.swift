import Foundation
import SupportCore
import SupportStore
import Testing
import TermUI
@testable import AgentConsole

/// The keyword rules screen (`:rules`), headless on the demo: a supervisor adds a rule
/// from the form, sees it listed, tries a sample that it decides, and removes it through
/// a dialog whose default is Cancel; an agent sees the rules read-only and the store
/// refuses their change even when the screen is bypassed.
@Suite struct RulesConsoleTests {
    func openRules(_ c: HeadlessConsole) {
        c.press(.char(":"))
        c.type("rules")
        c.press(.enter)
    }

    var rulesView: (HeadlessConsole) -> RulesViewState? {
        { c in if case .rules(let view) = c.state.mode { view } else { nil } }
    }

    @Test func aSupervisorAddsTriesAndRemovesARule() throws {
        let c = try HeadlessConsole(width: 120, height: 40)
        let before = try c.store.categoryRules().count
        openRules(c)
        #expect(c.lines[1].hasPrefix("┏ Keyword rules (\(before))"), "title: \(c.lines[1])")

        // Add: the keyword, then the category completed with Tab (payment/ lists two).
        c.press(.char("a"))
        c.type("saldo dompet beku")
        c.press(.tab)
        c.type("pay")
        c.press(.tab)
        #expect(rulesView(c)?.form?.category.text == "payment/")
        #expect(c.text.contains("payment/failed_payment  payment/transaction_query"), "no candidates:\n\(c.text)")
        c.type("f")
        c.press(.tab)
        #expect(rulesView(c)?.form?.category.text == "payment/failed_payment")
        c.press(.enter)
        let added = try #require(try c.store.categoryRules().first { $0.keyword == "saldo dompet beku" })
        #expect(added.category == .payment && added.subcategory == "failed_payment" && added.createdBy == "sari")
        #expect(added.language == .id, "the keyword's language is guessed from its words")
        #expect(rulesView(c)?.form == nil)
        #expect(c.state.status?.text == "Rule #\(added.id) added: \"saldo dompet beku\" → payment/failed_payment.")

        // Listed, with who added it and when (the store's clock).
        let row = try #require(c.lines.first { $0.contains("saldo dompet beku") })
        #expect(row.contains("payment/failed_payment") && row.contains("sari") && row.contains(TimeText.day(HeadlessConsole.now)), "\(row)")
        #expect(c.lines[1].hasPrefix("┏ Keyword rules (\(before + 1))"))

        // Filter as you type: only what holds the text is left.
        c.press(.char("/"))
        c.type("dompet")
        #expect(rulesView(c)?.shown.map(\.id) == [added.id])
        #expect(c.lines[1].contains("1 of \(before + 1)"))
        c.press(.escape)
        #expect(rulesView(c)?.shown.count == before + 1)

        // Try it: the store's matcher names the new rule (longer than "saldo" anything).
        c.press(.char("t"))
        c.type("Tolong, saldo dompet beku sejak pagi")
        c.press(.enter)
        #expect(try c.store.matchCategoryRule(subject: "Tolong, saldo dompet beku sejak pagi", body: "")?.id == added.id)
        #expect(c.text.contains("→ rule #\(added.id) \"saldo dompet beku\" (id) → payment/failed_payment"), "\(c.text)")
        #expect(rulesView(c)?.selectedRule?.id == added.id, "the matched rule is selected")
        c.press(.char("t"))   // typed into the sample line, not a key of the list
        #expect(rulesView(c)?.sample.text.hasSuffix("pagit") == true)
        c.press(.escape)

        // Remove: Enter on the dialog as it opens is Cancel, and nothing changes.
        c.press(.char("d"))
        #expect(c.text.contains("Remove rule #\(added.id)?"))
        #expect(rulesView(c)?.confirm?.removeFocused == false)
        c.press(.enter)
        #expect(try c.store.categoryRules().contains { $0.id == added.id })
        #expect(c.state.status?.text == "Cancelled.")
        // Moving to Remove and pressing Enter removes it.
        c.press(.char("d"))
        c.press(.right)
        #expect(rulesView(c)?.confirm?.removeFocused == false, "Cancel is the rightmost button")
        c.press(.left)
        #expect(rulesView(c)?.confirm?.removeFocused == true)
        c.press(.enter)
        #expect(try !c.store.categoryRules().contains { $0.id == added.id })
        #expect(!c.lines.contains { $0.contains("saldo dompet beku") && $0.contains("payment/failed_payment") }, "still listed:\n\(c.text)")
        #expect(c.state.status?.text == "Rule #\(added.id) \"saldo dompet beku\" removed.")
        #expect(try c.store.matchCategoryRule(subject: "Tolong, saldo dompet beku sejak pagi", body: "")?.id != added.id)
        c.press(.escape)
        #expect(rulesView(c) == nil, "Esc closes the screen")
    }

    @Test func anAgentReadsTheRulesButCannotChangeThem() throws {
        let c = try HeadlessConsole(width: 120, height: 40, login: "budi")
        openRules(c)
        #expect(c.lines[1].contains("read-only"), "\(c.lines[1])")
        #expect(c.text.contains("Read-only: changes need the manage_category_rules permission (supervisors)."))
        c.press(.char("a"))
        #expect(rulesView(c)?.form == nil)
        #expect(c.state.status?.kind == .error && c.state.status?.text.contains("manage_category_rules") == true)
        c.press(.char("d"))
        #expect(rulesView(c)?.confirm == nil)
        // Reading and trying are for everyone.
        c.press(.char("t"))
        c.type("saya lupa pin")
        c.press(.enter)
        #expect(c.text.contains("\"lupa pin\" (id) → account/password_reset"))
        // The store is what refuses: the same requests as the agent, past the screen.
        let count = try c.store.categoryRules().count
        #expect(throws: StoreError.forbidden("budi (agent) may not change the mail category rules.")) {
            _ = try c.controller.client.addCategoryRule(keyword: "dompet", language: .id, category: .payment)
        }
        #expect(throws: StoreError.self) { _ = try c.controller.client.removeCategoryRule(id: 1) }
        #expect(try c.store.categoryRules().count == count)
    }

    /// Paged to the end on a small window, then the window grows: the list fills it
    /// rather than keeping the small window's scroll with empty rows below.
    @Test func aResizeKeepsTheListFull() throws {
        let c = try HeadlessConsole(width: 80, height: 24)
        openRules(c)
        for _ in 0..<20 { c.press(.pageDown) }
        let last = try #require(try c.store.categoryRules().last)
        #expect(rulesView(c)?.selectedRule?.id == last.id)
        c.resize(200, 60)
        let separator = try #require(c.lines.firstIndex { $0.hasPrefix("┃───") })
        #expect(c.lines[separator - 1].contains(last.keyword), "\(c.lines[separator - 1])")
        #expect(c.lines[4].contains(String(last.id - Int64(RulesScreen.visibleRows(height: 60)) + 1)), "\(c.lines[4])")
    }

    /// A supervisor demoted while the form is open: the store refuses at submit, and the
    /// form keeps what was typed and shows the refusal.
    @Test func theStoresRefusalIsShownInTheForm() throws {
        let c = try HeadlessConsole(width: 120, height: 40)
        openRules(c)
        c.press(.char("a"))
        c.type("dompet beku")
        c.press(.tab)
        c.type("security/stolen_account")
        try c.store.setAgentRole(login: "sari", role: .agent, by: try #require(try c.store.agent(login: "ops")))
        c.press(.enter)
        let form = try #require(rulesView(c)?.form, "the form closed")
        #expect(form.error?.contains("may not change the mail category rules") == true, "\(form.error ?? "no error")")
        #expect(form.keyword.text == "dompet beku")
        #expect(c.text.contains("may not change the mail category rules"))
        #expect(try !c.store.categoryRules().contains { $0.keyword == "dompet beku" })
    }
}
