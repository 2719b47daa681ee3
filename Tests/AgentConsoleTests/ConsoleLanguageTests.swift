import Foundation
import GRDB
import SupportCore
@testable import SupportStore
import Testing
import TermUI
@testable import AgentConsole

/// The console speaks the agent's language beyond titles and hints: status messages,
/// dialogs, the security pane, SLA clocks and the entries the store writes itself.
@Suite struct ConsoleLanguageTests {
    /// Every `ev…` template reads back its own English rendering, and says it in each
    /// language with the same arguments.
    @Test func everyEventTemplateReadsBackItsArguments() throws {
        for id in EventText.templates {
            let arguments = ["#1042", "dewi", "p2 → p1", "2026-11-25 10:02", "7"]
            let english = Catalogue.text(id, .en, arguments)
            let found = try #require(EventText.template(of: english), "\(id.rawValue): '\(english)' reads back as nothing")
            #expect(Catalogue.text(found.0, .en, found.1) == english, "\(id.rawValue) read back as \(found.0.rawValue)")
            for language in ContentLanguage.allCases where language != .en {
                #expect(EventText.localize(english, language) == Catalogue.text(id, language, arguments))
            }
        }
        // A line no template knows is kept as stored: nothing is lost in translation.
        #expect(EventText.localize("customer called back at 10:02", .id) == "customer called back at 10:02")
        #expect(EventText.localize("claimed by dewi\nReason: stolen phone", .zh) == "由 dewi 认领\n理由：stolen phone")
    }

    /// The store's own wording is the template: every line it writes for assignments,
    /// merges, links, escalations, security actions, approvals, complaints, macros and
    /// playbooks is one the console can say in Indonesian. If the store's wording drifts,
    /// this fails and names the line.
    @Test func everyLineTheStoreWritesIsOneTheConsoleCanTranslate() throws {
        let c = try HeadlessConsole()
        let store = c.store
        let sari = try #require(try store.agent(login: "sari"))   // supervisor
        let budi = try #require(try store.agent(login: "budi"))   // agent
        let (open, customerId, complaint) = try store.read { db -> ([Int64], Int64, Int64) in
            // Three open tickets of one active customer, the first unassigned: claims, links and a merge.
            let customer = try Int64.fetchOne(db, sql: """
                SELECT t.customer_id FROM tickets t JOIN customers c ON c.id = t.customer_id
                WHERE t.status IN ('new', 'open') AND c.status = 'active' AND c.two_factor = 0 AND t.category != 'complaint'
                GROUP BY t.customer_id HAVING COUNT(*) >= 3 AND SUM(t.assignee_id IS NULL) >= 1 ORDER BY t.customer_id LIMIT 1
                """)!
            let open = try Int64.fetchAll(db, sql: """
                SELECT number FROM tickets WHERE customer_id = ? AND status IN ('new', 'open') AND category != 'complaint'
                ORDER BY assignee_id IS NOT NULL, number LIMIT 3
                """, arguments: [customer])
            let complaint = try Int64.fetchOne(db, sql: """
                SELECT t.number FROM tickets t WHERE t.category = 'complaint' AND t.subcategory != 'suggestion' AND t.status != 'closed'
                AND NOT EXISTS (SELECT 1 FROM complaints k WHERE k.ticket_id = t.id) ORDER BY t.number LIMIT 1
                """)!
            return (open, customer, complaint)
        }
        try #require(open.count == 3)
        let a = open[0], b = open[1], d = open[2]
        _ = try store.claim(ticket: a, by: budi)
        _ = try store.give(ticket: a, to: "dewi", by: sari)
        _ = try store.steal(ticket: a, by: sari, reason: "customer on the phone now")
        _ = try store.release(ticket: a, by: sari)
        _ = try store.give(ticket: a, to: "budi", by: sari)
        _ = try store.escalate(ticket: a, reason: "money left the wallet", by: budi)
        try store.link(ticket: a, to: b, kind: .relatesTo, by: sari)
        try store.link(ticket: b, to: a, kind: .duplicateOf, by: sari)
        try store.merge(ticket: d, into: b, by: sari)
        _ = try store.applyMacro(ticket: a, key: "failed-payment-checklist", locale: .id, by: budi)
        _ = try store.recordPlaybookStep(ticket: a, playbook: "stolen-account", step: "device-check", by: budi)
        _ = try store.recordPlaybookStep(ticket: a, playbook: "stolen-account", step: "review-activity", skipped: true,
                                         note: "nothing to review", by: budi)
        _ = try store.freeze(customerId: customerId, reason: "stolen phone", ticket: a, by: budi)
        _ = try store.revokeSessions(customerId: customerId, reason: "stolen phone", ticket: a, by: budi)
        _ = try store.requireTwoFactor(customerId: customerId, reason: "stolen phone", ticket: a, by: budi)
        let request = try store.requestUnfreeze(customerId: customerId, reason: "customer verified", ticket: a, by: budi)
        _ = try store.approve(requestId: request.id, reason: "identity confirmed by video call", by: sari)
        _ = try store.openComplaint(ticket: complaint, statement: "cashback never arrived", expectedOutcome: "the cashback", by: sari)
        _ = try store.addEvidence(ticket: complaint, kind: .statement, text: "promo terms screenshot", by: sari)
        _ = try store.recordDecision(ticket: complaint, text: "cashback credited", by: sari)
        _ = try store.escalateComplaint(ticket: complaint, to: .supervisor, reason: "customer disagrees", by: sari)
        _ = try store.closeComplaint(ticket: complaint, outcome: "credited", accepted: true, by: sari)
        _ = try store.setStatus(ticket: b, to: .solved, by: sari)   // queues the satisfaction survey
        _ = try store.recordCSAT(ticket: b, score: 4, comment: "fast", by: sari)

        let events = try store.read { db in
            try Row.fetchAll(db, sql: """
                SELECT e.kind, e.body FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id
                WHERE t.number IN (?, ?, ?, ?) ORDER BY e.id
                """, arguments: [a, b, d, complaint])
        }
        let translated: Set<String> = ["assignment", "merge", "link", "security_action", "approval", "macro", "playbook_step", "csat"]
        var checked = 0
        for row in events {
            let kind: String = row["kind"], body: String = row["body"]
            let systemNote = kind == "note" && (body.hasPrefix("Complaint") || body.hasPrefix("Escalated to a supervisor"))
            let arrow = kind == "priority_change" && body.hasSuffix("on escalation")
            guard translated.contains(kind) || systemNote || arrow else { continue }
            for line in body.split(separator: "\n") {
                #expect(EventText.template(of: String(line)) != nil, "\(kind): no template reads '\(line)'")
                checked += 1
            }
        }
        // Each action above wrote at least one line.
        #expect(checked >= 24, "only \(checked) store-written lines were checked")
    }

    /// Opened in Indonesian, the security pane, its dialog and the result say it in
    /// Indonesian; the store's English stays in the audit trail.
    @Test func securityPaneDialogAndResultInIndonesian() throws {
        let c = try HeadlessConsole(login: "budi")
        c.controller.state.agentLanguage = .id
        c.controller.update(.setView(.unassigned))
        for _ in 0..<60 where c.state.account.customer?.status != .active { c.press(.char("j")) }
        try #require(c.state.account.customer?.status == .active)
        c.press(.char("4"))
        #expect(c.text.contains("Bekukan akun"))
        #expect(c.text.contains("langsung, agen mana pun"))
        #expect(!c.text.contains("Freeze account"))
        c.press(.enter)
        guard case .dialog(let dialog) = c.state.mode else { Issue.record("no dialog"); return }
        #expect(dialog.title == "Bekukan akun")
        #expect(dialog.lines.first?.hasPrefix("Membekukan ") == true)
        #expect(dialog.inputLabel == "Alasan")
        c.type("ponsel dicuri")
        c.press(.enter)
        #expect(c.state.status?.text == "Akun dibekukan.")
    }

    /// The ticket's header and its SLA clocks, and a store-written entry, in Chinese.
    @Test func ticketHeaderClocksAndEntriesInChinese() throws {
        let c = try HeadlessConsole(login: "budi")
        c.controller.state.agentLanguage = .zh
        c.controller.update(.setView(.unassigned))
        c.press(.enter)
        c.press(.char("c"))
        let screen = c.text
        #expect(screen.contains("来自 "), "no channel in Chinese: \(screen)")
        #expect(screen.contains("负责人 budi"))
        #expect(screen.contains("首次回复") || screen.contains("解决"))
        #expect(screen.contains("由 budi 认领"), "the claim entry is not in Chinese")
        #expect(!screen.contains("claimed by"))
    }

    /// What the console itself says is never a bare English literal: status messages,
    /// warnings, dialog titles, field labels and placeholders go through the catalogue.
    /// (A single token such as a path example is not checked: it has no words to translate.
    /// The bench's text is development-only and lives in `ConsoleBench`, outside this folder.)
    @Test func noStatusMessageOrDialogTextIsABareLiteral() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let sources = root.appendingPathComponent("Sources/AgentConsole")
        let pattern = try NSRegularExpression(pattern: #"(\bsay|\bwarn|\bnotify|title:|inputLabel:|placeholder:|\.error =|screen\.put\(|chrome\.line\(|drawFrame\(|StatusMessage\(text:)\s*\(?\s*"[^"]*[A-Za-z]{2,}\s+[A-Za-z]{2,}[^"]*""#)
        var offenders: [String] = []
        let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)!
        for case let file as URL in files where file.pathExtension == "swift" {
            let text = try String(contentsOf: file, encoding: .utf8)
            for (n, raw) in text.components(separatedBy: "\n").enumerated() where !raw.trimmingCharacters(in: .whitespaces).hasPrefix("//") {
                // What is interpolated is data, not text: "\\(error)" and "#\\(number)" are fine.
                let line = raw.replacingOccurrences(of: #"\\\([^)]*\)"#, with: "", options: .regularExpression)
                if pattern.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)) != nil {
                    offenders.append("\(file.lastPathComponent):\(n + 1): \(line.trimmingCharacters(in: .whitespaces))")
                }
            }
        }
        #expect(offenders.isEmpty, "English literals outside the catalogue:\n\(offenders.joined(separator: "\n"))")
    }
}
