import Foundation
import NIOConcurrencyHelpers
import NIOCore
import Synchronization

/// How a worker thread waits for a read's answer from the connection's event loop. The
/// statements and the callback that takes their answer go to the loop in one task (NIO's
/// `wait()` would send the loop a second one, to register its own callback), and the
/// thread then parks on a condition the callback signals.
///
/// A parked thread's wake-up is a good part of a short read (BENCHMARKS.md, "the read's
/// floor"): a statement answered within tens of microseconds is back before the thread
/// would be. So a statement that answered within `limit` last time on this connection (a
/// lookup, a count the console repeats) is watched for instead, up to `limit`, the thread
/// giving its core to anything else runnable each time it looks, and parked after that.
/// A longer one (a page of 100 rows) parks at once: watching for it only took a core from
/// the event loop and the server, which were still at work on it (measured: a page 6 %
/// slower watched than parked), and dozing until just before its expected answer gained
/// nothing either.
///
/// Bounded three ways, for a machine of two cores shared with the server: a watch lasts at
/// most `limit`; only `watchers` threads watch at once (a burst of requests parks as
/// before instead of filling the cores with watchers); and a statement slower than it was
/// costs one watch and then parks. Writes park as NIO's `wait()` does.
final class ReadWait: Sendable {
    /// The engine's: one watcher, up to 150 µs.
    static let shared = ReadWait(limit: .microseconds(150), watchers: 1)

    let limit: Duration
    let watchers: Int
    private let watching = Atomic<Int>(0)

    /// How reads wait: for the bench, which compares them on the same reads, taking turns
    /// (`ReadFloorProbe`); the engine's is `.watchingShortAnswers`.
    enum Mode: Int { case parkedAsNIODoes, watchingAlways, watchingShortAnswers }
    private static let modeNow = Atomic<Int>(Mode.watchingShortAnswers.rawValue)
    static var mode: Mode {
        get { Mode(rawValue: modeNow.load(ordering: .relaxed)) ?? .watchingShortAnswers }
        set { modeNow.store(newValue.rawValue, ordering: .relaxed) }
    }

    init(limit: Duration, watchers: Int) {
        self.limit = limit
        self.watchers = watchers
    }

    /// How many threads are watching now.
    var watchingNow: Int { watching.load(ordering: .relaxed) }

    /// Runs `send` on `loop` and waits for its answer on this thread: watched for up to
    /// `limit` when it is `expected` within it, then parked.
    func value<T: Sendable>(on loop: any EventLoop, expected: Duration? = nil,
                            _ send: @escaping @Sendable () -> EventLoopFuture<T>) throws -> T {
        try timedValue(on: loop, expected: expected, send).value
    }

    /// The same, with how long the answer took to arrive on the loop: the statement's own
    /// time, not lengthened by a parked thread's wake-up (which would make a short statement
    /// look long, and never be watched for again).
    func timedValue<T: Sendable>(on loop: any EventLoop, expected: Duration?,
                                 _ send: @escaping @Sendable () -> EventLoopFuture<T>) throws -> (value: T, answeredIn: Duration) {
        let mode = Self.mode
        let sent = DispatchTime.now().uptimeNanoseconds
        if mode == .parkedAsNIODoes {
            let value = try loop.flatSubmit(send).wait()
            return (value, .nanoseconds(Int64(DispatchTime.now().uptimeNanoseconds - sent)))
        }
        let slot = AnswerSlot<T>()
        loop.execute { send().whenComplete(slot.fill) }
        var answer: Result<T, any Error>?
        if watches(expected: expected, mode: mode), claimWatch() {
            answer = Self.watch(slot, for: limit)
            releaseWatch()
        }
        let value = try (answer ?? slot.park()).get()
        return (value, .nanoseconds(Int64(slot.filledAt &- sent)))
    }

    /// Whether an answer `expected` so soon is worth watching for: only one expected
    /// within the watch (a statement not run before is not).
    func watches(expected: Duration?, mode: Mode = ReadWait.mode) -> Bool {
        guard limit > .zero, mode != .parkedAsNIODoes else { return false }
        return mode == .watchingAlways || expected.map { $0 <= limit } ?? false
    }

    /// The value of `send` run on `loop`, and whether it came while watching (for the bench:
    /// how often a watch of `limit` pays). No limit: parked at once.
    static func valueNoting<T: Sendable>(on loop: any EventLoop, watchingFor limit: Duration, yielding: Bool = true,
                                         _ send: @escaping @Sendable () -> EventLoopFuture<T>) throws -> (T, caught: Bool) {
        let slot = AnswerSlot<T>()
        loop.execute { send().whenComplete(slot.fill) }
        if limit > .zero, let answer = watch(slot, for: limit, yielding: yielding) { return (try answer.get(), true) }
        return (try slot.park().get(), false)
    }

    /// Takes one of the `watchers` places; false when they are all taken.
    func claimWatch() -> Bool {
        var current = watching.load(ordering: .relaxed)
        while current < watchers {
            let (exchanged, original) = watching.compareExchange(expected: current, desired: current + 1, ordering: .acquiring)
            if exchanged { return true }
            current = original
        }
        return false
    }

    func releaseWatch() {
        watching.subtract(1, ordering: .releasing)
    }

    /// The answer if it came within `limit`; nil once `limit` has passed without it.
    private static func watch<T>(_ slot: AnswerSlot<T>, for limit: Duration, yielding: Bool = true) -> Result<T, any Error>? {
        let (seconds, attoseconds) = limit.components
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(seconds) * 1_000_000_000 + UInt64(attoseconds / 1_000_000_000)
        repeat {
            if let answer = slot.take() { return answer }
            if yielding { sched_yield() }
        } while DispatchTime.now().uptimeNanoseconds < deadline
        return slot.take()
    }
}

/// One answer, filled on the event loop and taken on the waiting thread: by watching the
/// flag (stored after the answer, releasing; read before it, acquiring) or parked on the
/// condition until it is filled.
private final class AnswerSlot<T>: @unchecked Sendable {
    private var answer: Result<T, any Error>?
    /// When it was filled (`DispatchTime`'s uptime in nanoseconds); read once taken.
    private(set) var filledAt: UInt64 = 0
    private let filled = Atomic<Bool>(false)
    private let condition = ConditionLock(value: false)

    func fill(_ result: Result<T, any Error>) {
        condition.lock()
        answer = result
        filledAt = DispatchTime.now().uptimeNanoseconds
        filled.store(true, ordering: .releasing)
        condition.unlock(withValue: true)
    }

    func take() -> Result<T, any Error>? {
        filled.load(ordering: .acquiring) ? answer : nil
    }

    func park() -> Result<T, any Error> {
        condition.lock(whenValue: true)
        defer { condition.unlock() }
        return answer!
    }
}
