import Foundation
import SupportCore
import SupportStore
import Testing
import TermUI
@testable import AgentConsole

/// The console's own text: every message in every language, and every title and hint
/// whole on the smallest screen.
@Suite struct CatalogueTests {
    static let languages = ContentLanguage.allCases

    @Test(arguments: languages)
    func everyMessageExistsInEveryLanguage(language: ContentLanguage) {
        let table = Catalogue.table(language)
        let missing = MessageID.allCases.filter { (table[$0] ?? "").isEmpty }
        #expect(missing.isEmpty, "\(language.rawValue) lacks \(missing.map(\.rawValue))")
        // A translation takes the same arguments as the English text, no more, no fewer.
        for id in MessageID.allCases {
            let english = placeholders(Catalogue.text(id, .en))
            #expect(placeholders(table[id] ?? "") == english, "\(language.rawValue).\(id.rawValue) has other arguments")
        }
    }

    private func placeholders(_ text: String) -> Set<String> {
        Set((1...4).map { "{\($0)}" }.filter { text.contains($0) })
    }

    /// Every title and hint, in its longest translation, fits the 80x24 screen: a hint
    /// beside the longest status-bar name, a title inside a pane's or dialog's border.
    @Test func theLongestTranslationOfEveryTitleAndHintFitsAt80x24() throws {
        let c = try HeadlessConsole(width: 80, height: 24)
        let longestName = try c.store.agents().map { DisplayWidth.of($0.name) }.max() ?? 0
        for id in MessageID.allCases where id.mustFitNarrowScreen {
            let longest = Self.languages.map { Catalogue.text(id, $0) }.max { DisplayWidth.of($0) < DisplayWidth.of($1) }!
            if id.rawValue.hasPrefix("hint") {
                // " Name · role · Pane " then the hints: the longest role and pane names.
                let left = 1 + longestName + 3 + 10 + 3 + 12 + 1
                #expect(DisplayWidth.of(longest) <= 80 - left - 2, "\(id.rawValue): '\(longest)' cannot fit the footer")
            } else {
                #expect(DisplayWidth.of(longest) <= 80 - 6, "\(id.rawValue): '\(longest)' cannot fit a border")
            }
        }
    }

    /// Rendered headless at 80x24 in each language: the footer shows whole hints only,
    /// the most important first, and every pane's tab and title is whole.
    @Test(arguments: languages)
    func footersAndTitlesAreWholeAt80x24(language: ContentLanguage) throws {
        let c = try HeadlessConsole(width: 80, height: 24)
        c.controller.state.agentLanguage = language
        let hints = Set(MessageID.allCases.filter { $0.rawValue.hasPrefix("hint") }.map { Catalogue.text($0, language) })
        func checkFooter(_ what: String) {
            let bar = c.lines[23]
            let pane = c.state.screen == .supervisor ? c.state.t(.paneSupervisor)
                : c.state.ticket != nil && c.state.focus == .queue ? c.state.t(.paneTicket) : c.state.t(c.state.focus.titleID)
            let left = " \(c.state.actor.name) · \(c.state.t(c.state.actor.role.titleID)) · \(pane)  "
            #expect(bar.hasPrefix(left), "\(what): footer starts '\(bar)'")
            let shown = bar.dropFirst(left.count).components(separatedBy: " · ")
            #expect(shown.count >= 2, "\(what): fewer than two hints in '\(bar)'")
            for hint in shown { #expect(hints.contains(hint), "\(what): '\(hint)' is cut or unknown") }
            let expected = StatusLine.hints(c.state).prefix(2).map { c.state.t($0) }
            #expect(Array(shown.prefix(2)) == expected, "\(what): the first hints are not the most important")
        }
        for pane in PaneID.allCases {
            c.press(.char(Character(String(pane.rawValue + 1))))
            checkFooter("\(pane)")
            #expect(c.lines[1].contains("\(pane.rawValue + 1) \(Catalogue.text(pane.titleID, language))"))
        }
        c.press(.char("1"), .enter)
        checkFooter("open ticket")
        c.press(.char("r"))
        checkFooter("composer")
        c.press(.escape)
        if case .dialog = c.state.mode { c.press(.enter) }
        c.press(.escape, .char("?"))
        #expect(c.lines.contains { $0.contains(Catalogue.text(.titleHelp, language)) }, "help title cut")
        checkFooter("help")
        c.press(.escape, .char("S"))
        c.awaitFigures()
        checkFooter("supervisor")
        // The boxes' tabs and the strip of urgent numbers, whole.
        #expect(!c.lines[1].contains("…") && !c.lines[2].contains("…"), "supervisor tabs cut:\n\(c.lines[1])\n\(c.lines[2])")
        for panel in SupervisorPanel.allCases { #expect(c.lines[2].contains(Catalogue.text(panel.titleID, language))) }
        let strip = c.lines[1].trimmingCharacters(in: .whitespaces)
        #expect(DisplayWidth.of(c.lines[1]) < 80 && strip.hasSuffix(String(c.state.supervisor.data?.approvals.count ?? -1)),
                "the strip is cut: \(c.lines[1])")
    }

    /// A click on a tab lands on the tab drawn there, whatever the width of its title.
    @Test(arguments: languages)
    func tabsAreClickedWhereTheyAreDrawn(language: ContentLanguage) throws {
        let c = try HeadlessConsole(width: 80, height: 24)
        c.controller.state.agentLanguage = language
        let bar = c.loop.frame
        for pane in PaneID.allCases.reversed() {
            let label = "\(pane.rawValue + 1) \(Catalogue.text(pane.titleID, language))"
            // The tab's column on screen: walk the cells, counting each cluster's width.
            var x = 0, text = ""
            while x < bar.width, !text.hasSuffix(label) {
                text += bar[x, 1].grapheme
                x += max(1, bar[x, 1].width)
            }
            #expect(text.hasSuffix(label), "\(label) is not on the tab bar")
            c.controller.handle(.mouse(MouseEvent(x: x - 1, y: 1, button: .left)))
            #expect(c.state.focus == pane, "a click on '\(label)' focused \(c.state.focus)")
        }
    }

    /// The queue pane in Indonesian at 80x24, every line of it.
    @Test func queueInIndonesianAt80x24() throws {
        let c = try HeadlessConsole(width: 80, height: 24, login: "budi")
        c.controller.update(.setUILanguage(.id))
        #expect(try c.store.agent(login: "budi")?.uiLanguage == .id)
        #expect(c.lines == Self.indonesianQueue, "\n\(c.text)")
    }

    static let indonesianQueue: [String] = [
        " paydesk  Milik saya 11  Belum diambil 45                     budi (agen) 10:00",
        "  1 Antrean   2 Akun   3 Transaksi   4 Keamanan",
        "┏ 1 Antrean: Milik saya (11) ━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┓",
        "┃#      PRI      SLA KAT       KANAL    PELANGGAN    PERIHAL             AGEN  ┃",
        "┃1074   P1    1h 21m security  app chat Y**** A***   Transaksi mencurig… budi  ┃",
        "┃1106   P3    3h 39m technical web      A*** R*****  应用更新失败，一直… budi  ┃",
        "┃1022   P2    4h 42m technical email    A*** H****** 应用更新失败，一直… budi  ┃",
        "┃1006   P4   10h 00m account   phone    N** S******* 忘记密码，重置邮件… budi  ┃",
        "┃1070   P2   10h 00m payment   email    李*          Ada transaksi yang… budi  ┃",
        "┃1122   P3     2d 9h payment   phone    R**** A***   Payment failed at … budi  ┃",
        "┃1026   P3    2d 10h complaint web      L**** 梁**   Keluhan: cashback … budi  ┃",
        "┃1078   P3    2d 10h technical phone    王**         应用更新失败，一直… budi  ┃",
        "┃1114   P3    2d 10h account   email    R**** S****… Pendaftaran akun g… budi  ┃",
        "┃1054   P4     6d 8h complaint app chat S*** N****** Keluhan: cashback … budi  ┃",
        "┃1062   P4    6d 10h account   social   R**** A***   忘记密码，重置邮件… budi  ┃",
        "┃                                                                              ┃",
        "┃                                                                              ┃",
        "┃                                                                              ┃",
        "┃                                                                              ┃",
        "┃                                                                              ┃",
        "┃                                                                              ┃",
        "┗━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┛",
        " Konsol kini memakai Bahasa Indonesia (disimpan untuk sesi berikutnya).",
        " Budi Hartono · agen · Antrean  Enter buka · c ambil · ? bantuan · r balas",
    ]

    /// `:lang` is kept on the agent's record: a console opened later speaks it, and the
    /// choice is audited; another agent's choice is an admin's.
    @Test func langIsKeptForTheNextSessionAndAudited() throws {
        let first = try HeadlessConsole(width: 80, height: 24, login: "budi")
        first.press(.char(":"))
        first.type("lang zh")
        first.press(.enter)
        #expect(first.state.agentLanguage == .zh)
        #expect(first.lines[23].contains("队列"))
        let budi = try #require(try first.store.agent(login: "budi"))
        #expect(budi.uiLanguage == .zh)
        let again = try EventLoop(store: first.store, actor: budi, terminal: HeadlessTerminal(width: 80, height: 24), theme: .defaultDark)
        #expect(again.controller.state.agentLanguage == .zh)
        #expect(again.frame.lines()[2].contains("1 队列"))
        let records = try first.store.auditRecords(entity: "agent", entityId: "budi", limit: 10)
        #expect(records.contains { $0.action == "agent.ui_language" && $0.after == "ui_language=zh" })
        #expect(throws: StoreError.self) {
            try first.store.setAgentUILanguage(login: "sari", to: .en, by: budi)
        }
    }

    /// `?` lists the keys of where the agent is and of their role only.
    @Test func helpShowsTheKeysOfTheContextAndRole() throws {
        // 200x60: the whole list of the queue's keys fits without scrolling.
        let agent = try HeadlessConsole(width: 200, height: 60, login: "budi")
        agent.press(.char("?"))
        #expect(agent.text.contains("claim the ticket"))
        #expect(!agent.text.contains("mark every ticket in the view"), "an agent sees supervisor keys")
        #expect(!agent.text.contains("scroll the timeline down"), "the queue's help lists the ticket's keys")
        agent.press(.escape, .enter, .char("?"))
        #expect(agent.text.contains("scroll the timeline down"))
        #expect(!agent.text.contains("next queue view"))
        let supervisor = try HeadlessConsole(width: 200, height: 60, login: "sari")
        supervisor.press(.char("?"))
        #expect(supervisor.text.contains("mark every ticket in the view"))
        supervisor.press(.escape, .char("S"), .char("?"))
        #expect(supervisor.text.contains("approve the selected request"))
        #expect(!supervisor.text.contains("claim the ticket"))
    }
}
