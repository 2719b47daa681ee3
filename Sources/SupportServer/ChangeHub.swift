import Foundation
import SupportAPI
import Synchronization

/// Fans committed changes out to every connected console's event stream. Each subscriber
/// has a small buffer: a console that stops reading is dropped rather than letting memory
/// grow (it reconnects and refreshes everything).
final class ChangeHub: Sendable {
    /// `frame` is the event's bytes on the wire, encoded once at publish for every stream.
    struct Event: Sendable { var sequence: UInt64; var frame: String }
    private struct Subscriber {
        var continuation: AsyncStream<Event>.Continuation
        /// Whose console reads the stream: it alone is told its own writes' tokens.
        var login: String?
    }
    private struct State {
        var next = 1
        var subscribers: [Int: Subscriber] = [:]
        var sequence: UInt64 = 0
    }
    private let state = Mutex(State())
    /// Held while events are handed to the streams, so every stream gets them in sequence
    /// order. Never `state`'s lock: a stream's own lock is taken by `yield`, and a stream
    /// ended by its reader takes that lock and then `state`'s (`onTermination` →
    /// `unsubscribe`); yielding under `state`'s lock was the other order, and a service
    /// with a console disconnecting during a publish hung on SIGTERM.
    private let delivery = Mutex(())

    func subscribe(login: String? = nil) -> (id: Int, stream: AsyncStream<Event>) {
        let (stream, continuation) = AsyncStream<Event>.makeStream(bufferingPolicy: .bufferingNewest(256))
        let id = state.withLock { state in
            let id = state.next
            state.next += 1
            state.subscribers[id] = Subscriber(continuation: continuation, login: login)
            return id
        }
        continuation.onTermination = { [weak self] _ in self?.unsubscribe(id) }
        return (id, stream)
    }

    func unsubscribe(_ id: Int) {
        _ = state.withLock { $0.subscribers.removeValue(forKey: id) }
    }

    var subscriberCount: Int { state.withLock { $0.subscribers.count } }

    /// `completing` adds what the service reads for every console (owners, the unowned
    /// counts) and runs in publish order, after every earlier event was handed out: so a
    /// later event's reads are never older than an earlier event's commit, and the last
    /// event a console gets holds counts as new as every commit it was told of.
    @discardableResult
    func publish(_ change: ChangeSet, completing: (ChangeSet) -> ChangeSet = { $0 }) -> ChangeSet {
        guard !change.isEmpty else { return change }
        return delivery.withLock { _ in
            let change = completing(change)
            // A write's token goes to its writer's own streams only: no other agent sees it
            // (to send it back with a write of their own) or learns who wrote what from it.
            var shared = change
            shared.echoOf = nil
            let writer = change.echoOf.flatMap { echoes in Set(echoes.map(\.by)).count == 1 ? echoes.first?.by : nil }
            let (sequence, subscribers) = state.withLock { state in
                state.sequence += 1
                return (state.sequence, Array(state.subscribers.values))
            }
            func event(_ change: ChangeSet) -> Event {
                let json = (try? WireJSON.encoder().encode(change)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
                return Event(sequence: sequence, frame: "id: \(sequence)\ndata: \(json)\n\n")
            }
            let toAll = event(shared)
            let toWriter = writer.map { _ in event(change) }
            for subscriber in subscribers {
                subscriber.continuation.yield(subscriber.login != nil && subscriber.login == writer ? toWriter ?? toAll : toAll)
            }
            return change
        }
    }

    func publishRaw(_ event: Event) {
        delivery.withLock { _ in
            for subscriber in state.withLock({ Array($0.subscribers.values) }) { subscriber.continuation.yield(event) }
        }
    }

    func finishAll() {
        let all = state.withLock { state -> [AsyncStream<Event>.Continuation] in
            defer { state.subscribers.removeAll() }
            return state.subscribers.values.map(\.continuation)
        }
        for continuation in all { continuation.finish() }
    }
}
