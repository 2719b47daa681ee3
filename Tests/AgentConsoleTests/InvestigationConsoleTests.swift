import Foundation
import GRDB
import SupportCore
@testable import SupportStore
import Testing
import TermUI
@testable import AgentConsole

/// The investigation view, headless, on the demo's planted stories: the compromise line
/// with its place names (Chinese and Indonesian), the pre-selected suspects, flag-all
/// from the keyboard, and the appeal taking the compromise time and the flagged set.
@Suite struct InvestigationConsoleTests {
    /// Opens the ticket of the planted story of `kind` whose thief came from `place`, and
    /// focuses the account pane.
    func openStory(_ c: HeadlessConsole, _ kind: StoryKind, place: String? = nil) throws -> PlantedStory {
        var chosen: PlantedStory?
        for story in try c.store.plantedStories() where story.kind == kind {
            let found = try c.store.investigate(customerId: story.customerId)
            let entry = try c.store.accountTimeline(customerId: story.customerId, limit: 500)
                .first { $0.key == found.compromise?.key }
            if place == nil || entry?.place == place { chosen = story; break }
        }
        let story = try #require(chosen)
        let number = try #require(try c.store.tickets(customerId: story.customerId, limit: 1).first?.number)
        try c.controller.openTicket(number: number)
        c.press(.char("2"))
        return story
    }

    @Test func eightyByTwentyFourShowsTheCompromiseAndTheSuspects() throws {
        let c = try HeadlessConsole(width: 80, height: 24)
        let story = try openStory(c, .takeover, place: "棉兰")
        c.press(.char("I"))
        guard case .investigation(let view) = c.state.mode else { Issue.record("not open: \(c.state.status?.text ?? "")"); return }
        #expect(view.found.compromise?.at == story.compromisedAt)
        let lines = c.lines
        #expect(lines[1].hasPrefix("┏ Investigation · \(story.walletId)"))
        #expect(lines[2].contains("» Compromised \(TimeText.clock(story.compromisedAt!)): first login on an unseen"))
        #expect(lines[3].contains("棉兰 (never seen)"))
        #expect(c.text.contains("棉兰"))
        #expect(lines[5].contains("\(view.chosen.count) chosen of \(view.found.suspects.count) suspect(s)"))
        #expect(lines.contains { $0.contains("» ") && $0.contains("login") })
        #expect(lines.contains { $0.contains("■") && $0.contains("never p") })
        #expect(lines[23].contains("f flag chosen"))
        for line in lines { #expect(DisplayWidth.of(line) <= 80, "\(line)") }
    }

    @Test func twoHundredBySixtyShowsRulesAndTheOddities() throws {
        let c = try HeadlessConsole(width: 200, height: 60)
        _ = try openStory(c, .takeover, place: "Medan")
        c.press(.char("I"))
        let text = c.text
        #expect(text.contains("Time (Jakarta)") && text.contains("Device") && text.contains("IP"))
        #expect(text.contains("Rules (weights; admins change them)"))
        #expect(text.contains(" 3 unseen device") && text.contains("mark at 4 · select at 1 · baseline 90 days"))
        #expect(text.contains("Medan (never seen)"))
        #expect(text.contains("Jakarta Selatan") || text.contains("Bandung") || text.contains("Surabaya") || text.contains("Yogyakarta"))
        #expect(c.lines.count == 60)
        for line in c.lines { #expect(DisplayWidth.of(line) <= 200) }
    }

    @Test func flagAllThenAppealTakesTheCompromiseTimeAndTheFlaggedSet() throws {
        let c = try HeadlessConsole(width: 120, height: 40, login: "budi")
        let story = try openStory(c, .simSwap)
        c.press(.char("I"))
        guard case .investigation(let view) = c.state.mode else { Issue.record("not open"); return }
        let chosen = view.chosen
        #expect(!chosen.isEmpty)
        c.press(.char("f"))
        c.type("customer did not make these")
        c.press(.enter)
        #expect(c.state.status?.text.hasPrefix("Flagged \(chosen.count) transaction(s), each audited") == true)
        for ref in chosen {
            #expect(try c.store.auditRecords(entity: "transaction", entityId: ref).first?.action == "transaction.flag")
        }
        c.press(.char("A"))
        #expect(c.text.contains("Compromised at: \(TimeText.clock(story.compromisedAt!))"))
        c.type("stolen phone, SIM swapped")   // the reason has the cursor; Tab would edit the time
        c.press(.enter)
        if case .investigation(let v) = c.state.mode { Issue.record("appeal refused: \(v.error ?? "")") }
        let appeal = try #require(try c.store.disputes(customerId: story.customerId).first)
        #expect(appeal.kind == .appeal)
        #expect(appeal.compromisedAt == Date(timeIntervalSince1970: (story.compromisedAt!.timeIntervalSince1970 / 60).rounded(.down) * 60))
        #expect(Set(appeal.suspiciousReferences) == chosen)
        guard case .normal = c.state.mode else { Issue.record("still open"); return }
    }

    @Test func decoyNewPhoneShowsNoCompromise() throws {
        let c = try HeadlessConsole(width: 120, height: 40)
        _ = try openStory(c, .newPhone)
        c.press(.char("I"))
        #expect(c.text.contains("No compromise point"))
        #expect(c.text.contains("looks like a new phone"))
        c.press(.escape)
        guard case .normal = c.state.mode else { Issue.record("still open"); return }
    }
}
