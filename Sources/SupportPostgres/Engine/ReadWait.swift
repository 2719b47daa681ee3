import Foundation
import NIOConcurrencyHelpers
import NIOCore
import Synchronization

/// How a worker thread waits for a read's answer from the connection's event loop. A
/// parked thread (`EventLoopFuture.wait`) is woken by the loop through a condition
/// variable, and being woken is a good part of a short read: a read answered from memory
/// is back within a few tens of microseconds of being sent, and the wake-up comes on top
/// (BENCHMARKS.md, "the read's floor"). So the thread first watches for the answer for a
/// short, bounded time, giving its core to anything else runnable each time it looks, and
/// only then parks as before.
///
/// Bounded three ways, for a machine of two cores shared with the server: a watch lasts at
/// most `limit`; only `watchers` threads watch at once (a burst of requests parks as before
/// instead of filling the cores with watchers while the server and the event loop wait for
/// one); and a read that is slow (the server busy, a long statement) costs one watch of
/// `limit` and then parks. Writes park at once: their COMMIT waits on the disk anyway.
final class ReadWait: Sendable {
    /// The engine's: one watcher, up to 150 µs (long enough for a short read on an idle
    /// machine; a 5 ms read pays 3 % more CPU for it, and no more time).
    static let shared = ReadWait(limit: .microseconds(150), watchers: 1)

    let limit: Duration
    let watchers: Int
    private let watching = Atomic<Int>(0)

    init(limit: Duration, watchers: Int) {
        self.limit = limit
        self.watchers = watchers
    }

    /// How many threads are watching now.
    var watchingNow: Int { watching.load(ordering: .relaxed) }

    /// Runs `send` on `loop` (one task: the statements it writes and the callback that
    /// takes their answer, so the loop is woken once) and waits for its answer on this
    /// thread, watching for up to `limit` before parking.
    func value<T: Sendable>(on loop: any EventLoop, _ send: @escaping @Sendable () -> EventLoopFuture<T>) throws -> T {
        let slot = AnswerSlot<T>()
        loop.execute { send().whenComplete(slot.fill) }
        if limit > .zero, claimWatch() {
            let answer = Self.watch(slot, for: limit)
            releaseWatch()
            if let answer { return try answer.get() }
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
}
