import Foundation
import NIOConcurrencyHelpers
import NIOCore
import Synchronization

/// How a worker thread waits for a read's answer from the connection's event loop. A
/// parked thread (`EventLoopFuture.wait`) is woken by the loop through a condition
/// variable, and being woken is a good part of a short read: a read answered from memory
/// is back within a few tens of microseconds of being sent, and the wake-up comes on top
/// (BENCHMARKS.md, "the read's floor"). So the thread watches for the answer for a short,
/// bounded time, giving its core to anything else runnable each time it looks, and only
/// then parks as before. A statement run before on the connection (a page the console
/// repeats) has an expected answer time: the thread dozes until just before it (a timed
/// park, woken at once if the answer comes sooner), so that the watch covers the moment
/// the answer is due and the wake-up from the doze happens while the server still works.
///
/// Bounded three ways, for a machine of two cores shared with the server: a watch lasts at
/// most `limit`, however long the statement; only `watchers` threads watch at once (a
/// burst of requests parks as before instead of filling the cores with watchers while the
/// server and the event loop wait for one); and a read slower than expected costs one watch
/// and then parks. Writes park at once: their COMMIT waits on the disk anyway.
final class ReadWait: Sendable {
    /// The engine's: one watcher, up to 200 µs, starting 100 µs before an expected answer
    /// (a 5 ms read pays 4 % more CPU for it, and no more time).
    static let shared = ReadWait(limit: .microseconds(200), watchers: 1)

    let limit: Duration
    let watchers: Int
    private let watching = Atomic<Int>(0)

    /// How reads wait: for the bench, which compares the three on the same reads, taking
    /// turns (`ReadFloorProbe`); the engine's is `.dozingThenWatching`.
    enum Mode: Int { case parkedAsNIODoes, watching, dozingThenWatching }
    private static let modeNow = Atomic<Int>(Mode.dozingThenWatching.rawValue)
    static var mode: Mode {
        get { Mode(rawValue: modeNow.load(ordering: .relaxed)) ?? .dozingThenWatching }
        set { modeNow.store(newValue.rawValue, ordering: .relaxed) }
    }

    init(limit: Duration, watchers: Int) {
        self.limit = limit
        self.watchers = watchers
    }

    /// How many threads are watching now.
    var watchingNow: Int { watching.load(ordering: .relaxed) }

    /// Runs `send` on `loop` (one task: the statements it writes and the callback that
    /// takes their answer, so the loop is woken once) and waits for its answer on this
    /// thread: dozing until `limit / 2` before `expected` when that is longer, then
    /// watching for up to `limit`, then parked.
    func value<T: Sendable>(on loop: any EventLoop, expected: Duration? = nil,
                            _ send: @escaping @Sendable () -> EventLoopFuture<T>) throws -> T {
        let mode = Self.mode
        if mode == .parkedAsNIODoes { return try loop.flatSubmit(send).wait() }
        let slot = AnswerSlot<T>()
        loop.execute { send().whenComplete(slot.fill) }
        if limit > .zero {
            if mode == .dozingThenWatching, let expected, expected - limit / 2 > .zero, let answer = slot.park(for: expected - limit / 2) {
                return try answer.get()
            }
            if claimWatch() {
                let answer = Self.watch(slot, for: limit)
                releaseWatch()
                if let answer { return try answer.get() }
            }
        }
        return try slot.park().get()
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
    private let filled = Atomic<Bool>(false)
    private let condition = ConditionLock(value: false)

    func fill(_ result: Result<T, any Error>) {
        condition.lock()
        answer = result
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

    /// The answer if it comes within `duration`; nil after that.
    func park(for duration: Duration) -> Result<T, any Error>? {
        let (seconds, attoseconds) = duration.components
        guard condition.lock(whenValue: true, timeoutSeconds: Double(seconds) + Double(attoseconds) / 1e18) else { return nil }
        defer { condition.unlock() }
        return answer!
    }
}
