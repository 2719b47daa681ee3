import Foundation
import Synchronization
import Testing
import SupportAPI
import SupportCore
import SupportStore
import TermUI
@testable import AgentConsole

/// A write's change comes back to the console that made it (its echo). The console has
/// read its queue, counts and open ticket again right after the write, so an echo of its
/// own writes alone reads none of them; the screen stays what a fresh read would show.
/// Another agent's change, one that merely carries this console's token, or a write the
/// console did not read back after, is read as before.
@Suite struct OwnEchoTests {
    /// The embedded client, signing each write with a token as the remote client does and
    /// keeping the change the service would publish for it (its owners and unowned counts
    /// added as the service adds them); a feed the test pushes changes into.
    final class EchoingClient: SupportClient, @unchecked Sendable {
        let embedded: EmbeddedClient
        let store: SupportStore
        let actor: Agent
        let feed = PushedHeaderCountsTests.PushingClient.Feed()
        private let lock = NSLock()
        private var asked: [String] = []
        private var answered: [String] = []
        private var echoes: [ChangeSet] = []
        private var written = 0

        init(store: SupportStore, login: String) throws {
            self.store = store
            embedded = EmbeddedClient(store: store, actingAs: login)
            actor = try #require(try store.agent(login: login))
        }

        func send<R: SupportRequest>(_ request: R) throws -> R.Response {
            lock.withLock { asked.append(R.operation) }
            let response = try embedded.send(request)
            guard R.effect == .write else { return response }
            let token = lock.withLock { written += 1; return "w\(written)" }
            var change = request.changes(response, by: actor, token: token)
            if !change.tickets.isEmpty {
                change.owners = try store.ticketOwners(numbers: change.tickets)
                change.unownedCounts = try store.unownedQueueCounts()
            }
            lock.withLock {
                answered.append(token)
                if !change.isEmpty { echoes.append(change) }
            }
            return response
        }

        func takeAnsweredWrites() -> [String] { lock.withLock { defer { answered = [] }; return answered } }
        func takeAsked() -> [String] { lock.withLock { defer { asked = [] }; return asked } }
        func takeEchoes() -> [ChangeSet] { lock.withLock { defer { echoes = [] }; return echoes } }
        var endpoint: ClientEndpoint { embedded.endpoint }
        func changeFeed() throws -> ChangeFeed { feed }
        var isDemo: Bool { embedded.isDemo }
        func now() -> Date { embedded.now() }
    }

    struct Console {
        let store: SupportStore
        let client: EchoingClient
        let terminal = HeadlessTerminal(width: 120, height: 40)
        let loop: EventLoop
        var state: ConsoleState { loop.controller.state }

        init(login: String) throws {
            store = try SupportStore(path: HeadlessConsole.demoPath(), clock: { HeadlessConsole.now })
            try store.generateDemo(seed: 42)
            client = try EchoingClient(store: store, login: login)
            loop = try EventLoop(client: client, actor: client.actor, terminal: terminal, theme: .defaultDark)
            loop.step(timeoutMilliseconds: 0)
        }

        func keys(_ events: Event...) { keys(contentsOf: events) }

        func keys(contentsOf events: [Event]) {
            terminal.enqueue(contentsOf: events)
            while !terminal.pendingEvents.isEmpty { loop.step(timeoutMilliseconds: 0) }
        }

        func push(_ change: ChangeSet) {
            client.feed.pending = change
            loop.step(timeoutMilliseconds: 0)
        }

        /// The header's counts are the store's, and the screen is what a fresh render draws.
        func expectTrue(_ what: String) throws {
            #expect(state.queue.counts == (try store.queueCounts(for: client.actor)), "\(what): the header's counts")
            let shown = try #require(terminal.presented.last)
            #expect(Bool(shown == ConsoleView.render(state)), "\(what): the screen is a fresh render")
            let rows = try store.queuePage(QueueSpec(view: state.queue.view, query: state.queue.query, sort: state.queue.sort,
                                                     actor: client.actor), limit: state.queue.window.rows.count)
            #expect(state.queue.window.rows.map(\.number) == rows.map(\.number), "\(what): the queue's rows")
            #expect(state.queue.window.rows.map(\.version) == rows.map(\.version), "\(what): the rows' versions")
        }
    }

    /// The reads an echo must not make: the queue, its counts and the open ticket.
    static let readBack: Set<String> = ["queuePage", "queueCounts", "queueCount", "ownQueueCounts", "ticketView"]

    /// Random claims, releases and notes by the console's agent, each echo pushed after its
    /// key, between random changes by others: no echo reads what the key read back, and the
    /// counts, rows and screen stay true throughout, for an agent and for a supervisor.
    @Test(arguments: ["budi", "sari"])
    func ownEchoesAskForNothingTheWriteReadBack(login: String) throws {
        let c = try Console(login: login)
        var rng = SplitMix64(seed: login == "budi" ? 31 : 32)
        var echoesPushed = 0
        for step in 0..<60 {
            if rng.next() % 3 == 0 {
                guard let number = try PushedHeaderCountsTests.someoneChanges(c.store, &rng) else { continue }
                var change = ChangeSet(tickets: [number])
                change.owners = try c.store.ticketOwners(numbers: [number])
                change.unownedCounts = try c.store.unownedQueueCounts()
                c.push(change)
                try c.expectTrue("step \(step), another's change")
                continue
            }
            for _ in 0..<(rng.next() % 4) { c.keys(.key(.char("j"))) }
            switch rng.next() % 4 {
            case 0: c.keys(.key(.char("u")))
            case 1:
                // The composer: its presence and draft writes, then the note and the draft's removal.
                c.keys(.key(.char("n")))
                c.keys(contentsOf: "checked at step \(step)".map { .key(.char($0)) })
                c.keys(.key(.ctrl("s")))
            default: c.keys(.key(.char("c")))
            }
            if rng.next() % 4 == 0, c.state.ticket == nil { c.keys(.key(.enter)) }
            _ = c.client.takeAsked()
            for echo in c.client.takeEchoes() where echo.changesData {
                #expect(echo.echoOf?.map(\.by) == [login], "the echo is signed by its writer: \(echo)")
                c.push(echo)
                echoesPushed += 1
                let asked = Set(c.client.takeAsked())
                #expect(asked.isDisjoint(with: Self.readBack), "step \(step): an own echo read \(asked)")
            }
            try c.expectTrue("step \(step), own echo")
            if let number = c.state.ticket?.ticket.number, rng.next() % 2 == 0 {
                #expect(c.state.ticket?.ticket == (try c.store.ticket(number: number)), "step \(step): the open ticket")
                c.keys(.key(.escape))
            }
        }
        #expect(echoesPushed > 15, "\(echoesPushed) own echoes")
    }

    /// Another's change reaching the console between its own write's read-back and that
    /// write's echo: the agent's own part of the counts, kept from before the write, must
    /// not be added to the pushed part (the echo that would have mended it is skipped).
    @Test func anothersChangeBeforeTheEchoKeepsTheCountsTrue() throws {
        let c = try Console(login: "budi")
        let dewi = try #require(try c.store.agent(login: "dewi"))
        /// Dewi claims an unassigned ticket; the change is pushed as the service sends it.
        func dewiClaims() throws {
            let spec = QueueSpec(view: .unassigned, actor: dewi)
            let row = try #require(try c.store.queuePage(spec, limit: 40).last)
            try c.store.claim(ticket: row.number, by: dewi)
            var change = ChangeSet(tickets: [row.number])
            change.owners = try c.store.ticketOwners(numbers: [row.number])
            change.unownedCounts = try c.store.unownedQueueCounts()
            c.push(change)
        }
        try dewiClaims()
        #expect(c.state.queue.ownCounts != nil, "budi's own part is kept")
        while c.state.queue.view != .unassigned { c.keys(.key(.char("v"))) }
        c.keys(.key(.char("c")))
        let echo = try #require(c.client.takeEchoes().first { $0.changesData })
        // Back to My open: dewi's claim then moves budi's header alone (no row of his view).
        while c.state.queue.view != .mine { c.keys(.key(.char("v"))) }
        _ = c.client.takeAsked()
        try dewiClaims()
        #expect(!c.client.takeAsked().contains("queuePage"), "the header's counts alone were looked at")
        try c.expectTrue("another's change before the echo")
        _ = c.client.takeAsked()
        c.push(echo)
        #expect(Set(c.client.takeAsked()).isDisjoint(with: Self.readBack))
        try c.expectTrue("after the echo")
    }

    /// An echo signed by another agent with this console's token (a token seen on the
    /// stream and replayed), one merged with another's change, and one of a write the
    /// console never read back after, are each read as any change.
    @Test func aReplayedTokenAMixedChangeAndAnUnreadWriteAreRead() throws {
        let c = try Console(login: "sari")
        c.keys(.key(.char("c")))
        let echo = try #require(c.client.takeEchoes().first { $0.changesData })
        let token = try #require(echo.echoOf?.first?.token)
        _ = c.client.takeAsked()

        var replayed = echo
        replayed.echoOf = [WriteEcho(by: "dewi", token: token)]
        c.push(replayed)
        #expect(c.client.takeAsked().contains("queuePage"), "dewi's write with sari's token is dewi's")

        c.keys(.key(.char("u")))
        var mixed = try #require(c.client.takeEchoes().first { $0.changesData })
        let dewi = try #require(try c.store.agent(login: "dewi"))
        let other = try #require(try c.store.queuePage(QueueSpec(view: .unassigned, actor: dewi), limit: 1).first)
        try c.store.claim(ticket: other.number, by: dewi)
        mixed.formUnion(ChangeSet(tickets: [other.number]))
        #expect(mixed.echoOf == nil, "a merge with an unsigned change is unsigned")
        _ = c.client.takeAsked()
        c.push(mixed)
        #expect(c.client.takeAsked().contains("queuePage"))
        try c.expectTrue("after the mixed change")

        // A write straight through the client: nothing was read back after it.
        let row = try #require(c.state.queue.window.rows.first { $0.assignee == nil })
        try c.client.claim(ticket: row.number, expecting: row.version)
        let unread = try #require(c.client.takeEchoes().first { $0.changesData })
        _ = c.client.takeAsked()
        c.push(unread)
        #expect(c.client.takeAsked().contains("queuePage"), "an echo of a write not read back is read")
        try c.expectTrue("after the unread write")
    }

    /// The read-ahead client keeps what it read after its own write when that write's echo
    /// comes, and drops it for an echo replayed by another agent, one of a write it did not
    /// send, or one merged with another's change.
    @Test func readsKeptAfterAnOwnWriteOutliveItsEchoOnly() throws {
        let c = try Console(login: "sari")
        let client = ReadAheadClient(wrapping: c.client, keeping: [AccountOverviewRequest.operation], writer: "sari")
        let feed = try client.changeFeed()
        let row = try #require(c.state.queue.window.rows.first)
        let request = AccountOverviewRequest(customerId: row.customerId)
        /// Writes `note` through the client, reads the panes ahead, then has the feed report `echo(change)`:
        /// whether the kept read then served a send without asking again.
        func keptAfter(_ echo: (ChangeSet) throws -> ChangeSet) throws -> Bool {
            try client.note(ticket: row.number, body: "checked")
            let change = try #require(c.client.takeEchoes().first)
            client.readAhead(request)
            #expect(DataVersionFeedTests.waitUntil { client.readsOnTheirWay == 0 })
            c.client.feed.pending = try echo(change)
            _ = feed.poll()
            let before = client.sendsAnsweredAhead
            _ = try client.send(request)
            return client.sendsAnsweredAhead == before + 1
        }
        #expect(try keptAfter { $0 }, "its own echo dropped what was read after the write")
        #expect(client.takeAnsweredWrites().count == 1, "the console still hears of the write")
        #expect(try !keptAfter { var replay = $0; replay.echoOf = replay.echoOf?.map { WriteEcho(by: "dewi", token: $0.token) }; return replay })
        #expect(try !keptAfter { var unknown = $0; unknown.echoOf = [WriteEcho(by: "sari", token: "not-sent-here")]; return unknown })
        #expect(try !keptAfter { var mixed = $0; mixed.formUnion(ChangeSet(customers: [row.customerId])); return mixed })
        #expect(try !keptAfter { var unsigned = $0; unsigned.echoOf = nil; return unsigned })
        // A client that does not know its writer keeps nothing across any change.
        let anonymous = ReadAheadClient(wrapping: c.client, keeping: [AccountOverviewRequest.operation])
        let anonymousFeed = try anonymous.changeFeed()
        try anonymous.note(ticket: row.number, body: "again")
        anonymous.readAhead(request)
        #expect(DataVersionFeedTests.waitUntil { anonymous.readsOnTheirWay == 0 })
        let echo = try #require(c.client.takeEchoes().first)
        c.client.feed.pending = echo
        _ = anonymousFeed.poll()
        _ = try anonymous.send(request)
        #expect(anonymous.sendsAnsweredAhead == 0)
    }

    /// A token kept longer than an echo takes to come (swept in after its echo had passed)
    /// no longer stands for a change sent with it; within the age it does, once.
    @Test func aTokenKeptTooLongIsNoEcho() {
        var change = ChangeSet(tickets: [7])
        change.echoOf = [WriteEcho(by: "sari", token: "t1")]
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        var writes = OwnWrites()
        writes.insert(["t1"], at: start)
        let byDewi = writes.takeEcho(change, login: "dewi", now: start)
        #expect(!byDewi, "another login's")
        let soon = writes.takeEcho(change, login: "sari", now: start.addingTimeInterval(5))
        #expect(soon)
        let again = writes.takeEcho(change, login: "sari", now: start.addingTimeInterval(6))
        #expect(!again, "an echo comes once")
        writes.insert(["t1"], at: start)
        let late = writes.takeEcho(change, login: "sari", now: start.addingTimeInterval(OwnWrites.maxAge + 1))
        #expect(!late)
        #expect(writes.count == 0, "let go")
    }

    /// What the service signs and how merges keep it.
    @Test func echoesAreSignedForGoodTokensOnlyAndMergeToUnknown() throws {
        let c = try Console(login: "sari")
        let sari = c.client.actor
        let ticket = try #require(c.state.queue.window.rows.first)
        let note = NoteRequest(ticket: ticket.number, body: "x", expecting: nil)
        let event = try c.store.ticket(number: ticket.number)
        #expect(note.changes(event, by: sari, token: "A1-b2").echoOf == [WriteEcho(by: "sari", token: "A1-b2")])
        for bad in ["", "has space", String(repeating: "a", count: 65), "dröm", "a\nb", "a/b"] {
            #expect(note.changes(event, by: sari, token: bad).echoOf == nil, "\(bad.debugDescription) is told back")
        }
        #expect(note.changes(event, by: sari).echoOf == nil)
        let presence = SetPresenceRequest(ticketNumber: 7, state: .viewing).changes(true, by: sari, token: "p1")
        #expect(presence.echoOf == nil, "presence moves no data")

        var a = ChangeSet(tickets: [1]); a.echoOf = [WriteEcho(by: "sari", token: "t1")]
        var b = ChangeSet(tickets: [2]); b.echoOf = [WriteEcho(by: "sari", token: "t2")]
        var merged = a
        merged.formUnion(b)
        #expect(merged.echoOf == [WriteEcho(by: "sari", token: "t1"), WriteEcho(by: "sari", token: "t2")])
        merged.formUnion(ChangeSet(presence: true))
        #expect(merged.echoOf?.count == 2, "presence alone keeps them")
        var onlyPresence = ChangeSet(presence: true)
        onlyPresence.formUnion(a)
        #expect(onlyPresence.echoOf == a.echoOf)
        merged.formUnion(ChangeSet(customers: [3]))
        #expect(merged.echoOf == nil, "an unsigned data change makes the whole unknown")
    }
}
