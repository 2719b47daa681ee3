import Foundation
import Synchronization
import SupportAPI
import SupportCore
import SupportStore
import Testing

/// Embedded mode notices another connection's commit when the file's write-ahead log is
/// written, not at the next second's poll. The fallback poll is set to an hour here, so
/// only the log watcher can report the change.
@Suite struct DataVersionFeedTests {
    func demo() throws -> SupportStore {
        let store = try SupportStore(path: HeadlessConsole.demoPath(), clock: { HeadlessConsole.now })
        try store.generateDemo(seed: 42)
        return store
    }

    /// Another connection's note, as another agent's process would write it.
    func noteFromElsewhere(_ path: String, _ body: String) throws {
        let other = try SupportStore(path: path, clock: { HeadlessConsole.now })
        let budi = try #require(try other.agent(login: "budi"))
        _ = try other.note(ticket: 1001, body: body, by: budi)
    }

    /// Polls `condition` until it holds or ten seconds pass (a wait, not a timing).
    static func waitUntil(_ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            if condition() { return true }
            usleep(2_000)
        }
        return condition()
    }

    @Test func aCommitElsewhereWakesTheFeedAndIsReportedOnce() throws {
        let store = try demo()
        let feed = DataVersionFeed(watcher: try ChangeWatcher(store: store), walPath: store.path + "-wal", fallbackInterval: 3600)
        defer { feed.close() }
        _ = feed.pollNow()
        let wakes = Mutex(0)
        feed.onArrival { wakes.withLock { $0 += 1 } }
        #expect(feed.poll() == nil)
        for round in 1...3 {
            let before = wakes.withLock { $0 }
            try noteFromElsewhere(store.path, "checked the ledger, round \(round)")
            #expect(Self.waitUntil { wakes.withLock { $0 } > before }, "round \(round): no wake-up")
            #expect(feed.poll() != nil, "round \(round): the change was not reported")
            #expect(feed.poll() == nil, "round \(round): reported twice")
        }
    }

    /// Without a log to watch the feed still works, on its fallback poll only.
    @Test func withoutTheLogTheFallbackPollReports() throws {
        let store = try demo()
        let watching = DataVersionFeed(watcher: try ChangeWatcher(store: store), walPath: store.path + "-no-such-log",
                                       fallbackInterval: 3600)
        let polling = DataVersionFeed(watcher: try ChangeWatcher(store: store), walPath: store.path + "-no-such-log",
                                      fallbackInterval: 0)
        defer { watching.close(); polling.close() }
        _ = watching.pollNow(); _ = polling.pollNow()
        watching.onArrival {}
        try noteFromElsewhere(store.path, "a note nobody watches for")
        #expect(watching.poll() == nil)
        #expect(polling.poll() != nil)
    }
}
