import Testing
@testable import SupportCore

@Suite struct MacroTests {
    let values = ["customer.name": "Budi", "ticket.number": "#1042", "agent.name": "Sari",
                  "ticket.subject": "Top-up missing"]

    @Test func rendersKnownPlaceholders() {
        let macro = Macro(key: "t", locale: .en, title: "T",
                          body: "Hi {customer.name}, ticket {ticket.number} ({ticket.subject}). {agent.name}")
        #expect(macro.render(values: values) == "Hi Budi, ticket #1042 (Top-up missing). Sari")
        #expect(macro.rendering(values: values).isComplete)
        #expect(macro.placeholders == ["customer.name", "ticket.number", "ticket.subject", "agent.name"])
    }

    @Test func unknownPlaceholdersStayVisibleAndAreReported() {
        let macro = Macro(key: "t", locale: .en, title: "T", body: "Hi {customer.name}, ref {tx.reference} {tx.reference}")
        let result = macro.rendering(values: ["customer.name": "Budi"])
        #expect(result.text == "Hi Budi, ref {tx.reference} {tx.reference}")
        #expect(result.unresolved == ["tx.reference"])
        #expect(!result.isComplete)
    }

    @Test func bracesThatAreNotPlaceholdersAreText() {
        let macro = Macro(key: "t", locale: .en, title: "T", body: "{ } {a b} {{customer.name}} {9x} {")
        #expect(macro.render(values: ["customer.name": "Budi"]) == "{ } {a b} {Budi} {9x} {")
        #expect(macro.placeholders == ["customer.name"])
    }

    @Test func valuesAreNotReexpanded() {
        let macro = Macro(key: "t", locale: .en, title: "T", body: "{customer.name}")
        #expect(macro.render(values: ["customer.name": "{agent.name}", "agent.name": "Sari"]) == "{agent.name}")
    }

    @Test func builtInsCoverBothLanguages() {
        #expect(Macro.builtIn.count >= 10)
        let keys = Set(Macro.builtIn.map(\.key))
        for key in keys {
            #expect(Macro.builtIn.contains { $0.key == key && $0.locale == .en }, "\(key) en")
            #expect(Macro.builtIn.contains { $0.key == key && $0.locale == .zh }, "\(key) zh")
        }
        #expect(Set(Macro.builtIn.map(\.id)).count == Macro.builtIn.count)
        for required in ["failed-payment-checklist", "password-reset-guide", "account-secured",
                         "transaction-history-export", "complaint-acknowledged"] {
            #expect(keys.contains(required))
        }
    }

    @Test func builtInsUseOnlyKnownPlaceholdersAndRenderCompletely() {
        for macro in Macro.builtIn {
            #expect(Set(macro.placeholders).isSubset(of: Macro.knownPlaceholders), "\(macro.id)")
            #expect(macro.rendering(values: values).isComplete, "\(macro.id)")
            #expect(!macro.title.isEmpty && !macro.body.isEmpty)
        }
    }

    @Test func builtInsNeverAskForSecrets() {
        // The reset macro mentions passwords only to say we never ask for them.
        let reset = Macro.named("password-reset-guide")!
        #expect(reset.body.contains("never"))
        let resetZh = Macro.named("password-reset-guide", locale: .zh)!
        #expect(resetZh.body.contains("绝不会"))
    }

    @Test func builtInStatusChangesAreLegalFromOpen() throws {
        for macro in Macro.builtIn {
            _ = try macro.statusChange(from: .open)
        }
    }

    @Test func statusChangeFollowsTheLifecycle() throws {
        let solve = Macro.named("solved-confirmation")!
        #expect(try solve.statusChange(from: .open) == .solved)
        #expect(try solve.statusChange(from: .solved) == nil)
        #expect(throws: TransitionError.self) { try solve.statusChange(from: .closed) }
        #expect(try Macro(key: "n", locale: .en, title: "N", body: "").statusChange(from: .open) == nil)
    }

    @Test func lookupFallsBackToEnglish() {
        #expect(Macro.named("failed-payment-checklist", locale: .zh)?.locale == .zh)
        #expect(Macro.named("no-such-macro") == nil)
        #expect(Macro.named("account-secured")?.setPriority == .p1)
    }
}

@Suite struct PlaybookTests {
    @Test func fiveFlowsFromTheGuide() {
        #expect(Playbook.builtIn.map(\.key)
                == ["failed-payment", "forgotten-password", "stolen-account", "transaction-records", "complaint"])
        for playbook in Playbook.builtIn {
            #expect(!playbook.steps.isEmpty)
            #expect(Set(playbook.steps.map(\.key)).count == playbook.steps.count, "\(playbook.key) step keys unique")
            #expect(playbook.steps.allSatisfy { !$0.text.en.isEmpty && !$0.text.zh.isEmpty })
            if let sub = playbook.subcategory {
                #expect(playbook.category.subcategories.contains(sub), "\(playbook.key)")
            }
        }
    }

    @Test func stolenAccountStartsByFreezing() throws {
        let playbook = try #require(Playbook.named("stolen-account"))
        #expect(playbook.steps.prefix(3).map(\.securityAction) == [.freeze, .revokeSessions, .forceCredentialReset])
        #expect(playbook.steps.map(\.key).contains("two-factor"))
        #expect(playbook.steps.map(\.key).contains("open-appeal"))
    }

    @Test func failedPaymentChecksBeforeInvestigating() throws {
        let keys = try #require(Playbook.named("failed-payment")).steps.map(\.key)
        #expect(Array(keys.prefix(5)) == ["balance", "network", "payee-amount", "app-version", "outage"])
        #expect(keys.last == "investigate")
    }

    @Test func complaintEscalationOrder() throws {
        let keys = try #require(Playbook.named("complaint")).steps.map(\.key)
        let supervisor = try #require(keys.firstIndex(of: "escalate-supervisor"))
        let management = try #require(keys.firstIndex(of: "escalate-management"))
        let regulator = try #require(keys.firstIndex(of: "regulator"))
        #expect(supervisor < management && management < regulator)
    }

    @Test func applicabilityPrefersExactSubcategory() {
        let general = Playbook(key: "payment-general", title: LocalizedText(en: "G", id: "G", zh: "G"),
                               category: .payment, subcategory: nil, steps: [])
        let all = Playbook.builtIn + [general]
        #expect(Playbook.applicable(to: .payment, subcategory: "failed_payment", in: all).map(\.key)
                == ["failed-payment", "payment-general"])
        #expect(Playbook.applicable(to: .payment, subcategory: "other", in: all).map(\.key) == ["payment-general"])
        #expect(Playbook.applicable(to: .technical, subcategory: "app_crash").isEmpty)
    }

    @Test func remainingStepsKeepOrder() throws {
        let playbook = try #require(Playbook.named("forgotten-password"))
        let left = playbook.remainingSteps(done: ["verify-identity", "guide-reset"])
        #expect(left.map(\.key) == ["send-code", "confirm-login"])
    }

    @Test func localizedText() {
        let text = LocalizedText(en: "Freeze", id: "Bekukan", zh: "冻结")
        #expect(text.text(in: .en) == "Freeze")
        #expect(text.text(in: .id) == "Bekukan")
        #expect(text.text(in: .zh) == "冻结")
    }
}
