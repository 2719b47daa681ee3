import Foundation
import SupportCore
import SupportStore
import Testing
import TermUI
@testable import AgentConsole

/// The supervisor screen's boxes in the agent's language: titles with their figures,
/// column headers and what an empty box says, each whole at 80x24.
@Suite struct SupervisorCatalogueTests {
    func supervisor(_ width: Int, _ height: Int, _ language: ContentLanguage) throws -> HeadlessConsole {
        let c = try HeadlessConsole(width: width, height: height)
        c.controller.state.agentLanguage = language
        c.openSupervisor()
        return c
    }

    /// Every box's title (for each period) fits inside an 80-column border, and every column
    /// header fits its column, in every language; Tab draws each title whole.
    @Test(arguments: ContentLanguage.allCases)
    func everyTitleAndHeaderFitsAt80x24(language: ContentLanguage) throws {
        let c = try supervisor(80, 24, language)
        for period in SupervisorState.periods {
            c.controller.state.supervisor.periodDays = period
            for panel in SupervisorPanel.allCases {
                let model = SupervisorPanels.model(panel, c.state)
                #expect(DisplayWidth.of(model.title) <= 80 - 4, "\(language.rawValue) \(panel): '\(model.title)'")
                for column in model.columns where column.width > 0 {
                    #expect(DisplayWidth.of(column.title) <= column.width,
                            "\(language.rawValue) \(panel): '\(column.title)' is wider than \(column.width)")
                }
                #expect(DisplayWidth.of(model.empty) <= 80 - 3, "\(language.rawValue) \(panel): '\(model.empty)'")
            }
        }
        c.controller.state.supervisor.periodDays = 7
        for panel in SupervisorPanel.allCases {
            c.controller.state.supervisor.panel = panel
            c.press(.char("j"))      // a key, so the frame is drawn again
            let title = SupervisorPanels.model(panel, c.state).title
            #expect(c.lines[3].contains(" \(title) "), "\(language.rawValue): box \(panel) title cut: \(c.lines[3])")
        }
    }

    /// No English is left in a box title or a header (the numbers and "SLA"/"CSAT" aside).
    @Test func indonesianAndChineseBoxesAreTranslated() throws {
        for language in [ContentLanguage.id, .zh] {
            let c = try supervisor(80, 24, language)
            for panel in SupervisorPanel.allCases {
                let local = SupervisorPanels.model(panel, c.state)
                var english = c.state
                english.agentLanguage = .en
                let model = SupervisorPanels.model(panel, english)
                #expect(local.title != model.title, "\(language.rawValue) \(panel)")
                for (a, b) in zip(local.columns, model.columns) where !["", "#", "SLA", "CSAT", "4–5", "VIA", "STATUS", "PRI"].contains(b.title) {
                    #expect(a.title != b.title, "\(language.rawValue) \(panel): \(b.title) untranslated")
                }
            }
        }
    }

    @Test(arguments: [(80, 24, ContentLanguage.id, SupervisorPanel.workload), (80, 24, .zh, .deliveries),
                      (200, 60, .id, .attention), (200, 60, .zh, .attention)])
    func wholeScreens(width: Int, height: Int, language: ContentLanguage, panel: SupervisorPanel) throws {
        let c = try supervisor(width, height, language)
        for _ in 0..<panel.rawValue { c.press(.tab) }
        let expected = SupervisorCatalogueScreens.screens["\(width)-\(language.rawValue)"]
        #expect(c.lines == expected, "\(width)x\(height) \(language.rawValue)")
    }
}
