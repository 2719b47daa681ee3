import Foundation
import NIOCore
import NIOPosix
@testable import SupportPostgres
import SupportStore
import Synchronization
import Testing

/// A read's answer is watched for a bounded time before its thread parks (`ReadWait`): only
/// an answer expected within the watch is watched for; a watch that sees no answer ends by
/// itself and the thread parks until the answer comes;
/// only the allowed number of threads watch, the rest park at once; a failure reaches the
/// caller however it was waited for; and a slow statement through the engine still
/// answers, in a read and in a read's transaction. States are polled, never slept for.
/// No test has a time limit: a lost wake-up fails the poll's own deadline instead, and a
/// time limit counts a test's wait for a thread too: in a full run on two cores, a test of
/// arithmetic alone exceeded a two-minute limit.
@Suite struct PostgresReadWaitTests {
    /// A waiter on its own thread, and what it got.
    final class Waiter: Sendable {
        let outcome = Mutex<Result<Int, any Error>?>(nil)
        init(_ wait: ReadWait, _ promise: EventLoopPromise<Int>) {
            let thread = Thread { [self] in
                // Expected at once: worth watching for.
                let result = Result { try wait.value(on: promise.futureResult.eventLoop, expected: .zero) { promise.futureResult } }
                outcome.withLock { $0 = result }
            }
            thread.start()
        }
        var answered: Bool { outcome.withLock { $0 != nil } }
        func value() throws -> Int? { try outcome.withLock { $0 }?.get() }
    }

    /// Polls until `condition` holds; false if it never did within a minute (a waiter that
    /// never answers fails the test instead of hanging it: a blocked thread ignores the
    /// suite's time limit).
    @discardableResult
    static func poll(_ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(60)
        while !condition() {
            if Date() > deadline { return false }
            usleep(200)
        }
        return true
    }

    @Test func aWatchThatSeesNoAnswerEndsAndTheThreadParksUntilTheAnswerComes() throws {
        let wait = ReadWait(limit: .seconds(1), watchers: 1)
        let promise = MultiThreadedEventLoopGroup.singleton.any().makePromise(of: Int.self)
        let waiter = Waiter(wait, promise)
        #expect(Self.poll { wait.watchingNow == 1 })
        #expect(Self.poll { wait.watchingNow == 0 }, "the watch did not end by itself")
        #expect(!waiter.answered, "the waiter gave up instead of parking")
        promise.succeed(42)
        try #require(Self.poll { waiter.answered }, "the answer never reached the waiter")
        #expect(try waiter.value() == 42)
    }

    @Test func onlyTheAllowedNumberOfThreadsWatch() throws {
        let wait = ReadWait(limit: .seconds(60), watchers: 2)
        #expect(wait.claimWatch() && wait.claimWatch())
        #expect(!wait.claimWatch(), "a third thread was let watch")
        #expect(wait.watchingNow == 2)
        wait.releaseWatch()
        #expect(wait.claimWatch())
        // A waiter that cannot watch parks, and its answer still reaches it.
        let promise = MultiThreadedEventLoopGroup.singleton.any().makePromise(of: Int.self)
        let waiter = Waiter(wait, promise)
        promise.succeed(7)
        try #require(Self.poll { waiter.answered }, "the answer never reached the waiter")
        #expect((try? waiter.value()) == 7)
        #expect(wait.watchingNow == 2)
    }

    /// Only a statement that answered within the watch last time is watched for: a page
    /// that takes longer, or one not run before, parks at once (the bench compares them by
    /// always watching, or parking as NIO's `wait()` does).
    @Test func onlyAnAnswerExpectedWithinTheWatchIsWatchedFor() {
        let wait = ReadWait(limit: .microseconds(150), watchers: 1)
        #expect(wait.watches(expected: .microseconds(90), mode: .watchingShortAnswers))
        #expect(wait.watches(expected: .microseconds(150), mode: .watchingShortAnswers))
        #expect(!wait.watches(expected: .microseconds(151), mode: .watchingShortAnswers))
        #expect(!wait.watches(expected: nil, mode: .watchingShortAnswers))
        #expect(wait.watches(expected: .milliseconds(5), mode: .watchingAlways))
        #expect(!wait.watches(expected: .microseconds(90), mode: .parkedAsNIODoes))
        #expect(!ReadWait(limit: .zero, watchers: 1).watches(expected: .zero, mode: .watchingShortAnswers))
        #expect(ReadWait.mode == .watchingShortAnswers, "the engine's way of waiting")
    }

    @Test func aFailureReachesTheCallerWatchedOrParked() throws {
        struct Refused: Error {}
        for limit in [Duration.seconds(60), .zero] {
            let wait = ReadWait(limit: limit, watchers: 1)
            let promise = MultiThreadedEventLoopGroup.singleton.any().makePromise(of: Int.self)
            let waiter = Waiter(wait, promise)
            promise.fail(Refused())
            try #require(Self.poll { waiter.answered }, "the answer never reached the waiter")
            #expect(throws: Refused.self) { try waiter.value() }
            #expect(wait.watchingNow == 0)
        }
    }

    /// 50 ms of `pg_sleep` is far past the engine's watch: the thread parks, and answers.
    @Test func aSlowStatementStillAnswersThroughTheEngine() async throws {
        try await PostgresPreparedReadTests.withEngine { (engine: PostgresEngine) throws in
            let slow = "SELECT 42 + 0 * length(pg_sleep(0.05)::text) AS n"
            #expect(try engine.readingOneStatement { try $0.fetchValue(slow, as: Int.self) } == 42)
            #expect(try engine.reading { session in
                _ = try session.fetchValue("SELECT 1", as: Int.self)
                return try session.fetchValue(slow, as: Int.self)
            } == 42)
            // Unprepared (a setting) and prepared statements both go through the watch.
            #expect(try engine.reading { session in
                try session.setLocal("enable_sort = off")
                return try session.fetchRows(slow + ", 'x' AS t", []).map { "\($0["n"] as Int) \($0["t"] as String)" }
            } == ["42 x"])
        }
    }
}
