import Foundation
import SupportAPI
import SupportCore
import SupportStore
import Testing
import TermUI
@testable import AgentConsole

/// The composer keeps its text as a draft as it is typed, written once the frame showing
/// the keys is out: one write for the keys of a turn, and never a late write that brings
/// back a draft the send or the discard just removed.
@Suite struct DraftWritingTests {
    /// Sari's console with a note composer open on the first queue row's ticket.
    private static func composing() throws -> (SupportStore, CountingClient, EventLoop, Int64, Agent) {
        let (store, client, loop) = try CountingClient.sarisConsole()
        let number = try #require(loop.controller.state.queue.window.selectedRow?.number)
        loop.controller.handle(.key(.char("n")))
        loop.controller.runAfterFrame()
        guard case .composer = loop.controller.state.mode else { Issue.record("no composer"); throw CancellationError() }
        _ = client.take()
        return (store, client, loop, number, try #require(try store.agent(login: "sari")))
    }

    /// The keys of one turn, as the loop drains them before drawing.
    private static func typeInOneTurn(_ text: String, _ loop: EventLoop) {
        for ch in text { loop.controller.handle(.key(.char(ch))) }
    }

    @Test func theKeysOfATurnAreOneWriteAfterTheFrame() throws {
        let (store, client, loop, number, sari) = try Self.composing()
        Self.typeInOneTurn("refund sent", loop)
        #expect(client.take() == [], "nothing is sent before the frame")
        #expect(try store.draft(ticketNumber: number, agent: sari) == nil)
        loop.controller.runAfterFrame()
        #expect(client.take() == ["saveDraft"], "one write for eleven keys")
        #expect(try store.draft(ticketNumber: number, agent: sari)?.body == "refund sent")
        // The next turn's key is written too: the draft follows the text.
        loop.controller.handle(.key(.char("!")))
        loop.controller.runAfterFrame()
        #expect(try store.draft(ticketNumber: number, agent: sari)?.body == "refund sent!")
    }

    @Test func sendingInTheSameTurnLeavesNoDraftBehind() throws {
        let (store, client, loop, number, sari) = try Self.composing()
        Self.typeInOneTurn("checked the ledger", loop)
        loop.controller.handle(.key(.ctrl("s")))
        loop.controller.runAfterFrame()
        #expect(!client.take().contains("saveDraft"), "the typed text went as the note, not as a late draft")
        #expect(try store.draft(ticketNumber: number, agent: sari) == nil)
        #expect(try store.timeline(ticketNumber: number).contains { $0.body == "checked the ledger" })
    }

    @Test func discardingInTheSameTurnLeavesNoDraftBehind() throws {
        let (store, _, loop, number, sari) = try Self.composing()
        Self.typeInOneTurn("wrong customer", loop)
        loop.controller.handle(.key(.escape))
        loop.controller.handle(.key(.char("y")))
        loop.controller.runAfterFrame()
        guard case .normal = loop.controller.state.mode else { Issue.record("the composer stayed open"); return }
        #expect(try store.draft(ticketNumber: number, agent: sari) == nil)
    }

    /// From the queue, `r` reads the ticket's pane and nothing else before its frame: the
    /// draft comes with the pane, and the announcement that sari is typing follows the frame.
    @Test func theComposerOpensOnTheDraftWithThePanesOneRead() throws {
        let (store, client, loop) = try CountingClient.sarisConsole()
        let number = try #require(loop.controller.state.queue.window.selectedRow?.number)
        let sari = try #require(try store.agent(login: "sari"))
        try store.saveDraft(ticketNumber: number, agent: sari, kind: "reply", body: "Dana Anda sudah kembali.")
        _ = client.take()
        loop.controller.handle(.key(.char("r")))
        #expect(client.take() == ["ticketView"], "the frame waits for the pane alone")
        guard case .composer(let composer) = loop.controller.state.mode else { Issue.record("no composer"); return }
        #expect(composer.area.text == "Dana Anda sudah kembali.")
        loop.controller.runAfterFrame()
        #expect(client.take() == ["setPresence"])
        let dewi = try #require(try store.agent(login: "dewi"))
        #expect(try store.presence(ticketNumber: number, excluding: dewi).contains { $0.login == "sari" && $0.state == .typing })
    }

    /// With the ticket open, the composer opens on what this console last wrote, asking nothing.
    @Test func reopeningTheComposerAsksNothing() throws {
        let (store, client, loop, number, sari) = try Self.composing()
        Self.typeInOneTurn("first line", loop)
        loop.controller.runAfterFrame()
        loop.controller.handle(.key(.escape))      // text there: asks first
        loop.controller.handle(.key(.char("n")))   // keep it
        guard case .composer = loop.controller.state.mode else { Issue.record("the composer closed"); return }
        // Closed by a send, the draft is gone and the next composer opens empty without asking.
        loop.controller.handle(.key(.ctrl("s")))
        loop.controller.runAfterFrame()
        #expect(try store.draft(ticketNumber: number, agent: sari) == nil)
        _ = client.take()
        loop.controller.handle(.key(.char("n")))
        #expect(!client.take().contains("draft"), "no read of the draft")
        guard case .composer(let composer) = loop.controller.state.mode else { Issue.record("no composer"); return }
        #expect(composer.area.text.isEmpty, "the sent note is not offered again")
    }
}
