import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SupportAPI
import Synchronization

/// The console's end of `GET /v1/events`: reads Server-Sent Events on AsyncHTTPClient's
/// threads and hands the merged ChangeSet to the console loop at its next `poll`. When the
/// stream breaks it says "disconnected — reconnecting", retries with back-off, and asks for
/// a full refresh once back (events sent meanwhile were missed).
final class EventFeed: ChangeFeed, @unchecked Sendable {
    private struct State {
        var pending: ChangeSet?
        var problem: String?
        var closed = false
        var task: HTTPClient.Task<Void>?
        var wake: (@Sendable () -> Void)?
    }
    private let state = Mutex(State())
    private let client: RemoteClient

    init(client: RemoteClient) {
        self.client = client
        connect(attempt: 0)
    }

    func poll() -> ChangeSet? {
        state.withLock { state in
            defer { state.pending = nil }
            return state.pending
        }
    }

    var connectionProblem: String? { state.withLock { $0.problem } }

    func onArrival(_ wake: @escaping @Sendable () -> Void) {
        state.withLock { $0.wake = wake }
    }

    /// Wakes the console's loop after the state changed (outside the lock).
    private func wakeConsole() {
        state.withLock { $0.wake }?()
    }

    func close() {
        let task = state.withLock { state -> HTTPClient.Task<Void>? in
            state.closed = true
            return state.task
        }
        task?.cancel()
    }

    private func connect(attempt: Int) {
        let socket = client.socketPath
        guard let url = URL(httpURLWithSocketPath: socket, uri: "/v1/events"),
              let request = try? HTTPClient.Request(url: url, method: .GET, headers: headers) else { return }
        let delegate = EventStreamDelegate(feed: self, reconnected: attempt > 0)
        let task = client.http.execute(request: request, delegate: delegate, deadline: nil)
        let stillOpen = state.withLock { state -> Bool in
            state.task = task
            return !state.closed
        }
        if !stillOpen { task.cancel(); return }
        task.futureResult.whenComplete { [weak self] _ in
            // The stream ended: the next try goes to the next instance, if there is one.
            self?.client.failOver(from: socket)
            self?.streamEnded(attempt: attempt)
        }
    }

    private var headers: HTTPHeaders {
        var headers = HTTPHeaders([("Accept", "text/event-stream")])
        if let asLogin = client.asLogin { headers.add(name: "X-Paydesk-As", value: asLogin) }
        return headers
    }

    private func streamEnded(attempt: Int) {
        let closed = state.withLock { state -> Bool in
            if !state.closed { state.problem = "disconnected from the paydesk service — reconnecting" }
            return state.closed
        }
        wakeConsole()
        guard !closed else { return }
        // 0.2 s, 0.4 s, … up to 3 s between tries.
        let delay = min(3.0, 0.2 * pow(2.0, Double(min(attempt, 4))))
        DispatchQueue.global().asyncAfter(deadline: .now() + delay) { [weak self] in self?.connect(attempt: attempt + 1) }
    }

    fileprivate func connected(reconnected: Bool) {
        state.withLock { state in
            state.problem = nil
            if reconnected { merge(&state, ChangeSet(everything: true)) }
        }
        wakeConsole()
    }

    fileprivate func received(_ change: ChangeSet) {
        state.withLock { merge(&$0, change) }
        wakeConsole()
    }

    private func merge(_ state: inout State, _ change: ChangeSet) {
        if state.pending == nil { state.pending = change } else { state.pending!.formUnion(change) }
    }

    fileprivate func refused(_ message: String) {
        state.withLock { $0.problem = message }
        wakeConsole()
    }
}

/// Splits the byte stream into events (blank-line separated) and decodes each `data:` line.
private final class EventStreamDelegate: HTTPClientResponseDelegate, @unchecked Sendable {
    typealias Response = Void
    private weak var feed: EventFeed?
    private let reconnected: Bool
    private var buffer = Data()
    private var ok = false

    init(feed: EventFeed, reconnected: Bool) {
        self.feed = feed
        self.reconnected = reconnected
    }

    func didReceiveHead(task: HTTPClient.Task<Void>, _ head: HTTPResponseHead) -> EventLoopFuture<Void> {
        ok = head.status == .ok
        if ok { feed?.connected(reconnected: reconnected) }
        return task.eventLoop.makeSucceededVoidFuture()
    }

    func didReceiveBodyPart(task: HTTPClient.Task<Void>, _ part: ByteBuffer) -> EventLoopFuture<Void> {
        buffer.append(contentsOf: part.readableBytesView)
        if !ok {
            if let problem = try? WireJSON.decoder().decode(APIProblem.self, from: buffer) { feed?.refused(problem.detail) }
            return task.eventLoop.makeSucceededVoidFuture()
        }
        let separator = Data("\n\n".utf8)
        while let range = buffer.range(of: separator) {
            let event = buffer.subdata(in: buffer.startIndex..<range.lowerBound)
            buffer.removeSubrange(buffer.startIndex..<range.upperBound)
            for line in String(decoding: event, as: UTF8.self).split(separator: "\n") where line.hasPrefix("data: ") {
                if let change = try? WireJSON.decoder().decode(ChangeSet.self, from: Data(line.dropFirst(6).utf8)) {
                    RequestTrace.shared?.event(line.utf8.count - 6)
                    feed?.received(change)
                }
            }
        }
        return task.eventLoop.makeSucceededVoidFuture()
    }

    func didFinishRequest(task: HTTPClient.Task<Void>) throws {}
}
