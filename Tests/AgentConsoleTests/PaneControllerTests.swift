import Foundation
import SupportCore
import Testing
import TermUI
@testable import AgentConsole

/// Each pane and mode is a unit with its own behaviour, reached through one table
/// (`KeyDispatch`): the same key means what the focused pane or the open mode says, and a
/// unit that does not use a key lets the next one have it.
@Suite struct PaneControllerTests {
    @Test func everyModeHasItsUnitAndThePanesHaveNone() throws {
        let c = try HeadlessConsole(width: 200, height: 60)
        #expect(KeyDispatch.mode(.normal, c.controller) == nil)
        #expect(KeyDispatch.mode(.help(scroll: 0, over: .normal), c.controller) is HelpController)
        #expect(KeyDispatch.mode(.palette(PalettePrompt(field: TextField())), c.controller) is PaletteController)
        #expect(KeyDispatch.pane(.security, c.controller) is SecurityController)
        #expect(KeyDispatch.pane(.transactions, c.controller) is TransactionsController)
        #expect(KeyDispatch.screen(.main, c.controller) == nil)
        #expect(KeyDispatch.screen(.supervisor, c.controller) is SupervisorKeys)
    }

    @Test func theSameKeyMovesWhatTheFocusedPaneSays() throws {
        let c = try HeadlessConsole(width: 200, height: 60, login: "budi")
        c.controller.update(.setView(.all))
        let ticket = c.state.queue.window.selectedRow?.number
        #expect(c.state.security.actions.count > 1, "the demo's first customer has security actions")
        c.press(.char("4"), .char("j"))
        #expect(c.state.security.selected == 1)
        #expect(c.state.queue.window.selectedRow?.number == ticket, "j on the security pane leaves the queue")
        // The account pane has no list keys; the wheel (`moveDown`) scrolls it.
        c.press(.char("2"))
        c.controller.update(.moveDown)
        c.controller.update(.moveDown)
        #expect(c.state.account.scroll == 2)
        #expect(c.state.security.selected == 1)
        c.press(.char("1"), .char("j"))
        #expect(c.state.queue.window.selectedRow?.number != ticket)
        #expect(c.state.account.scroll == 0, "another customer's account starts at its top")
    }

    @Test func aUnitReturnsWhatItLeavesToUpdate() throws {
        let c = try HeadlessConsole(width: 200, height: 60)
        c.press(.char("/"))
        let prompt = FilterPromptController(console: c.controller)
        #expect(prompt.handle(.f(1)) == .run(.help))
        #expect(prompt.handle(.char("x")) == .handled)
        guard case .filter(let typed) = c.state.mode else { Issue.record("the prompt closed"); return }
        #expect(typed.field.text == "x")
        #expect(prompt.handle(.escape) == .handled)
        guard case .normal = c.state.mode else { Issue.record("Esc left the prompt open"); return }
        // A unit asked about a mode that is not its own takes nothing.
        #expect(prompt.handle(.char("y")) == .ignored)
        #expect(RulesController(console: c.controller).handle(.escape) == .ignored)
    }

    @Test func theSupervisorScreenLetsTheGlobalKeysThrough() throws {
        let c = try HeadlessConsole(width: 200, height: 60)
        c.openSupervisor()
        #expect(c.state.screen == .supervisor)
        let keys = SupervisorKeys(console: c.controller)
        #expect(keys.handle(.tab) != .ignored)
        #expect(keys.handle(.char("?")) == .ignored)
        c.press(.char("?"))
        guard case .help = c.state.mode else { Issue.record("? on the supervisor screen opened no help"); return }
    }

    /// The flag reason's and the appeal's keys line is the key table's, as the footer's.
    @Test(arguments: [ContentLanguage.en, .id])
    func investigationPromptsNameTheirKeysFromTheTable(language: ContentLanguage) throws {
        let c = try HeadlessConsole(width: 200, height: 60)
        c.controller.state.agentLanguage = language
        c.press(.char("2"), .char("I"), .char("f"))
        let flag = KeyMap.hints(in: [.flagReason], role: c.state.actor.role).compactMap(\.hint).map { Catalogue.text($0, language) }
        #expect(flag.count == 2)
        #expect(c.lines.contains { $0.contains(flag.joined(separator: " · ")) }, "\(c.text)")
        c.press(.escape, .char("A"))
        let appeal = KeyMap.hints(in: [.appealForm], role: c.state.actor.role).compactMap(\.hint).map { Catalogue.text($0, language) }
        #expect(c.lines.contains { $0.contains(appeal.joined(separator: " · ")) }, "\(c.text)")
    }
}
